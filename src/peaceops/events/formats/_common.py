"""Vectorised conversions shared by the readers, and the step from a pandas frame to Arrow.

A reader builds a frame with the normalised columns plus ``_reason`` (why a
row is rejected, or None). :func:`finish` splits the rejects off and returns
an Arrow table in the exact schema, whatever the reader left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from peaceops.events.formats._text import REJECT_TEXT_MAX, Reject, RowBatch
from peaceops.events.names import admin_key

NA_TOKENS = {"", "NA", "N/A", "NULL", "null", "NaN", "nan", "None"}


def frame(batch: RowBatch) -> pd.DataFrame:
    """The batch as a frame of text columns (object dtype, whatever the pandas version)."""
    return pd.DataFrame(batch.rows, columns=batch.columns, dtype=object)


def column(df: pd.DataFrame, name: str) -> pd.Series:
    """Column ``name`` stripped, or all-null when the export lacks it."""
    if name not in df.columns:
        return pd.Series([None] * len(df), index=df.index, dtype=object)
    return df[name].str.strip()


def text(series: pd.Series, na=("",)) -> pd.Series:
    """Text with the given tokens (by default only the empty string) turned into null."""
    out = series.astype(object)
    return out.where(~out.isin(list(na)) & out.notna(), None)


def number(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(float values, bad mask): bad where a value is given but is not a number."""
    given = series.notna() & ~series.isin(list(NA_TOKENS))
    values = pd.to_numeric(series.where(given, None), errors="coerce")
    return values.astype("float64"), given & values.isna()


def integer(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(nullable Int64 values, bad mask): bad where given but not a whole number."""
    values, bad = number(series)
    whole = values.isna() | (values == np.floor(values))
    bad = bad | ~whole
    return values.where(whole & values.notna()).astype("Int64"), bad


def dates(series: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Datetimes parsed with the first of ``formats`` that fits each value; NaT where none does."""
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    todo = series.notna() & ~series.isin(list(NA_TOKENS))
    for fmt in formats:
        if not todo.any():
            break
        out.loc[todo] = pd.to_datetime(series[todo], format=fmt, errors="coerce")
        todo = todo & out.isna()
    return out


def year_starts(year: pd.Series) -> pd.Series:
    """1 January of each year (NaT where the year is null)."""
    parts = pd.DataFrame({"year": year.astype("float64"), "month": 1, "day": 1}, index=year.index)
    return pd.to_datetime(parts, errors="coerce")


def admin_keys(series: pd.Series) -> pd.Series:
    """admin_key of each value, computed once per distinct name."""
    uniques = {v: admin_key(v) for v in series.dropna().unique()}
    return series.map(uniques).astype(object).where(series.notna(), None)


def add_reason(reason: pd.Series, mask: pd.Series, message: str) -> pd.Series:
    """Set ``message`` where ``mask`` holds and no earlier reason was given."""
    return reason.where(reason.notna() | ~mask, message)


def raw_json(df: pd.DataFrame) -> pd.Series:
    """Each original row as a JSON object string (pandas' C writer: fast on large chunks)."""
    if df.empty:
        return pd.Series([], dtype=object)
    if not df.columns.is_unique:  # a header that names a column twice: keep both, the second as "name.1"
        df = df.set_axis(_unique_names(df.columns), axis=1)
    lines = df.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n").split("\n")
    return pd.Series(lines, index=df.index, dtype=object)


def _unique_names(names) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in map(str, names):
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(name if count == 0 else f"{name}.{count}")
    return out


def map_countries(out: pd.DataFrame) -> pd.Series:
    """The map country of each row: the dataset's own country where the map knows its name (UCDP and ACLED say
    which country an event is in, more exactly than a 1:110m border), else the country the coordinates fall in."""
    from peaceops.maps.locate import countries_at, country_name  # heavy: matplotlib paths, built on first use

    named = pd.Series(None, index=out.index, dtype=object)
    if "country" in out.columns:
        names = {v: country_name(v) for v in out["country"].dropna().unique()}
        named = out["country"].map(names).astype(object).where(out["country"].notna(), None)
    todo = named.isna()  # the map is consulted only for rows whose dataset names no country the map knows
    if todo.any():
        rows = out.loc[todo]
        named.loc[todo] = countries_at(rows["latitude"], rows["longitude"])
    return named


def finish(
    out: pd.DataFrame,
    reason: pd.Series,
    batch: RowBatch,
    schema: pa.Schema,
    rejects: list[Reject],
    delimiter: str = ",",
) -> pa.Table:
    """Move rows with a reason to ``rejects`` and return the others as an Arrow table in ``schema``."""
    bad = reason.notna().to_numpy()
    if bad.any():
        for pos in np.flatnonzero(bad):
            rejects.append(
                Reject(batch.lines[pos], str(reason.iloc[pos]), delimiter.join(batch.rows[pos])[:REJECT_TEXT_MAX])
            )
        out = out.loc[~bad]
    if "map_country" in schema.names and "latitude" in out.columns and "map_country" not in out.columns:
        out = out.assign(map_country=map_countries(out))
    arrays = []
    for fld in schema:
        if fld.name not in out.columns:
            arrays.append(pa.nulls(len(out), type=fld.type))
            continue
        values = out[fld.name]
        if pa.types.is_date32(fld.type):
            arrays.append(pa.Array.from_pandas(pd.to_datetime(values)).cast(pa.date32()))
        elif pa.types.is_boolean(fld.type):
            arrays.append(pa.array(values.astype(object).where(values.notna(), None).tolist(), type=fld.type))
        else:
            arrays.append(pa.Array.from_pandas(values.astype(object).where(values.notna(), None), type=fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)
