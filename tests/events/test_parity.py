"""The same Ibis expressions on DuckDB and on Spark give identical linkage, metrics and trajectories."""

from __future__ import annotations

import pandas as pd
import pytest

from peaceops import events
from peaceops.events.metrics import compute
from peaceops.events.session import Analysis
from peaceops.events.trajectory import trajectories


@pytest.fixture
def loaded(ws, events_data):
    events.load_files(
        [
            events_data / "ucdp_ged_full_linkage.csv",
            events_data / "ucdp_reduced_balkans.csv",
            events_data / "gdelt1_mixed_slice.tsv",
            events_data / "geopko_v23_slice.csv",
        ],
        workspace=ws,
    )
    return ws


def _linked(analysis) -> pd.DataFrame:
    linked, _ = analysis.linked(list(analysis.registry))
    frame = analysis.con.execute(linked)
    frame = frame.sort_values(["op_id", "event_uid"]).reset_index(drop=True)
    frame["date_start"] = pd.to_datetime(frame["date_start"])
    frame["date_end"] = pd.to_datetime(frame["date_end"])
    frame["distance_km"] = frame["distance_km"].round(6)
    return frame.astype({c: "object" for c in frame.columns if c not in ("date_start", "date_end", "distance_km")})


def test_duckdb_and_spark_agree(loaded, fixture_registry, spark):
    duck = Analysis.open(workspace=loaded, registry=fixture_registry, backend="duckdb")
    sprk = Analysis.open(workspace=loaded, registry=fixture_registry, backend="pyspark")
    # the files' own types, not those of the year=/dataset= directories (which Spark would read as int, string)
    assert duck.events().schema() == sprk.events().schema()
    left, right = _linked(duck), _linked(sprk)
    assert len(left) > 100
    pd.testing.assert_frame_equal(left.where(left.notna(), None), right.where(right.notna(), None), check_dtype=False)

    ops = list(fixture_registry)
    for by in (None, "violence_type"):
        pd.testing.assert_frame_equal(compute(duck, ops, by=by), compute(sprk, ops, by=by), check_dtype=False)
    assert [t.to_dict() for t in trajectories(duck, ops)] == [t.to_dict() for t in trajectories(sprk, ops)]
