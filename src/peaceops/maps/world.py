"""The vendored Natural Earth 1:110m countries, decoded from TopoJSON in plain Python.

TopoJSON stores each shared border once, as an *arc* of quantized,
delta-encoded positions; a polygon ring is a list of arc indexes (``~i``, i.e.
``-1 - i``, means arc ``i`` reversed). Decoding is a few lines, so no GIS
library is needed. See README.md beside this file for origin and licence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from peaceops.errors import PeaceopsError
from peaceops.textnorm import normalise

MAP_FILE = "countries-110m.json"
ATTRIBUTION = "Natural Earth 1:110m (public domain), via world-atlas 2.0.2"

Ring = list[tuple[float, float]]  # (lon, lat) positions, closed
Polygon = list[Ring]  # outer ring first, then holes

# How registry host names differ from Natural Earth's short names (normalised keys).
ALIASES = {
    "bosnia and herzegovina": "Bosnia and Herz.",
    "central african republic": "Central African Rep.",
    "democratic republic of the congo": "Dem. Rep. Congo",
    "dr congo": "Dem. Rep. Congo",
    "republic of the congo": "Congo",
    "dominican republic": "Dominican Rep.",
    "equatorial guinea": "Eq. Guinea",
    "south sudan": "S. Sudan",
    "western sahara": "W. Sahara",
    "north macedonia": "Macedonia",
    "former yugoslav republic of macedonia": "Macedonia",
    "east timor": "Timor-Leste",
    "czech republic": "Czechia",
    "ivory coast": "Côte d'Ivoire",
    "swaziland": "eSwatini",
    "eswatini": "eSwatini",
    "northern cyprus": "N. Cyprus",
    "united states": "United States of America",
    "usa": "United States of America",
    "russian federation": "Russia",
    "solomon islands": "Solomon Is.",
    "falkland islands": "Falkland Is.",
    "state of palestine": "Palestine",
    # UCDP GED country names, with the former name in brackets (keys as textnorm.normalise gives them)
    "dr congo zaire": "Dem. Rep. Congo",
    "serbia yugoslavia": "Serbia",
    "cambodia kampuchea": "Cambodia",
    "bosnia herzegovina": "Bosnia and Herz.",
    "myanmar burma": "Myanmar",
    "russia soviet union": "Russia",
    "yemen north yemen": "Yemen",
    "zimbabwe rhodesia": "Zimbabwe",
    "madagascar malagasy": "Madagascar",
    "macedonia fyr": "Macedonia",
    "kingdom of eswatini swaziland": "eSwatini",
    "democratic republic of congo": "Dem. Rep. Congo",
}


class MapDataError(PeaceopsError):
    """The vendored world map cannot be read."""


@dataclass(frozen=True)
class Country:
    name: str
    iso_numeric: str | None
    polygons: tuple[Polygon, ...]
    bbox: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


@dataclass(frozen=True)
class World:
    countries: tuple[Country, ...]

    def find(self, name: str) -> Country | None:
        """The country named ``name`` (Natural Earth name, a registry spelling or an alias), or None."""
        key = normalise(name)
        wanted = normalise(ALIASES.get(key, name))
        for country in self.countries:
            if normalise(country.name) == wanted:
                return country
        return None

    def in_box(self, lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> list[Country]:
        """Countries whose bounding box meets the given box."""
        return [
            c
            for c in self.countries
            if c.bbox[0] <= lon_max and c.bbox[2] >= lon_min and c.bbox[1] <= lat_max and c.bbox[3] >= lat_min
        ]


@lru_cache(maxsize=1)
def world() -> World:
    """The decoded countries of the vendored map (read once per process)."""
    try:
        text = resources.files("peaceops.maps").joinpath(MAP_FILE).read_text(encoding="utf-8")
        topology = json.loads(text)
    except (OSError, ValueError) as exc:
        raise MapDataError(
            f"cannot read the world map {MAP_FILE} in peaceops/maps ({exc}); reinstall peaceops"
        ) from exc
    return World(tuple(decode_countries(topology)))


def decode_countries(topology: dict) -> list[Country]:
    """Countries of a TopoJSON topology's ``countries`` object, as lon/lat polygons."""
    arcs = _decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [_polygon(geometry["arcs"], arcs)]
        elif kind == "MultiPolygon":
            polygons = [_polygon(p, arcs) for p in geometry["arcs"]]
        else:
            continue
        points = [pt for polygon in polygons for pt in polygon[0]]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        out.append(
            Country(
                geometry["properties"]["name"],
                geometry.get("id"),
                tuple(polygons),
                (min(lons), min(lats), max(lons), max(lats)),
            )
        )
    return out


def _decode_arcs(topology: dict) -> list[Ring]:
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            ring = []
            for dx, dy in arc:
                x += dx
                y += dy
                ring.append((x * sx + tx, y * sy + ty))
        else:
            ring = [(float(p[0]), float(p[1])) for p in arc]
        decoded.append(ring)
    return decoded


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])  # consecutive arcs share their end point
    return ring


def _polygon(rings: list[list[int]], arcs: list[Ring]) -> Polygon:
    return [_ring(r, arcs) for r in rings]
