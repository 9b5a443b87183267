"""Places of an operation's area, the map frame fitted to them, and the projection.

The projection is equirectangular, with longitudes scaled by the cosine of the
frame's middle latitude so that shapes are true near its centre: plain
arithmetic, good enough for the few hundred kilometres an operation covers.
Circles are geodesic (every point ``radius_km`` from the centre on the sphere).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from peaceops.errors import PeaceopsError

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # along a meridian
MAX_LAT = 85.0


class MapUnavailableError(PeaceopsError):
    """Nothing to draw: the operation has no area points and its host is not on the map."""


@dataclass(frozen=True)
class Place:
    """One entry of an operation's ``area``; ``number`` is its label on the map (None when not drawn)."""

    number: int | None
    name: str
    lat: float | None
    lon: float | None
    radius_km: float | None
    admin: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def drawn(self) -> bool:
        return self.number is not None


def area_places(op) -> list[Place]:
    """The operation's area entries in registry order; those with a point are numbered 1, 2, ..."""
    places = []
    number = 0
    for entry in op.area:
        drawn = entry.lat is not None and entry.lon is not None
        if drawn:
            number += 1
        places.append(
            Place(
                number if drawn else None,
                entry.name,
                entry.lat,
                entry.lon,
                entry.radius_km,
                tuple(entry.admin),
                tuple(entry.sources),
            )
        )
    return places


def circle(lat: float, lon: float, radius_km: float, steps: int = 72) -> list[tuple[float, float]]:
    """A geodesic circle as (lon, lat) positions, closed."""
    phi1, lam1 = math.radians(lat), math.radians(lon)
    delta = radius_km / EARTH_RADIUS_KM
    ring = []
    for i in range(steps + 1):
        theta = 2 * math.pi * i / steps
        phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
        lam2 = lam1 + math.atan2(
            math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
        )
        ring.append((math.degrees(lam2), math.degrees(phi2)))
    return ring


def place_bbox(place: Place) -> tuple[float, float, float, float]:
    """lon_min, lat_min, lon_max, lat_max of a place's circle (the point alone when it has no radius)."""
    if not place.radius_km:
        return place.lon, place.lat, place.lon, place.lat
    ring = circle(place.lat, place.lon, place.radius_km)
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


@dataclass(frozen=True)
class Frame:
    """A lon/lat box drawn onto a ``width`` x ``height`` canvas."""

    lon_min: float
    lat_min: float
    lon_max: float
    lat_max: float
    width: float
    height: float

    @property
    def k(self) -> float:
        """Longitude scale: cos of the middle latitude."""
        return math.cos(math.radians((self.lat_min + self.lat_max) / 2))

    @property
    def scale(self) -> float:
        """Canvas units per degree of latitude."""
        return self.height / (self.lat_max - self.lat_min)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon_min) * self.k * self.scale, (self.lat_max - lat) * self.scale

    @property
    def km_per_unit(self) -> float:
        return KM_PER_DEGREE / self.scale


def fit_frame(
    boxes: list[tuple[float, float, float, float]],
    width: float,
    height: float,
    *,
    margin: float = 0.15,
    min_span_deg: float = 3.0,
) -> Frame:
    """The smallest frame with the canvas's aspect ratio holding every box, plus a margin on each side."""
    lon_min = min(b[0] for b in boxes)
    lat_min = min(b[1] for b in boxes)
    lon_max = max(b[2] for b in boxes)
    lat_max = max(b[3] for b in boxes)
    lat_mid = (lat_min + lat_max) / 2
    k = math.cos(math.radians(lat_mid))
    lon_mid = (lon_min + lon_max) / 2
    # spans in "latitude degrees" (projected units before scaling)
    span_x = max((lon_max - lon_min) * k, min_span_deg) * (1 + 2 * margin)
    span_y = max(lat_max - lat_min, min_span_deg) * (1 + 2 * margin)
    aspect = width / height
    if span_x / span_y > aspect:
        span_y = span_x / aspect
    else:
        span_x = span_y * aspect
    top = min(lat_mid + span_y / 2, MAX_LAT)
    bottom = max(top - span_y, -MAX_LAT)
    top = bottom + span_y
    half_lon = span_x / k / 2
    return Frame(lon_mid - half_lon, bottom, lon_mid + half_lon, top, width, height)


def clip_ring(ring: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of a projected ring to a rectangle (edges on the border are harmless for fills)."""

    def clip(points, inside, cross):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    for inside, cross in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        if not points:
            break
        points = clip(points, inside, cross)
    return points


def ring_area_centroid(points: list[tuple[float, float]]) -> tuple[float, tuple[float, float] | None]:
    """Absolute area and centroid of a (projected) ring by the shoelace formula."""
    area = cx = cy = 0.0
    for i, (x0, y0) in enumerate(points):
        x1, y1 = points[(i + 1) % len(points)]
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        return 0.0, None
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def nice_step(span: float, target: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``target`` intervals over ``span``."""
    raw = span / target
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power
