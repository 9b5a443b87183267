"""Whole-database operations used by backup and restore: snapshot, integrity check, "holds data"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peaceops.workspace.connection import connect

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
    """Whether any table other than the schema bookkeeping has a row."""
    conn = connect(db_path, read_only=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return any(conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
                   for table in tables if table not in _EMPTY_WHEN_NEW)
    finally:
        conn.close()
