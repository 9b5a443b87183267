"""Fixtures of the reproduction tests: the shipped replication files, fitted once per session, and private copies to
break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "data" / "studies"
ALL_FILES = (
    "hks2013.csv",
    "HKS_AJPS_2013.tab",
    "fortna_pk_pkept.dta",
    "fortna_pk_pkept_codebook.txt",
    "published.yaml",
)


@pytest.fixture(scope="session")
def shipped() -> Path:
    """The replication files shipped in data/studies/ (read-only use)."""
    return SHIPPED


@pytest.fixture(scope="session")
def hks():
    """Model 1 fitted on the shipped files (about a second; shared by the read-only tests)."""
    from peaceops.studies import hks2013

    return hks2013(SHIPPED)


@pytest.fixture(scope="session")
def fortna_result():
    from peaceops.studies import fortna

    return fortna(SHIPPED)


@pytest.fixture
def studies_copy(tmp_path):
    """A function (names=ALL_FILES) -> a private folder holding copies of those shipped files."""

    def make(names=ALL_FILES) -> Path:
        folder = tmp_path / "studies"
        folder.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(SHIPPED / name, folder / name)
        return folder

    return make


@pytest.fixture
def study_cli(workspace_dir):
    """Run ``peaceops study …`` in-process through the main command's options, whether or not main.py registers it
    yet."""
    import typer
    from typer.testing import CliRunner

    from peaceops.cli.main import main_options
    from peaceops.cli.study import study_app

    root = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    root.callback()(main_options)
    root.add_typer(study_app, name="study")
    runner = CliRunner()

    def run(*args: str, data: Path | None = None):
        prefix = ["--workspace", str(workspace_dir)]
        if data is not None:
            prefix += ["--data", str(data)]
        return runner.invoke(root, [*prefix, "study", *args], catch_exceptions=False)

    return run
