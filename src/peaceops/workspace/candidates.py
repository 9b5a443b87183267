"""The ``candidates`` table: sentences proposed as evidence, waiting for (or past) review.

Rows come back as dicts with the JSON columns (indicators, cues, numbers)
decoded, the document's title and origin, and the id of the evidence an
accepted candidate became.
"""

from __future__ import annotations

import json

_SELECT = """
    SELECT c.*, d.title AS document_title, d.origin AS document_origin,
           d.date AS document_date, d.date_method AS document_date_method,
           (SELECT e.id FROM evidence e WHERE e.candidate_id = c.id) AS evidence_id
    FROM candidates c JOIN documents d ON d.id = c.document_id
"""
_EDITABLE = ("sentence", "operation_id", "indicators")


def _decode(row) -> dict:
    data = dict(row)
    for key in ("indicators", "cues", "numbers", "also_in"):
        data[key] = json.loads(data[key])
    data["suggestion"] = json.loads(data["suggestion"]) if data.get("suggestion") else None
    return data


def insert_many(conn, document_id: int, candidates, *, created_at: str) -> list[str]:
    """Store a document's candidates as pending; returns the ids stored.

    A candidate whose id exists already is left as it is. A sentence already
    in the queue for the same operation (a syndicated copy) is not stored
    again: the document is added to that candidate's ``also_in``. A sentence
    a reviewer rejected for the same operation is not proposed again for the
    same indicator.
    """
    stored = []
    for c in candidates:
        key = getattr(c, "sentence_key", None)
        if key:
            earlier = conn.execute(
                "SELECT id, status, indicators, also_in, document_id FROM candidates "
                "WHERE sentence_key = ? AND operation_id IS ? ORDER BY created_at LIMIT 1",
                (key, c.operation_id),
            ).fetchone()
            if earlier is not None and earlier[0] != c.id:
                earlier_id, status, indicators, also_in, first_document = earlier
                top = (json.loads(indicators) or [None])[0]
                if status == "rejected" and top != (c.indicators or [None])[0]:
                    pass  # rejected for another indicator: this one may still be evidence
                else:
                    documents = json.loads(also_in)
                    if status != "rejected" and document_id != first_document and document_id not in documents:
                        conn.execute(
                            "UPDATE candidates SET also_in = ? WHERE id = ?",
                            (json.dumps([*documents, document_id]), earlier_id),
                        )
                    continue
        cursor = conn.execute(
            "INSERT OR IGNORE INTO candidates (id, document_id, operation_id, sentence, start, end, language, "
            "indicators, cues, numbers, status, created_at, updated_at, suggestion, sentence_key) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,'pending',?,?,?,?)",
            (
                c.id,
                document_id,
                c.operation_id,
                c.sentence,
                c.start,
                c.end,
                c.language,
                json.dumps(c.indicators),
                json.dumps(c.cues, ensure_ascii=False),
                json.dumps(c.numbers, ensure_ascii=False),
                created_at,
                created_at,
                json.dumps(c.suggestion, ensure_ascii=False) if getattr(c, "suggestion", None) else None,
                key,
            ),
        )
        if cursor.rowcount:
            stored.append(c.id)
    return stored


def select(
    conn, *, status: str | None = None, operation_id: str | None = None, indicator: str | None = None, limit: int = 200
) -> list[dict]:
    """Candidates oldest first, filtered by status, operation and an indicator (suggested, or whose cues matched)."""
    sql, args = _SELECT + " WHERE 1=1", []
    if status:
        sql += " AND c.status = ?"
        args.append(status)
    if operation_id:
        sql += " AND c.operation_id = ?"
        args.append(operation_id)
    if indicator:
        sql += (
            " AND (EXISTS (SELECT 1 FROM json_each(c.indicators) WHERE value = ?)"
            " OR EXISTS (SELECT 1 FROM json_each(c.cues) WHERE key = ?))"
        )
        args += [indicator, indicator]
    sql += " ORDER BY c.created_at, c.document_id, c.start LIMIT ?"
    args.append(limit)
    return [_decode(r) for r in conn.execute(sql, args)]


def get(conn, candidate_id: str) -> dict | None:
    row = conn.execute(_SELECT + " WHERE c.id = ?", (candidate_id,)).fetchone()
    return None if row is None else _decode(row)


def set_status(conn, candidate_id: str, status: str, *, updated_at: str) -> None:
    conn.execute("UPDATE candidates SET status = ?, updated_at = ? WHERE id = ?", (status, updated_at, candidate_id))


def update(conn, candidate_id: str, changes: dict, *, updated_at: str) -> None:
    """Change the sentence, operation_id or indicators (a list, stored as JSON) of one candidate."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"candidates.update: only {', '.join(_EDITABLE)} can change, not {', '.join(sorted(unknown))}")
    values = {k: (json.dumps(v) if k == "indicators" else v) for k, v in changes.items()}
    sets = ", ".join(f"{k} = ?" for k in values)
    conn.execute(
        f"UPDATE candidates SET {sets}, updated_at = ? WHERE id = ?", (*values.values(), updated_at, candidate_id)
    )


def count(conn, status: str | None = None) -> int:
    if status is None:
        return conn.execute("SELECT COUNT(*) FROM candidates").fetchone()[0]
    return conn.execute("SELECT COUNT(*) FROM candidates WHERE status = ?", (status,)).fetchone()[0]
