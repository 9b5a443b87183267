"""Flat tables of the registry, for pandas, R or a spreadsheet.

Each table is a list of plain rows (no nesting) with an ``operation_id`` key;
``citations`` links every fact (by its field path) to its sources.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from peaceops.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("csv", "parquet", "json")


def tables(registry) -> dict[str, list[dict]]:
    """All flat tables as lists of rows, keyed by table name."""
    out: dict[str, list[dict]] = {
        name: []
        for name in (
            "operations",
            "names",
            "contributors",
            "legal_bases",
            "strengths",
            "tasks",
            "areas",
            "consent",
            "sources",
            "citations",
        )
    }
    for op in registry.operations.values():
        out["operations"].append(
            {
                "operation_id": op.id,
                "name_en": op.name.en,
                "name_ru": op.name.ru,
                "acronym": op.acronym,
                "kind": op.kind,
                "lead": op.lead.value,
                "lead_group": op.lead_group,
                "status": op.status.value,
                "host_state": op.host.state,
                "host_territory": op.host.territory,
                "host_iso3": op.host.iso3,
                "host_gwno": op.host.gwno,
                "ucdp_conflict_ids": _j(str(i) for i in op.ucdp_conflicts.value) if op.ucdp_conflicts else None,
                "start": str(op.start.date) if op.start else None,
                "end": str(op.end.date) if op.end else None,
                "request_by": op.request.by if op.request else None,
                "request_date": str(op.request.date) if op.request and op.request.date else None,
                "peak_strength": op.peak_strength,
                "strongest_legal_rung": registry.strongest_rung(op),
                "conflict": op.conflict.name if op.conflict else None,
            }
        )
        for lang in type(op.name).model_fields:
            label = getattr(op.name, lang)
            if label:
                out["names"].append({"operation_id": op.id, "language": lang, "kind": "name", "label": label})
        if op.acronym:
            out["names"].append({"operation_id": op.id, "language": None, "kind": "acronym", "label": op.acronym})
        for lang in type(op.aliases).model_fields:
            for label in getattr(op.aliases, lang):
                out["names"].append({"operation_id": op.id, "language": lang, "kind": "alias", "label": label})
        for c in op.contributors:
            out["contributors"].append(
                {
                    "operation_id": op.id,
                    "party": c.party,
                    "role": c.role,
                    "troops": c.troops,
                    "date": _s(c.date),
                    "sources": _j(c.sources),
                    "note": c.note,
                }
            )
        for lb in op.legal_basis:
            out["legal_bases"].append(
                {
                    "operation_id": op.id,
                    "instrument": lb.instrument,
                    "date": _s(lb.date),
                    "body": lb.body,
                    "rung": lb.rung,
                    "un_resolutions": _j(lb.un_resolutions),
                    "charter_chapter": lb.charter_chapter,
                    "articles": _j(lb.articles),
                    "sources": _j(lb.sources),
                    "note": lb.note,
                }
            )
        for s in op.strength:
            out["strengths"].append(
                {
                    "operation_id": op.id,
                    "date": str(s.date),
                    "troops": s.troops,
                    "total": s.total,
                    "police": s.police,
                    "observers": s.observers,
                    "basis": s.basis,
                    "sources": _j(s.sources),
                    "note": s.note,
                }
            )
        for t in op.tasks:
            out["tasks"].append(
                {
                    "operation_id": op.id,
                    "task": t.task,
                    "category": t.category,
                    "mandated": t.mandated,
                    "sources": _j(t.sources),
                    "note": t.note,
                }
            )
        for a in op.area:
            out["areas"].append(
                {
                    "operation_id": op.id,
                    "name": a.name,
                    "lat": a.lat,
                    "lon": a.lon,
                    "radius_km": a.radius_km,
                    "admin": _j(a.admin),
                    "sources": _j(a.sources),
                    "note": a.note,
                }
            )
        for c in op.consent:
            out["consent"].append(
                {
                    "operation_id": op.id,
                    "party": c.party,
                    "given": str(c.given).lower(),
                    "date": _s(c.date),
                    "sources": _j(c.sources),
                    "note": c.note,
                }
            )
        for field_path, source_id in op.citations():
            out["citations"].append({"operation_id": op.id, "field": field_path, "source_id": source_id})
    for src in registry.sources.values():
        out["sources"].append(
            {
                "source_id": src.id,
                "title": src.title,
                "publisher": src.publisher,
                "author": src.author,
                "date": _s(src.date),
                "url": src.url,
                "citation": src.citation,
                "language": src.language,
                "type": src.type,
                "reliability": src.reliability,
            }
        )
    return out


def write(registry, out_dir: Path, fmt: str) -> list[Path]:
    """Write every table to ``out_dir`` in ``fmt``; returns the files written."""
    import pandas as pd  # heavy: pandas, loaded on first use

    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables(registry).items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "json":
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        else:
            frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=["operation_id"])
            frame = frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object})
            if fmt == "csv":
                frame.to_csv(path, index=False, encoding="utf-8")
            else:
                frame.to_parquet(path, index=False)
        written.append(path)
    return written


def _s(value) -> str | None:
    return None if value is None else str(value)


def _j(values) -> str:
    """Lists become ';'-joined strings so every cell stays flat."""
    return ";".join(values)
