"""The Spark cluster the scale tests share: started once, stopped when the last of them has run."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="package")
def spark_cluster(tmp_path_factory):
    """A standalone master, two workers and a Spark Connect server on 127.0.0.1 (see spark_cluster.py).

    Package scope: one cluster for every test under tests/scale, torn down after the last of them rather than at
    the end of the whole run, so its JVMs do not sit idle beside the rest of the suite.
    """
    if shutil.which("java") is None:
        pytest.fail("Java 17+ is needed for the Spark cluster tests: run `bash scripts/system-deps.sh test`")
    from .spark_cluster import spark_cluster as start

    with start(tmp_path_factory.mktemp("spark-cluster")) as cluster:
        yield cluster
    left = cluster.leftovers()
    assert not left, f"the Spark cluster did not stop cleanly: {'; '.join(left)}"
