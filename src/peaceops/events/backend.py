"""Analytics backends: the same Ibis expressions on DuckDB (default) or Apache Spark.

``duckdb`` runs in-process. ``pyspark`` uses the active Spark session if
there is one, else starts a local one (``local[*]``, bound to 127.0.0.1, no
UI); with ``spark_url`` (``sc://host:15002``) it connects to a remote Spark
Connect server instead, which needs ``pyspark[connect]``.
"""

from __future__ import annotations

import os

from peaceops.events.errors import BackendError

BACKENDS = ("duckdb", "pyspark")


def connect(backend: str = "duckdb", *, spark_url: str | None = None):
    """An Ibis connection to ``backend``; raises BackendError with what to do when it cannot start."""

    if backend not in BACKENDS:
        raise BackendError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    if spark_url and backend != "pyspark":
        raise BackendError("--spark-url needs --backend pyspark")
    try:
        import ibis  # heavy: ibis, loaded on first use
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise BackendError(
            f"ibis-framework is not installed ({exc}); install peaceops with its analytics dependencies"
        ) from exc
    if backend == "duckdb":
        return ibis.duckdb.connect()
    return ibis.pyspark.connect(spark_session(spark_url))


def spark_session(spark_url: str | None = None):
    """The active Spark session, a remote Spark Connect session, or a new local one."""

    try:
        from pyspark.sql import SparkSession  # heavy: pyspark, loaded on first use
    except ImportError as exc:  # pragma: no cover
        raise BackendError(f"pyspark is not installed ({exc}); install it to use --backend pyspark") from exc
    try:
        if spark_url:
            return SparkSession.builder.remote(spark_url).getOrCreate()
        active = SparkSession.getActiveSession()
        if active is not None:
            return active
        return local_session("local[*]")
    except Exception as exc:  # Java missing, port taken, server unreachable
        where = spark_url or "a local Spark session"
        raise BackendError(
            f"cannot start {where}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}; "
            "check that Java 17+ is installed (local) or that the server is reachable (remote)"
        ) from exc


def local_session(master: str = "local[*]"):
    """A local Spark session bound to the loopback interface, without UI, in UTC."""

    from pyspark.sql import SparkSession  # heavy: pyspark, loaded on first use

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master(master)
        .appName("peaceops")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session
