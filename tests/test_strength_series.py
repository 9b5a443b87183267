"""Strength series kept as CSV (data/strength/): validation, merge into the operation, and agreement with the
dataset copy they were derived from."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from peaceops import registry

ROOT = Path(__file__).resolve().parents[1]
HEADER = "operation_id,date,basis,troops,police,observers,sources,note\n"
PSH_COPY = ROOT / "tests" / "data" / "registry_crosscheck" / "psh_2018_mission_months.csv"
UN_SERIES = ROOT / "data" / "strength" / "un-psh-2018.csv"


def _write(mini_data: Path, body: str) -> Path:
    folder = mini_data / "strength"
    folder.mkdir(exist_ok=True)
    path = folder / "test.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_series_rows_join_the_operation_strength_with_their_sources(mini_data):
    before = registry.load(mini_data, use_cache=False).get("kosovo-kfor-1999")
    _write(
        mini_data,
        "kosovo-kfor-1999,2001-12,actual,39000,,,unscr-1244,December figure\n"
        "kosovo-kfor-1999,2000-06,authorised,50000,0,0,unscr-1244,\n",
    )
    after = registry.load(mini_data, use_cache=False).get("kosovo-kfor-1999")
    added = after.strength[len(before.strength) :]
    assert [(str(s.date), s.basis, s.total) for s in added] == [
        ("2000-06", "authorised", 50000),
        ("2001-12", "actual", 39000),
    ]
    assert added[1].sources == ["unscr-1244"] and added[1].note == "December figure"
    assert after.strength[: len(before.strength)] == before.strength  # curated entries first, untouched


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        ("nowhere-op-1999,2001-12,actual,1,,,unscr-1244,", "row 2: operation_id", "unknown operation"),
        ("kosovo-kfor-1999,2001-12,actual,-5,,,unscr-1244,", "row 2: troops", "greater than or equal to 0"),
        ("kosovo-kfor-1999,2001-13,actual,5,,,unscr-1244,", "row 2: date", "month 13"),
        ("kosovo-kfor-1999,2001-12,guessed,5,,,unscr-1244,", "row 2: basis", "Input should be"),
        ("kosovo-kfor-1999,2001-12,actual,5,,,no-such-source,", "row 2: sources", "unknown source"),
        ("kosovo-kfor-1999,2001-12,actual,5,,,,", "row 2: sources", "at least 1"),
        ("kosovo-kfor-1999,1990-01,actual,5,,,unscr-1244,", "row 2: date", "outside the deployment"),
    ],
)
def test_each_broken_row_is_named_by_file_row_and_column(mini_data, row, field, expected):
    _write(mini_data, row + "\n")
    _, problems = registry.check(mini_data)
    assert [(p.file, p.field) for p in problems] == [("data/strength/test.csv", field)], problems
    assert expected in problems[0].message


def test_a_file_without_the_columns_says_which_are_missing(mini_data):
    folder = mini_data / "strength"
    folder.mkdir()
    (folder / "bad.csv").write_text("operation_id,date,troops\nkosovo-kfor-1999,2001,5\n", encoding="utf-8")
    _, problems = registry.check(mini_data)
    assert len(problems) == 1 and "basis" in problems[0].message and "sources" in problems[0].message


@pytest.mark.parametrize("script", ["strength_series_from_psh.py", "strength_series_from_bh.py"])
def test_each_series_is_what_its_script_derives_from_the_dataset_copy(script):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--check"],
        capture_output=True,
        text=True,
        env={"PEACEOPS_CACHE": "off", "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_deployed_figure_of_the_un_series_is_a_month_of_the_dataset():
    """Read independently of the script: each `actual` row equals the dataset's month for that operation."""
    reg = registry.load()
    months: dict[tuple[str, int, int], set[tuple[int, int, int]]] = {}
    with PSH_COPY.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["mission"], int(row["year"]), int(row["month"]))
            counts = tuple(int(float(row[c] or 0)) for c in ("troop", "police", "milobs"))
            months.setdefault(key, set()).add(counts)
    with UN_SERIES.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["basis"] == "actual"]
    assert len(rows) > 300
    for row in rows:
        op = reg.get(row["operation_id"])
        year, month = map(int, row["date"].split("-"))
        names = {op.acronym, op.acronym.split(" ")[0], {"UNOSOM I": "UNOSOM", "UNCPSG": "UNPSG"}.get(op.acronym)}
        found = set().union(*(months.get((n, year, month), set()) for n in names if n))
        assert (int(row["troops"]), int(row["police"]), int(row["observers"])) in found, row


def test_a_long_operation_has_a_strength_curve_not_a_single_figure():
    op = registry.load().get("liberia-unmil-2003")
    deployed = sorted((s for s in op.strength if s.basis == "actual"), key=lambda s: s.date.earliest())
    authorised = [s for s in op.strength if s.basis == "authorised"]
    assert {s.date.year for s in deployed} >= set(range(2004, 2016))
    assert len(authorised) > 3


BH_COPY = ROOT / "tests" / "data" / "registry_crosscheck" / "bh_2020_sipri_points_nonun.csv"
NONUN_SERIES = ROOT / "data" / "strength" / "nonun-bh-2020.csv"


def test_every_nonun_figure_is_a_sipri_point_of_a_nonun_operation():
    reg = registry.load()
    with BH_COPY.open(newline="", encoding="utf-8") as handle:
        points = {
            (r["month"], int(r["troops"] or 0), int(r["police"] or 0), int(r["observers"] or 0))
            for r in csv.DictReader(handle)
        }
    with NONUN_SERIES.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 100
    for row in rows:
        assert reg.get(row["operation_id"]).kind != "un"
        assert row["basis"] == "reported"  # SIPRI's own figure, never the interpolated months
        assert (row["date"], int(row["troops"]), int(row["police"]), int(row["observers"])) in points, row
