"""The operation page's map and event-metrics panels.

Both come from other modules: the map from :mod:`peaceops.maps` (offline
Natural Earth basemap), the metrics and the trajectory from
:mod:`peaceops.events` when event data is loaded in the workspace. Without
event data the panel says "not measured": never zeros.
"""

from __future__ import annotations

from html import escape

from fastapi.responses import Response

from peaceops import maps
from peaceops.errors import PeaceopsError

NOT_MEASURED = "not measured"
MAP_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def map_panel(op) -> dict:
    """The legend of the map (numbered area points) and where the SVG is."""

    places = [
        {
            "number": p.number,
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "radius_km": p.radius_km,
            "admin": list(p.admin),
            "sources": list(p.sources),
        }
        for p in maps.area_places(op)
    ]
    return {"svg": f"/operations/{op.id}/map.svg", "places": places, "attribution": maps.ATTRIBUTION}


def map_response(op) -> Response:
    """The SVG map; with its own CSP (an SVG document must never run script)."""

    try:
        svg = maps.area_svg(op)
    except maps.MapUnavailableError as exc:
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 60" width="640" height="60" role="img">'
            f'<text x="10" y="35" font-size="14">{_xml(str(exc))}</text></svg>'
        )
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={"content-security-policy": MAP_CSP, "cache-control": "public, max-age=3600"},
    )


def _xml(text: str) -> str:
    return escape(text, quote=True)


def event_panel(ctx, op) -> dict:
    """Event metrics and the conflict trajectory of one operation, or 'not measured' with the reason."""
    signature = ctx.events_signature()
    if not signature:
        return {
            "status": NOT_MEASURED,
            "reason": "no event data is loaded in this workspace; load UCDP, ACLED, GDELT or Geo-PKO files with "
            "`peaceops events load` to measure violence before, during and after the deployment",
        }
    return ctx.cached(("events", op.id, signature), lambda: _measure(ctx, op))


def _measure(ctx, op) -> dict:
    from peaceops import events  # heavy: pulls in pandas and pyarrow

    try:
        frame = events.metrics(op.id, workspace=ctx.workspace, registry=ctx.registry)
        trajectory = ctx.trajectory_provider()(op)
    except PeaceopsError as exc:
        return {"status": NOT_MEASURED, "reason": str(exc)}
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    data = trajectory.to_dict() if trajectory is not None else None
    if not rows and data is None:
        return {
            "status": NOT_MEASURED,
            "reason": "no event in the loaded data falls in this operation's area and time window",
        }
    return {
        "status": "measured",
        "metrics": rows,
        "trajectory": data,
        "chart": _deaths_chart(data["numbers"]["deaths_by_year"], data["numbers"]["reference_year"]) if data else None,
    }


def _deaths_chart(deaths_by_year: dict, reference_year: int | None, width: int = 640, height: int = 180) -> dict | None:
    """Bars of deaths per year for an inline SVG (the numbers are the trajectory's own); years from the reference year
    on are 'after'."""
    if not deaths_by_year:
        return None
    years = sorted(int(y) for y in deaths_by_year)
    top = max(int(v or 0) for v in deaths_by_year.values()) or 1
    pad, step = 30, (width - 60) / max(len(years), 1)
    bars = []
    for index, year in enumerate(years):
        value = int(deaths_by_year.get(str(year), deaths_by_year.get(year, 0)) or 0)
        h = value / top * (height - 2 * pad)
        after = reference_year is not None and year >= reference_year
        bars.append(
            {
                "x": round(pad + index * step, 1),
                "y": round(height - pad - h, 1),
                "w": round(max(step - 2, 1), 1),
                "h": round(h, 1),
                "year": year,
                "value": value,
                "phase": "after" if after else "before",
            }
        )
    return {"width": width, "height": height, "pad": pad, "bars": bars, "top": top, "reference_year": reference_year}
