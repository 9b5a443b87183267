"""Writing analysed documents to the workspace: one transaction per document.

A document, its mentions and its candidates are written together or not at
all, so a crash or a kill leaves either the whole document or nothing. A
document whose content hash is already stored is a duplicate: nothing is
written and its existing id is returned.
"""

from __future__ import annotations

from peaceops import _failpoints as failpoints
from peaceops.audit import now
from peaceops.workspace import candidates, documents, mentions, reader, transaction
from peaceops.workspace import quarantine as quarantine_table


def store_document(ws, doc, actor: str | None, conn=None) -> tuple[str, int, list[str]]:
    """Returns ("ingested" | "duplicate", document id, the ids of the candidates stored: repeats of a sentence
    already in the queue are folded into it). Pass ``conn`` (``ws.writer()``) to reuse one connection for a
    batch."""
    with transaction(ws, conn) as tx:
        return write_document(tx, doc, actor)


def write_document(tx, doc, actor: str | None) -> tuple[str, int, list[str]]:
    """:func:`store_document` inside a transaction the caller holds (the watch commits a feed item's state with
    its document)."""
    existing = documents.id_for_hash(tx, doc.content_hash)
    if existing is not None:
        return "duplicate", existing, []  # nothing was written
    stamp = now()
    document_id = documents.insert(tx, doc, ingested_at=stamp, ingested_by=actor)
    failpoints.hit("ingest.after-document-row")
    mentions.insert_many(tx, document_id, doc.mentions)
    stored = candidates.insert_many(tx, document_id, doc.candidates, created_at=stamp)
    return "ingested", document_id, stored


def quarantine(ws, origin: str, reason: str) -> None:
    with transaction(ws) as conn:
        quarantine_table.add(conn, origin, reason, recorded_at=now())


def quarantined(ws, limit: int = 100) -> list[dict]:
    with reader(ws) as conn:
        return quarantine_table.recent(conn, limit)


def recent_documents(ws, limit: int = 50) -> list[dict]:
    """The newest ingested documents with their counts of mentions and pending candidates (newest first)."""
    with reader(ws) as conn:
        return documents.recent(conn, limit)
