"""A user's workspace: a directory holding the SQLite store and Parquet files.

The SQLite file runs in WAL mode so several processes (CLI, web server) can
read while one writes. The schema is versioned: ``MIGRATIONS`` is an ordered
list and each migration runs once, in its own transaction, recorded in
``schema_migrations``. Later capabilities append migrations; never edit one
that has shipped.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from peaceops.errors import WorkspaceError
from peaceops.settings import resolve_workspace

DB_NAME = "peaceops.sqlite"

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "workspace metadata and a log of jobs run", """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE job_log (
            id INTEGER PRIMARY KEY,
            job TEXT NOT NULL,
            started_at TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}'
        );
    """),
]


@dataclass
class Workspace:
    """An opened workspace directory."""

    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def events_dir(self) -> Path:
        return self.root / "events"

    def connect(self) -> sqlite3.Connection:
        """A connection with WAL, foreign keys and a busy timeout (no 'database is locked' on brief contention)."""
        conn = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def schema_version(self) -> int:
        with self.connect() as conn:
            row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
            return row[0] or 0

    def log_job(self, job: str, details: dict) -> None:
        with self.connect() as conn:
            conn.execute(
                "INSERT INTO job_log (job, started_at, details) VALUES (?, ?, ?)",
                (job, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), json.dumps(details, sort_keys=True)),
            )


def open_workspace(path: str | Path | None = None) -> Workspace:
    """Create (if needed) and migrate the workspace at ``path`` (see :mod:`peaceops.settings`)."""
    root = resolve_workspace(path)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(f"cannot create workspace directory {root}: {exc.strerror}; choose another with --workspace") from exc
    ws = Workspace(root)
    try:
        migrate(ws)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(f"{ws.db_path} is not a usable peaceops database ({exc}); move it away or choose another --workspace") from exc
    return ws


def migrate(ws: Workspace) -> list[int]:
    """Apply pending migrations in order; returns the versions applied."""
    conn = ws.connect()
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        known = max((v for v, _, _ in MIGRATIONS), default=0)
        if done and max(done) > known:
            raise WorkspaceError(
                f"workspace {ws.root} has schema version {max(done)}, newer than this peaceops knows ({known}); upgrade peaceops"
            )
        applied = []
        for version, description, sql in MIGRATIONS:
            if version in done:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in filter(str.strip, sql.split(";")):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (version, description, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            applied.append(version)
        return applied
    finally:
        conn.close()
