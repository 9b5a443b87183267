"""The workspace's append-only audit log: who changed what, when, before and after.

Rows can only be inserted: triggers in the schema abort any UPDATE or DELETE.
Write the audit row in the same transaction as the change it records.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def record(conn: sqlite3.Connection, *, actor: str, action: str, target: str, before=None, after=None) -> None:
    """Append one entry; call inside the transaction that makes the change."""
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)",
        (now(), actor, action, target,
         None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True, default=str),
         None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True, default=str)),
    )


def entries(ws, *, limit: int = 200, target: str | None = None) -> list[dict]:
    """Newest first."""
    with ws.connect() as conn:
        sql = "SELECT * FROM audit_log"
        args: tuple = ()
        if target:
            sql += " WHERE target = ?"
            args = (target,)
        rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
    out = []
    for row in rows:
        item = dict(row)
        for key in ("before", "after"):
            item[key] = json.loads(item[key]) if item[key] else None
        out.append(item)
    return out
