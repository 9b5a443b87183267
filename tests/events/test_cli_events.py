"""The events commands, registered on a small Typer app as the lead will in cli/main.py."""

from __future__ import annotations

import json

import pytest
import typer
from events_helpers import FIXTURE_REGISTRY
from typer.testing import CliRunner

from peaceops.cli.events import events_app, trajectory_command
from peaceops.cli.main import main_options


@pytest.fixture
def run(workspace_dir):
    app = typer.Typer()
    app.callback()(main_options)
    app.add_typer(events_app, name="events")
    app.command("trajectory")(trajectory_command)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(
            app, ["--workspace", str(workspace_dir), "--data", str(FIXTURE_REGISTRY), *args], catch_exceptions=False
        )

    return invoke


def test_load_metrics_and_trajectory(run, events_data):
    loaded = run(
        "events",
        "load",
        str(events_data / "ucdp_ged_full_linkage.csv"),
        str(events_data / "gdelt1_mixed_slice.tsv"),
        "--json",
    )
    assert loaded.exit_code == 0, loaded.output
    results = json.loads(loaded.stdout)
    assert [r["format"] for r in results] == ["ucdp-ged", "gdelt1"] and results[0]["rows_written"] == 13

    again = run("events", "load", str(events_data / "ucdp_ged_full_linkage.csv"))
    assert again.exit_code == 0 and "already loaded" in again.stdout

    metrics = run("events", "metrics", "KFOR", "--json")
    assert metrics.exit_code == 0, metrics.output
    rows = json.loads(metrics.stdout)
    assert sum(r["fatalities_best"] for r in rows if r["dataset"] == "ucdp-ged") == 88
    assert all(r["operation_id"] == "kosovo-kfor-1999" for r in rows)

    table = run("events", "metrics", "kosovo-kfor-1999", "--by", "side")
    assert table.exit_code == 0 and "KLA faction A" in table.stdout

    traj = run("trajectory", "bosnia-ifor-1995", "--json")
    assert traj.exit_code == 0, traj.output
    record = json.loads(traj.stdout)
    assert record["classification"] in {"settled", "frozen", "recurring", "escalated", "too-little-data"}
    assert record["coverage"]["dataset"] == "ucdp-ged" and record["thresholds"]["active_deaths_per_year"] == 25

    text = run("trajectory", "bosnia-ifor-1995")
    assert text.exit_code == 0 and text.stdout.startswith("bosnia-ifor-1995: ") and "reference:" in text.stdout


def test_errors_are_one_line_with_non_zero_exit(run, tmp_path):
    unknown = tmp_path / "notes.csv"
    unknown.write_text("name,value\na,1\n", encoding="utf-8")
    result = run("events", "load", str(unknown))
    assert result.exit_code == 1 and "cannot tell the format" in result.stderr
    missing = run("events", "metrics", "kosovo-kfor-1999")
    assert missing.exit_code == 1 and "no events loaded" in missing.stderr
    unknown_op = run("trajectory", "no-such-op-1999")
    assert unknown_op.exit_code == 1 and "no-such-op-1999" in unknown_op.stderr
    bad_format = run("events", "load", str(unknown), "--format", "xml")
    assert bad_format.exit_code == 2
