"""Shape domain objects into the dictionaries that pages and their JSON twins show.

Presentation only: which facts to list, in which order, with which source
numbers. Scores come from :mod:`peaceops.assess`, evidence from the catalog,
candidates from :mod:`peaceops.review`; nothing here decides a judgement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from peaceops.present import comparison, operation_facts, operation_record, summary_rows, timeline

operation_json = operation_record  # the "operation" part of the JSON twin

__all__ = [
    "summary_rows",
    "operation_json",
    "facts_and_sources",
    "timeline",
    "strength_chart",
    "assessment_view",
    "evidence_dict",
    "source_of",
    "operation_sort",
    "candidate_dict",
    "comparison_view",
]

# -- operations ----------------------------------------------------------------


def operation_sort(rows: list[dict], key: str, descending: bool) -> list[dict]:
    """Rows sorted by a column; empty cells go last whichever the direction."""
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    present.sort(key=lambda r: r[key].casefold() if isinstance(r[key], str) else r[key], reverse=descending)
    return present + missing


def facts_and_sources(reg, op) -> tuple[list[dict], list[dict]]:
    """The presentation model's fact rows and numbered sources, as the page and its JSON twin show them."""
    shown = operation_facts(reg, op)
    return [row.as_dict() for row in shown.rows], shown.sources(reg)


AUTHORISED = ("authorised", "announced")  # ceilings, drawn apart from the figures of who was deployed


def strength_chart(items: list[dict], width: int = 640, height: int = 160) -> dict | None:
    """Strength over the deployment, with its dated events, for an inline SVG (None without a strength figure).

    The time axis runs from the deployment (or the first figure) to its end (or the last dated fact): a
    framework agreement signed years before would otherwise squash the deployment into a line.
    """

    series = [i for i in items if i["kind"] == "strength"]
    if not series:
        return None
    window = [i for i in items if i["kind"] in ("deployment", "strength", "end")]
    first = min(dt.date.fromisoformat(i["sort"]) for i in window)
    last = max(dt.date.fromisoformat(i["sort"]) for i in items)
    items = [i for i in items if dt.date.fromisoformat(i["sort"]) >= first]
    span = max((last - first).days, 1)
    top = max(i["value"] for i in series) or 1
    pad = 30

    def x(day: str) -> float:
        return round(pad + (dt.date.fromisoformat(day) - first).days / span * (width - 2 * pad), 1)

    points = [
        {
            "x": x(i["sort"]),
            "y": round(height - pad - i["value"] / top * (height - 2 * pad), 1),
            "label": f"{i['date']}: {i['label']}",
            "authorised": i.get("basis") in AUTHORISED,
        }
        for i in sorted(series, key=lambda i: i["sort"])
    ]
    deployed = [p for p in points if not p["authorised"]]
    ceiling = [p for p in points if p["authorised"]]
    marks = [
        {"x": x(i["sort"]), "label": f"{i['date']}: {i['kind']} — {i['label']}", "kind": i["kind"]}
        for i in items
        if i["kind"] != "strength"
    ]
    return {
        "width": width,
        "height": height,
        "pad": pad,
        "points": points,
        "marks": marks,
        "top": top,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in deployed) if len(deployed) > 1 else "",
        "ceiling": " ".join(f"{p['x']},{p['y']}" for p in ceiling) if len(ceiling) > 1 else "",
    }


# -- evidence --------------------------------------------------------------------


def source_of(catalog, ev) -> dict:
    """The record of the source an evidence item cites (workspace evidence cites its ingested document,
    which :func:`peaceops.review.catalog_with_workspace` adds to the registry's sources)."""
    src = catalog.registry.sources.get(ev.source)
    if src is not None:
        return src.model_dump(mode="json", exclude_none=True)
    return {"id": ev.source, "reliability": ev.reliability}


def evidence_dict(catalog, ev) -> dict:
    data = ev.as_dict()
    data["source_record"] = source_of(catalog, ev)
    data["text"] = ev.item.text
    data["principle"] = _principle_of(catalog, ev.indicator)
    return data


def _principle_of(catalog, indicator_id: str) -> str | None:
    for indicator in catalog.framework.indicators:
        if indicator.id == indicator_id:
            return indicator.principle
    return None


def assessment_view(result, catalog) -> list[dict]:
    """Principles, each with its indicators, each with the evidence behind its score."""
    by_id = {ev.id: ev for ev in catalog.evidence}
    out = []
    for principle in result.principles:
        indicators = []
        for item in result.indicators:
            if item.principle != principle.principle:
                continue
            data = item.as_dict()
            data["question"] = catalog.framework.indicator(item.indicator).question
            data["evidence"] = [
                evidence_dict(catalog, by_id[i]) for i in dict.fromkeys(item.evidence_ids) if i in by_id
            ]
            indicators.append(data)
        out.append({**asdict(principle), "indicators": indicators})
    return out


def comparison_view(results, catalog) -> list[dict]:
    """The rows of :func:`peaceops.present.comparison` by principle, each with its cells in column order
    (score, indicators scored, evidence count) for the page's table."""
    shaped = comparison(results, catalog, "principle")
    rows = []
    for row in shaped["rows"]:
        cells = [
            {
                "operation": op_id,
                **{k: v for k, v in cell.items() if k != "evidence_ids"},
                "evidence": len(cell["evidence_ids"]),
            }
            for op_id, cell in row["operations"].items()
        ]
        rows.append({"principle": row["principle"], "name": row["name"], "cells": cells})
    return rows


# -- review ------------------------------------------------------------------------


def candidate_dict(candidate) -> dict:
    """A review candidate as plain data (its sentence and cues stay untrusted text: templates escape them)."""
    return candidate.as_dict()
