"""The registry at a glance: its rows, the timeline and world-map SVG builders, the decade and lead-group filters."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from peaceops import registry
from peaceops.errors import UsageError
from peaceops.present import overview, visual
from peaceops.registry.filters import decades_active, parse_decade

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 6, 30)
STYLE_CSS = Path(__file__).parents[1] / "src" / "peaceops" / "web" / "static" / "style.css"


@pytest.fixture(scope="module")
def shipped():
    return registry.load()


@pytest.fixture(scope="module")
def rows(shipped):
    return overview.registry_rows(shipped, TODAY)


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def _all(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if css_class in e.get("class", "").split()]


def _links(root: ET.Element) -> dict[int, str]:
    """Each drawn element's id() -> the href of the link around it."""
    out = {}
    for a in root.iter(SVG + "a"):
        for child in a:
            out[id(child)] = a.get("href")
    return out


def test_one_bar_per_operation_with_a_start_each_linked_and_labelled(rows):
    root = _tree(visual.timeline_svg(rows, today=TODAY))
    bars = _all(root, "rect", "bar")
    deployed = [r["id"] for r in rows if r["start"]]
    assert [b.get("data-op") for b in bars] == deployed  # by start date, one each
    assert len(deployed) >= 26
    links = _links(root)
    by_id = {r["id"]: r for r in rows}
    for bar in bars:
        row = by_id[bar.get("data-op")]
        assert links[id(bar)] == f"/operations/{row['id']}"
        assert bar.get("data-lead-group") == row["lead_group"] and bar.get("fill") == row["colour"]
        assert bar.get("data-status") == row["status"]
        assert bar.get("data-decades").split() == row["decades"]
        assert bar.get("data-search") == row["search"]
        assert bar.find(SVG + "title").text.startswith(row["acronym"] or row["name"])
        assert row["lead"] in bar.find(SVG + "desc").text
        assert float(bar.get("width")) >= 2
    assert root.find(SVG + "title").text.startswith(f"Timeline of {len(deployed)} peace operations")


def test_a_marker_for_every_area_point_coloured_by_lead_group(rows):
    root = _tree(visual.map_svg(rows))
    markers = _all(root, "circle", "marker")
    expected = sorted((r["id"], i + 1) for r in rows for i, _ in enumerate(r["area"]))
    assert sorted((m.get("data-op"), int(m.get("data-point"))) for m in markers) == expected
    assert len(expected) > len(rows)  # several operations have more than one point
    links = _links(root)
    colours = {r["id"]: r["colour"] for r in rows}
    for marker in markers:
        assert links[id(marker)] == f"/operations/{marker.get('data-op')}"
        assert marker.get("fill") == colours[marker.get("data-op")]
        assert marker.find(SVG + "title").text and marker.find(SVG + "desc").text
        assert 0 <= float(marker.get("cx")) <= 960 and float(marker.get("r")) >= 3
    assert len(_all(root, "path", "country")) > 150  # the whole world's countries behind them


def test_output_is_deterministic(shipped):
    first = overview.registry_rows(shipped, TODAY)
    second = overview.registry_rows(list(reversed(list(shipped))), TODAY)
    assert first == second
    assert visual.timeline_svg(first, today=TODAY) == visual.timeline_svg(second, today=TODAY)
    assert visual.map_svg(first) == visual.map_svg(second)
    assert visual.map_svg(first, width=640) != visual.map_svg(first)  # the cache is keyed on the width


def test_requested_not_deployed_is_a_marker_apart_not_a_bar(shipped, rows):
    kyrgyz = next(r for r in rows if r["id"] == "kyrgyzstan-csto-2010")
    assert kyrgyz["start"] is None and kyrgyz["decades"] == [] and kyrgyz["requested"]["date"] == "2010-06-12"
    root = _tree(visual.timeline_svg(rows, today=TODAY))
    assert kyrgyz["id"] not in {b.get("data-op") for b in _all(root, "rect", "bar")}
    [marker] = [m for m in root.iter() if m.get("data-op") == kyrgyz["id"]]
    assert "requested" in marker.get("class").split() and marker.tag == SVG + "path"
    assert marker.find(SVG + "title").text.endswith("never deployed")
    deployed = [i for i, r in enumerate(rows) if r["start"] is not None]
    assert rows.index(kyrgyz) > max(deployed)  # listed after every deployed operation
    # without any date, it is still drawn (a square at the start of the axis) and still a link
    op = shipped.get(kyrgyz["id"])
    undated = op.model_copy(update={"request": None, "legal_basis": []})
    row = overview.registry_row(undated, TODAY)
    assert row["requested"] is None
    root = _tree(visual.timeline_svg([row], today=TODAY))
    [square] = _all(root, "rect", "undated")
    assert _links(root)[id(square)] == f"/operations/{op.id}"
    # its area points are on the map all the same
    assert len([m for m in _all(_tree(visual.map_svg([row])), "circle", "marker")]) == len(op.area)


def test_an_active_bar_runs_to_today_and_an_ended_one_stops(rows):
    def width(svg: str, op_id: str) -> float:
        return next(float(b.get("width")) for b in _all(_tree(svg), "rect", "bar") if b.get("data-op") == op_id)

    active = next(r for r in rows if r["status"] == "active" and r["start"]["earliest"] < "2000")
    ended = next(r for r in rows if r["status"] == "ended" and r["end"])
    early = visual.timeline_svg(rows, today=TODAY)
    late = visual.timeline_svg(rows, today=TODAY.replace(year=2040))
    assert width(late, active["id"]) > width(early, active["id"])  # scale changes too, but not this much
    assert width(late, ended["id"]) < width(early, ended["id"])
    assert active["decades"][-1] == "2020s" and ended["decades"][-1] == f"{ended['end']['date'][:3]}0s"


def test_hidden_operations_are_drawn_hidden(rows):
    hidden = frozenset(r["id"] for r in rows if r["lead_group"] != "un")
    root = _tree(visual.timeline_svg(rows, today=TODAY, hidden=hidden))
    bars = [(g, g.find(f"{SVG}a/{SVG}rect")) for g in _all(root, "g", "op-row")]
    classes = {bar.get("data-op"): g.get("class") for g, bar in bars if bar is not None}  # never-deployed: no bar
    assert len(classes) == sum(1 for r in rows if r["start"] is not None)
    assert {i for i, c in classes.items() if "filtered-out" in c} == hidden & set(classes)
    world = _tree(visual.map_svg(rows, hidden=hidden))
    for a in _all(world, "a", "op-item"):
        assert ("filtered-out" in a.get("class")) == (a.find(SVG + "circle").get("data-op") in hidden)


def test_legend_colours_are_distinct_and_the_stylesheet_agrees():
    colours = [item["colour"] for item in overview.legend()]
    assert len(set(colours)) == len(colours) == 5
    css = STYLE_CSS.read_text(encoding="utf-8")
    for item in overview.legend():
        assert re.search(rf"\.swatch-{item['lead_group']} {{ background: {item['colour']}; }}", css), item
    root = _tree(visual.timeline_svg([], today=TODAY))
    assert [t.text for t in root.iter(SVG + "text")][:5] == [i["text"] for i in overview.legend()]


def test_overview_counts_and_decades(shipped, rows):
    data = overview.registry_overview(shipped, TODAY)
    assert data["operations"] == rows
    assert data["bars"] == sum(1 for r in rows if r["start"])
    assert data["markers"] == sum(len(r["area"]) for r in rows)
    first = min(int(r["start"]["earliest"][:4]) for r in rows if r["start"])
    assert data["decades"][0] == f"{first // 10 * 10}s" and data["decades"][-1] == f"{TODAY.year // 10 * 10}s"
    assert all(r["search"] == r["search"].lower() for r in rows)


# -- the filters behind them ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, decade", [("1990s", 1990), ("1990", 1990), (" 2020s ", 2020)])
def test_parse_decade(text, decade):
    assert parse_decade(text) == decade


@pytest.mark.parametrize("text", ["1995", "90s", "199", "nineties", ""])
def test_parse_decade_rejects(text):
    with pytest.raises(UsageError, match="1990s"):
        parse_decade(text)


def test_decade_filter_means_active_in_any_year_of_it(shipped):
    nineties = {op.id for op in shipped.filter(decade="1990s", today=TODAY)}
    assert "cyprus-unficyp-1964" in nineties  # active since 1964
    assert "bosnia-ifor-1995" in nineties
    assert "kazakhstan-csto-cpf-2022" not in nineties
    assert "lebanon-mnf-1982" not in nineties  # ended in the 1980s
    assert not any(op.status.value == "requested-not-deployed" for op in shipped.filter(decade="2010s"))
    for op in shipped:
        assert (op.id in nineties) == (1990 in decades_active(op, TODAY))
    with pytest.raises(UsageError):
        shipped.filter(decade="the nineties")


def test_lead_group_filter_is_exact(shipped):
    un = shipped.filter(lead_group="un")
    assert un and all(op.lead_group == "un" for op in un)
    assert len(shipped.filter(lead="un")) > len(un)  # the substring filter also finds "African Union", "Russia"...
    with pytest.raises(UsageError, match="lead_group"):
        shipped.filter(lead_group="united nations")
