"""The ``mentions`` table: where a document names an operation, and how it was recognised."""

from __future__ import annotations


def insert_many(conn, document_id: int, mentions) -> None:
    """Store a document's mentions (objects with operation_id, start, end, surface, method, reason)."""
    conn.executemany(
        "INSERT INTO mentions (document_id, operation_id, start, end, surface, method, reason) VALUES (?,?,?,?,?,?,?)",
        [(document_id, m.operation_id, m.start, m.end, m.surface, m.method, m.reason) for m in mentions],
    )


def count(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
