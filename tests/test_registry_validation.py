"""Each validation rule, on a small fixture broken in one way per test."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from peaceops import registry
from peaceops.errors import DataValidationError


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_of(data_dir):
    _, problems = registry.check(data_dir)
    return problems


def test_fixture_is_valid(mini_data):
    reg = registry.load(mini_data)
    assert sorted(reg.operations) == ["kosovo-kfor-1999", "south-ossetia-jpkf-1992", "transnistria-jpkf-1992"]


def _set(path_keys, value):
    def change(data):
        node = data
        for key in path_keys[:-1]:
            node = node[key]
        node[path_keys[-1]] = value

    return change


BROKEN = {
    "unknown key": ("kosovo-kfor-1999", _set(["lead", "valeu"], "NATO"), "lead.valeu", "unknown key"),
    "fact without source": ("kosovo-kfor-1999", _set(["lead", "sources"], []), "lead.sources", "at least one source"),
    "missing source file": (
        "kosovo-kfor-1999",
        _set(["host", "sources"], ["unscr-9999"]),
        "host.sources",
        "cites unknown source 'unscr-9999'",
    ),
    "end before start": ("south-ossetia-jpkf-1992", _set(["end", "date"], "1991"), "end.date", "before start"),
    "impossible date": ("kosovo-kfor-1999", _set(["start", "date"], "1999-13"), "start.date", "month 13 out of range"),
    "bad kind": ("kosovo-kfor-1999", _set(["kind"], "crusade"), "kind", "Input should be"),
    "id differs from file": ("kosovo-kfor-1999", _set(["id"], "kosovo-nato-1999"), "id", "must equal the file name"),
    "declined request with a start": (
        "kosovo-kfor-1999",
        _set(["status", "value"], "requested-not-deployed"),
        "start",
        "requested but not deployed",
    ),
    "ended without end": ("transnistria-jpkf-1992", _set(["status", "value"], "ended"), "end", "no end date"),
    "alias of two operations": (
        "kosovo-kfor-1999",
        _set(["aliases", "en"], ["Transnistria peacekeeping force"]),
        "aliases",
        "also claimed by transnistria-jpkf-1992",
    ),
    "latitude out of range": (
        "kosovo-kfor-1999",
        _set(["area", 0, "lat"], 142.0),
        "area[0].lat",
        "less than or equal to 90",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_rule_names_file_field_and_expectation(mini_data, case):
    op_id, change, field, fragment = BROKEN[case]
    edit(mini_data / "operations" / f"{op_id}.yaml", change)
    problems = problems_of(mini_data)
    matching = [p for p in problems if p.field == field and fragment in p.message]
    assert matching, f"expected a problem at {field!r} containing {fragment!r}, got {[str(p) for p in problems]}"
    assert matching[0].file.endswith(f"operations/{op_id}.yaml")


def test_yaml_syntax_error_gives_line(mini_data):
    path = mini_data / "operations" / "kosovo-kfor-1999.yaml"
    path.write_text(path.read_text() + "\nbroken: [unclosed\n")
    problems = problems_of(mini_data)
    assert any("YAML syntax error" in p.message and p.field.startswith("line ") for p in problems)


def test_source_needs_url_or_citation(mini_data):
    edit(mini_data / "sources" / "sochi-agreement-1992-06-24.yaml", lambda d: d.pop("citation"))
    problems = problems_of(mini_data)
    assert any(
        p.file.endswith("sources/sochi-agreement-1992-06-24.yaml") and "url or a citation" in p.message
        for p in problems
    )


def test_duplicate_operation_id(mini_data):
    ops = mini_data / "operations"
    shutil.copy(ops / "kosovo-kfor-1999.yaml", ops / "kosovo-kfor-copy-1999.yaml")
    messages = [str(p) for p in problems_of(mini_data)]
    assert any("duplicate operation id 'kosovo-kfor-1999'" in m for m in messages)


def test_every_problem_is_reported_not_just_the_first(mini_data):
    edit(mini_data / "operations" / "kosovo-kfor-1999.yaml", _set(["lead", "sources"], []))
    edit(mini_data / "operations" / "transnistria-jpkf-1992.yaml", _set(["host", "sources"], ["nowhere"]))
    edit(mini_data / "sources" / "unscr-1244.yaml", _set(["reliability"], "G"))
    problems = problems_of(mini_data)
    files = {p.file.rsplit("/", 1)[-1] for p in problems}
    assert {"kosovo-kfor-1999.yaml", "transnistria-jpkf-1992.yaml", "unscr-1244.yaml"} <= files
    with pytest.raises(DataValidationError) as info:
        registry.load(mini_data)
    assert len(info.value.problems) == len(problems)


def test_validate_command_reports_all_and_exits_non_zero(cli, mini_data):
    edit(mini_data / "operations" / "kosovo-kfor-1999.yaml", _set(["lead", "sources"], []))
    edit(mini_data / "operations" / "transnistria-jpkf-1992.yaml", _set(["kind"], "crusade"))
    result = cli("validate", data=mini_data)
    assert result.exit_code == 1
    assert "kosovo-kfor-1999.yaml: lead.sources" in result.stderr
    assert "transnistria-jpkf-1992.yaml: kind" in result.stderr
    as_json = cli("validate", "--json", data=mini_data)
    assert as_json.exit_code == 1
    report = json.loads(as_json.stdout)
    assert report["valid"] is False and len(report["problems"]) == 2


def test_validate_command_ok(cli, mini_data):
    result = cli("validate", data=mini_data)
    assert result.exit_code == 0, result.stderr
    assert "3 operations, 4 sources, 6 indicators and 3 evidence items" in result.stdout


def test_commands_refuse_invalid_data_with_a_clear_message(cli, mini_data):
    edit(mini_data / "operations" / "kosovo-kfor-1999.yaml", _set(["lead", "sources"], []))
    result = cli("ops", "list", data=mini_data)
    assert result.exit_code == 1
    assert "kosovo-kfor-1999.yaml: lead.sources" in result.stderr
    assert "peaceops validate" in result.stderr


def test_missing_data_directory(cli, tmp_path):
    result = cli("ops", "list", data=tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "data directory not found" in result.stderr


def test_cached_registry_never_hides_an_edit(mini_data, tmp_path, monkeypatch):
    monkeypatch.setenv("PEACEOPS_CACHE", str(tmp_path / "cache"))
    assert len(registry.load(mini_data)) == 3
    assert list((tmp_path / "cache").glob("registry-*.pickle"))  # the validated registry was cached
    assert registry.load(mini_data).get("kosovo-kfor-1999").lead.value == "NATO"  # served from the cache
    edit(mini_data / "operations" / "kosovo-kfor-1999.yaml", _set(["lead", "sources"], []))
    with pytest.raises(DataValidationError):
        registry.load(mini_data)
    (tmp_path / "cache" / next((tmp_path / "cache").glob("*.pickle")).name).write_bytes(b"garbage")
    edit(mini_data / "operations" / "kosovo-kfor-1999.yaml", _set(["lead", "sources"], ["unscr-1244"]))
    assert len(registry.load(mini_data)) == 3  # a damaged cache file is ignored
