"""Connections to the workspace database: the one place that opens, begins, commits and closes.

Use :func:`transaction` for every change and :func:`reader` for every read::

    with transaction(ws) as conn:      # BEGIN IMMEDIATE; COMMIT on success, ROLLBACK on error; always closed
        candidates.set_status(conn, ...)
        audit_log.append(conn, ...)
    with reader(ws) as conn:           # refuses writes (PRAGMA query_only); always closed
        rows = candidates.select(conn, ...)

``with sqlite3.connect(...) as conn`` must not be used: sqlite3's context
manager commits or rolls back but never closes the connection.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from peaceops.workspace import Workspace

BUSY_TIMEOUT_SECONDS = 30


class ClosingConnection(sqlite3.Connection):
    """A connection that ``with`` also closes (sqlite3's own only commits or rolls back and leaves it open).

    A safety net for code that still writes ``with ws.connect() as conn:``;
    new code uses :func:`transaction` or :func:`reader`.
    """

    def __exit__(self, *exc_info):
        try:
            return super().__exit__(*exc_info)
        finally:
            self.close()


def connect(db_path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode with foreign keys and a busy timeout (no 'database is locked' on brief
    contention).

    The caller owns it and must close it; prefer :func:`transaction` or :func:`reader`, which do.
    """
    conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, factory=ClosingConnection)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        # WAL with synchronous=NORMAL: a crash or kill never corrupts the database or half-writes a
        # transaction; only a power loss may undo the last commits. One fsync per checkpoint, not per commit.
        conn.execute("PRAGMA synchronous = NORMAL")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on a connection the caller keeps open: BEGIN IMMEDIATE, then COMMIT or ROLLBACK.

    BEGIN IMMEDIATE takes the write lock at once, so two writers queue on the
    busy timeout instead of failing half-way when a read turns into a write.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite may already have rolled back (e.g. on a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def transaction(ws: Workspace, conn: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
    """A write transaction on the workspace: commits on success, rolls back on any exception.

    Without ``conn`` it opens a connection and always closes it. Pass ``conn``
    (from :meth:`Workspace.writer`) to run many transactions on one connection,
    as a batch ingest does; that connection is closed by whoever opened it.
    """
    own = conn is None
    if own:
        conn = connect(ws.db_path)
    try:
        with immediate(conn):
            yield conn
    finally:
        if own:
            conn.close()


@contextmanager
def reader(ws: Workspace) -> Iterator[sqlite3.Connection]:
    """A read-only connection (writes fail with 'attempt to write a readonly database'); always closed.

    In WAL mode a reader sees the last committed state and never blocks a writer.
    """
    conn = connect(ws.db_path, read_only=True)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def writer(ws: Workspace) -> Iterator[sqlite3.Connection]:
    """A connection held open for a batch of :func:`transaction` calls (``transaction(ws, conn)``); always closed."""
    conn = connect(ws.db_path)
    try:
        yield conn
    finally:
        conn.close()


class ReadWhenChanged:
    """``read(conn)`` run again only when the database changed: a per-thread read-only connection asks SQLite's
    ``PRAGMA data_version``, which changes whenever any other connection (another thread, the CLI, the watch's
    poller) has committed since the last time this connection asked.

    For a value read on every web request (which reviewed evidence the workspace holds): the pragma costs
    microseconds where opening a connection and querying costs half a millisecond. Between its statements the
    connection holds no transaction, so it never keeps a writer or a checkpoint waiting. A database file replaced
    under it (``peaceops restore --force``) is a different file: the connection is opened again.
    """

    def __init__(self, ws: Workspace, read):
        self._db_path = ws.db_path
        self._read = read
        self._local = threading.local()

    def __call__(self):
        stat = os.stat(self._db_path)
        identity = (stat.st_dev, stat.st_ino)
        state = getattr(self._local, "state", None)
        if state is None or state["file"] != identity:
            if state is not None:
                state["conn"].close()
            state = self._local.state = {
                "file": identity,
                "conn": connect(self._db_path, read_only=True),
                "version": None,
                "value": None,
            }
        version = state["conn"].execute("PRAGMA data_version").fetchone()[0]
        if version != state["version"]:
            state["value"] = self._read(state["conn"])
            state["version"] = version
        return state["value"]
