"""The ops commands, their filters and JSON output, and the demo."""

from __future__ import annotations

import json

import pytest


def test_list_json_and_filters(cli, mini_data):
    rows = json.loads(cli("ops", "list", "--json", data=mini_data).stdout)
    assert len(rows) == 3
    by_kind = json.loads(cli("ops", "list", "--kind", "alliance", "--json", data=mini_data).stdout)
    assert [r["id"] for r in by_kind] == ["kosovo-kfor-1999"]
    by_lead = json.loads(cli("ops", "list", "--lead", "russia", "--json", data=mini_data).stdout)
    assert {r["id"] for r in by_lead} == {"south-ossetia-jpkf-1992", "transnistria-jpkf-1992"}
    by_host = json.loads(cli("ops", "list", "--host", "ossetia", "--json", data=mini_data).stdout)
    assert [r["id"] for r in by_host] == ["south-ossetia-jpkf-1992"]


def test_list_by_decade_and_lead_group(cli, mini_data):
    def ids(*args):
        result = cli("ops", "list", *args, "--json", data=mini_data)
        assert result.exit_code == 0, result.stderr
        return {r["id"] for r in json.loads(result.stdout)}

    assert ids("--decade", "1990s") == {"south-ossetia-jpkf-1992", "transnistria-jpkf-1992", "kosovo-kfor-1999"}
    assert ids("--decade", "2010s") == {"transnistria-jpkf-1992", "kosovo-kfor-1999"}  # South Ossetia ended 2008
    assert ids("--decade", "1980") == set()
    assert ids("--lead-group", "nato-eu", "--decade", "2000s") == {"kosovo-kfor-1999"}
    result = cli("ops", "list", "--decade", "nineties", data=mini_data)
    assert result.exit_code != 0 and "1990s" in result.stderr


@pytest.mark.parametrize(
    "day, expected",
    [
        ("1995-01-01", {"south-ossetia-jpkf-1992", "transnistria-jpkf-1992"}),
        (
            "2008-12-31",
            {"south-ossetia-jpkf-1992", "transnistria-jpkf-1992", "kosovo-kfor-1999"},
        ),  # end known only to the year
        ("2009-01-01", {"transnistria-jpkf-1992", "kosovo-kfor-1999"}),
        ("1992-07-01", {"south-ossetia-jpkf-1992", "transnistria-jpkf-1992"}),  # start known only to the month
        ("1992-06-30", set()),
    ],
)
def test_active_on(cli, mini_data, day, expected):
    rows = json.loads(cli("ops", "list", "--active-on", day, "--json", data=mini_data).stdout)
    assert {r["id"] for r in rows} == expected


def test_active_on_rejects_bad_date(cli, mini_data):
    result = cli("ops", "list", "--active-on", "last tuesday", data=mini_data)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_show_json_carries_sources(cli, mini_data):
    result = cli("ops", "show", "KFOR", "--json", data=mini_data)
    assert result.exit_code == 0, result.stderr
    op = json.loads(result.stdout)
    assert op["id"] == "kosovo-kfor-1999"
    assert op["legal_basis"][0]["un_resolutions"] == ["S/RES/1244 (1999)"]
    assert op["cited_sources"]["unscr-1244"]["reliability"] == "A"
    assert op["start"] == {"date": "1999-06", "sources": ["unscr-1244"]}


def test_show_text_numbers_sources(cli, mini_data):
    result = cli("ops", "show", "transnistria-jpkf-1992", data=mini_data)
    assert result.exit_code == 0
    assert "lead: Russia [1]" in result.stdout
    assert "1. [A] Governments of the Russian Federation" in result.stdout


def test_show_unknown_exits_1(cli, mini_data):
    result = cli("ops", "show", "no such force", data=mini_data)
    assert result.exit_code == 1
    assert result.stderr.startswith("peaceops: error: no operation matches")


def test_demo_builds_workspace_and_exports(cli, mini_data, workspace_dir, tmp_path):
    out = tmp_path / "build"
    result = cli("demo", "--out", str(out), data=mini_data)
    assert result.exit_code == 0, result.stderr
    assert (workspace_dir / "peaceops.sqlite").exists()
    assert "3 operations, 4 sources" in result.stdout
    assert (out / "registry" / "operations.csv").exists()
    for name in ("registry-timeline.svg", "registry-map.svg"):
        assert str(out / name) in result.stdout
        assert (out / name).read_text(encoding="utf-8").startswith("<svg ")
    assert (out / "registry-timeline.svg").read_text(encoding="utf-8").count('class="bar') == 3
