"""The append-only ``audit_log`` table: who changed what, when, before and after.

Triggers in the schema abort any UPDATE or DELETE. Append the entry with the
connection of the transaction that makes the change it records.
"""

from __future__ import annotations

import json


def _encode(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def append(conn, *, at: str, actor: str, action: str, target: str, before=None, after=None) -> None:
    """Insert one entry; ``before`` and ``after`` are stored as JSON."""
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)",
        (at, actor, action, target, _encode(before), _encode(after)),
    )


def entries(conn, *, limit: int = 200, target: str | None = None) -> list[dict]:
    """Newest first, ``before`` and ``after`` decoded."""
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


def count(conn, action_prefix: str | None = None) -> int:
    """How many entries, optionally only those whose action starts with ``action_prefix`` (e.g. ``"review."``)."""
    if action_prefix is None:
        return conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    return conn.execute(
        "SELECT COUNT(*) FROM audit_log WHERE substr(action, 1, ?) = ?", (len(action_prefix), action_prefix)
    ).fetchone()[0]
