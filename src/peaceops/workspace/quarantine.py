"""The ``quarantine`` table: inputs that could not be ingested, with the reason."""

from __future__ import annotations


def add(conn, origin: str, reason: str, *, recorded_at: str) -> None:
    conn.execute("INSERT INTO quarantine (origin, reason, recorded_at) VALUES (?, ?, ?)", (origin, reason, recorded_at))


def recent(conn, limit: int = 100) -> list[dict]:
    """Newest first."""
    return [dict(r) for r in conn.execute("SELECT * FROM quarantine ORDER BY id DESC LIMIT ?", (limit,))]
