"""The events demo on the shipped example files (examples/events/), as `make demo` will run it."""

from __future__ import annotations

from peaceops.events.demo import SHIPPED, examples_dir, run_events_demo


def test_demo_loads_the_shipped_files_and_prints_each_trajectory(ws, fixture_registry):
    lines: list[str] = []
    summary = run_events_demo(ws, fixture_registry, lines.append)
    assert all((examples_dir() / name).is_file() for name in SHIPPED)
    assert summary["coverage"]["ucdp-ged"]["rows"] == 61296 and summary["coverage"]["geopko"]["rows"] == 8783
    text = "\n".join(lines)
    assert "bosnia-ifor-1995: settled" in text and "kosovo-kfor-1999: frozen" in text
    assert "georgia-unomig-1993: " in text and "12 Geo-PKO location(s)" in text
    # Kosovo's own years: the 2001 fighting in Macedonia, inside KFOR's 80 km circle, no longer counts
    assert "deaths by year: 1996: 2, 1997: 9, 1998: 260, 1999: 732, 2000: 0, 2001: 1, 2002: 0" in text
    assert "excluded: 16 deaths in 11 events (outside Serbia or Kosovo: Macedonia)" in text
    assert "excluded: 147 deaths in 23 events (outside Bosnia and Herzegovina: Croatia)" in text
    assert sum(summary["trajectories"].values()) == len(fixture_registry)

    again: list[str] = []
    run_events_demo(ws, fixture_registry, again.append)
    assert "already loaded" in "\n".join(again)
