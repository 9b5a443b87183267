"""Choosing the analytics backend: duckdb, pyspark, a spark:// master or an sc:// Connect server, and what a user is
told when the choice is wrong or the cluster cannot be reached. (The cluster itself: tests/scale.)"""

from __future__ import annotations

import socket

import pytest

from peaceops.events.backend import check_reachable, endpoints, resolve
from peaceops.events.errors import BackendError


@pytest.mark.parametrize(
    ("backend", "spark_url", "expected"),
    [
        ("duckdb", None, ("duckdb", None)),
        ("pyspark", None, ("pyspark", None)),
        ("pyspark", "sc://spark.example.org:15002", ("pyspark", "sc://spark.example.org:15002")),  # older spelling
        ("sc://spark.example.org:15002", None, ("pyspark", "sc://spark.example.org:15002")),
        ("spark://10.0.0.5:7077", None, ("pyspark", "spark://10.0.0.5:7077")),
        ("spark://10.0.0.5:7077", "spark://10.0.0.5:7077", ("pyspark", "spark://10.0.0.5:7077")),
    ],
)
def test_every_spelling_of_a_backend_resolves_to_an_engine_and_a_url(backend, spark_url, expected):
    assert resolve(backend, spark_url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("spark://master:7078", [("master", 7078)]),
        ("spark://master", [("master", 7077)]),
        ("spark://m1:7077,m2:7077", [("m1", 7077), ("m2", 7077)]),  # standalone masters with a standby
        ("sc://connect", [("connect", 15002)]),
        ("sc://connect:443/;use_ssl=true;token=abc", [("connect", 443)]),
        ("sc://[::1]:15002", [("::1", 15002)]),
    ],
)
def test_the_endpoints_of_a_spark_url(url, expected):
    assert endpoints(url) == expected


@pytest.mark.parametrize(
    ("backend", "spark_url", "says"),
    [
        ("postgres", None, "use duckdb, pyspark, spark://HOST:PORT"),
        ("http://spark.example.org:7077", None, "cannot read the Spark URL"),
        ("spark://", None, "names no host"),
        ("spark://master:port", None, "cannot read the Spark URL"),
        ("duckdb", "sc://connect:15002", "--spark-url needs --backend pyspark"),
        ("sc://a:15002", "sc://b:15002", "disagree"),
    ],
)
def test_a_wrong_backend_says_what_to_use(backend, spark_url, says):
    with pytest.raises(BackendError, match=says.replace("+", r"\+")):
        resolve(backend, spark_url)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_cluster_fails_at_once_with_what_to_do():
    port = _closed_port()
    with pytest.raises(BackendError, match=rf"cannot reach the Spark master at spark://127.0.0.1:{port} .*start it"):
        check_reachable(f"spark://127.0.0.1:{port}", timeout=2)
    with pytest.raises(BackendError, match="cannot reach the Spark Connect server") as raised:
        check_reachable(f"sc://127.0.0.1:{port}/;use_ssl=true;token=s3cret", timeout=2)
    assert "s3cret" not in str(raised.value) and "token=***" in str(raised.value)


def test_the_cli_refuses_a_bad_backend_and_reports_an_unreachable_one(cli, events_data):
    loaded = cli("events", "load", str(events_data / "ucdp_ged_full_linkage.csv"))
    assert loaded.exit_code == 0, loaded.output

    bad = cli("events", "metrics", "kosovo-kfor-1999", "--backend", "spark://")
    assert bad.exit_code == 2 and "names no host" in bad.stderr

    port = _closed_port()
    for url, what in ((f"spark://127.0.0.1:{port}", "Spark master"), (f"sc://127.0.0.1:{port}", "Spark Connect")):
        result = cli("events", "metrics", "kosovo-kfor-1999", "--backend", url)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"peaceops: error: cannot reach the {what}") and "start it" in result.stderr
