"""Linkage on a hand-checked fixture: events just inside and just outside an area and a window.

tests/data/events/ucdp_ged_full_linkage.csv (README there) places events at
79.9 and 80.1 km from the 80 km KFOR point, on the first and last days of the
windows, by admin name only, and inside two overlapping points.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from peaceops import events
from peaceops.events.areas import cells_touched, mission_index
from peaceops.events.session import Analysis


@pytest.fixture
def analysis(ws, events_data, fixture_registry):
    events.load_files([events_data / "ucdp_ged_full_linkage.csv", events_data / "geopko_v23_slice.csv"], workspace=ws)
    return Analysis.open(workspace=ws, registry=fixture_registry)


def linked_frame(analysis) -> pd.DataFrame:
    linked, _ = analysis.linked(list(analysis.registry))
    return analysis.con.execute(linked).sort_values(["op_id", "event_uid"]).reset_index(drop=True)


def test_events_inside_and_outside_areas_and_windows(analysis):
    frame = linked_frame(analysis)
    got = {(r.op_id, r.event_uid.split(":")[1]): r.phase for r in frame.itertuples()}
    assert got == {
        ("kosovo-kfor-1999", "9000001"): "during",  # 79.9 km from the 80 km point
        ("kosovo-kfor-1999", "9000004"): "before",  # 1996-01-01, first day of the window (start 1999-06 minus 3 years)
        ("kosovo-kfor-1999", "9000005"): "before",  # 1999-05-31, the day before the start month
        ("kosovo-kfor-1999", "9000006"): "during",  # 1999-06-01
        ("kosovo-kfor-1999", "9000007"): "during",  # Belgrade, linked by its admin name "Kosovo province"
        ("kosovo-kfor-1999", "9000008"): "transition",  # 20 May - 5 June 1999: crosses the start
        ("kosovo-kfor-1999", "9000013"): "during",
        ("bosnia-ifor-1995", "9000009"): "after",  # 1999-12-31, last day (end 1996 plus 3 years)
        ("bosnia-ifor-1995", "9000011"): "during",
        ("bosnia-ifor-1995", "9000012"): "before",  # 1995-12-19, the day before deployment
    }
    # left out: 9000002 (80.1 km), 9000003 (1995-12-31), 9000010 (2000-01-01)
    distance = frame.set_index("event_uid")["distance_km"]
    assert distance["ucdp-ged:9000001"] == pytest.approx(79.9, abs=0.01)
    assert pd.isna(distance["ucdp-ged:9000007"])
    assert distance["ucdp-ged:9000004"] == pytest.approx(0.0, abs=0.01)  # inside both points: linked once, nearest
    assert frame.event_uid.is_unique


def test_metrics_per_period_with_breakdowns(analysis, fixture_registry, ws):
    table = events.metrics("kosovo-kfor-1999", workspace=ws, registry=fixture_registry)
    assert set(table.granularity) == {"month"}
    row = table[(table.period == "1999-05") & (table.phase == "before")].iloc[0]
    assert (row.events, row.fatalities_best, row.fatalities_low, row.fatalities_high, row.deaths_civilians) == (
        1,
        13,
        13,
        20,
        13,
    )
    assert table.fatalities_best.sum() == 3 + 11 + 13 + 17 + 19 + 23 + 2
    assert table.peacekeeper_events.sum() == 1 and table.peacekeeper_fatalities.sum() == 2
    by_type = events.metrics("KFOR", workspace=ws, registry=fixture_registry, by="violence_type")
    assert by_type.groupby("violence_type").events.sum().to_dict() == {"non-state": 1, "one-sided": 2, "state-based": 4}
    by_side = events.metrics("kosovo-kfor-1999", workspace=ws, registry=fixture_registry, by="side")
    pairs = by_side.groupby(["side_a", "side_b"]).fatalities_best.sum().to_dict()
    assert pairs[("KLA faction A", "KLA faction B")] == 17 and pairs[("KLA faction A", "KFOR")] == 2


def test_year_only_events_are_counted_per_year(ws, events_data, fixture_registry):
    events.load_files([events_data / "ucdp_reduced_balkans.csv"], workspace=ws)
    table = events.metrics("bosnia-ifor-1995", workspace=ws, registry=fixture_registry)
    assert set(table.granularity) == {"year"} and table.month.isna().all()
    assert list(table.period) == sorted(table.period)
    by_year = table.groupby("year").fatalities_best.sum()
    assert by_year[1995] > 1000 and table[table.year == 1995].phase.tolist() == ["transition"]


def test_geopko_locations_give_un_operations_an_area(analysis):
    areas = analysis.areas(list(analysis.registry))
    unomig = areas.points[areas.points.op_id == "georgia-unomig-1993"]
    assert len(unomig) == 12 and set(unomig.origin) == {"geopko"}
    assert "Geo-PKO UNOMIG: Gali" in set(unomig.area) and (unomig.radius_km == 50).all()
    assert "georgia-unomig-1993" not in areas.unlinked
    assert mission_index(analysis.registry)["UNOMIG"][0].id == "georgia-unomig-1993"
    assert "UNFICYP" not in mission_index(analysis.registry)  # not in this registry: its rows stay unlinked


def test_operation_without_area_or_start_is_reported_not_linked(mini_data, ws, events_data):
    from peaceops import registry

    reg = registry.load(mini_data)
    events.load_files([events_data / "ucdp_reduced_balkans.csv"], workspace=ws)
    areas = Analysis.open(workspace=ws, registry=reg).areas(list(reg))
    assert "no area" in areas.unlinked["transnistria-jpkf-1992"]
    assert "kosovo-kfor-1999" not in areas.unlinked


def test_grid_cells_cover_the_circle_and_wrap_the_antimeridian():
    cells = set(cells_touched(42.667, 21.167, 80))
    assert (42, 21) in cells and (43, 21) in cells and (42, 20) in cells and (41, 21) in cells
    assert (44, 21) not in cells
    wrapped = set(cells_touched(-17.0, 179.8, 60))
    assert (-18, -180) in wrapped and (-18, 180) in wrapped and (-18, 179) in wrapped
    assert len(set(cells_touched(89.5, 0.0, 10))) >= 360  # near the pole every longitude


def test_no_events_loaded_is_a_clear_error(ws, fixture_registry):
    from peaceops.events.errors import EventsError

    with pytest.raises(EventsError, match="peaceops events load"):
        events.metrics("kosovo-kfor-1999", workspace=ws, registry=fixture_registry)


def test_window_dates_follow_the_registry(analysis):
    windows = analysis.areas(list(analysis.registry)).windows.set_index("op_id")
    assert windows.loc["kosovo-kfor-1999", "window_start"] == dt.date(1996, 1, 1)
    assert windows.loc["bosnia-ifor-1995", "window_end"] == dt.date(1999, 12, 31)
    assert windows.loc["kosovo-kfor-1999", "end_date"] == dt.date(9999, 12, 31)
