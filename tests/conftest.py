"""Shared fixtures: every test gets its own workspace and its own copy of data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).parent
MINI_REGISTRY = TESTS / "data" / "mini_registry"
REPO = TESTS.parent


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """One cache directory for the whole run: what is cached is keyed by the content it was built from (the
    validated registry, the suggestion model of the shipped data), so tests can share it safely. Under
    pytest-xdist each worker has its own base temporary directory, hence its own cache: two workers never
    write the same cache file."""
    return tmp_path_factory.mktemp("peaceops-cache")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch, shared_cache):
    """No test reads the user's workspace or a PEACEOPS_* variable from the outside.

    Every variable of the settings registry is cleared, and any other PEACEOPS_*
    set in the environment too (the test-only PEACEOPS_UPDATE_SNAPSHOTS and
    PEACEOPS_FUZZ_EXAMPLES are read when the test modules are imported, before this runs).
    """
    from peaceops.settings import PREFIX, SETTINGS

    for name in {s.env for s in SETTINGS} | {n for n in os.environ if n.startswith(PREFIX)}:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))  # the per-user cache, shared by the run
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))


@pytest.fixture
def mini_data(tmp_path) -> Path:
    """A private, writable copy of the three-operation fixture registry."""
    target = tmp_path / "data"
    shutil.copytree(MINI_REGISTRY, target)
    return target


@pytest.fixture
def workspace_dir(tmp_path) -> Path:
    return tmp_path / "workspace"


@pytest.fixture
def cli(workspace_dir):
    """Run the peaceops command in-process; returns a function (args, data=None) -> Result."""
    from peaceops.cli.main import app

    runner = CliRunner()

    def run(*args: str, data: Path | None = None):
        prefix = ["--workspace", str(workspace_dir)]
        if data is not None:
            prefix += ["--data", str(data)]
        return runner.invoke(app, [*prefix, *args], catch_exceptions=False)

    return run
