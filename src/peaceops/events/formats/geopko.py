"""Geo-PKO deployment files (Cil et al. 2020, Journal of Peace Research): where UN missions were.

Two layouts: v2.3 ("FrontMap": ``mission, year, country, location, latitude,
longitude, ..., NoTroops, ..., hq``), one row per mission, location and year;
and v1.x (``Source, Mission, year, month, location, ..., No.troops, ..., HQ``),
one row per source map. Both become rows of DEPLOYMENT_SCHEMA. Missions are
mapped to registry operations at link time (see :mod:`peaceops.events.areas`),
so a registry edit needs no reload.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pandas as pd

from peaceops.events.errors import EventFileError
from peaceops.events.formats import _common as c
from peaceops.events.formats._text import csv_batches, open_text
from peaceops.events.schema import DEPLOYMENT_SCHEMA

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

    from peaceops.events.formats.base import LoadContext

GEO_NA = ("", "NA")


class GeoPkoReader:
    name = "geopko"
    kind = "deployments"

    def sniff(self, first_line: str) -> bool:
        header = {h.strip().lower() for h in next(csv.reader([first_line]), [])}
        return "mission" in header and "location" in header and bool({"notroops", "no.troops"} & header)

    def tables(self, ctx: LoadContext) -> Iterator[pa.Table]:
        with open_text(ctx.path) as handle:
            started = False
            for batch in csv_batches(handle, ctx.chunk_rows, ctx.rejects):
                df = c.frame(batch)
                df.columns = [col.lower() for col in df.columns]
                if not started:
                    missing = [
                        col for col in ("mission", "year", "location", "latitude", "longitude") if col not in df.columns
                    ]
                    if missing:
                        raise EventFileError(f"{ctx.path}: a Geo-PKO file needs the columns {', '.join(missing)}")
                    ctx.notes.append(f"Geo-PKO {self._layout(df)} layout")
                    started = True
                out, reason = self.normalise(df, batch.lines, ctx)
                yield c.finish(out, reason, batch, DEPLOYMENT_SCHEMA, ctx.rejects)

    @staticmethod
    def _layout(df: pd.DataFrame) -> str:
        return "v1.x" if "no.troops" in df.columns else "v2.3"

    def normalise(self, df: pd.DataFrame, lines: list[int], ctx: LoadContext) -> tuple[pd.DataFrame, pd.Series]:
        index = df.index
        reason = pd.Series(None, index=index, dtype=object)
        out = pd.DataFrame(index=index)
        mission = c.text(c.column(df, "mission"), GEO_NA)
        out["mission"] = mission.where(mission.isna(), mission.astype(str).str.upper().str.split().str.join(" "))
        reason = c.add_reason(reason, out["mission"].isna(), "mission is empty")
        year, bad_year = c.integer(c.column(df, "year"))
        reason = c.add_reason(
            reason, bad_year | year.isna() | ~year.between(1900, 2100).fillna(False), "year is missing or not a year"
        )
        out["year"] = year
        month, bad_month = c.integer(c.column(df, "month"))
        reason = c.add_reason(
            reason, bad_month | ~(month.isna() | month.between(1, 12)).fillna(False), "month is not 1-12"
        )
        out["month"] = month
        lat, bad_lat = c.number(c.column(df, "latitude"))
        lon, bad_lon = c.number(c.column(df, "longitude"))
        reason = c.add_reason(
            reason, bad_lat | lat.isna() | (lat.abs() > 90), "latitude is missing or not in [-90, 90]"
        )
        reason = c.add_reason(
            reason, bad_lon | lon.isna() | (lon.abs() > 180), "longitude is missing or not in [-180, 180]"
        )
        out["latitude"], out["longitude"] = lat, lon
        out["country"] = c.text(c.column(df, "country"), GEO_NA)
        out["location"] = c.text(c.column(df, "location"), GEO_NA)
        troops_col = "no.troops" if "no.troops" in df.columns else "notroops"
        troops, _ = c.integer(c.column(df, troops_col))
        out["troops"] = troops
        hq, _ = c.integer(c.column(df, "hq"))
        out["hq"] = hq
        out["layout"] = self._layout(df)
        out["source_file"] = ctx.file_name
        out["source_line"] = lines
        out["raw"] = c.raw_json(df)
        return out, reason
