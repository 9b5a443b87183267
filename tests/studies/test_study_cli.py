"""``peaceops study hks2013|fortna``: tables, --json, --out, and errors on stderr with exit status 1."""

from __future__ import annotations

import json
import shutil


def test_hks2013_json(study_cli):
    result = study_cli("hks2013", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["model"]["n"] == 3746
    assert data["model"]["standard_errors"] == "clustered by conflict"
    assert data["written"] == []


def test_hks2013_tables_and_outputs(study_cli, tmp_path):
    out = tmp_path / "charts"
    result = study_cli("hks2013", "--no-cluster", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Reproduced beside published" in result.stdout
    assert "published figure not found" in result.stdout
    assert {p.name for p in out.iterdir()} == {
        "hks2013_predicted_deaths.png",
        "hks2013_predicted_deaths.svg",
        "hks2013.json",
    }
    assert json.loads((out / "hks2013.json").read_text())["model"]["standard_errors"] == "model-based"


def test_fortna_json_with_outputs(study_cli, tmp_path):
    out = tmp_path / "charts"
    result = study_cli("fortna", "--json", "--out", str(out), "--sample", "all")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sample"]["name"] == "all" and data["sample"]["ceasefires"] == 156
    assert sorted(p.rsplit("/", 1)[-1] for p in data["written"]) == [
        "fortna.json",
        "fortna_survival.png",
        "fortna_survival.svg",
    ]


def test_fortna_tables(study_cli):
    result = study_cli("fortna")
    assert result.exit_code == 0, result.stderr
    for text in ("Ceasefires that held", "Cox models", "great or regional power", "Regression and Other Stories"):
        assert text in result.stdout


def test_files_are_found_under_the_data_option(study_cli, shipped, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(shipped, data / "studies")
    assert study_cli("fortna", "--json", data=data).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    result = study_cli("fortna", "--json", data=empty)
    assert result.exit_code == 1
    assert result.stderr.startswith("peaceops: error: ")
    assert str(empty / "studies") in result.stderr
    assert result.stdout == ""


def test_missing_file_is_one_line_on_stderr(study_cli, tmp_path):
    result = study_cli("hks2013", "--studies-dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "not found" in result.stderr


def test_bad_sample_is_rejected(study_cli):
    result = study_cli("fortna", "--sample", "cold-war")
    assert result.exit_code == 2


def test_commands_load_no_heavy_library_at_import():
    """`peaceops --help` stays fast: statsmodels and matplotlib load only when a study runs."""
    import subprocess
    import sys

    code = (
        "import sys, peaceops.cli.study, peaceops.studies; "
        "print(sorted(m for m in ('statsmodels', 'matplotlib', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
