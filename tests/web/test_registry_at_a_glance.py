"""The registry at a glance on / and /operations: the JSON twins' ``registry`` rows, the inline SVGs, and the
lead-group, status, decade and text filters as query parameters (the pages without JavaScript)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from web_support import assert_inert, markup

from peaceops import registry as registry_module
from peaceops.web.registry_visual import registry_svgs

ROW_KEYS = {"id", "acronym", "name", "lead_group", "kind", "status", "start", "end", "decades", "area", "search"}


@pytest.fixture
def shipped(shipped_app, new_client):
    return new_client(shipped_app)


def _drawn(html: str) -> dict[str, list[tuple[str, dict]]]:
    """Elements carrying data-op on a page, by what they are: bar, marker (map), requested, row (table)."""
    out: dict[str, list] = {"bar": [], "marker": [], "requested": [], "row": []}
    for tag, attrs in markup(html):
        if "data-op" not in attrs:
            continue
        classes = attrs.get("class", "").split()
        kind = "row" if tag == "tr" else "bar" if "bar" in classes else "requested" if "requested" in classes else None
        out[kind or "marker"].append((tag, attrs))
    return out


def test_index_json_serves_one_row_per_operation(shipped):
    data = shipped.get("/index.json").json()
    registry = data["registry"]
    rows = registry["operations"]
    assert len(rows) == data["operations"] == len(registry_module.load())
    assert ROW_KEYS <= set(rows[0])
    assert rows[0]["start"]["precision"] in ("day", "month", "year")
    assert registry["bars"] == sum(1 for r in rows if r["start"]) == sum(1 for op in registry_module.load() if op.start)
    assert registry["markers"] == sum(len(r["area"]) for r in rows)
    assert [g["lead_group"] for g in registry["legend"]] == [
        "un",
        "nato-eu",
        "cis-csto-russia",
        "other-regional",
        "other",
    ]
    first = min(op.start.date.earliest().year for op in registry_module.load() if op.start)
    assert registry["decades"][0] == f"{first // 10 * 10}s"
    assert all(p["radius_km"] is None or p["radius_km"] > 0 for r in rows for p in r["area"])


def test_home_page_draws_the_timeline_and_map_inline_without_inline_script(shipped):
    page = shipped.get("/")
    assert page.status_code == 200
    html = page.text
    assert_inert(html)
    assert 'class="peaceops-timeline"' in html and 'class="peaceops-worldmap"' in html
    drawn = _drawn(html)
    registry = shipped.get("/index.json").json()["registry"]
    assert len(drawn["bar"]) == registry["bars"]
    assert len(drawn["marker"]) == registry["markers"]
    never = {r["id"] for r in registry["operations"] if r["status"] == "requested-not-deployed"}
    assert {a["data-op"] for _, a in drawn["requested"]} == never and "kyrgyzstan-csto-2010" in never
    assert not any("filtered-out" in a.get("class", "") for kind in drawn.values() for _, a in kind)
    # the filter form works without the script: it asks /operations
    assert '<form method="get" action="/operations" class="filters live-filters" data-live-filters>' in html


@pytest.mark.parametrize(
    "query",
    [
        {"lead_group": "un"},
        {"status": "active"},
        {"decade": "1990s"},
        {"q": "bosnia"},
        {"lead_group": "nato-eu", "decade": "2000s", "q": "kosovo"},
    ],
)
def test_operations_json_and_page_filter_alike(shipped, query):
    data = shipped.get("/operations.json", params=query).json()
    wanted = {r["id"] for r in data["rows"]}
    total = len(registry_module.load())
    deployed = sum(1 for op in registry_module.load() if op.start)
    assert wanted and len(wanted) < total  # not vacuous
    assert {r["id"] for r in data["registry"]["operations"]} == wanted
    for key, value in query.items():
        assert data["filters"][key] == value
    for row in data["registry"]["operations"]:
        if "lead_group" in query:
            assert row["lead_group"] == query["lead_group"]
        if "decade" in query:
            assert query["decade"] in row["decades"]
    # the page draws every operation and hides those that fail these filters, so the script can show them again
    html = shipped.get("/operations", params=query).text
    drawn = _drawn(html)
    assert len(drawn["row"]) == total and len(drawn["bar"]) == deployed and drawn["marker"]
    visible_rows = {a["data-op"] for _, a in drawn["row"] if "filtered-out" not in a["class"]}
    assert visible_rows == wanted
    assert all(("hidden" in a) == (a["data-op"] not in wanted) for _, a in drawn["row"])
    assert f"{len(wanted)} of {total} operations" in html


def _visible_in_svg(html: str, kind: str) -> set[str]:
    """Ids of the bars or markers whose enclosing row or link is not filtered out (parsed as a browser would)."""
    visible, stack = set(), []

    class Walk(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            hidden = "filtered-out" in (attrs.get("class") or "").split() or (stack and stack[-1])
            if tag in ("g", "a", "svg"):
                stack.append(bool(hidden))
            if attrs.get("data-op") and kind in (attrs.get("class") or "").split() and not hidden:
                visible.add(attrs["data-op"])

        def handle_endtag(self, tag):
            if tag in ("g", "a", "svg"):
                stack.pop()

    Walk().feed(html)
    return visible


def test_without_script_the_svgs_hide_what_the_filters_leave_out(shipped):
    query = {"status": "ended", "decade": "1990s"}
    wanted = {r["id"] for r in shipped.get("/operations.json", params=query).json()["rows"]}
    html = shipped.get("/operations", params=query).text
    assert _visible_in_svg(html, "bar") == wanted
    with_area = {
        r["id"] for r in shipped.get("/operations.json", params=query).json()["registry"]["operations"] if r["area"]
    }
    assert _visible_in_svg(html, "marker") == with_area


def test_server_filters_leave_operations_out_of_the_drawings(shipped):
    data = shipped.get("/operations.json", params={"kind": "un"}).json()
    drawn = _drawn(shipped.get("/operations", params={"kind": "un"}).text)
    assert {a["data-op"] for _, a in drawn["bar"]} == {r["id"] for r in data["rows"] if r["start"]}
    assert {a["data-op"] for _, a in drawn["requested"]} == {r["id"] for r in data["rows"] if not r["start"]}
    assert len(drawn["marker"]) == data["registry"]["markers"]


@pytest.mark.parametrize(
    "query", [{"decade": "nineties"}, {"decade": "1995"}, {"decade": "1990"}, {"lead_group": "united-nations"}]
)
def test_bad_filter_values_are_refused(shipped, query):
    assert shipped.get("/operations.json", params=query).status_code == 422


def test_the_drawings_are_made_once_per_registry(shipped, shipped_app):
    shipped.get("/")
    ctx = shipped_app.state.web
    first = registry_svgs(ctx)
    assert registry_svgs(ctx) is first
    assert shipped.get("/").text.count(first["timeline"].split("\n")[0]) == 1
