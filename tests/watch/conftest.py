"""Fixtures of the watch tests: a local feed server, registries with and without the CSTO's Kazakhstan operation,
and an isolated workspace (helpers in watchkit.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from watchkit import KAZAKHSTAN_OP, REPO, FeedServer


@pytest.fixture
def feed_server():
    server = FeedServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture(scope="session")
def data_without_kazakhstan(tmp_path_factory) -> Path:
    """The shipped data without the CSTO's 2022 operation in Kazakhstan (and the files that cite it)."""
    target = tmp_path_factory.mktemp("data-without") / "data"
    shutil.copytree(REPO / "data", target)
    for name in (
        f"operations/{KAZAKHSTAN_OP}.yaml",
        f"evidence/{KAZAKHSTAN_OP}.yaml",
        "conflicts/kazakhstan-2022.yaml",
    ):
        (target / name).unlink()
    return target


@pytest.fixture(scope="session")
def catalog_without(data_without_kazakhstan, shared_cache):
    from peaceops import catalog

    with pytest.MonkeyPatch.context() as env:  # the run's cache, not the user's
        env.setenv("XDG_CACHE_HOME", str(shared_cache))
        return catalog.load(data_without_kazakhstan)


@pytest.fixture(scope="session")
def catalog_with(shared_cache):
    from peaceops import catalog

    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(shared_cache))
        return catalog.load()


@pytest.fixture
def ws(tmp_path):
    from peaceops.workspace import open_workspace

    return open_workspace(tmp_path / "ws")
