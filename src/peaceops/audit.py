"""The workspace's append-only audit log: who changed what, when, before and after.

Rows can only be inserted: triggers in the schema abort any UPDATE or DELETE.
Write the audit row in the same transaction as the change it records.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from peaceops.workspace import audit_log, reader

if TYPE_CHECKING:
    import sqlite3


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def record(conn: sqlite3.Connection, *, actor: str, action: str, target: str, before=None, after=None) -> None:
    """Append one entry; call inside the transaction that makes the change."""
    audit_log.append(conn, at=now(), actor=actor, action=action, target=target, before=before, after=after)


def entries(ws, *, limit: int = 200, target: str | None = None) -> list[dict]:
    """Newest first."""
    with reader(ws) as conn:
        return audit_log.entries(conn, limit=limit, target=target)
