"""`peaceops validate` covers every curated file: break one in a private copy, and it names the file and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from peaceops import curated, datafiles
from peaceops.settings import shipped_data_dir

REPO_DATA = Path(__file__).resolve().parents[1] / "data"


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _with_shipped(mini_data: Path, name: str) -> Path:
    """Copy the shipped file ``name`` into the private data copy; returns its path there."""
    target = mini_data / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_DATA / name, target)
    return target


def _problems(cli, data: Path) -> list[dict]:
    result = cli("validate", "--json", data=data)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is False
    return report["problems"]


def _set(keys, value):
    def change(data):
        node = data
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


BREAKS = {
    # kind: (file under data/, how to break it, field the problem must name, words of the expectation)
    "gazetteer": ("gazetteer.yaml", _set(["deployment_cues", "en"], "peacekeep"), "deployment_cues.en", "valid list"),
    "thresholds": (
        "trajectory_thresholds.yaml",
        _set(["linkage", "before_years"], -2),
        "linkage.before_years",
        "greater than or equal to 0",
    ),
    "published figures": (
        "studies/published.yaml",
        _set(["figures", 0, "relation"], "roughly"),
        "figures[0].relation",
        "'equal', 'at-most', 'between' or 'sign'",
    ),
    "event reference": (
        "events/reference.yaml",
        _set(["peacekeeper_actor_patterns", 1], "(unclosed"),
        "peacekeeper_actor_patterns",
        "not a valid regular expression",
    ),
    "framework": ("framework.yaml", _set(["scale", "max"], 5), "scale.max", "Input should be 2"),
    "operation": ("operations/kosovo-kfor-1999.yaml", _set(["kind"], "peacekeeping"), "kind", "'un', 'regional'"),
    "source": ("sources/unscr-1244.yaml", _set(["reliability"], "G"), "reliability", "'A', 'B', 'C', 'D', 'E' or 'F'"),
    "evidence": (
        "evidence/transnistria-jpkf-1992.yaml",
        _set(["items", 1, "credibility"], 9),
        "items[1].credibility",
        "1, 2, 3, 4, 5 or 6",
    ),
}


@pytest.mark.parametrize("kind", list(BREAKS))
def test_a_broken_curated_file_fails_validate_naming_file_and_field(cli, mini_data, kind):
    name, change, field, expectation = BREAKS[kind]
    path = mini_data / name
    if not path.exists():
        _with_shipped(mini_data, name)
    assert cli("validate", data=mini_data).exit_code == 0  # the copy is valid before it is broken
    _edit(path, change)

    problems = _problems(cli, mini_data)
    own = [p for p in problems if p["file"] == f"data/{name}"]
    assert [p["field"] for p in own] == [field]
    assert expectation in own[0]["message"]
    if kind == "source":  # a source that does not load is unknown to the facts citing it: reported there too
        assert {p["message"] for p in problems if p not in own} == {
            "cites unknown source 'unscr-1244'; add data/sources/unscr-1244.yaml or fix the id"
        }
    else:
        assert problems == own

    text = cli("validate", data=mini_data)
    assert text.exit_code == 1
    assert f"data/{name}: {field}: " in text.stderr


def test_every_problem_of_one_file_is_reported(cli, mini_data):
    path = _with_shipped(mini_data, "gazetteer.yaml")

    def two_problems(data):
        data["places"]["Georgia"]["zh"] = ["格鲁吉亚"]  # a language peaceops does not ingest
        data["actors"]["NATO"]["en"] = "NATO"  # a phrase, not a list of phrases

    _edit(path, two_problems)
    problems = _problems(cli, mini_data)
    assert {(p["file"], p["field"]) for p in problems} == {
        ("data/gazetteer.yaml", "places.Georgia.zh"),
        ("data/gazetteer.yaml", "actors.NATO.en"),
    }
    unknown = next(p for p in problems if p["field"] == "places.Georgia.zh")
    assert "unknown key" in unknown["message"]


def test_thresholds_report_every_broken_key_not_only_the_first(cli, mini_data):
    path = _with_shipped(mini_data, "trajectory_thresholds.yaml")
    _edit(
        path,
        lambda data: (_set(["linkage", "before_years"], -1)(data), _set(["trajectory", "escalation_ratio"], 0.5)(data)),
    )
    fields = {p["field"] for p in _problems(cli, mini_data)}
    assert fields == {"linkage.before_years", "trajectory.escalation_ratio"}


def test_published_figures_name_the_figure_and_duplicate_keys(cli, mini_data):
    path = _with_shipped(mini_data, "studies/published.yaml")

    def change(data):
        data["figures"][1]["key"] = data["figures"][0]["key"]
        data["figures"][2]["tolerance"] = "small"

    _edit(path, change)
    problems = _problems(cli, mini_data)
    fields = [p["field"] for p in problems]
    assert "figures[2].tolerance" in fields
    assert any("figure " in p["message"] for p in problems)


def test_yaml_syntax_error_names_the_line(cli, mini_data):
    path = _with_shipped(mini_data, "events/reference.yaml")
    path.write_text("cameo_roots: {\n  '01': [unclosed\n", encoding="utf-8")
    problems = _problems(cli, mini_data)
    assert problems[0]["file"] == "data/events/reference.yaml"
    assert problems[0]["field"].startswith("line ")


def test_shipped_curated_files_are_valid():
    root = shipped_data_dir()
    assert datafiles.check(root) == []
    for name in (datafiles.GAZETTEER, datafiles.THRESHOLDS, datafiles.PUBLISHED, datafiles.REFERENCE):
        assert (root / name).is_file(), name


def test_event_reference_is_read_from_the_data_directory(mini_data, monkeypatch):
    from peaceops.events.reference import load_reference, reference_path

    assert reference_path(mini_data) == shipped_data_dir() / "events" / "reference.yaml"  # none of its own
    own = _with_shipped(mini_data, "events/reference.yaml")
    _edit(own, _set(["acled_violent_event_types"], ["battles"]))
    monkeypatch.setenv("PEACEOPS_DATA", str(mini_data))
    assert reference_path() == own
    assert load_reference().acled_violent_event_types == ["battles"]


def test_curated_load_returns_object_and_every_problem(tmp_path):
    path = tmp_path / "thresholds.yaml"
    path.write_text("linkage: {before_years: 2, colour: blue}\ntrajectory: {min_years_after: 0}\n", encoding="utf-8")
    parsed, problems = curated.load(path, datafiles.ThresholdsFile, root=tmp_path)
    assert parsed is None
    assert [(p.file, p.field) for p in problems] == [
        (f"{tmp_path.name}/thresholds.yaml", "linkage.colour"),
        (f"{tmp_path.name}/thresholds.yaml", "trajectory.min_years_after"),
    ]
    path.write_text("", encoding="utf-8")
    parsed, problems = curated.load(path, datafiles.ThresholdsFile, root=tmp_path, empty={})
    assert problems == [] and parsed.linkage.before_years == 3
    parsed, problems = curated.load(tmp_path / "missing.yaml", datafiles.ThresholdsFile, root=tmp_path)
    assert parsed is None and "file not found" in problems[0].message
