"""The ``documents`` table: ingested texts, one row per distinct content hash."""

from __future__ import annotations


def id_for_hash(conn, content_hash: str) -> int | None:
    """The id of the document with this content hash, if one is stored."""
    row = conn.execute("SELECT id FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
    return row[0] if row else None


def insert(conn, doc, *, ingested_at: str, ingested_by: str | None) -> int:
    """Store an analysed document (see :class:`peaceops.ingest.AnalysedDocument`); returns its id."""
    cursor = conn.execute(
        "INSERT INTO documents (content_hash, raw_hash, origin, origin_kind, title, author, published, site, url, "
        "language, encoding, text, ingested_at, ingested_by, date, date_method, date_evidence)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            doc.content_hash,
            doc.raw_hash,
            doc.origin,
            doc.kind,
            doc.title,
            doc.author,
            doc.published,
            doc.site,
            doc.url,
            doc.language,
            doc.encoding,
            doc.text,
            ingested_at,
            ingested_by,
            doc.date.value if doc.date else None,
            doc.date.method if doc.date else None,
            doc.date.evidence if doc.date else None,
        ),
    )
    return cursor.lastrowid


def get(conn, document_id: int):
    """The whole row (a ``sqlite3.Row``), or None."""
    return conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()


def recent(conn, limit: int = 50) -> list[dict]:
    """The newest documents with their counts of mentions, operations mentioned and pending candidates."""
    rows = conn.execute(
        """SELECT d.id, d.title, d.origin, d.origin_kind, d.language, d.ingested_at, d.ingested_by,
                  (SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id) AS mentions,
                  (SELECT COUNT(DISTINCT m.operation_id) FROM mentions m WHERE m.document_id = d.id) AS operations,
                  (SELECT COUNT(*) FROM candidates c WHERE c.document_id = d.id AND c.status = 'pending') AS pending
           FROM documents d ORDER BY d.id DESC LIMIT ?""",
        (limit,),
    ).fetchall()
    return [dict(row) for row in rows]


def count(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def texts(conn) -> list[str]:
    """Every stored text, oldest first."""
    return [row[0] for row in conn.execute("SELECT text FROM documents ORDER BY id")]
