"""The ``evidence`` table: candidates a reviewer accepted, graded, ready to join the curated evidence."""

from __future__ import annotations

COLUMNS = (
    "id",
    "candidate_id",
    "operation_id",
    "indicator",
    "stance",
    "quote",
    "paraphrase",
    "locator",
    "source_id",
    "source_title",
    "source_publisher",
    "source_url",
    "source_date",
    "source_language",
    "reliability",
    "credibility",
    "note",
    "reviewed_by",
    "reviewed_at",
)


def exists(conn, evidence_id: str) -> bool:
    return conn.execute("SELECT 1 FROM evidence WHERE id = ?", (evidence_id,)).fetchone() is not None


def insert(conn, row: dict) -> None:
    """Store one reviewed item; ``row`` has exactly the table's columns (:data:`COLUMNS`)."""
    if set(row) != set(COLUMNS):
        missing, extra = set(COLUMNS) - set(row), set(row) - set(COLUMNS)
        raise ValueError(f"evidence.insert: missing columns {sorted(missing)}, unknown columns {sorted(extra)}")
    conn.execute(
        f"INSERT INTO evidence ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
        tuple(row[c] for c in COLUMNS),
    )


def all_rows(conn) -> list[dict]:
    """Every reviewed item, in the order reviewed."""
    return [dict(r) for r in conn.execute("SELECT * FROM evidence ORDER BY reviewed_at")]


def candidate_ids(conn) -> set[str]:
    """The candidates that became evidence."""
    return {row[0] for row in conn.execute("SELECT candidate_id FROM evidence")}


def signature(conn) -> tuple:
    """Changes whenever an item is added: (count, latest review time, highest rowid)."""
    return tuple(conn.execute("SELECT COUNT(*), MAX(reviewed_at), MAX(rowid) FROM evidence").fetchone())


def count(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM evidence").fetchone()[0]
