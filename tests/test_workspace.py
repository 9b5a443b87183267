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
    with ws.reader() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_job_log_survives_reopen(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    ws.log_job("demo", {"operations": 3})
    again = workspace.open_workspace(tmp_path / "ws")
    with again.reader() as conn:
        assert [job["job"] for job in workspace.meta.jobs(conn)] == ["demo"]


def test_newer_schema_is_refused_and_kept(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    with ws.transaction() as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', 'x')")
    with pytest.raises(WorkspaceError, match="newer than this peaceops knows"):
        workspace.open_workspace(tmp_path / "ws")
    with ws.reader() as conn:  # nothing was dropped
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
    with ws.transaction() as conn:
        audit.record(conn, actor="ana", action="user.add", target="user:ana", after={"role": "admin"})
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"), ws.transaction() as conn:
            conn.execute(statement)
    [entry] = audit.entries(ws)
    assert entry["actor"] == "ana" and entry["after"] == {"role": "admin"} and entry["before"] is None


# ------------------------------------------------------------------ transaction() and reader()
def _write_lock_free(db_path) -> bool:
    """Whether another process can take the write lock at once (no waiting on a busy timeout)."""
    import subprocess
    import sys

    probe = (
        "import sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
        "try:\n"
        "    conn.execute('BEGIN IMMEDIATE'); conn.execute('ROLLBACK')\n"
        "except sqlite3.OperationalError as exc:\n"
        "    sys.exit(f'locked: {exc}')\n"
    )
    return subprocess.run([sys.executable, "-c", probe, str(db_path)], capture_output=True, timeout=60).returncode == 0


def _is_closed(conn) -> bool:
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_transaction_commits_and_closes(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    with workspace.transaction(ws) as conn:
        workspace.meta.log_job(conn, "committed", {})
        assert conn.in_transaction
        assert not _write_lock_free(ws.db_path)  # BEGIN IMMEDIATE holds the write lock for the whole block
    assert _is_closed(conn)
    assert _write_lock_free(ws.db_path)
    with workspace.reader(ws) as check:
        assert [job["job"] for job in workspace.meta.jobs(check)] == ["committed"]


def test_transaction_rolls_back_on_error_and_closes(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    with pytest.raises(RuntimeError, match="half-way"), workspace.transaction(ws) as conn:
        workspace.meta.log_job(conn, "never", {})
        raise RuntimeError("half-way")
    assert _is_closed(conn)
    assert _write_lock_free(ws.db_path)
    with workspace.reader(ws) as check:
        assert workspace.meta.jobs(check) == []


def test_transaction_on_a_borrowed_connection_leaves_it_open(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    with ws.writer() as conn:
        with workspace.transaction(ws, conn):
            workspace.meta.log_job(conn, "first", {})
        with pytest.raises(ValueError), workspace.transaction(ws, conn):
            workspace.meta.log_job(conn, "undone", {})
            raise ValueError
        assert not _is_closed(conn) and not conn.in_transaction
        assert _write_lock_free(ws.db_path)
    assert _is_closed(conn)
    with ws.reader() as check:
        assert [job["job"] for job in workspace.meta.jobs(check)] == ["first"]


def test_reader_refuses_writes_and_closes(tmp_path):
    ws = workspace.open_workspace(tmp_path / "ws")
    with ws.reader() as conn:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            workspace.meta.log_job(conn, "sneaked in", {})
        assert conn.execute("SELECT COUNT(*) FROM job_log").fetchone()[0] == 0
    assert _is_closed(conn)


def test_with_connect_closes_the_connection(tmp_path):
    """sqlite3's own ``with conn:`` only commits; the workspace's connections also close."""
    ws = workspace.open_workspace(tmp_path / "ws")
    with ws.connect() as conn:
        conn.execute("SELECT 1")
    assert _is_closed(conn)


def test_read_when_changed_reads_again_after_any_commit_and_holds_no_lock(tmp_path):
    """The web's per-request signature: re-read after a commit from another connection (or process), not before."""
    ws = workspace.open_workspace(tmp_path / "ws")
    reads = []

    def count_jobs(conn):
        reads.append(1)
        return len(workspace.meta.jobs(conn))

    jobs = workspace.ReadWhenChanged(ws, count_jobs)
    assert jobs() == 0 and jobs() == 0
    assert len(reads) == 1  # nothing committed in between: the pragma answered, the query did not run again
    ws.log_job("first", {})
    assert jobs() == 1 and len(reads) == 2
    assert _write_lock_free(ws.db_path)  # its connection, kept open, holds no transaction
    with workspace.transaction(ws) as conn:  # a writer is not kept waiting by it
        workspace.meta.log_job(conn, "second", {})
    assert jobs() == 2


def test_read_when_changed_follows_a_replaced_database_file(tmp_path):
    """A workspace restored under a running server is a different file: its value is read from the new one."""
    ws = workspace.open_workspace(tmp_path / "ws")
    jobs = workspace.ReadWhenChanged(ws, lambda conn: len(workspace.meta.jobs(conn)))
    assert jobs() == 0
    other = workspace.open_workspace(tmp_path / "other")
    other.log_job("restored", {})
    other.log_job("restored again", {})
    for suffix in ("-wal", "-shm"):
        ws.db_path.with_name(ws.db_path.name + suffix).unlink(missing_ok=True)
    with workspace.reader(other) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (tmp_path / "ws" / ws.db_path.name).unlink()
    other.db_path.rename(ws.db_path)
    assert jobs() == 2
