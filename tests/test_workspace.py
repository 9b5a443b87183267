"""Workspace resolution and the versioned SQLite store."""

from __future__ import annotations

import sqlite3

import pytest

from peaceops import workspace
from peaceops.errors import WorkspaceError
from peaceops.settings import resolve_workspace


def test_resolution_order(tmp_path, monkeypatch):
    default = resolve_workspace()
    assert str(default).startswith(str(tmp_path / "home"))  # per-user directory, under the isolated HOME
    monkeypatch.setenv("PEACEOPS_WORKSPACE", str(tmp_path / "from-env"))
    assert resolve_workspace() == tmp_path / "from-env"
    assert resolve_workspace(tmp_path / "explicit") == tmp_path / "explicit"


def test_cli_uses_env_workspace(tmp_path, monkeypatch, mini_data):
    from typer.testing import CliRunner

    from peaceops.cli.main import app

    monkeypatch.setenv("PEACEOPS_WORKSPACE", str(tmp_path / "env-ws"))
    result = CliRunner().invoke(app, ["--data", str(mini_data), "demo", "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "env-ws" / "peaceops.sqlite").exists()


def test_migrations_run_once_in_wal(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    assert ws.schema_version() == max(v for v, _, _ in workspace.MIGRATIONS)
    assert workspace.migrate(ws) == []  # nothing left to apply
    with ws.connect() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_job_log_survives_reopen(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    ws.log_job("demo", {"operations": 3})
    again = workspace.open_workspace(tmp_path / "ws")
    with again.connect() as conn:
        assert conn.execute("SELECT job FROM job_log").fetchall()[0][0] == "demo"


def test_newer_schema_is_refused_and_kept(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    with ws.connect() as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', 'x')")
    with pytest.raises(WorkspaceError, match="newer than this peaceops knows"):
        workspace.open_workspace(tmp_path / "ws")
    with sqlite3.connect(ws.db_path) as conn:  # nothing was dropped
        assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(workspace.MIGRATIONS) + 1


def test_not_a_database_is_refused_without_damage(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / workspace.DB_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(WorkspaceError, match="not a usable peaceops database"):
        workspace.open_workspace(root)
    assert (root / workspace.DB_NAME).read_bytes() == b"this is not sqlite" * 100


def test_audit_log_is_append_only(tmp_path):
    from peaceops import audit

    ws = workspace.open_workspace(tmp_path / "ws")
    with ws.connect() as conn:
        audit.record(conn, actor="ana", action="user.add", target="user:ana", after={"role": "admin"})
    with ws.connect() as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor = 'mallory'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
    [entry] = audit.entries(ws)
    assert entry["actor"] == "ana" and entry["after"] == {"role": "admin"} and entry["before"] is None
