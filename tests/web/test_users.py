"""Accounts: Argon2 hashes, roles, disabling, the audit trail; and the `peaceops user` commands."""

from __future__ import annotations

import json
import sqlite3

import pytest
import typer
from typer.testing import CliRunner

from peaceops import audit, users
from peaceops.workspace import open_workspace


@pytest.fixture
def ws(workspace_dir):
    return open_workspace(workspace_dir)


def test_add_and_verify_with_an_argon2_hash(ws):
    user = users.add_user(ws, "amina", "a long passphrase", role="editor", actor="cli:test")
    assert (user.name, user.role, user.disabled) == ("amina", "editor", False)
    from peaceops.workspace import users as users_table

    with ws.reader() as conn:
        stored = users_table.stored_hash(conn, "amina")
    assert stored.startswith("$argon2id$") and "a long passphrase" not in stored
    assert users.verify(ws, "amina", "a long passphrase") == user
    assert users.verify(ws, "amina", "a long passphrasE") is None
    assert users.verify(ws, "nobody", "a long passphrase") is None


def test_add_refuses_bad_names_roles_passwords_and_duplicates(ws):
    users.add_user(ws, "amina", "a long passphrase", actor="t")
    with pytest.raises(users.AccountError, match="already exists"):
        users.add_user(ws, "amina", "another passphrase", actor="t")
    with pytest.raises(users.AccountError, match="too short"):
        users.add_user(ws, "carla", "short", actor="t")
    with pytest.raises(users.AccountError, match="role must be one of"):
        users.add_user(ws, "carla", "a long passphrase", role="root", actor="t")
    with pytest.raises(users.AccountError, match="not allowed"):
        users.add_user(ws, "<script>", "a long passphrase", actor="t")
    assert [u.name for u in users.list_users(ws)] == ["amina"]


def test_every_change_is_audited_with_before_and_after_never_the_hash(ws):
    users.add_user(ws, "boris", "admin passphrase", role="admin", actor="cli:root")
    users.add_user(ws, "amina", "a long passphrase", actor="boris")
    users.set_role(ws, "amina", "admin", actor="boris")
    users.disable(ws, "amina", actor="boris")
    users.enable(ws, "amina", actor="boris")
    users.set_password(ws, "amina", "a new long passphrase", actor="amina")
    entries = audit.entries(ws)
    assert [(e["actor"], e["action"], e["target"]) for e in reversed(entries)] == [
        ("cli:root", "user.add", "user:boris"),
        ("boris", "user.add", "user:amina"),
        ("boris", "user.set-role", "user:amina"),
        ("boris", "user.disable", "user:amina"),
        ("boris", "user.enable", "user:amina"),
        ("amina", "user.set-password", "user:amina"),
    ]
    role_change = entries[3]
    assert role_change["before"]["role"] == "editor" and role_change["after"]["role"] == "admin"
    assert "argon2" not in json.dumps(entries)
    assert users.verify(ws, "amina", "a new long passphrase") is not None


def test_disabled_account_cannot_log_in(ws):
    users.add_user(ws, "boris", "admin passphrase", role="admin", actor="t")
    users.add_user(ws, "amina", "a long passphrase", actor="t")
    users.disable(ws, "amina", actor="boris")
    assert users.verify(ws, "amina", "a long passphrase") is None


def test_the_last_admin_stays(ws):
    users.add_user(ws, "boris", "admin passphrase", role="admin", actor="t")
    with pytest.raises(users.AccountError, match="last enabled admin"):
        users.set_role(ws, "boris", "editor", actor="boris")
    with pytest.raises(users.AccountError, match="last enabled admin"):
        users.disable(ws, "boris", actor="boris")
    users.add_user(ws, "carla", "admin passphrase 2", role="admin", actor="boris")
    assert users.set_role(ws, "boris", "editor", actor="carla").role == "editor"


def test_unknown_user_is_a_not_found_error(ws):
    from peaceops.errors import NotFoundError

    with pytest.raises(NotFoundError, match="no user named 'ghost'"):
        users.disable(ws, "ghost", actor="t")


def test_audit_log_cannot_be_rewritten(ws):
    users.add_user(ws, "amina", "a long passphrase", actor="t")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), ws.transaction() as conn:
        conn.execute("UPDATE audit_log SET actor = 'someone else'")


# -- the CLI -----------------------------------------------------------------


@pytest.fixture
def run(workspace_dir):
    """`peaceops user ...` through the real main callback (the lead registers `user` in main.py)."""
    from peaceops.cli.main import main_options
    from peaceops.cli.web import serve, user_app

    app = typer.Typer()
    app.callback()(main_options)
    app.add_typer(user_app, name="user")
    app.command("serve")(serve)
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(app, ["--workspace", str(workspace_dir), *args], input=input, catch_exceptions=False)

    return invoke


def test_cli_add_list_set_role_disable(run, workspace_dir):
    result = run("user", "add", "boris", "--role", "admin", "--password-stdin", input="admin passphrase\n")
    assert result.exit_code == 0, result.output
    assert "added boris (admin)" in result.output
    assert run("user", "add", "amina", "--password-stdin", input="a long passphrase\n").exit_code == 0
    listed = json.loads(run("user", "list", "--json").stdout)
    assert [(u["name"], u["role"], u["disabled"]) for u in listed] == [
        ("amina", "editor", False),
        ("boris", "admin", False),
    ]
    assert json.loads(run("user", "set-role", "amina", "admin", "--json").stdout)["role"] == "admin"
    assert json.loads(run("user", "disable", "amina", "--json").stdout)["disabled"] is True
    ws = open_workspace(workspace_dir)
    assert users.verify(ws, "boris", "admin passphrase").role == "admin"
    actors = {e["actor"] for e in audit.entries(ws)}
    assert len(actors) == 1 and next(iter(actors)).startswith("cli")


def test_cli_password_prompt_asks_twice(run, workspace_dir):
    result = run("user", "add", "amina", input="a long passphrase\na long passphrase\n")
    assert result.exit_code == 0, result.output
    assert users.verify(open_workspace(workspace_dir), "amina", "a long passphrase") is not None


def test_cli_errors_are_one_line_and_non_zero(run):
    result = run("user", "add", "amina", "--password-stdin", input="short\n")
    assert result.exit_code == 1
    assert "password too short" in result.stderr
    assert run("user", "disable", "ghost").exit_code == 1


def test_serve_help_lists_its_options(run):
    result = run("serve", "--help")
    assert result.exit_code == 0
    for option in ("--host", "--port", "--secure-cookies", "--forwarded-allow-ips"):
        assert option in result.stdout


def test_serve_refuses_a_trusted_proxy_that_is_not_an_address(run):
    result = run("serve", "--forwarded-allow-ips", "10.0.0.5,proxy.example")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "peaceops: error: --forwarded-allow-ips: 'proxy.example' is not an IP address or network; "
        "name each trusted proxy, e.g. --forwarded-allow-ips 10.0.0.5,10.0.1.0/24"
    ]


def test_names_are_case_insensitive(ws):
    users.add_user(ws, "Alice", "a long passphrase", actor="t")
    with pytest.raises(users.DuplicateUserError):
        users.add_user(ws, "alice", "another passphrase", actor="t")
    assert users.verify(ws, "ALICE", "a long passphrase").name == "Alice"  # the stored spelling is kept
    assert users.get_user(ws, "alice").name == "Alice"
    assert users.disable(ws, "aLiCe", actor="t").disabled


def test_migration_renames_accounts_that_differ_only_in_case(tmp_path, monkeypatch):
    import sqlite3
    from contextlib import closing

    from peaceops import audit, workspace
    from peaceops.workspace import migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])  # a workspace from before migration 4
    old = workspace.open_workspace(tmp_path / "old")
    with closing(sqlite3.connect(old.db_path)) as conn, conn:
        conn.executemany(
            "INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, 'h', 0, ?)",
            [
                ("Alice", "admin", "2024-01-01T00:00:00+00:00"),
                ("alice", "editor", "2025-01-01T00:00:00+00:00"),
                ("bob", "editor", "2025-01-01T00:00:00+00:00"),
            ],
        )
    monkeypatch.undo()
    ws = workspace.open_workspace(old.root)
    names = [u.name for u in users.list_users(ws)]
    assert len(names) == 3 and "Alice" in names and "bob" in names
    renamed = next(n for n in names if n not in ("Alice", "bob"))
    assert renamed.startswith("alice.") and users.get_user(ws, renamed).role == "editor"
    entry = audit.entries(ws, target=f"user:{renamed}")[0]
    assert (entry["action"], entry["before"], entry["after"]) == ("user.rename", {"name": "alice"}, {"name": renamed})
    with pytest.raises(users.DuplicateUserError):
        users.add_user(ws, "ALICE", "a long passphrase", actor="t")
