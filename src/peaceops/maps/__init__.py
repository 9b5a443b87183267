"""Maps of an operation's area from an offline world map (Natural Earth 1:110m, vendored).

    >>> from peaceops import registry, maps
    >>> op = registry.load().get("kosovo-kfor-1999")
    >>> svg = maps.area_svg(op, width=640, height=420)     # a self-contained <svg> string
    >>> [(p.number, p.name) for p in maps.area_places(op)]  # the legend for the numbered points

Reports and the web application draw with the same functions, so a map looks
the same everywhere. Nothing here needs a GIS library or the network.
"""

from __future__ import annotations

from peaceops.maps.geometry import Frame, MapUnavailableError, Place, area_places
from peaceops.maps.svg import area_frame, area_svg, host_countries
from peaceops.maps.world import ATTRIBUTION, Country, MapDataError, World, world

__all__ = [
    "area_svg",
    "area_places",
    "area_frame",
    "host_countries",
    "world",
    "Place",
    "Frame",
    "Country",
    "World",
    "ATTRIBUTION",
    "MapUnavailableError",
    "MapDataError",
]
