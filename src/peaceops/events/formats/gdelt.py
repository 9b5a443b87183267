"""GDELT event exports: 1.0 (57 or 58 fields) and 2.0 (61 fields).

Tab-separated, no header, no quoting; zipped (``.export.CSV.zip``) or not.
Each row is read by its width, so a file that mixes layouts (the 1.0
historical backfile rows of 57 fields beside daily rows of 58, or 2.0 rows of
61) loads without a format switch: 57 = 1.0 without SOURCEURL, 58 = 1.0,
61 = 2.0 (an ADM2 code in each of the three geography blocks). Column names
follow the GDELT 1.0 and 2.0 event codebooks (Leetaru & Schrodt 2013).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from peaceops.events.formats import _common as c
from peaceops.events.formats._text import REJECT_TEXT_MAX, Reject, RowBatch, open_text, tsv_lines
from peaceops.events.schema import EVENT_SCHEMA

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

    from peaceops.events.formats.base import LoadContext

_HEAD = [
    "globaleventid",
    "day",
    "monthyear",
    "year",
    "fractiondate",
    *[
        f"actor{n}{f}"
        for n in (1, 2)
        for f in (
            "code",
            "name",
            "countrycode",
            "knowngroupcode",
            "ethniccode",
            "religion1code",
            "religion2code",
            "type1code",
            "type2code",
            "type3code",
        )
    ],
    "isrootevent",
    "eventcode",
    "eventbasecode",
    "eventrootcode",
    "quadclass",
    "goldsteinscale",
    "nummentions",
    "numsources",
    "numarticles",
    "avgtone",
]


def _geo(prefix: str, adm2: bool) -> list[str]:
    return [
        f"{prefix}_{f}"
        for f in (
            "type",
            "fullname",
            "countrycode",
            "adm1code",
            *(("adm2code",) if adm2 else ()),
            "lat",
            "long",
            "featureid",
        )
    ]


GDELT1_COLUMNS = [
    *_HEAD,
    *_geo("actor1geo", False),
    *_geo("actor2geo", False),
    *_geo("actiongeo", False),
    "dateadded",
    "sourceurl",
]
GDELT2_COLUMNS = [
    *_HEAD,
    *_geo("actor1geo", True),
    *_geo("actor2geo", True),
    *_geo("actiongeo", True),
    "dateadded",
    "sourceurl",
]
LAYOUTS = {57: ("gdelt1", GDELT1_COLUMNS[:57]), 58: ("gdelt1", GDELT1_COLUMNS), 61: ("gdelt2", GDELT2_COLUMNS)}
GEO_PRECISION = {1: "country", 2: "admin1", 3: "city", 4: "city", 5: "admin1"}


class GdeltReader:
    """Reads GDELT 1.0 and 2.0 rows alike; ``name`` is what --format says, the rows say the rest."""

    kind = "events"

    def __init__(self, name: str = "gdelt1"):
        self.name = name

    def sniff(self, first_line: str) -> bool:
        fields = first_line.split("\t")
        width = LAYOUTS.get(len(fields))
        return width is not None and width[0] == self.name and fields[0].strip().isdigit()

    def tables(self, ctx: LoadContext) -> Iterator[pa.Table]:
        widths: dict[int, RowBatch] = {}
        seen: set[int] = set()
        with open_text(ctx.path) as handle:
            for number, fields in tsv_lines(handle):
                layout = LAYOUTS.get(len(fields))
                if layout is None:
                    ctx.rejects.append(
                        Reject(
                            number,
                            f"expected 57, 58 or 61 tab-separated fields, found {len(fields)}",
                            "\t".join(fields)[:REJECT_TEXT_MAX],
                        )
                    )
                    continue
                seen.add(len(fields))
                batch = widths.setdefault(len(fields), RowBatch(layout[1]))
                batch.rows.append(fields)
                batch.lines.append(number)
                if len(batch.rows) >= ctx.chunk_rows:
                    yield self._convert(widths.pop(len(fields)), ctx)
        for batch in widths.values():
            yield self._convert(batch, ctx)
        if len(seen) > 1:
            ctx.notes.append(
                "mixed row widths " + ", ".join(str(w) for w in sorted(seen)) + ": each row read by its width"
            )

    def _convert(self, batch: RowBatch, ctx: LoadContext) -> pa.Table:
        df = c.frame(batch)
        out, reason = self.normalise(df, batch.lines, ctx, LAYOUTS[len(batch.columns)][0])
        return c.finish(out, reason, batch, EVENT_SCHEMA, ctx.rejects, delimiter="\t")

    @staticmethod
    def normalise(df: pd.DataFrame, lines: list[int], ctx: LoadContext, dataset: str) -> tuple[pd.DataFrame, pd.Series]:
        index = df.index
        reason = pd.Series(None, index=index, dtype=object)
        out = pd.DataFrame(index=index)
        out["dataset"] = dataset

        ids = c.text(c.column(df, "globaleventid"))
        reason = c.add_reason(
            reason, ids.isna() | ~ids.fillna("").str.fullmatch(r"\d+"), "GlobalEventID is not a number"
        )
        day = c.dates(c.column(df, "day"), ("%Y%m%d",))
        reason = c.add_reason(reason, day.isna(), "SQLDATE (field 2) is not a date YYYYMMDD")
        out["date_start"] = out["date_end"] = day
        out["date_precision"] = "day"
        out["year"] = day.dt.year.astype("Int64")
        out["month"] = day.dt.month.astype("Int64")

        geo_type, _ = c.integer(c.column(df, "actiongeo_type"))
        lat, bad_lat = c.number(c.column(df, "actiongeo_lat"))
        lon, bad_lon = c.number(c.column(df, "actiongeo_long"))
        reason = c.add_reason(reason, bad_lat | (lat.abs() > 90), "ActionGeo_Lat is not a number in [-90, 90]")
        reason = c.add_reason(reason, bad_lon | (lon.abs() > 180), "ActionGeo_Long is not a number in [-180, 180]")
        located = geo_type.fillna(0) > 0
        out["latitude"], out["longitude"] = lat.where(located), lon.where(located)
        out["location_precision"] = geo_type.map(GEO_PRECISION).astype(object).where(located, "unknown")
        fullname = c.text(c.column(df, "actiongeo_fullname"))
        out["location_name"] = fullname
        out["country"] = c.text(c.column(df, "actiongeo_countrycode"))
        parts = fullname.fillna("").str.split(", ")
        count = parts.str.len()
        city = geo_type.isin([3, 4]).fillna(False) & (count >= 3)
        state = geo_type.isin([2, 5]).fillna(False) & (count >= 2)
        admin1 = pd.Series(None, index=index, dtype=object)
        admin1 = admin1.where(~city, parts.str[-2]).where(~state, parts.str[0])
        out["admin1"] = admin1
        out["admin1_key"] = c.admin_keys(admin1)
        out["side_a"] = c.text(c.column(df, "actor1name"))
        out["side_b"] = c.text(c.column(df, "actor2name"))

        code = c.column(df, "eventcode").fillna("")
        root = c.column(df, "eventrootcode").fillna("").str.zfill(2).where(lambda s: s != "00", code.str[:2])
        roots = ctx.reference.cameo_roots
        out["violence_type"] = root.map({k: v.label for k, v in roots.items()}).astype(object)
        out["violent"] = root.map({k: v.violent for k, v in roots.items()}).astype(object)
        reason = c.add_reason(reason, out["violence_type"].isna(), "EventRootCode is not a CAMEO root code 01-20")
        out["peacekeepers_involved"] = code.isin(ctx.reference.cameo_peacekeeping_codes)

        out["original_id"] = ids
        out["event_uid"] = dataset + ":" + ids.fillna("")
        out["source_file"] = ctx.file_name
        out["source_line"] = lines
        out["raw"] = c.raw_json(df)
        return out, reason
