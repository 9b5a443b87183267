"""Draw an operation's area as a self-contained SVG: countries, graticule, area circles, numbered points, scale bar.

The output depends only on the operation record and the vendored map, so the
same operation always gives the same bytes (reports are compared byte for byte).
"""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape, quoteattr

from peaceops.maps.geometry import (
    Frame,
    MapUnavailableError,
    Place,
    area_places,
    circle,
    clip_ring,
    fit_frame,
    nice_step,
    place_bbox,
    ring_area_centroid,
)
from peaceops.maps.world import ATTRIBUTION, Country, world

STYLE = {
    "sea": "#e8eff5",
    "land": "#f6f3ec",
    "border": "#a9a295",
    "host": "#eadfc4",
    "host_border": "#6f654f",
    "grid": "#cfd9e2",
    "area": "#b03a2e",
    "text": "#2b2b2b",
    "muted": "#5f6b75",
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
PAD = 4.0  # clip countries this far outside the canvas so clipped edges never show


def host_countries(op) -> list[Country]:
    """Countries of the map named by the operation's host state(s) and territory."""
    names = [part.strip() for part in op.host.state.split(",") if part.strip()]
    if op.host.territory:
        names.append(op.host.territory)
    found = []
    for name in names:
        country = world().find(name)
        if country is not None and country not in found:
            found.append(country)
    return found


def _main_polygon_bbox(country: Country) -> tuple[float, float, float, float]:
    def size(polygon):
        lons = [p[0] for p in polygon[0]]
        lats = [p[1] for p in polygon[0]]
        return (max(lons) - min(lons)) * (max(lats) - min(lats)), (min(lons), min(lats), max(lons), max(lats))

    return max((size(p) for p in country.polygons), key=lambda item: item[0])[1]


def area_frame(
    op, width: float, height: float, *, margin: float = 0.15, min_span_deg: float = 3.0
) -> tuple[Frame, str]:
    """The frame fitted to the operation's area points (or, without any, to its host) and what it was fitted to."""
    drawn = [p for p in area_places(op) if p.drawn]
    if drawn:
        return fit_frame(
            [place_bbox(p) for p in drawn], width, height, margin=margin, min_span_deg=min_span_deg
        ), "area"
    hosts = host_countries(op)
    if hosts:
        return fit_frame(
            [_main_polygon_bbox(c) for c in hosts], width, height, margin=0.05, min_span_deg=min_span_deg
        ), "host"
    raise MapUnavailableError(
        f"{op.id}: no area point (lat, lon) is recorded and the host {op.host.state!r} is not on the world map; "
        f"add an area entry with lat, lon and radius_km to data/operations/{op.id}.yaml"
    )


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        parts.append("M" + "L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in ring) + "Z")
    return "".join(parts)


def _id_prefix(op_id: str) -> str:
    return "map-" + re.sub(r"[^a-zA-Z0-9_-]", "-", op_id)


def area_svg(
    op,
    *,
    width: int = 640,
    height: int = 420,
    margin: float = 0.15,
    min_span_deg: float = 3.0,
    country_labels: bool = True,
) -> str:
    """An SVG map of the countries around the operation's area with its points and radii drawn.

    Points are numbered 1, 2, ... in registry order (:func:`peaceops.maps.area_places`
    gives the same numbers for a legend). Without any point, the host state is
    shown and the caption says so. Raises :class:`MapUnavailableError` when there
    is nothing to draw.
    """
    frame, fitted_to = area_frame(op, width, height, margin=margin, min_span_deg=min_span_deg)
    hosts = host_countries(op)
    host_names = {c.name for c in hosts}
    places = area_places(op)
    prefix = _id_prefix(op.id)
    title = f"Area of operation: {op.name.en}"
    drawn = [p for p in places if p.drawn]
    desc = (
        f"{len(drawn)} area point(s) with their radius, on Natural Earth country borders; "
        if fitted_to == "area"
        else "No area point is recorded: the host state is shown. "
    )
    desc += f"frame {frame.lat_min:.2f} to {frame.lat_max:.2f} N, {frame.lon_min:.2f} to {frame.lon_max:.2f} E."

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" class="peaceops-map" font-family="{FONT}">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>',
        f'<defs><clipPath id="{prefix}-clip"><rect x="0" y="0" width="{width}" height="{height}"/></clipPath></defs>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{STYLE["sea"]}"/>',
        f'<g clip-path="url(#{prefix}-clip)">',
    ]
    out += _countries(frame, host_names)
    out += _graticule(frame)
    out += _areas(frame, drawn)
    if country_labels:
        out += _country_labels(frame, host_names, drawn)
    out += _place_labels(frame, drawn)
    out.append("</g>")
    out += _scale_bar(frame)
    out.append(
        f'<text x="{width - 4}" y="{height - 4}" font-size="8" text-anchor="end" fill="{STYLE["muted"]}">'
        f"{escape(ATTRIBUTION)}; equirectangular</text>"
    )
    out.append(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" stroke="{STYLE["border"]}"/>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _countries(frame: Frame, host_names: set[str]) -> list[str]:
    lon_pad = 2 / max(frame.k, 0.05)
    box = (frame.lon_min - lon_pad, frame.lat_min - 2, frame.lon_max + lon_pad, frame.lat_max + 2)
    x0, y0, x1, y1 = -PAD, -PAD, frame.width + PAD, frame.height + PAD
    lines = ['<g class="countries" stroke-linejoin="round">']
    hosts = []
    for country in sorted(world().in_box(*box), key=lambda c: c.name):
        rings = []
        for polygon in country.polygons:
            for ring in polygon:
                clipped = clip_ring([frame.project(lon, lat) for lon, lat in ring], x0, y0, x1, y1)
                if len(clipped) >= 3:
                    rings.append(clipped)
        if not rings:
            continue
        is_host = country.name in host_names
        fill, stroke, width = (
            (STYLE["host"], STYLE["host_border"], 1.2) if is_host else (STYLE["land"], STYLE["border"], 0.7)
        )
        line = (
            f'<path class="country{" host" if is_host else ""}" data-name={quoteattr(country.name)} fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}" fill-rule="evenodd" '
            f'd="{_path(rings)}"><title>{escape(country.name)}</title></path>'
        )
        (hosts if is_host else lines).append(line)
    lines += hosts  # host borders on top of their neighbours'
    lines.append("</g>")
    return lines


def _graticule(frame: Frame) -> list[str]:
    step = nice_step(max(frame.lat_max - frame.lat_min, (frame.lon_max - frame.lon_min) * frame.k), 5)
    lines = [f'<g class="graticule" stroke="{STYLE["grid"]}" stroke-width="0.6" fill="{STYLE["muted"]}" font-size="9">']
    first, last = math.ceil(frame.lat_min / step), math.floor(frame.lat_max / step)
    for lat in (i * step for i in range(first, last + 1)):
        _, y = frame.project(frame.lon_min, lat)
        label = f"{abs(lat):g}°{'N' if lat >= 0 else 'S'}"
        lines.append(
            f'<line x1="0" y1="{_fmt(y)}" x2="{_fmt(frame.width)}" y2="{_fmt(y)}"/>'
            f'<text x="3" y="{_fmt(y - 2)}" stroke="none">{label}</text>'
        )
    first, last = math.ceil(frame.lon_min / step), math.floor(frame.lon_max / step)
    for lon in (i * step for i in range(first, last + 1)):
        x, _ = frame.project(lon, frame.lat_min)
        label = f"{abs(lon):g}°{'E' if lon >= 0 else 'W'}"
        lines.append(
            f'<line x1="{_fmt(x)}" y1="0" x2="{_fmt(x)}" y2="{_fmt(frame.height)}"/>'
            f'<text x="{_fmt(x + 2)}" y="10" stroke="none">{label}</text>'
        )
    lines.append("</g>")
    return lines


def _areas(frame: Frame, places: list[Place]) -> list[str]:
    colour = STYLE["area"]
    lines = [f'<g class="area" fill="{colour}" stroke="{colour}">']
    # largest circles first, so small ones stay visible on top
    for place in sorted(places, key=lambda p: (-(p.radius_km or 0), p.number)):
        tip = f"{place.number}. {place.name}" + (f" (radius {place.radius_km:g} km)" if place.radius_km else "")
        if place.radius_km:
            ring = [frame.project(lon, lat) for lon, lat in circle(place.lat, place.lon, place.radius_km)]
            lines.append(
                f'<path class="radius" fill-opacity="0.15" stroke-width="1.2" d="{_path([ring])}">'
                f"<title>{escape(tip)}</title></path>"
            )
    for place in places:
        x, y = frame.project(place.lon, place.lat)
        lines.append(
            f'<circle class="point" cx="{_fmt(x)}" cy="{_fmt(y)}" r="3" stroke="#ffffff" stroke-width="1">'
            f"<title>{escape(f'{place.number}. {place.name}')}</title></circle>"
        )
    lines.append("</g>")
    return lines


def _halo_text(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    weight: str = "normal",
    anchor: str = "start",
    fill: str | None = None,
    css_class: str = "",
) -> str:
    fill = fill or STYLE["text"]
    common = f'x="{_fmt(x)}" y="{_fmt(y)}" font-size="{size:g}" font-weight="{weight}" text-anchor="{anchor}"' + (
        f' class="{css_class}"' if css_class else ""
    )
    return (
        f'<text {common} fill="none" stroke="#ffffff" stroke-width="3" stroke-linejoin="round">{escape(text)}</text>'
        f'<text {common} fill="{fill}">{escape(text)}</text>'
    )


def _number_runs(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _label_groups(frame: Frame, places: list[Place], distance: float = 12.0) -> list[tuple[float, float, list[int]]]:
    """Points closer than ``distance`` on the canvas share one label, so numbers never overprint."""
    groups: list[tuple[float, float, list[int]]] = []
    for place in places:
        x, y = frame.project(place.lon, place.lat)
        for gx, gy, numbers in groups:
            if math.hypot(x - gx, y - gy) < distance:
                numbers.append(place.number)
                break
        else:
            groups.append((x, y, [place.number]))
    return groups


def _place_labels(frame: Frame, places: list[Place]) -> list[str]:
    lines = ['<g class="place-labels">']
    for x, y, numbers in _label_groups(frame, places):
        lines.append(_halo_text(x + 5, y - 4, _number_runs(numbers), size=11, weight="bold", fill=STYLE["area"]))
    lines.append("</g>")
    return lines


def _country_labels(frame: Frame, host_names: set[str], places: list[Place]) -> list[str]:
    points = [frame.project(p.lon, p.lat) for p in places]
    canvas = frame.width * frame.height
    lines = ['<g class="country-labels">']
    lon_pad = 2 / max(frame.k, 0.05)
    box = (frame.lon_min - lon_pad, frame.lat_min - 2, frame.lon_max + lon_pad, frame.lat_max + 2)
    for country in sorted(world().in_box(*box), key=lambda c: c.name):
        best_area, best_centre = 0.0, None
        for polygon in country.polygons:
            clipped = clip_ring([frame.project(lon, lat) for lon, lat in polygon[0]], 0, 0, frame.width, frame.height)
            if len(clipped) < 3:
                continue
            area, centre = ring_area_centroid(clipped)
            if area > best_area:
                best_area, best_centre = area, centre
        is_host = country.name in host_names
        if best_centre is None or (not is_host and best_area < 0.03 * canvas):
            continue
        x, y = best_centre
        y = _free_row(x, y, points, frame.height)
        if y is None or not (20 <= x <= frame.width - 20):
            continue
        lines.append(
            _halo_text(
                x,
                y,
                country.name.upper() if is_host else country.name,
                size=10 if is_host else 9,
                weight="bold" if is_host else "normal",
                anchor="middle",
                fill=STYLE["text"] if is_host else STYLE["muted"],
                css_class="country-label",
            )
        )
    lines.append("</g>")
    return lines


def _free_row(x: float, y: float, points: list[tuple[float, float]], height: float) -> float | None:
    """A label height near ``y`` with no area point under the label (None when every try collides)."""
    for dy in (0, 22, -22, 44, -44, 66, -66):
        row = y + dy
        if 14 <= row <= height - 14 and not any(abs(px - x) < 45 and -14 < py - row < 10 for px, py in points):
            return row
    return None


def _scale_bar(frame: Frame) -> list[str]:
    km = nice_step(frame.km_per_unit * frame.width / 5, 1)
    length = km / frame.km_per_unit
    x, y = 10.0, frame.height - 14
    label = f"{km:g} km"
    return [
        '<g class="scale-bar">',
        f'<rect x="{_fmt(x - 4)}" y="{_fmt(y - 14)}" width="{_fmt(length + 8)}" height="22" fill="#ffffff" '
        'fill-opacity="0.8"/>',
        f'<path d="M{_fmt(x)},{_fmt(y - 3)}V{_fmt(y + 3)}H{_fmt(x + length)}V{_fmt(y - 3)}" fill="none" '
        f'stroke="{STYLE["text"]}" stroke-width="1.2"/>',
        f'<text x="{_fmt(x + length / 2)}" y="{_fmt(y - 4)}" font-size="9" text-anchor="middle" '
        f'fill="{STYLE["text"]}">{label}</text>',
        "</g>",
    ]
