"""The review queue: a person turns a candidate into evidence, or rejects it.

Every action writes the change and its audit entry (who, when, before, after)
in one transaction. Accepted evidence carries the reviewer's two grades and
joins the curated evidence in assessments (:func:`catalog_with_workspace`);
:func:`export_yaml` writes it in the shipped ``data/evidence`` format.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import yaml

from peaceops import audit
from peaceops.catalog import Catalog
from peaceops.dates import PartialDate
from peaceops.errors import NotFoundError, UsageError
from peaceops.evidence import RELIABILITY, EvidenceItem, GradedEvidence, content_id
from peaceops.registry import Registry
from peaceops.registry.models import Source
from peaceops.vocab import CANDIDATE_STATUSES, STANCES
from peaceops.workspace import candidates, documents, reader, transaction
from peaceops.workspace import evidence as evidence_table

if TYPE_CHECKING:
    from pathlib import Path

STATUSES = CANDIDATE_STATUSES  # names kept for callers; the vocabularies are defined in peaceops.vocab


@dataclass
class Candidate:
    id: str
    document_id: int
    operation_id: str | None
    sentence: str
    start: int
    end: int
    language: str | None
    indicators: list[str]
    cues: dict
    numbers: list
    status: str
    created_at: str
    updated_at: str
    document_title: str | None = None
    document_origin: str | None = None
    document_date: str | None = None  # the document's reference date and how it was found (peaceops.ingest.docdate)
    document_date_method: str | None = None
    evidence_id: str | None = None
    suggestion: dict | None = None  # usable score, ranked indicators, stance and why (peaceops.suggest)
    sentence_key: str | None = None
    also_in: list = field(default_factory=list)  # other documents the same sentence appeared in

    def suggested(self) -> tuple[str, str] | None:
        """The suggested (indicator, stance), or None when the candidate has no suggestion."""
        if not self.suggestion or not self.suggestion.get("indicators"):
            return None
        return self.suggestion["indicators"][0][0], self.suggestion["stance"][0]

    def as_dict(self) -> dict:
        return asdict(self)


def _candidate(data: dict) -> Candidate:
    return Candidate(**data)


def list_candidates(
    ws, status: str | None = "pending", operation_id: str | None = None, limit: int = 200, indicator: str | None = None
) -> list[Candidate]:
    if status is not None and status not in STATUSES:
        raise UsageError(f"status must be one of {', '.join(STATUSES)}, found {status!r}")
    with reader(ws) as conn:
        rows = candidates.select(conn, status=status, operation_id=operation_id, indicator=indicator, limit=limit)
    return [_candidate(r) for r in rows]


def get_candidate(ws, candidate_id: str, conn=None) -> Candidate:
    """One candidate; pass ``conn`` to read it inside an open transaction."""
    if conn is None:
        with reader(ws) as own:
            row = candidates.get(own, candidate_id)
    else:
        row = candidates.get(conn, candidate_id)
    if row is None:
        raise NotFoundError(f"no candidate {candidate_id!r} in workspace {ws.root}; `peaceops review list` shows them")
    return _candidate(row)


def accept(
    ws,
    catalog,
    candidate_id: str,
    *,
    actor: str,
    indicator: str,
    stance: str,
    reliability: str,
    credibility: int,
    operation_id: str | None = None,
    paraphrase: str | None = None,
    note: str | None = None,
) -> str:
    """Turn a pending candidate into evidence; returns the evidence id."""
    catalog.framework.indicator(indicator)  # unknown indicator: NotFoundError listing the known ones
    if stance not in STANCES:
        raise UsageError(f"stance must be one of {', '.join(STANCES)}, found {stance!r}")
    if reliability not in RELIABILITY:
        raise UsageError(f"reliability must be one of A-F, found {reliability!r}")
    if credibility not in range(1, 7):
        raise UsageError(f"credibility must be 1-6, found {credibility!r}")
    with transaction(ws) as conn:
        cand = get_candidate(ws, candidate_id, conn)
        if cand.status != "pending":
            raise UsageError(
                f"candidate {candidate_id} is already {cand.status}"
                + (f" (evidence {cand.evidence_id})" if cand.evidence_id else "")
                + "; only pending candidates can be accepted"
            )
        op_id = operation_id or cand.operation_id
        if not op_id:
            raise UsageError(f"candidate {candidate_id} names no single operation; choose one with --op")
        op_id = catalog.registry.find(op_id).id
        doc = documents.get(conn, cand.document_id)
        locator = f"characters {cand.start}-{cand.end}" + (f" of \u201c{doc['title']}\u201d" if doc["title"] else "")
        item = EvidenceItem(
            indicator=indicator,
            stance=stance,
            quote=None if paraphrase else cand.sentence,
            paraphrase=paraphrase,
            locator=locator,
            source=f"ws-doc-{cand.document_id}",
            credibility=credibility,
            note=note,
            reviewed_by=actor,
            reviewed_at=audit.now()[:10],
        )
        evidence_id = content_id(op_id, item)
        if evidence_table.exists(conn, evidence_id):
            raise UsageError(f"evidence {evidence_id} with the same content already exists")
        stamp = audit.now()
        row = {
            "id": evidence_id,
            "candidate_id": candidate_id,
            "operation_id": op_id,
            "indicator": indicator,
            "stance": stance,
            "quote": item.quote,
            "paraphrase": item.paraphrase,
            "locator": locator,
            "source_id": item.source,
            "source_title": doc["title"] or doc["origin"],
            "source_publisher": doc["site"],
            "source_url": doc["url"],
            "source_date": doc["published"] or doc["date"],
            "source_language": doc["language"],
            "reliability": reliability,
            "credibility": credibility,
            "note": note,
            "reviewed_by": actor,
            "reviewed_at": stamp,
        }
        evidence_table.insert(conn, row)
        candidates.set_status(conn, candidate_id, "accepted", updated_at=stamp)
        audit.record(
            conn,
            actor=actor,
            action="review.accept",
            target=f"candidate:{candidate_id}",
            before={"status": cand.status},
            after={"status": "accepted", "evidence": row},
        )
    return evidence_id


def reject(ws, candidate_id: str, *, actor: str, reason: str | None = None) -> None:
    with transaction(ws) as conn:
        cand = get_candidate(ws, candidate_id, conn)
        if cand.status != "pending":
            raise UsageError(
                f"candidate {candidate_id} is already {cand.status}; only pending candidates can be rejected"
            )
        candidates.set_status(conn, candidate_id, "rejected", updated_at=audit.now())
        audit.record(
            conn,
            actor=actor,
            action="review.reject",
            target=f"candidate:{candidate_id}",
            before={"status": cand.status},
            after={"status": "rejected", "reason": reason},
        )


def edit(
    ws,
    candidate_id: str,
    *,
    actor: str,
    sentence: str | None = None,
    operation_id: str | None = None,
    indicators: list[str] | None = None,
    catalog=None,
) -> Candidate:
    """Correct a pending candidate before deciding on it (the sentence, its operation, its indicators)."""
    with transaction(ws) as conn:
        cand = get_candidate(ws, candidate_id, conn)
        if cand.status != "pending":
            raise UsageError(
                f"candidate {candidate_id} is already {cand.status}; only pending candidates can be edited"
            )
        changes: dict = {}
        if sentence is not None:
            if not sentence.strip():
                raise UsageError("the sentence cannot be empty")
            changes["sentence"] = sentence.strip()
        if operation_id is not None:
            changes["operation_id"] = catalog.registry.find(operation_id).id if catalog else operation_id
        if indicators is not None:
            if catalog:
                for indicator in indicators:
                    catalog.framework.indicator(indicator)
            changes["indicators"] = sorted(indicators)
        if not changes:
            raise UsageError("nothing to change: give --sentence, --op or --indicators")
        before = {k: getattr(cand, k) for k in changes}
        candidates.update(conn, candidate_id, changes, updated_at=audit.now())
        audit.record(
            conn, actor=actor, action="review.edit", target=f"candidate:{candidate_id}", before=before, after=changes
        )
    return get_candidate(ws, candidate_id)


# ------------------------------------------------------------------ evidence
def workspace_evidence(ws) -> tuple[list[GradedEvidence], dict]:
    """Accepted evidence as GradedEvidence, and the Source records of the documents it cites."""

    items, sources = [], {}
    with reader(ws) as conn:
        rows = evidence_table.all_rows(conn)
    for row in rows:
        item = EvidenceItem(
            indicator=row["indicator"],
            stance=row["stance"],
            quote=row["quote"],
            paraphrase=row["paraphrase"],
            locator=row["locator"],
            source=row["source_id"],
            credibility=row["credibility"],
            note=row["note"],
            reviewed_by=row["reviewed_by"],
            reviewed_at=row["reviewed_at"][:10],
        )
        items.append(GradedEvidence(row["id"], row["operation_id"], item, row["reliability"], "workspace"))
        if row["source_id"] not in sources:
            url = row["source_url"] if (row["source_url"] or "").startswith(("http://", "https://")) else None
            sources[row["source_id"]] = Source(
                id=row["source_id"],
                title=row["source_title"] or "ingested document",
                publisher=row["source_publisher"] or "unknown (ingested document)",
                url=url,
                citation=None if url else f"ingested document {row['source_title']}",
                language=row["source_language"] or "en",
                type="news",
                reliability=row["reliability"],
                date=_partial_date(row["source_date"]),
                note="Document ingested into the workspace; reliability graded by the reviewer.",
            )
    return items, sources


def _partial_date(value):
    try:
        return PartialDate.parse((value or "")[:10]) if value else None
    except ValueError:
        return None


def catalog_with_workspace(catalog, ws):
    """The curated catalog plus the evidence accepted in this workspace (and the documents it cites)."""

    items, sources = workspace_evidence(ws)
    if not items:
        return catalog
    reg = catalog.registry
    merged = Registry(reg.operations, {**sources, **reg.sources}, reg.data_dir)
    merged._index = reg._index
    return Catalog(merged, catalog.framework, catalog.evidence).add_evidence(items)


def export_yaml(ws, out_dir: Path) -> list[Path]:
    """Accepted evidence in the shipped format: evidence/<operation>.yaml and sources/<id>.yaml under out_dir."""

    items, sources = workspace_evidence(ws)
    by_op: dict[str, list] = {}
    for ev in items:
        by_op.setdefault(ev.operation, []).append(ev.item.model_dump(mode="json", exclude_none=True))
    written = []
    (out_dir / "evidence").mkdir(parents=True, exist_ok=True)
    (out_dir / "sources").mkdir(parents=True, exist_ok=True)
    for op_id, rows in sorted(by_op.items()):
        path = out_dir / "evidence" / f"{op_id}.yaml"
        path.write_text(
            yaml.safe_dump({"operation": op_id, "items": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        written.append(path)
    for source_id, source in sorted(sources.items()):
        path = out_dir / "sources" / f"{source_id}.yaml"
        path.write_text(
            yaml.safe_dump(source.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        written.append(path)
    return written
