"""A user's workspace: a directory holding the SQLite store and Parquet files.

The SQLite file runs in WAL mode so several processes (CLI, web server) can
read while one writes. This package is the only code that speaks SQL to it:

- :mod:`.connection`: :func:`transaction` (BEGIN IMMEDIATE, commit or roll
  back, always close) and :func:`reader` (read-only, always closed);
- :mod:`.migrations`: the versioned schema (``MIGRATIONS``; append, never edit
  one that has shipped);
- one module per table: :mod:`.documents`, :mod:`.mentions`,
  :mod:`.candidates`, :mod:`.evidence` (reviewed), :mod:`.quarantine`,
  :mod:`.users`, :mod:`.audit_log`, :mod:`.meta` (``meta`` and ``job_log``);
- :mod:`.files`: whole-database operations for backup and restore (online
  snapshot, integrity check, "does it hold data").

Table functions take an open connection, so that a change and its audit entry
share one transaction; domain modules (review, users, ingest, backup) hold the
rules and call them.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peaceops.errors import WorkspaceError
from peaceops.settings import resolve_workspace
from peaceops.workspace import meta
from peaceops.workspace.connection import ReadWhenChanged, connect, reader, transaction, writer
from peaceops.workspace.migrations import MIGRATIONS, migrate, schema_version

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "DB_NAME",
    "MIGRATIONS",
    "ReadWhenChanged",
    "Workspace",
    "migrate",
    "open_workspace",
    "reader",
    "transaction",
    "writer",
]

DB_NAME = "peaceops.sqlite"


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
        """A raw connection the caller must close; prefer :meth:`transaction` and :meth:`reader`, which close theirs."""
        return connect(self.db_path)

    def transaction(self):
        """``with ws.transaction() as conn:`` — see :func:`peaceops.workspace.connection.transaction`."""
        return transaction(self)

    def reader(self):
        """``with ws.reader() as conn:`` — see :func:`peaceops.workspace.connection.reader`."""
        return reader(self)

    def writer(self):
        """``with ws.writer() as conn:`` one connection for a batch of ``transaction(ws, conn)``; always closed."""
        return writer(self)

    def schema_version(self) -> int:
        with reader(self) as conn:
            return schema_version(conn)

    def log_job(self, job: str, details: dict) -> None:
        with transaction(self) as conn:
            meta.log_job(conn, job, details)


def open_workspace(path: str | Path | None = None) -> Workspace:
    """Create (if needed) and migrate the workspace at ``path`` (see :mod:`peaceops.settings`)."""
    root = resolve_workspace(path)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create workspace directory {root}: {exc.strerror}; choose another with --workspace"
        ) from exc
    ws = Workspace(root)
    _make_private(ws.db_path)
    try:
        migrate(ws)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceError(
            f"{ws.db_path} is not a usable peaceops database ({exc}); move it away or choose another --workspace"
        ) from exc
    return ws


def _make_private(db: Path) -> None:
    """Create the database file 0600 (it holds password hashes); an existing one loses any world access.

    SQLite gives its -wal and -shm files the database file's mode. Group
    access on an existing file is left alone: an operator may share the
    workspace with the web server's group on purpose.
    """
    try:
        if not db.exists():
            os.close(os.open(db, os.O_CREAT | os.O_WRONLY, 0o600))
        mode = db.stat().st_mode & 0o777
        if mode & 0o007:
            os.chmod(db, mode & ~0o007)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot create or protect {db}: {exc.strerror}; check the directory's owner and permissions"
        ) from exc
