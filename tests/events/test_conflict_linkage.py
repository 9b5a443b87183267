"""Outcomes measured on the operation's own conflict: by UCDP conflict id where the data carries it, else within
the host state; what is left out is counted with its reason. Real UCDP files only (examples/events/)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from peaceops import events, registry
from peaceops.events.session import Analysis
from peaceops.events.thresholds import load_thresholds
from peaceops.events.trajectory import trajectories

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "events"
CAR_FILE = EXAMPLES / "ucdp_ged231_CAF_central_african_republic_1989-2022.csv.gz"
REDUCED_FILE = EXAMPLES / "ged201_reduced.csv"


@pytest.fixture(scope="module")
def shipped():
    return registry.load()


@pytest.fixture(scope="module")
def car_ws(tmp_path_factory):
    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("car") / "ws")
    events.load_files([CAR_FILE], workspace=ws)
    return ws


@pytest.fixture(scope="module")
def reduced_ws(tmp_path_factory):
    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("reduced") / "ws")
    events.load_files([REDUCED_FILE], workspace=ws)
    return ws


def _haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def test_minusca_counts_its_own_conflict_and_leaves_out_the_lra_war(car_ws, shipped):
    op = shipped.get("car-minusca-2014")
    tr = events.trajectory(op.id, workspace=car_ws, registry=shipped)
    assert op.ucdp_conflicts.value == [416]
    assert tr.coverage.linkage["conflict-id"] > 0

    # The same count worked out from the CSV alone: state-based events of UCDP conflict 314 (Uganda: Government,
    # the LRA war) inside MINUSCA's circle and its linkage window.
    raw = pd.read_csv(CAR_FILE)
    (point,) = [a for a in op.area if a.lat is not None]
    linkage = load_thresholds().linkage
    first_day = pd.Timestamp(op.start.date.earliest().year - linkage.before_years, 1, 1)
    near = _haversine_km(raw.latitude, raw.longitude, point.lat, point.lon) <= point.radius_km
    lra = raw[near & (raw.type_of_violence == 1) & (raw.conflict_new_id == 314)]
    lra = lra[pd.to_datetime(lra.date_end.str.slice(0, 10)) >= first_day]
    excluded = {e["reason"]: e for e in tr.coverage.excluded}
    uganda = excluded["other conflict: Uganda: Government"]
    assert (uganda["events"], uganda["deaths"]) == (len(lra), int(lra.best.sum()))
    assert len(lra) > 0

    # Nothing lost: every event in the circle and window is linked, and each either counts or is excluded.
    analysis = Analysis.open(workspace=car_ws, registry=shipped)
    linked, _ = analysis.linked([op])
    frame = analysis.con.execute(linked)
    window = raw[near & (pd.to_datetime(raw.date_end.str.slice(0, 10)) >= first_day)]
    assert len(frame) == len(window) and int(frame.fatalities_best.sum()) == int(window.best.sum())
    kept = frame[frame.excluded.isna()]
    assert sorted(kept.linkage_method.unique()) == ["conflict-id", "host-state"]
    assert len(frame) - len(kept) == sum(e["events"] for e in tr.coverage.excluded)


def test_linkage_by_conflict_is_the_same_on_duckdb_and_spark(car_ws, shipped, spark):
    ops = [shipped.get("car-minusca-2014"), shipped.get("car-misca-2013")]
    duck = Analysis.open(workspace=car_ws, registry=shipped, backend="duckdb")
    sprk = Analysis.open(workspace=car_ws, registry=shipped, backend="pyspark")
    left = [t.to_dict() for t in trajectories(duck, ops)]
    assert left == [t.to_dict() for t in trajectories(sprk, ops)]
    assert any(e["reason"].startswith("other conflict") for t in left for e in t["coverage"]["excluded"])


def test_unmot_is_not_charged_with_the_war_in_afghanistan(reduced_ws, shipped):
    tr = events.trajectory("tajikistan-unmot-1994", workspace=reduced_ws, registry=shipped)
    excluded = {e["reason"]: e for e in tr.coverage.excluded}
    assert excluded["outside Tajikistan: Afghanistan"]["deaths"] > 0
    assert tr.numbers.deaths_by_year.get(2001, 0) < 25  # the 2001 Afghan fighting across the river is not counted
    assert "carry no UCDP conflict ids" in tr.coverage.linkage_note and "ucdp-ged" in tr.coverage.linkage_note
    assert tr.coverage.linkage == {"host-state": tr.coverage.events_linked}


def test_the_mfo_leaves_out_gaza_and_says_what_it_cannot_tell_apart(reduced_ws, shipped):
    tr = events.trajectory("sinai-mfo-1982", workspace=reduced_ws, registry=shipped)
    reasons = [e["reason"] for e in tr.coverage.excluded]
    assert any(r.startswith("outside Egypt") and r.endswith(": Israel") for r in reasons)  # Gaza, on the map's Israel
    note = tr.coverage.linkage_note
    assert "other conflicts inside Egypt count as this operation's" in note
    assert "peaceops events fetch ucdp-ged" in note


def test_a_workspace_loaded_by_an_older_peaceops_still_links(tmp_path, shipped):
    """Events stored before map_country and conflict_id existed read them as null: area-only linkage, no crash."""
    import pyarrow.parquet as pq

    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path / "ws")
    events.load_files([CAR_FILE], workspace=ws)
    for path in (tmp_path / "ws").rglob("*.parquet"):
        table = pq.read_table(path)
        pq.write_table(table.drop_columns(["map_country", "conflict_id", "conflict_name"]), path)
    tr = events.trajectory("car-minusca-2014", workspace=ws, registry=shipped)
    assert tr.coverage.linkage == {"area-only": tr.coverage.events_linked} and tr.coverage.excluded == []


@pytest.mark.parametrize(
    ("op_id", "expected"),
    [
        ("nagorno-karabakh-rpc-2020", "ended-by-force"),
        ("kazakhstan-csto-cpf-2022", "ended-by-force"),
        ("donbas-russia-2022", "escalated"),
    ],
)
def test_the_newest_seed_cases_have_an_outcome_with_its_numbers_and_sources(reduced_ws, shipped, op_id, expected):
    """The shipped UCDP file ends in 2019: these outcomes rest on the curated, cited milestones of data/conflicts/."""
    tr = events.trajectory(op_id, workspace=reduced_ws, registry=shipped)
    assert tr.classification == expected, tr.reason
    curated = {y: basis for y, basis in tr.numbers.year_sources.items() if basis.startswith("milestone")}
    if expected == "ended-by-force":
        forced = tr.numbers.ended_by_force
        assert forced["sources"] and all(s in shipped.sources for s in forced["sources"])
        assert forced["by"] in tr.reason
    else:
        assert {2022, 2023} <= set(curated)  # the invasion's years come from milestones, and say so
        assert all(tr.numbers.deaths_by_year[y] >= 25 for y in (2022, 2023))
        assert all(y not in curated for y in range(2015, 2020))  # dataset years are never replaced
