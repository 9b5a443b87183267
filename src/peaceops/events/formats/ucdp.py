"""UCDP Georeferenced Event Dataset (GED) CSV exports, full or reduced.

The full GED has 49 columns (codebook: Sundberg & Melander 2013; Högbladh
2020). Reduced exports keep a subset; what a missing column costs is recorded
rather than invented: without ``date_start`` the date stays a year, without
``where_prec`` the location precision is 'unknown', without sides the sides are
null.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peaceops.events.errors import EventFileError
from peaceops.events.formats import _common as c
from peaceops.events.formats._text import csv_batches, open_text
from peaceops.events.schema import EVENT_SCHEMA

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

    from peaceops.events.formats.base import LoadContext

FULL_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
VIOLENCE_TYPES = {1: "state-based", 2: "non-state", 3: "one-sided"}
DATE_PRECISION = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
WHERE_PRECISION = {1: "exact", 2: "near", 3: "admin2", 4: "admin1", 5: "region", 6: "country", 7: "international"}


class UcdpGedReader:
    name = "ucdp-ged"
    kind = "events"

    def sniff(self, first_line: str) -> bool:
        header = {h.strip().lower() for h in next(csv.reader([first_line]), [])}
        return "best" in header and ("year" in header or "date_start" in header) and "event_id_cnty" not in header

    def tables(self, ctx: LoadContext) -> Iterator[pa.Table]:
        with open_text(ctx.path) as handle:
            started = False
            for batch in csv_batches(handle, ctx.chunk_rows, ctx.rejects):
                if not started:
                    self._check_header(batch.columns, ctx)
                    started = True
                df = c.frame(batch)
                df.columns = [col.lower() for col in df.columns]
                out, reason = self.normalise(df, batch.lines, ctx)
                yield c.finish(out, reason, batch, EVENT_SCHEMA, ctx.rejects)

    @staticmethod
    def _check_header(columns: list[str], ctx: LoadContext) -> None:
        present = {col.lower() for col in columns}
        if "best" not in present or not ({"year", "date_start"} & present):
            raise EventFileError(
                f"{ctx.path}: a UCDP GED export needs the columns 'best' and 'year' or 'date_start'; "
                f"found {', '.join(columns)}"
            )
        ctx.missing_columns = [col for col in FULL_COLUMNS if col not in present]
        if ctx.missing_columns:
            ctx.notes.append(
                f"reduced UCDP GED export: {len(ctx.missing_columns)} of {len(FULL_COLUMNS)} columns missing"
            )
        if "date_start" not in present:
            ctx.notes.append("no date_start/date_end: dates kept at year precision")
        if "where_prec" not in present:
            ctx.notes.append("no where_prec: location precision recorded as 'unknown'")
        if "type_of_violence" not in present:
            ctx.notes.append("no type_of_violence: violence type left empty")
        if "side_a" not in present:
            ctx.notes.append("no side_a/side_b: sides left empty, peacekeeper involvement unknown")

    @staticmethod
    def normalise(df: pd.DataFrame, lines: list[int], ctx: LoadContext) -> tuple[pd.DataFrame, pd.Series]:
        index = df.index
        reason = pd.Series(None, index=index, dtype=object)
        out = pd.DataFrame(index=index)
        out["dataset"] = "ucdp-ged"

        year, bad_year = c.integer(c.column(df, "year"))
        if "date_start" in df.columns:
            start = c.dates(c.column(df, "date_start").str.slice(0, 10), ("%Y-%m-%d",))
            end = c.dates(c.column(df, "date_end").str.slice(0, 10), ("%Y-%m-%d",)).fillna(start)
            reason = c.add_reason(reason, start.isna(), "date_start is not a date YYYY-MM-DD")
            reason = c.add_reason(reason, end < start, "date_end is before date_start")
            prec_code, _ = c.integer(c.column(df, "date_prec"))
            precision = prec_code.map(DATE_PRECISION).astype(object)
            precision = precision.where(precision.notna(), np.where(start == end, "day", "week"))
        else:
            reason = c.add_reason(reason, bad_year | year.isna(), "year is missing or not a whole number")
            year_ok = year.where((year >= 1000) & (year <= 9999))
            start = c.year_starts(year_ok)
            end = start + pd.offsets.YearEnd(0)
            precision = pd.Series("year", index=index, dtype=object)
        out["date_start"], out["date_end"], out["date_precision"] = start, end, precision
        out["year"] = start.dt.year.astype("Int64")
        month = start.dt.month.astype("Int64")
        out["month"] = month.where(precision != "year")

        lat, bad_lat = c.number(c.column(df, "latitude"))
        lon, bad_lon = c.number(c.column(df, "longitude"))
        reason = c.add_reason(reason, bad_lat | (lat.abs() > 90), "latitude is not a number in [-90, 90]")
        reason = c.add_reason(reason, bad_lon | (lon.abs() > 180), "longitude is not a number in [-180, 180]")
        out["latitude"], out["longitude"] = lat, lon
        where_prec, _ = c.integer(c.column(df, "where_prec"))
        out["location_precision"] = where_prec.map(WHERE_PRECISION).astype(object).where(where_prec.notna(), "unknown")
        out["location_name"] = c.text(c.column(df, "where_coordinates"))
        out["country"] = c.text(c.column(df, "country"))
        out["admin1"] = c.text(c.column(df, "adm_1"))
        out["admin1_key"] = c.admin_keys(out["admin1"])
        conflict_id, bad_conflict = c.integer(c.column(df, "conflict_new_id"))
        reason = c.add_reason(reason, bad_conflict, "conflict_new_id is not a whole number")
        out["conflict_id"] = conflict_id
        out["conflict_name"] = c.text(c.column(df, "conflict_name"))
        out["side_a"] = c.text(c.column(df, "side_a"))
        out["side_b"] = c.text(c.column(df, "side_b"))
        tov, _ = c.integer(c.column(df, "type_of_violence"))
        out["violence_type"] = tov.map(VIOLENCE_TYPES).astype(object)
        out["violent"] = True

        for target, source in (
            ("fatalities_best", "best"),
            ("fatalities_low", "low"),
            ("fatalities_high", "high"),
            ("deaths_civilians", "deaths_civilians"),
        ):
            values, bad = c.integer(c.column(df, source))
            reason = c.add_reason(reason, bad | (values < 0).fillna(False), f"{source} is not a whole number >= 0")
            out[target] = values

        if "side_a" in df.columns:
            pattern = ctx.reference.peacekeeper_regex
            sides = out["side_a"].fillna("") + " | " + out["side_b"].fillna("")
            out["peacekeepers_involved"] = sides.str.contains(pattern, regex=True)
        ids = c.text(c.column(df, "id"))
        ids = ids.where(ids.isna(), ids.astype(str).str.removesuffix(".0"))
        out["original_id"] = ids
        fallback = ctx.fallback_uids("ucdp-ged", lines, index)
        out["event_uid"] = ("ucdp-ged:" + ids.fillna("")).where(ids.notna(), fallback)
        out["source_file"] = ctx.file_name
        out["source_line"] = lines
        out["raw"] = c.raw_json(df)
        return out, reason
