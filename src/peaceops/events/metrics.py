"""Violence around each operation per month (or year, where the data only has years).

Counts and deaths per operation, dataset, period and phase (before, during,
after, transition; see :mod:`peaceops.events.link`), optionally split by
violence type or by side. Peacekeeper involvement is counted where the data
says so (GDELT CAMEO peacekeeping codes, actor names in ACLED and UCDP).
"""

from __future__ import annotations

import pandas as pd

from peaceops.errors import UsageError
from peaceops.events.scope import kept
from peaceops.events.session import Analysis

BREAKDOWNS = {None: (), "violence_type": ("violence_type",), "side": ("side_a", "side_b")}
VALUE_COLUMNS = (
    "events",
    "violent_events",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "deaths_civilians",
    "peacekeeper_events",
    "peacekeeper_fatalities",
)


def period_metrics(linked, by: str | None = None):
    """Ibis expression: the linked events aggregated per op, dataset, year, month (null for year-only) and phase."""
    import ibis  # heavy: ibis, loaded on first use

    if by not in BREAKDOWNS:
        raise UsageError(f"unknown breakdown {by!r}; use violence_type or side")
    keys = ["op_id", "dataset", "year", "month", "phase", *BREAKDOWNS[by]]
    pk = linked.peacekeepers_involved
    return linked.group_by(keys).aggregate(
        events=linked.count(),
        violent_events=linked.violent.cast("int64").sum(),
        fatalities_best=linked.fatalities_best.sum(),
        fatalities_low=linked.fatalities_low.sum(),
        fatalities_high=linked.fatalities_high.sum(),
        deaths_civilians=linked.deaths_civilians.sum(),
        peacekeeper_events=pk.cast("int64").sum(),
        peacekeeper_fatalities=ibis.ifelse(pk, linked.fatalities_best, ibis.null().cast("int64")).sum(),
    )


def tidy(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Backend output in a stable shape: named, typed, sorted, with a period label."""
    keys = list(BREAKDOWNS[by])
    if frame.empty:
        return pd.DataFrame(
            columns=[
                "operation_id",
                "dataset",
                "period",
                "granularity",
                "year",
                "month",
                "phase",
                *keys,
                *VALUE_COLUMNS,
            ]
        )
    out = frame.rename(columns={"op_id": "operation_id"}).copy()
    out["year"] = out["year"].astype("Int64")
    out["month"] = out["month"].astype("Int64")
    out["granularity"] = out["month"].isna().map({True: "year", False: "month"})
    out["period"] = [
        f"{y:04d}" if pd.isna(m) else f"{y:04d}-{m:02d}" for y, m in zip(out["year"], out["month"], strict=True)
    ]
    for col in VALUE_COLUMNS:
        out[col] = out[col].astype("Int64")
    order = ["operation_id", "dataset", "period", "granularity", "year", "month", "phase", *keys, *VALUE_COLUMNS]
    out = out[order].sort_values(
        ["operation_id", "dataset", "year", "month", "phase", *keys], na_position="first", kind="stable"
    )
    return out.reset_index(drop=True)


def metrics(
    op_id: str | None = None,
    *,
    workspace=None,
    registry=None,
    backend: str = "duckdb",
    by: str | None = None,
    spark_url: str | None = None,
) -> pd.DataFrame:
    """Per-period metrics of one operation (id, name or alias), or of every operation when ``op_id`` is None.

    >>> from peaceops import events
    >>> events.metrics("kosovo-kfor-1999", workspace="build/workspace")   # doctest: +SKIP
    """

    analysis = Analysis.open(workspace=workspace, registry=registry, backend=backend, spark_url=spark_url)
    ops = [analysis.operation(op_id)] if op_id else list(analysis.registry)
    return compute(analysis, ops, by=by)


def compute(analysis, ops, by: str | None = None) -> pd.DataFrame:
    linked, _ = analysis.linked(ops)
    if linked is None:
        return tidy(pd.DataFrame(), by)
    return tidy(analysis.con.execute(period_metrics(kept(linked), by)), by)
