"""Analytics backends: the same Ibis expressions on DuckDB (default) or Apache Spark.

``backend`` is one of:

* ``duckdb``: in-process, the default;
* ``pyspark``: the active Spark session if there is one, else a new local one
  (``local[*]``, bound to 127.0.0.1, no UI);
* ``spark://HOST:PORT``: a Spark standalone master; this process is the driver
  and the cluster's executors read the workspace's Parquet files;
* ``sc://HOST:PORT``: a Spark Connect server (needs the grpc packages pinned
  with peaceops); the server plans and runs the queries.

``--spark-url URL`` with ``pyspark`` is the older spelling of the last two.
Settings beyond the master (executor memory, cores, the driver's address) are
read by Spark from ``$SPARK_CONF_DIR/spark-defaults.conf``.
"""

from __future__ import annotations

import os
import re
import socket
import warnings
from pathlib import Path
from urllib.parse import urlsplit

from peaceops.events.errors import BackendError

BACKENDS = ("duckdb", "pyspark")
URL_SCHEMES = {"spark": 7077, "sc": 15002}  # scheme -> Spark's default port
BACKEND_HELP = "duckdb, pyspark, spark://HOST:PORT (a Spark standalone master) or sc://HOST:PORT (Spark Connect)"
REACH_TIMEOUT_S = 5.0


def shown(url: str) -> str:
    """``url`` as it may be printed: a Spark Connect token (``;token=...``) is masked."""
    return re.sub(r"(?i)(token=)[^;]*", r"\1***", url)


def resolve(backend: str = "duckdb", spark_url: str | None = None) -> tuple[str, str | None]:
    """(engine, url): ``duckdb`` or ``pyspark``, and the Spark URL if any. Raises BackendError with what to use."""

    backend = (backend or "duckdb").strip()
    if "://" in backend:
        if spark_url and spark_url != backend:
            raise BackendError(
                f"--backend {shown(backend)} and --spark-url {shown(spark_url)} disagree; give the URL once"
            )
        endpoints(backend)  # refuses a URL it cannot read
        return "pyspark", backend
    if backend not in BACKENDS:
        raise BackendError(f"unknown backend {backend!r}; use {BACKEND_HELP}")
    if spark_url and backend != "pyspark":
        raise BackendError("--spark-url needs --backend pyspark (or give the URL itself: --backend sc://HOST:PORT)")
    if spark_url:
        endpoints(spark_url)
    return backend, spark_url or None


def endpoints(url: str) -> list[tuple[str, int]]:
    """The (host, port) pairs of a spark:// or sc:// URL (a standalone master may list several: HA masters)."""

    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in URL_SCHEMES:
        raise BackendError(f"cannot read the Spark URL {shown(url)!r}; use {BACKEND_HELP}")
    hostports = rest.split("/", 1)[0].split(";", 1)[0]
    found = []
    for part in hostports.split(","):
        try:
            parsed = urlsplit(f"//{part}")
            host, port = parsed.hostname, parsed.port or URL_SCHEMES[scheme]
        except ValueError as exc:
            raise BackendError(f"cannot read the Spark URL {shown(url)!r} ({exc}); use {BACKEND_HELP}") from exc
        if not host:
            raise BackendError(f"the Spark URL {shown(url)!r} names no host; use {BACKEND_HELP}")
        found.append((host, port))
    return found


def check_reachable(url: str, timeout: float = REACH_TIMEOUT_S) -> None:
    """Fail fast, with what to do, when no endpoint of ``url`` accepts a connection (Spark itself would retry for
    minutes: a standalone client three times 20 s, a Connect client with back-off)."""

    errors = []
    for host, port in endpoints(url):
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return
        except OSError as exc:
            errors.append(f"{host}:{port}: {exc.strerror or type(exc).__name__}")
    what = "Spark Connect server" if url.lower().startswith("sc://") else "Spark master"
    raise BackendError(
        f"cannot reach the {what} at {shown(url)} ({'; '.join(errors)}); start it, or check the host, the port and "
        "that no firewall is in the way (see 'Scaling out to an existing cluster' in docs/events.md)"
    )


def connect(backend: str = "duckdb", *, spark_url: str | None = None):
    """An Ibis connection to ``backend``; raises BackendError with what to do when it cannot start."""

    engine, url = resolve(backend, spark_url)
    try:
        import ibis  # heavy: ibis, loaded on first use
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise BackendError(
            f"ibis-framework is not installed ({exc}); install peaceops with its analytics dependencies"
        ) from exc
    if engine == "duckdb":
        return ibis.duckdb.connect()
    return ibis.pyspark.connect(spark_session(url))


def spark_session(spark_url: str | None = None):
    """The active Spark session, a session on a standalone master (spark://), a Spark Connect session (sc://), or a
    new local one."""

    try:
        from pyspark.sql import SparkSession  # heavy: pyspark, loaded on first use
    except ImportError as exc:  # pragma: no cover
        raise BackendError(f"pyspark is not installed ({exc}); install it to use Spark") from exc
    if spark_url:
        check_reachable(spark_url)
    try:
        if spark_url and spark_url.lower().startswith("sc://"):
            return connect_session(spark_url)
        active = SparkSession.getActiveSession()
        if spark_url:
            if active is not None and active.sparkContext.master != spark_url:
                raise BackendError(
                    f"this process already runs a Spark session on {active.sparkContext.master}; stop it "
                    f"(spark.stop()) before using {spark_url}, or run peaceops in a process of its own"
                )
            return active if active is not None else local_session(spark_url)
        if active is not None:
            return active
        return local_session("local[*]")
    except BackendError:
        raise
    except Exception as exc:  # Java missing, port taken, server gone, connect packages missing
        where = shown(spark_url) if spark_url else "a local Spark session"
        raise BackendError(
            f"cannot start {where}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}; "
            "check that Java 17+ is installed (local, spark://) or that the server is reachable (sc://)"
        ) from exc


def connect_session(url: str):
    """A Spark Connect session on ``url``."""

    from pyspark.sql import SparkSession  # heavy: pyspark, loaded on first use

    # Ibis passes verifySchema when it sends a small table (the areas); Spark Connect ignores it and says so on
    # stderr for every table. Nothing for a user to act on.
    warnings.filterwarnings("ignore", message="'verifySchema' is ignored", category=UserWarning)
    session = SparkSession.builder.remote(url).getOrCreate()
    session.conf.set("spark.sql.session.timeZone", "UTC")
    return session


def _on_loopback(master: str) -> bool:
    if not master.startswith("spark://"):
        return True  # local[*], local[N]
    return all(host in ("localhost", "127.0.0.1", "::1") for host, _ in endpoints(master))


def local_session(master: str = "local[*]"):
    """A Spark session in this process on ``master`` (local[*], local[N] or spark://HOST:PORT), without UI, in UTC.

    The driver binds to 127.0.0.1 when the master is local or on loopback; for a remote master it takes
    SPARK_LOCAL_IP or spark.driver.host from the environment or spark-defaults.conf, since the executors must
    reach it.
    """

    from pyspark.sql import SparkSession  # heavy: pyspark, loaded on first use

    builder = SparkSession.builder.master(master).appName("peaceops")
    if _on_loopback(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
    session = (
        builder.config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def read_events(con, engine: str, files) -> object:
    """An Ibis table over exactly ``files`` (Parquet in the normalised event schema, possibly of older schemas that
    lack newer columns), typed as the files say.

    Partition discovery is off on both engines: the files hold ``dataset`` and ``year`` themselves, while a
    discovered ``year=`` directory would read as a 64-bit integer (DuckDB's and Spark's inference) instead of the
    schema's int16. Spark gets file:// paths, so that a cluster whose default file system is HDFS still reads the
    (shared) local path.
    """
    paths = [str(path) for path in files]
    if engine == "duckdb":
        return con.read_parquet(paths, union_by_name=True, hive_partitioning=False)
    import ibis  # heavy: ibis, loaded on first use

    session = con._session  # Ibis reads one path per call; Spark's reader takes the whole list at once
    # Not Path.as_uri(): Hadoop's Path quotes the string itself, and would read as_uri's %3D as a literal "%3D"
    uris = ["file://" + Path(p).resolve().as_posix() for p in paths]
    frame = session.read.option("mergeSchema", "true").parquet(*uris)
    name = ibis.util.gen_name("events")
    frame.createOrReplaceTempView(name)
    return con.table(name)
