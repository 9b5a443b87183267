"""Sessions live in the workspace: every app process and every restart agrees on who is logged in (issue 19, defect
1)."""

from __future__ import annotations

from web_support import ADMIN, EDITOR, SEED, csrf_of, login


def _copy_session(source, target) -> str:
    value = source.cookies.get("peaceops_session")
    target.cookies.set("peaceops_session", value)
    return value


def test_logout_on_one_server_is_honoured_by_another_and_after_a_restart(make_app, web_data, accounts, new_client):
    first, second = make_app(web_data), make_app(web_data)  # two processes, or one before and one after a restart
    editor = new_client(first)
    assert login(editor, *EDITOR).status_code == 303
    token = csrf_of(editor)
    assert (
        editor.post("/ingest", data={"csrf_token": token, "text": SEED.read_text(encoding="utf-8")}).status_code == 200
    )
    candidate = editor.get("/review.json").json()["candidates"][0]["id"]
    replay = new_client(second)
    copied = _copy_session(editor, replay)
    assert replay.get("/session.json").json()["user"]["name"] == EDITOR[0]  # the same session is valid on both

    assert editor.post("/logout", data={"csrf_token": token}).status_code == 303
    assert replay.get("/session.json").json()["user"] is None
    restarted = new_client(make_app(web_data))
    restarted.cookies.set("peaceops_session", copied)
    refused = restarted.post(
        f"/review/{candidate}/reject",
        data={"csrf_token": token, "reason": "replayed"},
        headers={"accept": "application/json"},
    )
    assert refused.status_code in (401, 403), refused.text
    still = new_client(first)
    login(still, *ADMIN)
    assert candidate in {c["id"] for c in still.get("/review.json").json()["candidates"]}  # still pending


def test_disable_then_enable_does_not_bring_an_old_session_back(
    make_app, web_data, accounts, new_client, workspace_dir
):
    from peaceops import users
    from peaceops.workspace import open_workspace

    ws = open_workspace(workspace_dir)
    editor = new_client(make_app(web_data))
    login(editor, *EDITOR)
    copied = editor.cookies.get("peaceops_session")
    users.disable(ws, EDITOR[0], actor="test")
    users.enable(ws, EDITOR[0], actor="test")
    assert editor.get("/session.json").json()["user"] is None
    again = new_client(make_app(web_data))
    again.cookies.set("peaceops_session", copied)
    assert again.get("/session.json").json()["user"] is None


def test_a_role_change_ends_every_session_of_that_user_only(app, accounts, new_client, admin_client):
    phone, laptop = new_client(app), new_client(app)
    login(phone, *EDITOR)
    login(laptop, *EDITOR)
    token = csrf_of(admin_client)
    assert (
        admin_client.post(f"/admin/users/{EDITOR[0]}/role", data={"csrf_token": token, "role": "admin"}).status_code
        == 303
    )
    assert phone.get("/session.json").json()["user"] is None
    assert laptop.get("/session.json").json()["user"] is None
    assert admin_client.get("/session.json").json()["user"]["name"] == ADMIN[0]
    fresh = new_client(app)
    login(fresh, *EDITOR)
    assert fresh.get("/admin.json").status_code == 200  # logging in again gives the new role


def test_sessions_are_stored_hashed_and_expired_ones_refused(app, accounts, new_client, workspace_dir):
    import sqlite3

    client = new_client(app)
    login(client, *EDITOR)
    with sqlite3.connect(workspace_dir / "peaceops.sqlite") as conn:
        rows = conn.execute("SELECT id, user_name FROM sessions").fetchall()
        assert [r[1] for r in rows] == [EDITOR[0]]
        conn.execute("UPDATE sessions SET expires_at = 0")
    assert len(rows[0][0]) == 64  # a SHA-256, not the id the cookie carries
    assert client.get("/session.json").json()["user"] is None


def test_login_failures_count_across_server_processes_and_restarts(make_app, web_data, accounts, new_client):
    first = new_client(make_app(web_data))
    for _ in range(3):
        assert login(first, EDITOR[0], "wrong password here").status_code == 401
    second = new_client(make_app(web_data))
    for _ in range(2):
        assert login(second, EDITOR[0].upper(), "wrong password here").status_code == 401  # one account, any case
    restarted = new_client(make_app(web_data))
    assert login(restarted, *EDITOR).status_code == 429
    assert login(restarted, *ADMIN).status_code == 303
