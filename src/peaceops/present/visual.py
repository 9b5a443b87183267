"""The registry drawn: a timeline (one bar per operation) and a world map of every operation's area, as SVG.

    >>> from peaceops.present import overview, visual
    >>> rows = overview.registry_rows(registry.load(), today=datetime.date(2026, 1, 1))
    >>> visual.timeline_svg(rows, today=datetime.date(2026, 1, 1))   # a self-contained <svg> string
    >>> visual.map_svg(rows)

Both are drawn from the rows of :func:`peaceops.present.overview.registry_rows`
and depend on nothing else (the map also on the vendored Natural Earth
countries), so the same rows always give the same bytes. Every bar and marker
is a link to its operation's page, has a ``<title>`` and a ``<desc>``, and
carries the ``data-*`` attributes the pages' filters read (``data-op``,
``data-lead-group``, ``data-status``, ``data-decades``, ``data-search``).
Operations whose id is in ``hidden`` are drawn with the class
``filtered-out`` (the web pages hide them without JavaScript).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from peaceops.maps.geometry import Frame, clip_ring
from peaceops.maps.svg import FONT, STYLE, _fmt, _path
from peaceops.maps.world import ATTRIBUTION, world
from peaceops.present.overview import legend

ROW = 11  # timeline row pitch
BAR = 7  # bar height
LABEL_WIDTH = 120
TOP = 44  # legend and year axis above the first row
MAP_LAT = (-58.0, 84.0)  # the inhabited world; Antarctica left out


def _data(row: dict, hidden) -> str:
    """The attributes the filters read, and the class that hides a filtered-out operation."""
    attrs = [
        f"data-op={quoteattr(row['id'])}",
        f"data-lead-group={quoteattr(row['lead_group'])}",
        f"data-status={quoteattr(row['status'])}",
        f"data-decades={quoteattr(' '.join(row['decades']))}",
        f"data-search={quoteattr(row['search'])}",
    ]
    return " ".join(attrs), (" filtered-out" if row["id"] in hidden else "")


def _short(label: str, length: int = 22) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _title(row: dict) -> str:
    head = f"{row['acronym']} — {row['name']}" if row["acronym"] else row["name"]
    return f"{head}: {row['period']}"


def _desc(row: dict) -> str:
    return f"Led by {row['lead']} ({row['lead_group']}); host {row['host']}; status {row['status']}."


def _legend(x: float, y: float) -> list[str]:
    out = [f'<g class="legend" font-size="10" fill="{STYLE["text"]}">']
    for item in legend():
        out.append(
            f'<rect x="{_fmt(x)}" y="{_fmt(y - 8)}" width="10" height="10" fill="{item["colour"]}"/>'
            f'<text x="{_fmt(x + 14)}" y="{_fmt(y + 1)}">{escape(item["text"])}</text>'
        )
        x += 26 + 5.6 * len(item["text"])
    out.append("</g>")
    return out


# -- timeline ---------------------------------------------------------------------------------------------


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _bar_end(row: dict, today: dt.date) -> dt.date:
    if row["end"]:
        return _day(row["end"]["latest"])
    if row["status"] == "active":
        return max(today, _day(row["start"]["earliest"]))
    return _day(row["start"]["latest"])  # ended, end not recorded: the start's own interval


def timeline_svg(rows: list[dict], *, today: dt.date, width: int = 960, hidden=frozenset()) -> str:
    """One bar per deployed operation from start to end (to ``today`` while active), by start date; operations
    requested but never deployed follow as diamonds at the date of the request (a label alone when undated)."""
    deployed = [r for r in rows if r["start"]]
    requested = [r for r in rows if not r["start"]]
    dates = [_day(r["start"]["earliest"]) for r in deployed] + [
        _day(r["requested"]["earliest"]) for r in requested if r["requested"]
    ]
    first = (min(dates).year // 10 * 10) if dates else today.year // 10 * 10
    last = max([today.year + 1] + [_bar_end(r, today).year + 1 for r in deployed])
    x0, x1 = LABEL_WIDTH + 6, width - 12

    def x(day: dt.date) -> float:
        years = day.year + (day.timetuple().tm_yday - 1) / 366
        return x0 + (years - first) / (last - first) * (x1 - x0)

    n_rows = len(deployed) + (len(requested) + 1 if requested else 0)
    height = TOP + n_rows * ROW + 24
    title = f"Timeline of {len(deployed)} peace operations, {first} to {today.year}"
    desc = (
        f"One bar per operation from the start to the end of its deployment (to {today.isoformat()} while active), "
        "coloured by lead group"
        + (f"; {len(requested)} requested but never deployed, marked apart." if requested else ".")
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="timeline-title timeline-desc" class="peaceops-timeline" font-family="{FONT}" '
        f'data-row-height="{ROW}" data-top="{TOP}" data-bottom="24">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    out += _legend(8, 14)
    step = 10 if last - first > 30 else 5
    out.append(f'<g class="axis" font-size="9" fill="{STYLE["muted"]}" stroke="{STYLE["grid"]}" stroke-width="0.6">')
    for year in range(first, last + 1, step):
        gx = _fmt(x(dt.date(year, 1, 1)))
        out.append(
            f'<line x1="{gx}" y1="{TOP - 10}" x2="{gx}" y2="{height}"/>'
            f'<text x="{gx}" y="{TOP - 13}" stroke="none" text-anchor="middle">{year}</text>'
        )
    tx = _fmt(x(today))
    out.append(
        f'<line class="today" x1="{tx}" y1="{TOP - 10}" x2="{tx}" y2="{height}" stroke="{STYLE["area"]}" '
        'stroke-dasharray="2 2"/>'
    )
    out.append("</g>")
    out.append(f'<g class="rows" font-size="9" fill="{STYLE["text"]}">')
    for index, row in enumerate(deployed):
        data, hide = _data(row, hidden)
        y = TOP + index * ROW
        bx, ex = x(_day(row["start"]["earliest"])), x(_bar_end(row, today))
        open_end = "" if row["end"] or row["status"] != "active" else " active"
        out.append(
            f'<g class="op-row{hide}" data-row="{index}">'
            f'<text x="{LABEL_WIDTH}" y="{y + BAR}" text-anchor="end">{escape(_short(row["label"]))}</text>'
            f'<a href="{row["href"]}"><rect class="bar{open_end}" {data} x="{_fmt(bx)}" y="{y}" '
            f'width="{_fmt(max(ex - bx, 2.0))}" height="{BAR}" rx="1.5" fill="{row["colour"]}">'
            f"<title>{escape(_title(row))}</title><desc>{escape(_desc(row))}</desc></rect></a></g>"
        )
    if requested:
        base = len(deployed)
        out.append(
            f'<g class="op-row section-head" data-row="{base}"><text x="{LABEL_WIDTH}" y="{TOP + base * ROW + BAR}" '
            f'text-anchor="end" font-style="italic" fill="{STYLE["muted"]}">requested, never deployed</text></g>'
        )
        for offset, row in enumerate(requested, start=1):
            data, hide = _data(row, hidden)
            y = TOP + (base + offset) * ROW
            label = f'<text x="{LABEL_WIDTH}" y="{y + BAR}" text-anchor="end">{escape(_short(row["label"]))}</text>'
            if row["requested"]:
                tag = "path"
                cx, cy = x(_day(row["requested"]["earliest"])), y + BAR / 2
                shape = (
                    f'<path class="marker requested" {data} d="M{_fmt(cx)},{_fmt(cy - 5)}l5,5l-5,5l-5,-5Z" '
                    f'fill="#ffffff" stroke="{row["colour"]}" stroke-width="2">'
                )
            else:  # no date at all: a square at the start of the axis, still a link
                tag = "rect"
                shape = (
                    f'<rect class="marker requested undated" {data} x="{x0}" y="{y}" width="{BAR}" height="{BAR}" '
                    f'fill="#ffffff" stroke="{row["colour"]}" stroke-width="2">'
                )
            out.append(
                f'<g class="op-row{hide}" data-row="{base + offset}">{label}<a href="{row["href"]}">{shape}'
                f"<title>{escape(_title(row))}</title><desc>{escape(_desc(row))}</desc></{tag}></a></g>"
            )
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- world map -------------------------------------------------------------------------------------------


def world_frame(width: int) -> Frame:
    """The whole world in longitude, the inhabited latitudes, at ``width`` canvas units across."""
    lat_min, lat_max = MAP_LAT
    k = math.cos(math.radians((lat_min + lat_max) / 2))
    height = round(width * (lat_max - lat_min) / (360 * k))
    return Frame(-180.0, lat_min, 180.0, lat_max, width, height)


def _unwrapped(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Chukotka, Fiji) made continuous, and drawn once on each side; a ring
    drawn as stored would streak across the whole map."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        lon += 360 * round((previous - lon) / 360)
        out.append((lon, lat))
    if all(-180 <= lon <= 180 for lon, _ in out):
        return [out]
    shift = 360 if min(lon for lon, _ in out) < -180 else -360
    return [out, [(lon + shift, lat) for lon, lat in out]]


@lru_cache(maxsize=4)
def _world_background(width: int) -> str:
    """The countries at this width: the slow part of the map, drawn once per process."""
    frame = world_frame(width)
    x0, y0, x1, y1 = -4.0, -4.0, frame.width + 4, frame.height + 4
    lines = [
        f'<g class="countries" stroke-linejoin="round" fill="{STYLE["land"]}" stroke="{STYLE["border"]}" '
        'stroke-width="0.5">'
    ]
    for country in sorted(world().countries, key=lambda c: c.name):
        rings = []
        for polygon in country.polygons:
            for ring in polygon:
                for part in _unwrapped(ring):
                    clipped = clip_ring([frame.project(lon, lat) for lon, lat in part], x0, y0, x1, y1)
                    if len(clipped) >= 3:
                        rings.append(clipped)
        if rings:
            lines.append(
                f'<path class="country" data-name={quoteattr(country.name)} fill-rule="evenodd" d="{_path(rings)}">'
                f"<title>{escape(country.name)}</title></path>"
            )
    lines.append("</g>")
    return "\n".join(lines)


def map_svg(rows: list[dict], *, width: int = 960, hidden=frozenset()) -> str:
    """Every operation's area points as circles (the recorded radius, at least a few units across), coloured by
    lead group, on the Natural Earth countries; the largest circles are drawn first so small ones stay on top."""
    frame = world_frame(width)
    height = int(frame.height)
    points = [(row, i, area) for row in rows for i, area in enumerate(row["area"])]
    n_ops = len({row["id"] for row, _, _ in points})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="worldmap-title worldmap-desc" class="peaceops-worldmap" font-family="{FONT}">',
        f'<title id="worldmap-title">Areas of {n_ops} peace operations</title>',
        f'<desc id="worldmap-desc">{len(points)} area points, each a circle of its recorded radius, coloured by the '
        "operation's lead group, on Natural Earth country borders.</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{STYLE["sea"]}"/>',
        _world_background(width),
        '<g class="markers" fill-opacity="0.45" stroke-width="1">',
    ]

    def radius(area: dict) -> float:
        return max(3.0, (area["radius_km"] or 0) / frame.km_per_unit)

    for row, i, area in sorted(points, key=lambda p: (-radius(p[2]), p[0]["id"], p[1])):
        data, hide = _data(row, hidden)
        cx, cy = frame.project(area["lon"], area["lat"])
        where = f"{area['name']}" + (f", radius {area['radius_km']:g} km" if area["radius_km"] else "")
        out.append(
            f'<a href="{row["href"]}" class="op-item{hide}"><circle class="marker" {data} data-point="{i + 1}" '
            f'cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(radius(area))}" fill="{row["colour"]}" '
            f'stroke="{row["colour"]}"><title>{escape(_title(row))} — {escape(where)}</title>'
            f"<desc>{escape(_desc(row))}</desc></circle></a>"
        )
    out.append("</g>")
    box_y = height - 22
    out.append(f'<rect x="4" y="{box_y - 12}" width="{width - 8}" height="28" fill="#ffffff" fill-opacity="0.85"/>')
    out += _legend(10, box_y + 2)
    out.append(
        f'<text x="{width - 6}" y="{height - 4}" font-size="8" text-anchor="end" fill="{STYLE["muted"]}">'
        f"{escape(ATTRIBUTION)}; equirectangular</text>"
    )
    out.append(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" stroke="{STYLE["border"]}"/>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
