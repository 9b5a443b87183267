"""The registry at a glance: one row per operation for the timeline, the world map and their filters.

    >>> from peaceops import registry
    >>> from peaceops.present import overview
    >>> rows = overview.registry_rows(registry.load())
    >>> rows[0]["decades"], rows[0]["area"][0]["radius_km"]

Built once from the registry; the web pages' JSON twins serve these rows, the
SVG builders (:mod:`peaceops.present.visual`) draw them, and the pages'
filters read the same values from the drawn elements' ``data-*`` attributes.
Part of the domain: it imports no face.
"""

from __future__ import annotations

import datetime as dt

from peaceops.present import format as fmt
from peaceops.registry.filters import active_years, decade_label, decades_active
from peaceops.registry.loader import all_labels
from peaceops.textnorm import normalise
from peaceops.vocab import LEAD_GROUPS

LEAD_GROUP_COLOURS = {
    "un": "#0072b2",
    "nato-eu": "#009e73",
    "cis-csto-russia": "#d55e00",
    "other-regional": "#cc79a7",
    "other": "#6b6b6b",
}
"""One colour per lead group (Okabe-Ito, readable by people with the common colour-vision deficiencies)."""

LEAD_GROUP_TEXT = {
    "un": "United Nations",
    "nato-eu": "NATO or EU",
    "cis-csto-russia": "CIS, CSTO or Russia",
    "other-regional": "other regional organisation",
    "other": "other (coalition, state)",
}


def legend() -> list[dict]:
    """The lead groups in vocabulary order, each with its colour and a readable name."""
    return [{"lead_group": g, "colour": LEAD_GROUP_COLOURS[g], "text": LEAD_GROUP_TEXT[g]} for g in LEAD_GROUPS]


def _date(cited) -> dict | None:
    if cited is None:
        return None
    date = cited.date
    return {
        "date": fmt.date(date),
        "precision": date.precision,
        "earliest": date.earliest().isoformat(),
        "latest": date.latest().isoformat(),
    }


def _requested_on(op) -> dict | None:
    """For an operation never deployed: the date of its request (else of its first dated legal basis)."""
    if op.request is not None and op.request.date is not None:
        return _date(op.request)
    dated = sorted((lb for lb in op.legal_basis if lb.date is not None), key=lambda lb: lb.date.earliest())
    return _date(dated[0]) if dated else None


def search_text(op) -> str:
    """What the pages' text filter searches: the words of the id, names, acronym, aliases, lead and host, normalised,
    each once. A query matches when each of its words is part of one of these (as the registry's search filter)."""
    parts = [*all_labels(op), op.lead.value, op.host.state, op.host.territory or ""]
    return " ".join(dict.fromkeys(word for part in parts for word in normalise(part).split()))


def registry_row(op, today: dt.date | None = None) -> dict:
    """One operation as the timeline and the map draw it."""
    years = active_years(op, today)
    return {
        "id": op.id,
        "acronym": op.acronym,
        "name": op.name.en,
        "label": op.acronym or op.name.en,
        "kind": op.kind,
        "lead": op.lead.value,
        "lead_group": op.lead_group,
        "colour": LEAD_GROUP_COLOURS[op.lead_group],
        "status": op.status.value,
        "host": fmt.host(op),
        "start": _date(op.start),
        "end": _date(op.end),
        "requested": None if op.is_deployed else _requested_on(op),
        "period": fmt.period(op),
        "first_year": years[0] if years else None,
        "last_year": years[1] if years else None,
        "decades": [decade_label(d) for d in decades_active(op, today)],
        "area": [
            {"name": a.name, "lat": a.lat, "lon": a.lon, "radius_km": a.radius_km}
            for a in op.area
            if a.lat is not None and a.lon is not None
        ],
        "search": search_text(op),
        "href": f"/operations/{op.id}",
    }


def registry_rows(ops, today: dt.date | None = None) -> list[dict]:
    """Every operation, deployed ones by start date, then those never deployed (by id)."""
    rows = [registry_row(op, today) for op in ops]
    return sorted(rows, key=lambda r: (r["start"] is None, r["start"]["earliest"] if r["start"] else "", r["id"]))


def decades(rows: list[dict]) -> list[str]:
    """Every decade in which some operation of ``rows`` was active, in order (the decade filter's choices)."""
    return sorted({d for r in rows for d in r["decades"]})


def registry_overview(ops, today: dt.date | None = None) -> dict:
    """The rows with the legend and the decades: what /index.json and /operations.json serve as ``registry``."""
    rows = registry_rows(ops, today)
    return {
        "legend": legend(),
        "decades": decades(rows),
        "bars": sum(1 for r in rows if r["start"]),
        "markers": sum(len(r["area"]) for r in rows),
        "operations": rows,
    }
