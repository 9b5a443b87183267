"""What a confirmed alert becomes: a registry draft (new deployment) or candidate evidence (a change).

A **registry draft** is a YAML skeleton in the format of ``data/operations``:
every fact the reports gave (host, start, who sent the troops, peacekeeping
claim, troop figures), each citing a source record written beside it in the
format of ``data/sources`` (one per report, reliability F until a person grades
it). What the reports did not give is left empty, with a ``TODO`` note, for a
person to finish and check with ``peaceops validate``; nothing is guessed.

A confirmed **change** puts each of its report sentences into the review
queue as candidate evidence for the operation (a sentence already queued is
not queued again).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import yaml

from peaceops.errors import UsageError
from peaceops.ingest.candidates import Candidate, candidate_id
from peaceops.suggest.junk import sentence_key
from peaceops.watch.alerts import show
from peaceops.workspace import candidates, documents, transaction


def _slug(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].strip("-") or "report"


def source_record(claim: dict) -> dict:
    """A source record (data/sources format) for the report a claim came from."""
    url = claim["url"]
    site = claim["site"] or "unknown"
    title = claim["title"] or f"Report from {site}"
    digest = hashlib.sha256((url or claim["sentence"]).encode()).hexdigest()[:6]
    return {
        "id": f"{_slug(site, 20)}-{claim['reported']}-{_slug(title, 30)}-{digest}",
        "title": title,
        "publisher": site,
        "author": None,
        "date": claim["reported"],
        "url": url,
        "language": claim["language"] or "en",
        "type": "news",
        "reliability": "F",
        "note": "Created by `peaceops watch draft` from a confirmed alert; grade its reliability (A-F) once read.",
    }


def registry_draft(ws, alert_id: int) -> tuple[dict, list[dict]]:
    """The draft operation record and its source records for a confirmed new-deployment alert."""
    alert = show(ws, alert_id)
    if alert["kind"] != "new-deployment":
        raise UsageError(
            f"alert {alert_id} is a {alert['kind']} alert; only a possible new deployment becomes a registry draft "
            "(confirm a change to queue its sentences as candidate evidence)"
        )
    if alert["status"] != "confirmed":
        raise UsageError(
            f"alert {alert_id} is {alert['status']}; confirm it first (`peaceops watch confirm {alert_id} --reason …`)"
        )
    claims = [c for c in alert["claims"] if c["url"]]
    sources = {}
    for claim in claims:
        record = source_record(claim)
        sources.setdefault(record["url"], record)

    def cite(pred) -> list[str]:
        """The source ids of the claims that state a fact."""
        return sorted({sources[c["url"]]["id"] for c in claims if pred(c)})

    all_ids = sorted(s["id"] for s in sources.values())
    first = alert["first_reported"]
    place = alert["place"]
    actors = Counter(a for c in claims for a in c["detail"].get("actors", []))
    lead = actors.most_common(1)[0][0] if actors else None
    figures = [(c["detail"]["figure"]["troops"], c) for c in claims if c["detail"].get("figure")]
    year = first[:4]
    draft = {
        "id": f"{_slug(place)}-{_slug(lead or 'force', 20)}-{year}",
        "name": {"en": f"TODO: the force's official name ({lead or 'lead unknown'} deployment to {place}, {year})"},
        "kind": "TODO: un, regional, alliance, coalition, bilateral or unilateral",
        "lead": {
            "value": lead or "TODO: who leads the force",
            "sources": cite(lambda c: lead in c["detail"].get("actors", [])) if lead else all_ids,
            "note": "Most-named actor in the reports' sentences: "
            + (", ".join(f"{a} ({n})" for a, n in actors.most_common(5)) or "none named")
            + ". Check.",
        },
        "lead_group": "TODO: see peaceops.vocab.LeadGroup",
        "status": {"value": "active", "sources": all_ids, "note": "Reported deployed; update when it ends."},
        "declared_peacekeeping_by": {
            "value": ["TODO: who calls it peacekeeping (the reports call the force so)"],
            "sources": cite(lambda c: bool(c["detail"].get("peacekeeping"))) or all_ids,
        },
        "host": {"state": place, "territory": None, "sources": all_ids},
        "start": {
            "date": first,
            "sources": cite(lambda c: c["reported"] == first) or all_ids,
            "note": "The date of the first report; replace with the date troops arrived, once a source gives it.",
        },
        "contributors": [],
        "strength": [
            {
                "date": c["reported"],
                "troops": troops,
                "basis": "reported",
                "sources": [sources[c["url"]]["id"]],
                "note": f"Reported as {c['detail']['figure'].get('text')!r}: {c['sentence'][:200]}",
            }
            for troops, c in figures
            if c["url"] in sources
        ],
        "notes": f"Draft from watch alert {alert_id} ({len(claims)} report sentences, first {first}). "
        "Every field marked TODO must be filled from a source before `peaceops validate` accepts the file.",
    }
    return draft, list(sources.values())


def write_registry_draft(ws, alert_id: int, out: Path) -> list[Path]:
    """Write the draft into ``out/operations/`` and its sources into ``out/sources/``; the paths written."""
    draft, sources = registry_draft(ws, alert_id)
    written = []
    target = out / "operations" / f"{draft['id']}.yaml"
    if target.exists():
        raise UsageError(f"{target} exists; move it away or choose another --out")
    target.parent.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    written.append(target)
    for record in sources:
        path = out / "sources" / f"{record['id']}.yaml"
        if not path.exists():
            path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
            written.append(path)
    return written


def queue_as_candidates(ws, alert_id: int) -> list[str]:
    """Put the sentences of a confirmed change or disagreement into the review queue; the candidate ids stored."""
    alert = show(ws, alert_id)
    if alert["kind"] == "new-deployment":
        raise UsageError(f"alert {alert_id} is a possible new deployment: make a registry draft of it instead")
    if alert["status"] != "confirmed":
        raise UsageError(f"alert {alert_id} is {alert['status']}; confirm it first")
    stored: list[str] = []
    with transaction(ws) as tx:
        for claim in alert["claims"]:
            if claim["document_id"] is None:
                continue  # a GDELT event: its article was not ingested
            row = documents.get(tx, claim["document_id"])
            start = row["text"].find(claim["sentence"]) if row is not None else -1
            if start < 0:
                continue
            end = start + len(claim["sentence"])
            cues = claim["detail"].get("cues") or {}
            candidate = Candidate(
                id=candidate_id(row["content_hash"], start, end),
                sentence=claim["sentence"],
                start=start,
                end=end,
                language=claim["language"],
                operation_id=alert["operation_id"],
                indicators=[],
                cues={f"watch:{topic}": words for topic, words in cues.items()},
                numbers=[claim["detail"]["figure"]] if claim["detail"].get("figure") else [],
                sentence_key=sentence_key(claim["sentence"]),
            )
            stored += candidates.insert_many(tx, claim["document_id"], [candidate], created_at=alert["updated_at"])
    return stored
