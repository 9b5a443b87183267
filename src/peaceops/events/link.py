"""Linking events to operations in space and time, written once as Ibis expressions.

An event is linked to an operation when it lies within the radius of one of
the operation's points (registry areas, Geo-PKO locations; haversine distance
computed in the query) or in one of its admin areas, and its dates fall in
the operation's window: from 1 January ``before_years`` before the year the
deployment starts to 31 December ``after_years`` after the year it ends (open
while active). Each linked event
gets a phase:

| phase      | the event's date interval [date_start, date_end] ... |
|------------|-------------------------------------------------------|
| before     | ends before the deployment starts                     |
| during     | lies within the deployment                            |
| after      | starts after the deployment ends                      |
| transition | crosses the start or the end (coarse dates, e.g. a year-only event in the year of deployment) |

An event near several points of one operation is linked once, at its
smallest distance. Nothing here depends on the backend: the expressions run
unchanged on DuckDB and Spark.
"""

from __future__ import annotations

import datetime as dt

from peaceops.events.areas import EARTH_RADIUS_KM, KM_PER_DEGREE, AreaTables

EVENT_FIELDS = (
    "event_uid",
    "dataset",
    "date_start",
    "date_end",
    "date_precision",
    "year",
    "month",
    "violence_type",
    "violent",
    "map_country",
    "conflict_id",
    "conflict_name",
    "side_a",
    "side_b",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "deaths_civilians",
    "peacekeepers_involved",
)


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between two points given in degrees (Ibis numeric expressions)."""
    dlat = (lat2 - lat1).radians()
    dlon = (lon2 - lon1).radians()
    a = (dlat / 2).sin() ** 2 + lat1.radians().cos() * lat2.radians().cos() * (dlon / 2).sin() ** 2
    return 2 * EARTH_RADIUS_KM * a.sqrt().clip(upper=1.0).asin()


def _window_tables(areas: AreaTables):
    import ibis  # heavy: ibis, loaded on first use

    date_cols = ("start_date", "end_date", "window_start", "window_end")
    cells = areas.point_cells()
    # A point's circle reaches no further north or south than radius / km-per-degree (a great-circle distance is at
    # least its meridional part): a cheap bound tried before the haversine, widened by 1e-9 so that rounding can
    # never leave out an event the haversine keeps.
    cells["lat_reach"] = cells.radius_km / KM_PER_DEGREE * (1 + 1e-9)
    admins = areas.admin_rows()
    cells_t = ibis.memtable(cells).mutate(**{c: ibis._[c].cast("date") for c in date_cols})
    admins_t = ibis.memtable(admins).mutate(**{c: ibis._[c].cast("date") for c in date_cols})
    return cells_t, admins_t, cells, admins


def _phase(ev):
    import ibis  # heavy: ibis, loaded on first use

    return ibis.cases(
        (ev.date_end < ev.start_date, "before"),
        ((ev.date_start >= ev.start_date) & (ev.date_end <= ev.end_date), "during"),
        (ev.date_start > ev.end_date, "after"),
        else_="transition",
    )


def _in_dates(ev, rows):
    """Events that meet the union of the windows of ``rows`` (a filter the engines push into the Parquet scan)."""
    first, last = _day(rows.window_start.min()), _day(rows.window_end.max())
    return (ev.date_end >= first) & (ev.date_start <= last)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def linked_events(events, areas: AreaTables):
    """One row per (operation, event) linked: the event's fields, its phase and distance (null for admin matches).

    ``events`` is an Ibis table in the normalised event schema (read from the
    workspace's Parquet); ``areas`` comes from :func:`peaceops.events.areas.build_areas`.
    """
    import ibis  # heavy: ibis, loaded on first use

    cells_t, admins_t, cells, admins = _window_tables(areas)
    ev = events.select(*EVENT_FIELDS, "latitude", "longitude", "admin1_key")
    parts = []
    if not cells.empty:
        # Before the join, the filters a Parquet scan can apply itself: the union of the windows and the box of
        # the cells (floor(latitude) between the lowest and highest cell: exactly the cells' rows and columns).
        located = ev.filter(
            _in_dates(ev, cells),
            ev.latitude >= int(cells.cell_lat.min()),
            ev.latitude < int(cells.cell_lat.max()) + 1,
            ev.longitude >= int(cells.cell_lon.min()),
            ev.longitude < int(cells.cell_lon.max()) + 1,
        )
        located = located.mutate(
            cell_lat=located.latitude.floor().cast("int32"), cell_lon=located.longitude.floor().cast("int32")
        )
        joined = located.join(
            cells_t,
            [
                located.cell_lat == cells_t.cell_lat,
                located.cell_lon == cells_t.cell_lon,
                located.date_end >= cells_t.window_start,
                located.date_start <= cells_t.window_end,
                (located.latitude - cells_t.area_lat).abs() <= cells_t.lat_reach,
            ],
        )
        joined = joined.mutate(
            distance_km=haversine_km(joined.latitude, joined.longitude, joined.area_lat, joined.area_lon)
        )
        joined = joined.filter(joined.distance_km <= joined.radius_km)
        parts.append(joined.select("op_id", *EVENT_FIELDS, "start_date", "end_date", "distance_km"))
    if not admins.empty:
        named = ev.filter(ev.admin1_key.notnull(), _in_dates(ev, admins))
        joined = named.join(admins_t, named.admin1_key == admins_t.admin_key)
        joined = joined.filter((joined.date_end >= joined.window_start) & (joined.date_start <= joined.window_end))
        parts.append(
            joined.select("op_id", *EVENT_FIELDS, "start_date", "end_date", distance_km=ibis.null().cast("float64"))
        )
    if not parts:
        return None
    matches = parts[0] if len(parts) == 1 else parts[0].union(parts[1], distinct=False)
    # An event near several points of one operation: once, at its smallest distance; the phase (from the event's
    # and the operation's dates alone) is worked out after, once per linked event.
    keep = [f for f in EVENT_FIELDS if f != "event_uid"] + ["start_date", "end_date"]
    linked = matches.group_by(["op_id", "event_uid"]).aggregate(
        **{f: matches[f].arbitrary() for f in keep}, distance_km=matches.distance_km.min()
    )
    return linked.select("op_id", "event_uid", *keep[:-2], phase=_phase(linked), distance_km=linked.distance_km)
