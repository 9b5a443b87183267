"""Which country a point falls in, on the vendored Natural Earth 1:110m map.

Used when events are loaded, to record the country each event's coordinates fall in, so that linkage can keep an
operation's own host state apart from its neighbours (UNMOT in Tajikistan and the war across the river in
Afghanistan). matplotlib's ``Path.contains_points`` does the point-in-polygon test (vectorised; matplotlib is
already a dependency for the charts), after a bounding-box filter per country.

The 1:110m map is coarse: borders are off by a few kilometres and small islands and coasts are simplified, so a
point near a border may fall on the wrong side, and a point on a coast may fall in no country. A point in no
country is returned as None, and linkage keeps such events rather than dropping them: the map never removes what
it cannot place.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from peaceops.maps.world import world


@lru_cache(maxsize=1)
def _shapes():
    """(name, bbox, [(outer path, [hole paths])]) per country of the map, built once per process."""
    from matplotlib.path import Path  # heavy: matplotlib, loaded on first use

    shapes = []
    for country in world().countries:
        parts = [
            (Path(np.asarray(poly[0])), [Path(np.asarray(hole)) for hole in poly[1:]]) for poly in country.polygons
        ]
        shapes.append((country.name, country.bbox, parts))
    return tuple(shapes)


NEAR_STEPS_DEG = (0.1, 0.25, 0.5)
"""Rings of offsets tried, nearest first, for a point the map places in no country (about 11, 28 and 55 km)."""
DIRECTIONS = tuple((np.cos(a), np.sin(a)) for a in np.linspace(0, 2 * np.pi, 8, endpoint=False))


def countries_at(lats, lons) -> np.ndarray:
    """The map's country name for each (lat, lon) point; None where not given or no country is near.

    A point inside no country (a simplified coast, or a territory too small for the map such as the Gaza Strip)
    takes the country most of its neighbours fall in, on the nearest ring of offsets (``NEAR_STEPS_DEG``) that
    meets any country.
    """
    lat = np.asarray(lats, dtype="float64")
    lon = np.asarray(lons, dtype="float64")
    out = _contained(lat, lon)
    for step in NEAR_STEPS_DEG:
        todo = np.flatnonzero((out == None) & ~(np.isnan(lat) | np.isnan(lon)))  # noqa: E711
        if not len(todo):
            break
        votes = np.stack([_contained(lat[todo] + dy * step, lon[todo] + dx * step) for dx, dy in DIRECTIONS], axis=1)
        for row, point in zip(votes, todo, strict=True):
            names = [name for name in row if name is not None]
            if names:
                out[point] = max(sorted(set(names)), key=names.count)
    return out


def _contained(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The country each point lies inside (holes respected), None where it lies in none."""
    out = np.full(lat.shape, None, dtype=object)
    known = ~(np.isnan(lat) | np.isnan(lon))
    if not known.any():
        return out
    for name, (lon_min, lat_min, lon_max, lat_max), parts in _shapes():
        candidates = known & (out == None) & (lat >= lat_min) & (lat <= lat_max) & (lon >= lon_min) & (lon <= lon_max)  # noqa: E711
        if not candidates.any():
            continue
        index = np.flatnonzero(candidates)
        points = np.column_stack([lon[index], lat[index]])
        inside = np.zeros(len(index), dtype=bool)
        for outer, holes in parts:
            hit = outer.contains_points(points)
            for hole in holes:
                hit &= ~hole.contains_points(points)
            inside |= hit
        out[index[inside]] = name
    return out


def country_name(name: str | None) -> str | None:
    """The map's name for a registry host state (aliases such as 'Bosnia and Herzegovina' resolved), or None."""
    if not name:
        return None
    found = world().find(name)
    return found.name if found else None
