"""Trajectories: the rules on hand-made yearly series, and the shipped UCDP data for Bosnia and Kosovo."""

from __future__ import annotations

import shutil

import pytest
from events_helpers import EXAMPLES, FIXTURE_REGISTRY

from peaceops import events
from peaceops.events.errors import ReferenceDataError
from peaceops.events.thresholds import load_thresholds
from peaceops.events.trajectory import Coverage, classify


@pytest.fixture(scope="module")
def shipped_ucdp_workspace(tmp_path_factory):
    """The shipped UCDP reduced file (61,296 events, 1995-2019), loaded once for this module."""
    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path_factory.mktemp("ucdp") / "workspace")
    events.load_files([EXAMPLES / "ged201_reduced.csv"], workspace=ws)
    return ws


def test_violence_in_bosnia_falls_after_ifor_deploys(shipped_ucdp_workspace, fixture_registry):
    tr = events.trajectory("bosnia-ifor-1995", workspace=shipped_ucdp_workspace, registry=fixture_registry)
    n = tr.numbers
    assert tr.classification == "settled"
    assert n.reference_year == 1995 and n.reference_year_deaths > 1000
    assert n.years_after == [1996, 1997, 1998, 1999]  # IFOR ended in 1996: three years after it
    assert n.max_deaths_after < tr.thresholds["active_deaths_per_year"] < n.reference_year_deaths
    assert n.comprehensive_settlement["date"] == "1995-12-14"
    assert (tr.coverage.dataset, tr.coverage.first_year, tr.coverage.last_year) == ("ucdp-ged", 1995, 2019)
    assert tr.coverage.date_precision == {"year": 61296}


def test_violence_in_kosovo_falls_after_kfor_deploys(shipped_ucdp_workspace, fixture_registry):
    tr = events.trajectory("KFOR", workspace=shipped_ucdp_workspace, registry=fixture_registry)
    n = tr.numbers
    # UCDP GED 20.1 (reduced) within 80 km of Pristina: 260 deaths in 1998, 734 in 1999, 3 in 2000, 13 in 2001;
    # of those, 2 in 1999, 3 in 2000 and 12 in 2001 fall in Macedonia or Montenegro (the 2001 Macedonian
    # insurgency), not in Serbia or Kosovo: they are excluded and counted.
    assert {y: n.deaths_by_year[y] for y in (1998, 1999, 2000, 2001)} == {1998: 260, 1999: 732, 2000: 0, 2001: 1}
    assert n.years_after[0] == 2000 and n.years_after[-1] == 2019
    assert n.active_years_after == [] and n.years_with_deaths_after == [2001]
    reasons = {e["reason"]: e["deaths"] for e in tr.coverage.excluded}
    assert reasons == {"outside Serbia or Kosovo: Macedonia": 16, "outside Serbia or Kosovo: Montenegro": 1}
    assert tr.coverage.linkage == {"host-state": tr.coverage.events_linked}
    assert "no UCDP conflict id in the registry" in tr.coverage.linkage_note
    assert tr.classification == "frozen"  # low violence, and no comprehensive settlement in this registry
    assert "no comprehensive settlement" in tr.reason


def _settings(**changes):
    base = load_thresholds()
    return base.trajectory.model_copy(update=changes), base.linkage


def _cov(first=1995, last=2019):
    return Coverage(dataset="ucdp-ged", first_year=first, last_year=last)


@pytest.fixture
def kfor(fixture_registry):
    return fixture_registry.get("kosovo-kfor-1999")


def test_rules_on_hand_made_series(kfor, fixture_registry):
    settings, linkage = _settings()
    quiet = {1996: 300, 1997: 300, 1998: 300, 1999: 300}
    frozen = classify(kfor, {**quiet, 2003: 4}, _cov(), settings, linkage, 1996, None)
    assert frozen.classification == "frozen" and frozen.numbers.years_with_deaths_after == [2003]
    recurring = classify(kfor, {**quiet, 2005: 25}, _cov(), settings, linkage, 1996, None)
    assert recurring.classification == "recurring" and "2005" in recurring.reason
    escalated = classify(
        kfor,
        {1996: 10, 1997: 10, 1998: 10, 1999: 10, **{y: 100 for y in range(2000, 2020)}},
        _cov(),
        settings,
        linkage,
        1996,
        None,
    )
    assert escalated.classification == "escalated"
    short = classify(kfor, quiet, _cov(last=2001), settings, linkage, 1996, None)
    assert short.classification == "too-little-data" and "need 3" in short.reason
    no_area = classify(kfor, quiet, _cov(), settings, linkage, 1996, "no area: test")
    assert no_area.classification == "too-little-data" and no_area.reason == "no area: test"
    ifor = fixture_registry.get("bosnia-ifor-1995")
    settled = classify(ifor, {1995: 1000, 1997: 3}, _cov(), settings, linkage, 1992, None)
    assert settled.classification == "settled"
    war_goes_on = classify(
        ifor, {1995: 1000, 1996: 900, 1997: 800, 1998: 700, 1999: 600}, _cov(), settings, linkage, 1992, None
    )
    assert war_goes_on.classification == "recurring" and "not ending" in war_goes_on.reason


def test_thresholds_are_data(tmp_path, shipped_ucdp_workspace):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_REGISTRY, data)
    (data / "trajectory_thresholds.yaml").write_text("trajectory:\n  active_deaths_per_year: 1\n", encoding="utf-8")
    tr = events.trajectory("kosovo-kfor-1999", workspace=shipped_ucdp_workspace, registry=data)
    assert tr.thresholds["active_deaths_per_year"] == 1
    assert tr.classification == "recurring" and tr.numbers.active_years_after == [2001]  # 1 death after a quiet 2000
    (data / "trajectory_thresholds.yaml").write_text("trajectory:\n  active_deaths: 10\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="trajectory.active_deaths"):
        events.trajectory("kosovo-kfor-1999", workspace=shipped_ucdp_workspace, registry=data)


def test_trajectory_is_a_plain_serialisable_record(shipped_ucdp_workspace, fixture_registry):
    import json

    tr = events.trajectory("georgia-unomig-1993", workspace=shipped_ucdp_workspace, registry=fixture_registry)
    record = json.loads(json.dumps(tr.to_dict()))
    assert record["operation_id"] == "georgia-unomig-1993"
    assert set(record) == {"operation_id", "classification", "reason", "numbers", "thresholds", "coverage"}
    assert record["coverage"]["area"]["geopko_locations"] == 0  # no Geo-PKO file loaded in this workspace
    assert record["classification"] == "too-little-data" and "no area" in record["reason"]


def _with_conflict_file(tmp_path, text: str):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_REGISTRY, data)
    (data / "conflicts").mkdir()
    (data / "conflicts" / "kosovo.yaml").write_text(text, encoding="utf-8")
    return data


# Test inputs, not facts: these milestones only exercise the rules (the source id is the fixture's).
LATER_WAR = """\
id: kosovo
name: Kosovo (test input)
operations: [kosovo-kfor-1999]
milestones:
  - kind: quiet
    title: quiet years
    date: "2020"
    end: "2022"
    sources: [unscr-1244]
  - kind: war
    title: a later war
    date: "2023-07-01"
    end: "2024-06-30"
    deaths:
      - {value: 400, sources: [unscr-1244]}
      - {value: 900, sources: [unscr-1244]}
    sources: [unscr-1244]
"""


def test_curated_years_extend_the_data_and_say_so(tmp_path, shipped_ucdp_workspace):
    data = _with_conflict_file(tmp_path, LATER_WAR)
    tr = events.trajectory("kosovo-kfor-1999", workspace=shipped_ucdp_workspace, registry=data)
    n = tr.numbers
    # the lowest figure (400), spread by days: 184 of 366 days in 2023, 182 in 2024
    assert n.deaths_by_year[2023] == 201 and n.deaths_by_year[2024] == 199
    assert n.deaths_by_year[2020] == n.deaths_by_year[2021] == n.deaths_by_year[2022] == 0
    assert n.year_sources[2019] == "dataset: ucdp-ged"
    assert n.year_sources[2023].startswith("milestone: a later war (lowest of 2 figures)")
    assert n.year_sources[2021] == "milestone: quiet years (quiet)"
    assert tr.classification == "recurring" and "2023" in tr.reason


def test_an_offensive_that_ends_the_dispute_is_its_own_class(tmp_path, shipped_ucdp_workspace):
    text = LATER_WAR + (
        '  - kind: ended-by-force\n    title: the offensive that ended it\n    date: "2024-06"\n'
        "    by: one side\n    sources: [unscr-1244]\n"
    )
    data = _with_conflict_file(tmp_path, text)
    tr = events.trajectory("kosovo-kfor-1999", workspace=shipped_ucdp_workspace, registry=data)
    assert tr.classification == "ended-by-force"
    assert tr.reason.startswith("the offensive that ended it (2024-06), by one side, ended the dispute by force")
    assert tr.numbers.ended_by_force["sources"] == ["unscr-1244"]
    assert "the yearly data alone said: recurring" in tr.reason


def test_a_broken_conflict_file_names_what_is_wrong(tmp_path):
    from peaceops import milestones, registry

    text = LATER_WAR.replace("operations: [kosovo-kfor-1999]", "operations: [kosovo-kfor-1999, no-such-op-2000]")
    text = text.replace(
        "      - {value: 900, sources: [unscr-1244]}", "      - {value: 900, sources: [no-such-source]}"
    )
    data = _with_conflict_file(tmp_path, text)
    (data / "conflicts" / "no-side.yaml").write_text(
        LATER_WAR.replace("id: kosovo", "id: no-side")
        + '  - kind: offensive\n    title: whose?\n    date: "2024"\n    sources: [unscr-1244]\n',
        encoding="utf-8",
    )
    reg = registry.load(data, use_cache=False)
    _, problems = milestones.check(data, reg.operations, reg.sources)
    shown = sorted(f"{p.file}: {p.field}: {p.message}" for p in problems)
    assert any("conflicts/kosovo.yaml: operations: unknown operation 'no-such-op-2000'" in m for m in shown), shown
    assert any("kosovo.yaml: milestones[1].sources: cites unknown source 'no-such-source'" in m for m in shown)
    assert any("no-side.yaml" in m and "needs `by`" in m for m in shown), shown


def test_an_offensive_long_after_the_force_left_is_not_its_outcome(tmp_path, shipped_ucdp_workspace):
    text = """\
id: bosnia
name: Bosnia (test input)
operations: [bosnia-ifor-1995]
milestones:
  - kind: ended-by-force
    title: an offensive nine years after IFOR left
    date: "2005-06"
    by: one side
    sources: [gfap-1995]
"""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_REGISTRY, data)
    (data / "conflicts").mkdir()
    (data / "conflicts" / "bosnia.yaml").write_text(text, encoding="utf-8")
    tr = events.trajectory("bosnia-ifor-1995", workspace=shipped_ucdp_workspace, registry=data)
    assert tr.classification == "settled" and tr.numbers.ended_by_force is None  # IFOR ended 1996; window to 1999


def test_overlapping_milestones_count_the_same_deaths_once():
    from peaceops.milestones import Milestone, yearly_deaths

    whole = Milestone(
        kind="war", title="whole war", date="1990", end="1991", deaths=[{"value": 730, "sources": ["s"]}], sources=["s"]
    )
    battle = Milestone(
        kind="war",
        title="one battle",
        date="1990-06",
        end="1990-06",
        deaths=[{"value": 500, "sources": ["s"]}],
        sources=["s"],
    )
    years = yearly_deaths([whole, battle])
    assert years[1990].deaths == 500 and "one battle" in years[1990].basis  # the larger share, not 365 + 500
    assert years[1991].deaths == 365 and "whole war" in years[1991].basis
