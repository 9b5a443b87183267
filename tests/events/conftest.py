"""Fixtures of the events tests: the small real files, a fixture registry, one Spark session."""

from __future__ import annotations

from pathlib import Path

import pytest
from events_helpers import EVENTS_DATA, FIXTURE_REGISTRY


@pytest.fixture
def events_data() -> Path:
    return EVENTS_DATA


@pytest.fixture
def fixture_registry():
    from peaceops import registry

    return registry.load(FIXTURE_REGISTRY)


@pytest.fixture
def ws(workspace_dir):
    from peaceops.workspace import open_workspace

    return open_workspace(workspace_dir)


@pytest.fixture(scope="session")
def spark():
    """One local Spark session (local[1]) for every parity test; stopped at the end."""
    pytest.importorskip("pyspark")
    from peaceops.events.backend import local_session

    session = local_session("local[1]")
    yield session
    session.stop()
