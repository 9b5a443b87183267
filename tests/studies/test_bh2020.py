"""Bara & Hultman (2020) rebuilt from their mission table and the shipped UCDP GED: numbers worked out again from
the files, and a statement that says what matches and what cannot be checked."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from peaceops.studies import bh2020_violence

ROOT = Path(__file__).resolve().parents[2]
GED = ROOT / "examples" / "events" / "ged201_reduced.csv"


def test_mission_years_and_the_direction_of_the_difference():
    result = bh2020_violence(ROOT / "data", GED)
    with (ROOT / "data" / "studies" / "bh2020_mission_years.csv").open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if 1995 <= int(r["year"]) <= 2016 and r["location"] != "Comoros"]
    un, other = result.groups
    assert un.mission_years == sum(1 for r in rows if r["organisation"] == "UN")
    assert other.mission_years == sum(1 for r in rows if r["organisation"] != "UN")
    assert un.missions == len({r["missionid"] for r in rows if r["organisation"] == "UN"})
    assert result.unplaced_locations == ["Comoros"]
    said_more = "saw more violence" in result.matches
    assert said_more == (un.mean_deaths > other.mean_deaths)
    assert ("does not match" in result.matches) == (not said_more)
    assert 0 <= result.mann_whitney_mission_years["p_value"] <= 1
    assert any("battle deaths per conflict" in c for c in result.cannot_check)


def test_cli_prints_it_as_json(cli):
    out = cli("study", "bh2020", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [g["group"] for g in data["groups"]] == ["UN", "non-UN"] and data["matches"]
