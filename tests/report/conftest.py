"""Fixtures of the report tests: fixed dates, snapshots, event data in a private workspace, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import AS_OF, EVENTS, GENERATED, SNAPSHOTS, UPDATE


@pytest.fixture
def options():
    """ReportOptions with pinned dates; pass workspace= to read a workspace."""
    from peaceops.report import ReportOptions

    def make(**kwargs):
        return ReportOptions(as_of=AS_OF, generated_at=GENERATED, **kwargs)

    return make


@pytest.fixture
def snapshot():
    """A function (name, text) asserting ``text`` equals snapshots/<name>; PEACEOPS_UPDATE_SNAPSHOTS=1 rewrites it."""

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no snapshot {path}; run with PEACEOPS_UPDATE_SNAPSHOTS=1 and review the new file"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"{name} differs from its snapshot; review the change, then PEACEOPS_UPDATE_SNAPSHOTS=1"
        )

    return check


@pytest.fixture
def events_workspace(tmp_path):
    """A workspace holding the real UCDP GED slice of the Balkans (323 rows), linked to the mini registry's KFOR."""
    from peaceops.events import load_files
    from peaceops.workspace import open_workspace

    ws = open_workspace(tmp_path / "events-ws")
    load_files([EVENTS / "ucdp_reduced_balkans.csv"], workspace=ws)
    return ws


@pytest.fixture
def report_cli(workspace_dir):
    """Run ``peaceops report …`` in-process through the main command's options, whether or not main.py registers it
    yet."""
    import typer
    from typer.testing import CliRunner

    from peaceops.cli.main import main_options
    from peaceops.cli.report import report_command

    root = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    root.callback()(main_options)
    root.command("report")(report_command)
    runner = CliRunner()

    def run(*args: str, data: Path | None = None):
        prefix = ["--workspace", str(workspace_dir)]
        if data is not None:
            prefix += ["--data", str(data)]
        return runner.invoke(root, [*prefix, "report", *args], catch_exceptions=False)

    return run
