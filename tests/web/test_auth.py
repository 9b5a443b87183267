"""Accounts in the browser: login, signed HttpOnly session cookies, CSRF on every POST, roles, rate limits, headers."""

from __future__ import annotations

import re

import pytest
from web_support import ADMIN, EDITOR, INLINE_SCRIPT, assert_error_shape, csrf_of, login

JSON = {"accept": "application/json"}


def test_login_sets_a_signed_httponly_samesite_cookie(client, accounts):
    response = login(client, *EDITOR)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("peaceops_session=")
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert client.get("/session.json").json()["user"]["name"] == EDITOR[0]


def test_login_rotates_the_form_token(client, accounts):
    before = csrf_of(client)
    login(client, *EDITOR)
    after = csrf_of(client)
    assert before != after


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, accounts):
    response = login(client, EDITOR[0], "not the password")
    assert response.status_code == 401
    assert "wrong name or password" in response.text
    assert client.get("/session.json").json()["user"] is None
    assert login(client, "nobody", "not the password").status_code == 401


def test_tampered_cookie_is_not_a_session(app, accounts, new_client):
    client = new_client(app)
    login(client, *EDITOR)
    value = client.cookies.get("peaceops_session")
    client.cookies.clear()
    payload, _, signature = value.rpartition(".")
    client.cookies.set("peaceops_session", payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:])
    assert client.get("/session.json").json()["user"] is None


def test_session_from_another_secret_is_ignored(make_app, web_data, accounts, new_client):
    from peaceops.web import create_app

    first = new_client(make_app(web_data))
    login(first, *EDITOR)
    other = create_app(first.app.state.web.workspace.root, web_data, "a different secret key of enough length")
    second = new_client(other)
    second.cookies.set("peaceops_session", first.cookies.get("peaceops_session"))
    assert second.get("/session.json").json()["user"] is None


def test_logout_ends_the_session(editor_client):
    response = editor_client.post("/logout", data={"csrf_token": csrf_of(editor_client)})
    assert response.status_code == 303
    assert editor_client.get("/session.json").json()["user"] is None


def test_a_copied_cookie_is_refused_after_logout(app, accounts, new_client):
    client = new_client(app)
    login(client, *EDITOR)
    copied = client.cookies.get("peaceops_session")
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    replay = new_client(app)
    replay.cookies.set("peaceops_session", copied)
    assert replay.get("/session.json").json()["user"] is None


def test_next_only_goes_to_local_pages(client, accounts):
    token = csrf_of(client)
    for target, expected in [
        ("/review", "/review"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("javascript:alert(1)", "/"),
    ]:
        client.cookies.clear()
        token = csrf_of(client)
        response = client.post(
            "/login", data={"name": EDITOR[0], "password": EDITOR[1], "csrf_token": token, "next": target}
        )
        assert response.headers["location"] == expected


def _post_routes(app):
    """Every POST route of every router the app includes (in the OpenAPI document or not)."""
    from peaceops.web.routes import ROUTERS

    for router in ROUTERS:
        for route in router.routes:
            if "POST" in getattr(route, "methods", set()):
                yield re.sub(r"\{[^}]+\}", "x", route.path)


def test_every_post_route_refuses_a_missing_or_wrong_token(app, editor_client):
    paths = sorted(set(_post_routes(app)))
    assert {
        "/login",
        "/logout",
        "/ingest",
        "/review/x/accept",
        "/review/x/reject",
        "/review/x/edit",
        "/admin/users",
        "/admin/users/x/role",
        "/admin/users/x/disable",
        "/admin/users/x/enable",
    } <= set(paths)
    for path in paths:
        missing = editor_client.post(path, data={"name": "x"}, headers=JSON)
        assert "security token" in assert_error_shape(missing, 403)["message"], path
        wrong = editor_client.post(path, data={"csrf_token": "forged"}, headers=JSON)
        assert_error_shape(wrong, 403)
        header_wrong = editor_client.post(path, headers={**JSON, "x-csrf-token": "forged"})
        assert_error_shape(header_wrong, 403)
    # the session is still logged in: the refusals changed nothing
    assert editor_client.get("/session.json").json()["user"]["name"] == EDITOR[0]


def test_token_in_a_header_works_for_api_clients(editor_client):
    token = csrf_of(editor_client)
    response = editor_client.post(
        "/ingest",
        data={"text": "Nothing about any operation at all, only weather."},
        headers={**JSON, "x-csrf-token": token},
    )
    assert response.status_code == 200
    assert response.json()["documents"][0]["status"] in ("ingested", "failed")


def test_token_of_one_session_is_refused_in_another(app, accounts, new_client):
    alice, mallory = new_client(app), new_client(app)
    login(alice, *EDITOR)
    stolen = csrf_of(mallory)
    response = alice.post("/ingest", data={"text": "KFOR", "csrf_token": stolen}, headers=JSON)
    assert_error_shape(response, 403)


def test_reading_is_open_and_acting_needs_an_account(client, accounts):
    for path in ("/", "/operations", "/evidence", "/review", "/compare", "/review.json"):
        assert client.get(path).status_code == 200, path
    token = csrf_of(client)
    for path in ("/ingest", "/review/x/accept", "/review/x/reject", "/review/x/edit", "/admin/users/x/disable"):
        response = client.post(
            path,
            data={
                "csrf_token": token,
                "indicator": "legal-basis",
                "stance": "supports",
                "reliability": "B",
                "credibility": 2,
                "name": "x",
                "password": "y" * 12,
            },
            headers=JSON,
        )
        assert_error_shape(response, 401)


def test_editor_cannot_manage_accounts_admin_can(editor_client, admin_client):
    assert_error_shape(editor_client.get("/admin.json"), 403)
    token = csrf_of(admin_client)
    response = admin_client.post(
        "/admin/users", data={"csrf_token": token, "name": "carla", "password": "carla's passphrase", "role": "editor"}
    )
    assert response.status_code == 303
    assert "Added carla" in admin_client.get("/admin").text
    data = admin_client.get("/admin.json").json()
    assert "carla" in {u["name"] for u in data["users"]}
    entry = data["audit"][0]
    assert (entry["actor"], entry["action"], entry["target"]) == (ADMIN[0], "user.add", "user:carla")
    assert entry["before"] is None and entry["after"]["role"] == "editor"


def test_admin_changes_role_and_disables_with_audit(app, accounts, admin_client, new_client):
    editor = new_client(app)
    login(editor, *EDITOR)
    token = csrf_of(admin_client)
    assert admin_client.post("/admin/users/amina/role", data={"csrf_token": token, "role": "admin"}).status_code == 303
    assert editor.get("/admin.json").status_code == 401  # a role change ends the user's sessions (issue 19)
    login(editor, *EDITOR)
    assert editor.get("/admin.json").status_code == 200  # logged in again with the new role
    assert admin_client.post("/admin/users/amina/disable", data={"csrf_token": token}).status_code == 303
    assert editor.get("/session.json").json()["user"] is None  # a disabled account's session stops at once
    assert login(new_client(app), *EDITOR).status_code == 401
    audit = admin_client.get("/admin.json").json()["audit"]
    assert [e["action"] for e in audit[:2]] == ["user.disable", "user.set-role"]
    assert audit[0]["before"]["disabled"] is False and audit[0]["after"]["disabled"] is True
    assert audit[1]["before"]["role"] == "editor" and audit[1]["after"]["role"] == "admin"
    html = admin_client.get("/admin").text
    assert "user.disable" in html and "user.set-role" in html


def test_login_is_rate_limited_per_account(client, accounts):
    for _ in range(5):
        assert login(client, EDITOR[0], "wrong password here").status_code == 401
    response = login(client, *EDITOR)  # right password, but too many failures
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert login(client, *ADMIN).status_code == 303  # other accounts are not locked out


def test_login_is_rate_limited_per_address(make_app, web_data, accounts, new_client):
    from peaceops.web.ratelimit import FailureWindow, LoginLimiter

    limiter = LoginLimiter(per_user=FailureWindow(100, 60), per_address=FailureWindow(3, 60))
    client = new_client(make_app(web_data, login_limiter=limiter))
    for name in ("a1", "a2", "a3"):
        assert login(client, name, "wrong password here").status_code == 401
    assert login(client, *ADMIN).status_code == 429


def test_failure_window_forgets_after_the_window(workspace_dir):
    from peaceops.web.ratelimit import FailureWindow
    from peaceops.workspace import open_workspace

    now = [1000.0]
    window = FailureWindow(2, 60, clock=lambda: now[0]).bind(open_workspace(workspace_dir), "test")
    window.fail("k")
    now[0] += 10
    window.fail("k")
    assert window.retry_after("k") == 50
    now[0] += 50
    assert window.retry_after("k") == 0
    window.fail("k")
    assert window.retry_after("k") == 10
    window.reset("k")
    assert window.retry_after("k") == 0


PAGES = [
    "/",
    "/operations",
    "/operations/kosovo-kfor-1999",
    "/compare?ops=kosovo-kfor-1999",
    "/evidence",
    "/review",
    "/studies",
    "/login",
]


@pytest.mark.parametrize("path", PAGES)
def test_strict_headers_and_no_inline_script_on_pages(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert not INLINE_SCRIPT.search(response.text)
    assert not re.search(r"\son[a-z]+\s*=", response.text, re.IGNORECASE)
    assert 'src="http' not in response.text  # nothing loaded from elsewhere


def test_json_and_csv_carry_the_headers_too(client):
    for path in ("/operations.json", "/operations.csv"):
        assert "content-security-policy" in client.get(path).headers


def test_templates_never_mark_text_safe():
    from pathlib import Path

    import peaceops.web

    templates = Path(peaceops.web.__file__).parent / "templates"
    for path in templates.glob("*.html"):
        text = path.read_text()
        assert not re.search(r"\|\s*safe\b(?!_)", text), f"{path.name} marks text safe"
        assert "autoescape false" not in text, path
        assert not re.search(r"\bMarkup\(", text), path
