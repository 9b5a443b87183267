"""Panels for analysis: keys, years of deployment, strength by year, aggregation, and the export command."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from peaceops import catalog, panels, registry

TODAY = dt.date(2026, 12, 4)


def _add_codes(mini_data, op_id: str, codes: str, conflicts: str | None = None) -> None:
    """Give a fixture operation host codes (and UCDP ids): an edit of the private copy to exercise the grouping."""
    path = mini_data / "operations" / f"{op_id}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nstart:\n", f"\n{conflicts or ''}start:\n", 1)
    path.write_text(text.replace("\nhost:\n", "\nhost:\n" + codes, 1), encoding="utf-8")


def test_operation_year_has_one_row_per_year_of_deployment(mini_data):
    reg = registry.load(mini_data)
    rows = panels.operation_year(reg, today=TODAY)
    jpkf = [r for r in rows if r["operation_id"] == "south-ossetia-jpkf-1992"]
    assert [r["year"] for r in jpkf] == list(range(1992, 2009))  # July 1992 to 2008, both years included
    kfor = [r for r in rows if r["operation_id"] == "kosovo-kfor-1999"]
    assert kfor[0]["year"] == 1999 and kfor[-1]["year"] == TODAY.year  # active: to this year
    keys = [(r["operation_id"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_strength_is_read_by_year_and_carried_forward_with_its_date():
    reg = registry.load()  # the shipped registry: KFOR's dated strength entries
    op = reg.get("kosovo-kfor-1999")
    deployed = sorted((s for s in op.strength if s.basis in panels.DEPLOYED_BASES), key=lambda s: s.date.earliest())
    assert deployed, "the fixture needs a deployed figure"
    first = deployed[0]
    rows = {r["year"]: r for r in panels.operation_year(reg, today=TODAY) if r["operation_id"] == op.id}
    year = first.date.earliest().year
    same_year = [panels.total_personnel(s) for s in deployed if s.date.earliest().year == year]
    assert rows[year]["personnel_deployed_max"] == max(same_year)
    later = year + 1
    if not any(s.date.earliest().year == later for s in op.strength):
        assert rows[later]["personnel_deployed_max"] is None  # nothing dated that year: not invented
        assert rows[later]["personnel_last_known"] is not None  # but the last figure is carried with its date
        assert rows[later]["personnel_last_known_date"].startswith(str(year))


def test_country_and_conflict_year_group_operations(mini_data):
    _add_codes(
        mini_data,
        "south-ossetia-jpkf-1992",
        "  iso3: GEO\n  gwno: 372\n",
        "ucdp_conflicts:\n  value: [9999]\n  sources: [sochi-agreement-1992-06-24]\n",
    )
    _add_codes(
        mini_data,
        "transnistria-jpkf-1992",
        "  iso3: GEO\n  gwno: 372\n",
        "ucdp_conflicts:\n  value: [9999]\n  sources: [moscow-agreement-1992-07-21]\n",
    )
    reg = registry.load(mini_data)
    op_rows = panels.operation_year(reg, today=TODAY)
    countries = {(r["gwno"], r["year"]): r for r in panels.country_year(reg, op_rows)}
    both = countries[(372, 1995)]
    assert both["operations"] == 2 and both["iso3"] == "GEO"
    assert both["operation_ids"] == "south-ossetia-jpkf-1992;transnistria-jpkf-1992"
    assert both["non_un_operations"] == 2 and both["un_operations"] == 0
    conflicts = {(r["ucdp_conflict_id"], r["year"]): r for r in panels.conflict_year(reg, op_rows)}
    assert conflicts[(9999, 1995)]["operations"] == 2
    assert conflicts[(9999, 2009)]["operation_ids"] == "transnistria-jpkf-1992"  # South Ossetia's ended in 2008
    no_codes = [r for r in panels.country_year(reg, op_rows) if r["state"] == "Serbia"]
    assert no_codes and all(r["gwno"] is None for r in no_codes)  # kept, keyed by name where no code is recorded


@pytest.mark.parametrize("panel", panels.PANELS)
def test_every_panel_column_is_documented_and_typed(mini_data, panel):
    cat = catalog.load(mini_data)
    frame = panels.build(panel, cat, today=TODAY)
    documented = {c.name for c in panels.COLUMNS[panel]}
    for column in frame.columns:
        assert column in documented or (column.startswith("score_") and "score_<principle>" in documented), column
    if panel == "operation-year":
        assert str(frame["year"].dtype) == "Int64" and str(frame["chapter_vii"].dtype) == "boolean"
        scored = [c for c in frame.columns if c.startswith("score_")]
        assert len(scored) == len(cat.framework.principles)


def test_export_panel_reads_back_in_pandas(cli, mini_data, tmp_path):
    out = tmp_path / "panels"
    result = cli("export", "--panel", "operation-year", "--format", "parquet", "--out", str(out), data=mini_data)
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out / "operation-year.parquet")
    assert set(frame["operation_id"]) == {"kosovo-kfor-1999", "south-ossetia-jpkf-1992", "transnistria-jpkf-1992"}
    assert frame.groupby("operation_id")["year"].min().to_dict()["transnistria-jpkf-1992"] == 1992
    csv = cli("export", "--panel", "country-year", "--format", "csv", "--out", str(out), data=mini_data)
    assert csv.exit_code == 0 and (out / "country-year.csv").exists()


def test_export_panel_refuses_json_with_a_reason(cli, mini_data, tmp_path):
    result = cli("export", "--panel", "conflict-year", "--format", "json", "--out", str(tmp_path), data=mini_data)
    assert result.exit_code != 0
    assert "csv or parquet" in result.output
