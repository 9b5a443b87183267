"""Writing analysed documents to the workspace: one transaction per document.

A document, its mentions and its candidates are written together or not at
all, so a crash or a kill leaves either the whole document or nothing. A
document whose content hash is already stored is a duplicate: nothing is
written and its existing id is returned.
"""

from __future__ import annotations

import json

from peaceops import _failpoints as failpoints
from peaceops.audit import now


def store_document(ws, doc, actor: str | None, conn=None) -> tuple[str, int]:
    """Returns ("ingested" | "duplicate", document id). Pass ``conn`` to reuse one connection for a batch."""
    own = conn is None
    conn = conn or ws.connect()
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT id FROM documents WHERE content_hash = ?", (doc.content_hash,)).fetchone()
        if row:
            conn.execute("ROLLBACK")
            return "duplicate", row[0]
        stamp = now()
        cursor = conn.execute(
            "INSERT INTO documents (content_hash, raw_hash, origin, origin_kind, title, author, published, site, url, language,"
            " encoding, text, ingested_at, ingested_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.content_hash, doc.raw_hash, doc.origin, doc.kind, doc.title, doc.author, doc.published, doc.site, doc.url,
             doc.language, doc.encoding, doc.text, stamp, actor),
        )
        document_id = cursor.lastrowid
        failpoints.hit("ingest.after-document-row")
        conn.executemany(
            "INSERT INTO mentions (document_id, operation_id, start, end, surface, method, reason) VALUES (?,?,?,?,?,?,?)",
            [(document_id, m.operation_id, m.start, m.end, m.surface, m.method, m.reason) for m in doc.mentions],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO candidates (id, document_id, operation_id, sentence, start, end, language, indicators, cues,"
            " numbers, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,'pending',?,?)",
            [(c.id, document_id, c.operation_id, c.sentence, c.start, c.end, c.language, json.dumps(c.indicators),
              json.dumps(c.cues, ensure_ascii=False), json.dumps(c.numbers, ensure_ascii=False), stamp, stamp)
             for c in doc.candidates],
        )
        conn.execute("COMMIT")
        return "ingested", document_id
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        if own:
            conn.close()


def quarantine(ws, origin: str, reason: str) -> None:
    with ws.connect() as conn:
        conn.execute("INSERT INTO quarantine (origin, reason, recorded_at) VALUES (?, ?, ?)", (origin, reason, now()))


def quarantined(ws, limit: int = 100) -> list[dict]:
    with ws.connect() as conn:
        return [dict(r) for r in conn.execute("SELECT * FROM quarantine ORDER BY id DESC LIMIT ?", (limit,))]


def recent_documents(ws, limit: int = 50) -> list[dict]:
    """The newest ingested documents with their counts of mentions and pending candidates (newest first)."""
    with ws.connect() as conn:
        rows = conn.execute(
            """SELECT d.id, d.title, d.origin, d.origin_kind, d.language, d.ingested_at, d.ingested_by,
                      (SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id) AS mentions,
                      (SELECT COUNT(DISTINCT m.operation_id) FROM mentions m WHERE m.document_id = d.id) AS operations,
                      (SELECT COUNT(*) FROM candidates c WHERE c.document_id = d.id AND c.status = 'pending') AS pending
               FROM documents d ORDER BY d.id DESC LIMIT ?""",
            (limit,),
        ).fetchall()
    return [dict(row) for row in rows]
