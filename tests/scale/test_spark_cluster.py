"""Beyond one machine: ``peaceops events metrics`` on a real Spark standalone cluster (spark://) and through a real
Spark Connect server (sc://) prints exactly what it prints on DuckDB, for the shipped data.

Each backend runs once, as a user would run it: the ``peaceops`` command in a process of its own. The workers'
executor logs show that both workers ran part of the work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from peaceops import events
from peaceops.events.demo import examples_dir

# MINUSCA: UCDP GED 23.1 with conflict ids (month precision), the reduced GED 20.1 (year precision) and Geo-PKO
# locations all reach it, so the linkage's three methods and both granularities are exercised.
OPERATION = "car-minusca-2014"
SHIPPED = (
    "ged201_reduced.csv",
    "FrontMap_v2.3.csv",
    "gdelt1_events_sample.tsv",
    "ucdp_ged231_CAF_central_african_republic_1989-2022.csv.gz",
    "ucdp_ged_hdx_ukraine_2014-2021.csv.gz",
)
RUN_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def shipped_workspace(tmp_path_factory) -> Path:
    """A workspace with every shipped event file loaded."""
    ws = tmp_path_factory.mktemp("shipped") / "workspace"
    results = events.load_files([examples_dir() / name for name in SHIPPED], workspace=ws)
    assert all(r.rows_written > 0 for r in results)
    return ws


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


def _metrics(workspace: Path, backend: str, env: dict[str, str], home: Path) -> str:
    """``peaceops events metrics OPERATION --json --backend BACKEND`` in a process of its own: its stdout."""
    command = Path(sys.executable).with_name("peaceops")
    env = {**env, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"), "XDG_DATA_HOME": str(home / "data")}
    args = ["--workspace", str(workspace), "events", "metrics", OPERATION, "--json", "--backend", backend]
    done = subprocess.run(
        [str(command), *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
    )
    assert done.returncode == 0, f"peaceops {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def duckdb_output(shipped_workspace, home) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEACEOPS_")}
    out = _metrics(shipped_workspace, "duckdb", env, home)
    rows = json.loads(out)
    assert len(rows) > 100 and {r["granularity"] for r in rows} == {"month", "year"}
    assert sum(r["fatalities_best"] or 0 for r in rows) > 1000
    return out


def test_a_standalone_cluster_gives_what_duckdb_gives(spark_cluster, shipped_workspace, duckdb_output, home):
    out = _metrics(shipped_workspace, spark_cluster.master_url, spark_cluster.env(), home)
    assert out == duckdb_output
    app = spark_cluster.application("peaceops")
    tasks = spark_cluster.wait_for_tasks(app["id"])
    assert all(n > 0 for n in tasks.values()), f"tasks per worker: {tasks}\n{spark_cluster.describe(app['id'])}"


def test_spark_connect_gives_what_duckdb_gives(spark_cluster, shipped_workspace, duckdb_output, home):
    app = spark_cluster.application("peaceops-connect")
    before = spark_cluster.tasks_per_worker(app["id"])
    out = _metrics(shipped_workspace, spark_cluster.connect_url, spark_cluster.env(), home)
    assert out == duckdb_output
    after = spark_cluster.wait_for_tasks(app["id"], more_than=before)
    assert all(after[n] > before[n] for n in after), (
        f"tasks per worker before {before}, after {after}\n{spark_cluster.describe(app['id'])}"
    )
