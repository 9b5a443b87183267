"""Where and when each operation was: the small tables the linkage joins events against.

Built in Python from the registry (``Operation.area``: points with a radius,
admin names; ``start``/``end``) and, for UN operations, from Geo-PKO
deployment locations. These tables hold a few thousand rows at most; the
events (millions) stay in Parquet and are joined in the backend.

Spatial join by grid cells: every point area is expanded to the 1°×1° cells
its circle touches, events get the cell they fall in, the backend joins on
the cell (a hash join on both DuckDB and Spark), and the haversine distance
is computed in the query to keep only events inside the radius.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from peaceops.events.names import admin_key
from peaceops.events.reference import load_reference, reference_path

if TYPE_CHECKING:
    from peaceops.events.thresholds import LinkageSettings

EARTH_RADIUS_KM = 6371.0088
FAR_FUTURE = dt.date(9999, 12, 31)
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


@dataclass
class AreaTables:
    """The operations to link, their windows, point areas (by cell) and admin areas."""

    windows: pd.DataFrame  # op_id, start_date, end_date, window_start, window_end
    points: pd.DataFrame  # op_id, area, origin, lat, lon, radius_km
    admins: pd.DataFrame  # op_id, area, origin, admin_key
    unlinked: dict[str, str] = field(default_factory=dict)  # op_id -> why it has no area or window

    def point_cells(self) -> pd.DataFrame:
        """Points joined with their windows and expanded to the grid cells they touch."""
        rows = []
        for point in self.points.itertuples(index=False):
            for cell_lat, cell_lon in cells_touched(point.lat, point.lon, point.radius_km):
                rows.append(
                    (point.op_id, point.area, point.origin, point.lat, point.lon, point.radius_km, cell_lat, cell_lon)
                )
        cells = pd.DataFrame(
            rows, columns=["op_id", "area", "origin", "area_lat", "area_lon", "radius_km", "cell_lat", "cell_lon"]
        )
        cells = cells.astype(
            {
                "cell_lat": "int32",
                "cell_lon": "int32",
                "area_lat": "float64",
                "area_lon": "float64",
                "radius_km": "float64",
            }
        )
        return cells.merge(self.windows, on="op_id")

    def admin_rows(self) -> pd.DataFrame:
        return self.admins.merge(self.windows, on="op_id")

    def span(self) -> tuple[dt.date, dt.date] | None:
        """(first, last) day of the union of the windows of the operations with an area, or None without any."""
        with_area = set(self.points.op_id) | set(self.admins.op_id)
        mine = self.windows[self.windows.op_id.isin(with_area)]
        if mine.empty:
            return None
        return _as_date(mine.window_start.min()), _as_date(mine.window_end.max())

    def area_summary(self, op_id: str) -> dict:
        pts = self.points[self.points.op_id == op_id]
        adm = self.admins[self.admins.op_id == op_id]
        return {
            "registry_points": int((pts.origin == "registry").sum()),
            "geopko_locations": int((pts.origin == "geopko").sum()),
            "admin_areas": sorted(set(adm.area)),
        }


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def cells_touched(lat: float, lon: float, radius_km: float) -> list[tuple[int, int]]:
    """The 1° cells (floor(lat), floor(lon)) a circle may touch; longitudes wrap at ±180."""
    dlat = radius_km / KM_PER_DEGREE
    lat_lo, lat_hi = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(lat_lo), abs(lat_hi))
    if widest >= 89.0:
        lons = range(-180, 181)
    else:
        dlon = min(180.0, dlat / math.cos(math.radians(widest)))
        lons = range(math.floor(lon - dlon), math.floor(lon + dlon) + 1)
    out = set()
    for cell_lat in range(math.floor(lat_lo), math.floor(lat_hi) + 1):
        for cell_lon in lons:
            wrapped = (cell_lon + 180) % 360 - 180
            out.add((cell_lat, wrapped))
            if wrapped == -180:
                out.add((cell_lat, 180))  # an event at exactly 180°E floors to 180
    return sorted(out)


def operation_windows(ops, settings: LinkageSettings) -> tuple[pd.DataFrame, dict[str, str]]:
    """Start and end of deployment, and the linkage window in whole calendar years.

    The window runs from 1 January ``before_years`` before the start year to
    31 December ``after_years`` after the end year (open while active), so
    yearly figures at its edges are complete.
    """
    rows, skipped = [], {}
    for op in ops:
        if op.start is None:
            skipped[op.id] = "never deployed (no start date)"
            continue
        start = op.start.date.earliest()
        end = op.end.date.latest() if op.end is not None else FAR_FUTURE
        window_start = dt.date(start.year - settings.before_years, 1, 1)
        window_end = FAR_FUTURE if end == FAR_FUTURE else dt.date(min(end.year + settings.after_years, 9999), 12, 31)
        rows.append((op.id, start, end, window_start, window_end))
    frame = pd.DataFrame(rows, columns=["op_id", "start_date", "end_date", "window_start", "window_end"])
    return frame, skipped


def mission_index(registry) -> dict[str, list]:
    """Geo-PKO mission acronym -> registry operations it may be.

    UN operations by their acronym and English aliases; then the table in
    events/reference.yaml of the registry's data directory, else the shipped one (only ids present in the registry).
    """
    index: dict[str, list] = {}
    for op in registry:
        if op.kind != "un":
            continue
        for name in {op.acronym or "", *op.aliases.en}:
            key = " ".join(name.upper().split())
            if key:
                index.setdefault(key, []).append(op)
    for mission, ids in load_reference(reference_path(registry.data_dir)).geopko_missions.items():
        for op_id in ids:
            if op_id in registry.operations:
                ops = index.setdefault(" ".join(mission.upper().split()), [])
                if registry.operations[op_id] not in ops:
                    ops.append(registry.operations[op_id])
    return index


def _active_in_year(op, year: int) -> bool:
    if op.start is None:
        return False
    first = op.start.date.earliest().year
    last = op.end.date.latest().year if op.end is not None else 9999
    return first <= year <= last


def geopko_points(deployments: pd.DataFrame, registry, op_ids: set[str], radius_km: float) -> pd.DataFrame:
    """Distinct Geo-PKO locations of the operations in ``op_ids``, as point areas of ``radius_km``.

    A mission acronym naming several operations is resolved by the year of
    each deployment row (the operation deployed that year).
    """
    columns = ["op_id", "area", "origin", "lat", "lon", "radius_km"]
    if deployments is None or deployments.empty:
        return pd.DataFrame(columns=columns)
    index = mission_index(registry)
    rows = set()
    for (mission, year), group in deployments.groupby(["mission", "year"], sort=False):
        candidates = index.get(mission, [])
        if len(candidates) > 1:
            candidates = [op for op in candidates if _active_in_year(op, int(year))]
        for op in candidates:
            if op.id not in op_ids:
                continue
            for loc in group.itertuples(index=False):
                rows.add(
                    (
                        op.id,
                        f"Geo-PKO {mission}: {loc.location}",
                        "geopko",
                        round(loc.latitude, 4),
                        round(loc.longitude, 4),
                        float(radius_km),
                    )
                )
    return pd.DataFrame(sorted(rows), columns=columns)


def build_areas(registry, ops, settings: LinkageSettings, deployments: pd.DataFrame | None = None) -> AreaTables:
    """The area tables for ``ops`` (Operation objects of ``registry``)."""
    windows, unlinked = operation_windows(ops, settings)
    linkable = set(windows.op_id)
    points, admins = [], []
    for op in ops:
        if op.id not in linkable:
            continue
        for place in op.area:
            if place.lat is not None and place.radius_km is not None:
                points.append((op.id, place.name, "registry", place.lat, place.lon, float(place.radius_km)))
            for name in place.admin:
                key = admin_key(name)
                if key:
                    admins.append((op.id, name, "registry", key))
    point_frame = pd.DataFrame(points, columns=["op_id", "area", "origin", "lat", "lon", "radius_km"])
    geo = geopko_points(deployments, registry, linkable, settings.geopko_radius_km)
    if not geo.empty:
        point_frame = geo if point_frame.empty else pd.concat([point_frame, geo], ignore_index=True)
    admin_frame = pd.DataFrame(admins, columns=["op_id", "area", "origin", "admin_key"]).drop_duplicates(
        ["op_id", "admin_key"]
    )
    for op_id in linkable:
        if not (point_frame.op_id == op_id).any() and not (admin_frame.op_id == op_id).any():
            unlinked[op_id] = (
                "no area: the registry gives no point with a radius or admin area, and Geo-PKO has no locations for it"
            )
    return AreaTables(windows=windows, points=point_frame, admins=admin_frame, unlinked=unlinked)
