"""The normalised tables written to Parquet: events and deployments.

Every reader turns its dataset's rows into these columns; the original row is
kept as a JSON string in ``raw`` so nothing the dataset said is lost. The
descriptions below are the data dictionary of ``docs/events.md``.
"""

from __future__ import annotations

import pyarrow as pa

DATE_PRECISIONS = ("day", "week", "month", "year")
"""How exactly the event's date is known; ``date_start``..``date_end`` is the interval."""

LOCATION_PRECISIONS = ("exact", "near", "city", "admin2", "admin1", "region", "country", "international", "unknown")

EVENT_COLUMNS: list[tuple[str, pa.DataType, str]] = [
    (
        "event_uid",
        pa.string(),
        "Stable id: '<dataset>:<original id>', or '<dataset>:<file sha256[:12]>:<line>' when the row has no id.",
    ),
    (
        "dataset",
        pa.string(),
        "ucdp-ged, acled, gdelt1 or gdelt2 (GDELT rows are labelled by their width, not by the file).",
    ),
    (
        "original_id",
        pa.string(),
        "The dataset's own event id (UCDP id, ACLED event_id_cnty, GDELT GlobalEventID); null when the export has "
        "none.",
    ),
    ("source_file", pa.string(), "Name of the file the row came from."),
    ("source_line", pa.int64(), "Line of the file where the row starts (1 = first line)."),
    ("date_start", pa.date32(), "First day the event may have happened on."),
    ("date_end", pa.date32(), "Last day the event may have happened on (equal to date_start when known to the day)."),
    (
        "date_precision",
        pa.string(),
        "day, week, month or year: how exactly the dataset knows the date. Year-only exports stay 'year'.",
    ),
    ("year", pa.int16(), "Year of date_start."),
    ("month", pa.int8(), "Month of date_start, null when only the year is known."),
    ("latitude", pa.float64(), "Latitude (WGS84); null when the dataset gives no location."),
    ("longitude", pa.float64(), "Longitude (WGS84); null when the dataset gives no location."),
    (
        "location_precision",
        pa.string(),
        "exact, near, city, admin2, admin1, region, country, international or unknown.",
    ),
    ("location_name", pa.string(), "Place name as the dataset gives it."),
    ("country", pa.string(), "Country name (UCDP, ACLED) or FIPS code (GDELT) as the dataset gives it."),
    ("admin1", pa.string(), "First-level administrative area as the dataset gives it."),
    (
        "admin1_key",
        pa.string(),
        "admin1 folded for matching registry admin areas (see peaceops.events.names.admin_key).",
    ),
    (
        "map_country",
        pa.string(),
        "Country the coordinates fall in on the vendored Natural Earth 1:110m map (peaceops.maps.locate), computed "
        "at load for every dataset (a point on a simplified coast takes the nearest country within about 55 km); null "
        "without coordinates or far at sea. Used to keep linkage within the host state.",
    ),
    (
        "conflict_id",
        pa.int64(),
        "UCDP conflict_new_id (full and Candidate layouts); null for other datasets and reduced exports.",
    ),
    ("conflict_name", pa.string(), "UCDP conflict_name, e.g. 'Israel: Palestine'; null where conflict_id is."),
    ("side_a", pa.string(), "First actor or side (UCDP side_a, ACLED actor1, GDELT Actor1Name)."),
    ("side_b", pa.string(), "Second actor or side (UCDP side_b, ACLED actor2, GDELT Actor2Name)."),
    (
        "violence_type",
        pa.string(),
        "UCDP: state-based, non-state, one-sided; ACLED: the event_type in lower case; GDELT: the CAMEO root label.",
    ),
    (
        "violent",
        pa.bool_(),
        "True when the event is violence (all UCDP events; ACLED battles, violence against civilians, explosions, "
        "riots; CAMEO roots 18-20).",
    ),
    (
        "fatalities_best",
        pa.int64(),
        "Best estimate of deaths (UCDP best, ACLED fatalities); null when the dataset does not count deaths.",
    ),
    ("fatalities_low", pa.int64(), "Low estimate of deaths (UCDP low); null when not given."),
    ("fatalities_high", pa.int64(), "High estimate of deaths (UCDP high); null when not given."),
    ("deaths_civilians", pa.int64(), "Civilian deaths (UCDP deaths_civilians); null when not given."),
    (
        "peacekeepers_involved",
        pa.bool_(),
        "True when the data says peacekeepers were involved (GDELT CAMEO peacekeeping codes, actor names); null when "
        "the data cannot say.",
    ),
    ("raw", pa.string(), "The original row as a JSON object of column name to text."),
]
EVENT_SCHEMA = pa.schema([pa.field(name, dtype) for name, dtype, _ in EVENT_COLUMNS])

DEPLOYMENT_COLUMNS: list[tuple[str, pa.DataType, str]] = [
    ("mission", pa.string(), "Geo-PKO mission acronym, upper case, spaces trimmed (e.g. UNOMIG, UNAVEM III)."),
    ("year", pa.int16(), "Year of the deployment map."),
    ("month", pa.int8(), "Month of the map (v1.x layout); null in v2.3, which is yearly."),
    ("country", pa.string(), "Country of the location."),
    ("location", pa.string(), "Deployment location name."),
    ("latitude", pa.float64(), "Latitude (WGS84) of the location."),
    ("longitude", pa.float64(), "Longitude (WGS84) of the location."),
    ("troops", pa.int64(), "Troops at the location (v2.3 NoTroops, v1.x No.troops); null when not given."),
    ("hq", pa.int64(), "Geo-PKO headquarters code (0 none, 1 sector, 2 regional, 3 mission HQ); null when not given."),
    ("layout", pa.string(), "Geo-PKO layout the row came from: v2.3 or v1.x."),
    ("source_file", pa.string(), "Name of the file the row came from."),
    ("source_line", pa.int64(), "Line of the file where the row starts."),
    ("raw", pa.string(), "The original row as a JSON object."),
]
DEPLOYMENT_SCHEMA = pa.schema([pa.field(name, dtype) for name, dtype, _ in DEPLOYMENT_COLUMNS])
