"""Whole-database operations used by backup and restore: snapshot, integrity check, "holds data"."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peaceops.workspace.connection import connect
from peaceops.workspace.migrations import MIGRATIONS, _statements

if TYPE_CHECKING:
    from pathlib import Path

_EMPTY_WHEN_NEW = ("schema_migrations", "meta")  # filled by migrations alone: not the user's data


def snapshot(db_path: Path, target: Path) -> None:
    """Copy the database to ``target`` with SQLite's online-backup API: consistent even while another process writes."""
    source = sqlite3.connect(db_path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def integrity(db_path: Path) -> str:
    """SQLite's ``PRAGMA integrity_check`` result: "ok", or the first problem found."""
    conn = connect(db_path, read_only=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def holds_data(db_path: Path) -> bool:
    """Whether any table other than the schema bookkeeping has a row; an unreadable file counts as data.

    (So that only ``--force`` replaces a workspace whose database cannot be read.)
    """
    try:
        conn = connect(db_path, read_only=True)
    except sqlite3.DatabaseError:
        return True
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        return any(
            conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
            for table in tables
            if table not in _EMPTY_WHEN_NEW
        )
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


@dataclass(frozen=True)
class Inspection:
    """What a restore checks of a database before it replaces anything."""

    integrity: str  # "ok", or the first problem PRAGMA integrity_check found
    versions: set[int] | None  # migrations recorded; None when there is no schema_migrations table
    shape: dict  # schema_shape() of the database


def schema_shape(conn: sqlite3.Connection) -> dict:
    """Tables with their columns, and the names of indexes and triggers: what the schema check compares."""
    shape = {}
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"):
        if kind == "table":
            shape[(kind, name)] = [
                (c[1], c[2].upper(), c[3], c[5]) for c in conn.execute(f'PRAGMA table_info("{name}")')
            ]
        else:
            shape[(kind, name)] = None
    return shape


def inspect(db_path: Path) -> Inspection:
    """Integrity, recorded schema versions and schema shape of the database at ``db_path``, opened read-only.

    Raises :class:`sqlite3.DatabaseError` when the file is not a SQLite database.
    """
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            return Inspection(status, None, {})
        try:
            versions = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
        except sqlite3.OperationalError:
            versions = None
        return Inspection(status, versions, schema_shape(conn))
    finally:
        conn.close()


def reference_schema(version: int) -> dict:
    """The schema a workspace has at ``version``: every migration up to it, run on an empty database."""

    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT "
            "NOT NULL)"
        )
        for number, _, sql in MIGRATIONS:
            if number <= version:
                for statement in _statements(sql):
                    conn.execute(statement)
        return schema_shape(conn)
    finally:
        conn.close()
