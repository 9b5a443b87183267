"""ACLED exports (Armed Conflict Location & Event Data; Raleigh et al. 2010), current and older layouts.

Current exports carry ``disorder_type`` and ``civilian_targeting``; older ones
carry ``data_id``, ``event_id_no_cnty`` and ``iso3`` instead. Dates come as
ISO (``2023-05-14``) or written out (``14 May 2023``, ``14-May-2023``).
ACLED's terms forbid redistributing its rows, so peaceops ships none.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pandas as pd

from peaceops.events.errors import EventFileError
from peaceops.events.formats import _common as c
from peaceops.events.formats._text import csv_batches, open_text
from peaceops.events.schema import EVENT_SCHEMA

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

    from peaceops.events.formats.base import LoadContext

REQUIRED = ("event_date", "latitude", "longitude", "event_type", "fatalities")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y")
TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
GEO_PRECISION = {1: "exact", 2: "near", 3: "admin1"}
ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")


class AcledReader:
    name = "acled"
    kind = "events"

    def sniff(self, first_line: str) -> bool:
        header = {h.strip().lower() for h in next(csv.reader([first_line]), [])}
        return "event_id_cnty" in header or ("event_date" in header and "actor1" in header)

    def tables(self, ctx: LoadContext) -> Iterator[pa.Table]:
        with open_text(ctx.path) as handle:
            started = False
            for batch in csv_batches(handle, ctx.chunk_rows, ctx.rejects):
                df = c.frame(batch)
                df.columns = [col.lower() for col in df.columns]
                if not started:
                    self._check_header(list(df.columns), ctx)
                    started = True
                out, reason = self.normalise(df, batch.lines, ctx)
                yield c.finish(out, reason, batch, EVENT_SCHEMA, ctx.rejects)

    @staticmethod
    def _check_header(columns: list[str], ctx: LoadContext) -> None:
        missing = [col for col in REQUIRED if col not in columns]
        if missing or not ({"event_id_cnty", "data_id"} & set(columns)):
            need = missing + ([] if {"event_id_cnty", "data_id"} & set(columns) else ["event_id_cnty (or data_id)"])
            raise EventFileError(
                f"{ctx.path}: an ACLED export needs the columns {', '.join(need)}; found {', '.join(columns)}"
            )
        layout = "current" if "disorder_type" in columns else "older"
        ctx.notes.append(f"ACLED {layout} layout")

    @staticmethod
    def normalise(df: pd.DataFrame, lines: list[int], ctx: LoadContext) -> tuple[pd.DataFrame, pd.Series]:
        index = df.index
        reason = pd.Series(None, index=index, dtype=object)
        out = pd.DataFrame(index=index)
        out["dataset"] = "acled"

        day = c.dates(c.column(df, "event_date"), DATE_FORMATS)
        reason = c.add_reason(reason, day.isna(), "event_date is not a date (YYYY-MM-DD or '14 May 2023')")
        prec_code, bad_prec = c.integer(c.column(df, "time_precision"))
        reason = c.add_reason(
            reason,
            bad_prec | (prec_code.notna() & ~prec_code.isin(list(TIME_PRECISION))).fillna(False),
            "time_precision is not 1, 2 or 3",
        )
        precision = prec_code.map(TIME_PRECISION).astype(object).where(prec_code.notna(), "day")
        by_month = precision == "month"
        start = day.where(~by_month, day.dt.to_period("M").dt.start_time)
        end = day.where(~by_month, day.dt.to_period("M").dt.end_time.dt.normalize())
        out["date_start"], out["date_end"], out["date_precision"] = start, end, precision
        out["year"] = start.dt.year.astype("Int64")
        out["month"] = start.dt.month.astype("Int64")

        lat, bad_lat = c.number(c.column(df, "latitude"))
        lon, bad_lon = c.number(c.column(df, "longitude"))
        reason = c.add_reason(reason, bad_lat | (lat.abs() > 90), "latitude is not a number in [-90, 90]")
        reason = c.add_reason(reason, bad_lon | (lon.abs() > 180), "longitude is not a number in [-180, 180]")
        out["latitude"], out["longitude"] = lat, lon
        geo, _ = c.integer(c.column(df, "geo_precision"))
        out["location_precision"] = geo.map(GEO_PRECISION).astype(object).where(geo.notna(), "unknown")
        out["location_name"] = c.text(c.column(df, "location"))
        out["country"] = c.text(c.column(df, "country"))
        out["admin1"] = c.text(c.column(df, "admin1"))
        out["admin1_key"] = c.admin_keys(out["admin1"])
        out["side_a"] = c.text(c.column(df, "actor1"))
        out["side_b"] = c.text(c.column(df, "actor2"))
        event_type = c.text(c.column(df, "event_type"))
        out["violence_type"] = event_type.where(event_type.isna(), event_type.astype(str).str.lower())
        out["violent"] = out["violence_type"].isin(ctx.reference.acled_violent_event_types)

        fatalities, bad = c.integer(c.column(df, "fatalities"))
        reason = c.add_reason(reason, bad | (fatalities < 0).fillna(False), "fatalities is not a whole number >= 0")
        out["fatalities_best"] = fatalities

        actors = pd.Series("", index=index, dtype=object)
        for name in ACTOR_COLUMNS:
            actors = actors + " | " + c.column(df, name).fillna("")
        out["peacekeepers_involved"] = actors.str.contains(ctx.reference.peacekeeper_regex, regex=True)

        ids = c.text(c.column(df, "event_id_cnty"))
        if ids.isna().all():
            ids = c.text(c.column(df, "data_id"))
        out["original_id"] = ids
        out["event_uid"] = ("acled:" + ids.fillna("")).where(ids.notna(), ctx.fallback_uids("acled", lines, index))
        out["source_file"] = ctx.file_name
        out["source_line"] = lines
        out["raw"] = c.raw_json(df)
        return out, reason
