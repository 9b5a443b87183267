"""Benchmark of the event linkage on a local Spark standalone cluster against DuckDB (issue #18).

Run on demand (not part of pytest; heavy: JVMs on a shared machine):

    .venv/bin/python bench/bench_spark.py                  # 1 and 10 million events, spark:// and sc://
    .venv/bin/python bench/bench_spark.py --sizes 1        # 1 million only
    .venv/bin/python bench/bench_spark.py --no-connect     # spark:// only, no Spark Connect server
    .venv/bin/python bench/bench_spark.py --json           # the measurements as JSON

The data are bench_linkage's: the same generated events (one Parquet file per size) and the same 50 operations of
4 point areas. The same Parquet file is linked, with per-period metrics, three ways, each in a process of its own:

* duckdb   - peaceops's default path, Ibis on DuckDB in the process (bench_linkage's ``peaceops``; median of 3);
* spark:// - the same Ibis expressions with the process as the Spark driver of a standalone cluster on 127.0.0.1
             (a master and two workers, each worker's executor 1 core and 2 GB; the cluster's executors read the
             Parquet file from its local path);
* sc://    - the same through a Spark Connect server on that cluster.

The cluster is tests/scale/spark_cluster.py's, the one the scale tests run on, with more memory and the JVMs'
default compilers and collectors (the tests trade throughput for start-up). Start-up is measured apart from the
queries: the cluster (master + workers), the driver's session (spark://: a JVM and two executors), the Connect
server and a Connect session. Each Spark process runs the query ``--queries`` times: the first pays for the
executors' class loading and JIT, the later ones show the steady state. Every run's events and deaths per operation
and phase are compared with DuckDB's. The cluster's processes are stopped on the way out, on Ctrl-C, SIGTERM or an
error included, and the run fails if any of them, or any port they listened on, is left.

From the 1M and 10M figures the script derives, for each engine, a per-row cost (seconds per million rows per core:
the slope times the cores it used) and a fixed cost per query (the intercept); docs/events.md quotes them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))

# The cluster: 2 workers of 2 cores; each application takes one 1-core executor on each (spark.cores.max 2).
WORKERS, CORES_PER_EXECUTOR = 2, 1
SPARK_CORES = WORKERS * CORES_PER_EXECUTOR
CLUSTER_SETTINGS = {
    "worker_memory": "2g",
    "executor_memory": "2g",
    "driver_memory": "1g",
    "java_options": "",  # the JVMs' defaults (C2, the collector they pick), not the tests' fast-start settings
}
DUCKDB_RUNS = 3
CHILD_TIMEOUT_S = 1800


def _load(name: str, path: Path):
    """A bench module or the scale tests' cluster launcher, by path (neither is a package on sys.path)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses in the module look themselves up here
    spec.loader.exec_module(module)
    return module


linkage = _load("bench_linkage", BENCH / "bench_linkage.py")
# The launcher stays with the scale tests it was written for: it is test and bench machinery (loopback only, no
# Python on the cluster, test JVM settings by default), not something a peaceops user runs.
launcher = _load("spark_cluster", ROOT / "tests" / "scale" / "spark_cluster.py")


# -- one Spark measurement (runs in a process of its own) ---------------------
def child(url: str, parquet: str, queries: int) -> None:
    import ibis
    import ibis.backends.pyspark  # noqa: F401
    import pyspark.sql  # noqa: F401

    import peaceops.events.link  # noqa: F401
    import peaceops.events.metrics  # noqa: F401
    from peaceops.events.backend import spark_session

    started = time.perf_counter()
    session = spark_session(url)  # peaceops's own path: what --backend URL does
    con = ibis.pyspark.connect(session)
    startup = time.perf_counter() - started
    seconds, summaries = [], []
    for _ in range(queries):
        started = time.perf_counter()
        result = linkage.run_peaceops(parquet, con=con)
        seconds.append(time.perf_counter() - started)
        summaries.append(linkage.summarise(result))
    session.stop()
    print(
        json.dumps(
            {
                "startup": startup,
                "seconds": seconds,
                "summary": summaries[0],
                "stable": all(s == summaries[0] for s in summaries),
                "peak_mb": linkage.peak_mb(),
            }
        )
    )


def measure_spark(url: str, parquet: Path, queries: int, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, str(parquet), str(queries)],
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
        preexec_fn=launcher._die_with_parent,  # a killed bench takes its driver with it
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"the Spark run on {url} of {parquet.name} failed ({done.returncode}); its stderr ends:\n"
            + "\n".join(done.stderr.splitlines()[-30:])
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def _sigterm_unwinds():
    """SIGTERM raises SystemExit, so the cluster is stopped by the ``finally`` that Ctrl-C already reaches."""

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- the whole comparison --------------------------------------------------------
def measure(sizes: list[float], queries: int = 3, connect: bool = True, log=print) -> dict:
    """DuckDB, spark:// and (with ``connect``) sc:// on the same Parquet file of each size (millions of events)."""
    if shutil.which("java") is None:
        raise RuntimeError(
            "bench_spark: Java 17+ is needed for the Spark cluster; run `bash scripts/system-deps.sh bench`"
        )
    out = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu_count": os.cpu_count(), "sizes": {}}
    with _sigterm_unwinds(), tempfile.TemporaryDirectory(prefix="peaceops-bench-spark-") as tmp:
        tmp = Path(tmp)
        files = {}
        for millions in sizes:
            n = int(millions * 1_000_000)
            files[millions] = tmp / f"events_{n}.parquet"
            linkage.generate_events(files[millions], n)
            # DuckDB first, on a machine without the cluster's JVMs
            runs = [linkage.measure("peaceops", files[millions]) for _ in range(DUCKDB_RUNS)]
            seconds = statistics.median(r["seconds"] for r in runs)
            out["sizes"][millions] = {
                "events": n,
                "parquet_mb": files[millions].stat().st_size / 1e6,
                "duckdb": {"seconds": seconds, "runs": [r["seconds"] for r in runs], "peak_mb": runs[0]["peak_mb"]},
            }
            same = all(r["summary"] == runs[0]["summary"] for r in runs)
            out["sizes"][millions]["duckdb"]["summary"] = runs[0]["summary"] if same else None
            listed = ", ".join(f"{r['seconds']:.2f}" for r in runs)
            log(f"{n:>12,} duckdb   {seconds:8.2f} s (runs {listed})")
        started = time.perf_counter()
        with launcher.spark_cluster(tmp / "cluster", with_connect=False, **CLUSTER_SETTINGS) as cluster:
            out["cluster_start"] = time.perf_counter() - started
            log(f"cluster (master + {WORKERS} workers) started in {out['cluster_start']:.1f} s")
            env = cluster.env()
            for millions in sizes:
                r = measure_spark(cluster.master_url, files[millions], queries, env)
                out["sizes"][millions]["spark"] = r
                log(_spark_line("spark://", out["sizes"][millions], r))
            if connect:
                started = time.perf_counter()
                url = cluster.start_connect()
                out["connect_start"] = time.perf_counter() - started
                log(f"Spark Connect server started in {out['connect_start']:.1f} s")
                for millions in sizes:
                    r = measure_spark(url, files[millions], queries, env)
                    out["sizes"][millions]["connect"] = r
                    log(_spark_line("sc://", out["sizes"][millions], r))
        left = cluster.leftovers()
        if left:
            raise RuntimeError(f"the Spark cluster did not stop cleanly: {'; '.join(left)}")
        log(f"cluster stopped: no process left, its {len(cluster.ports())} ports free")
    for size in out["sizes"].values():
        for engine in ("spark", "connect"):
            if engine in size:
                r = size[engine]
                duck = size["duckdb"]["summary"]
                r["identical"] = duck is not None and r["stable"] and r["summary"] == duck
                del r["summary"]
        del size["duckdb"]["summary"]
    out["costs"] = costs(out["sizes"])
    return out


def _spark_line(name: str, size: dict, r: dict) -> str:
    same = "identical to DuckDB" if r["stable"] and r["summary"] == size["duckdb"]["summary"] else "DIFFERENT"
    runs = ", ".join(f"{s:.1f}" for s in r["seconds"])
    start = f"session start {r['startup']:.1f} s"
    return f"{size['events']:>12,} {name:<8} {r['seconds'][0]:8.2f} s (runs {runs}; {start}) {same}"


def warm(seconds: list[float]) -> float:
    """A Spark process's steady state: the fastest of its queries after the first (the first, when it ran one)."""
    return min(seconds[1:]) if len(seconds) > 1 else seconds[0]


def costs(sizes: dict) -> dict:
    """Per engine, from the smallest and largest size: seconds per million rows per core (slope x cores used) and the
    fixed seconds per query (intercept). DuckDB's from the fastest of its runs; Spark's (spark://) from its first
    query, what a new driver pays, and from its warm queries; Spark Connect's from its warm queries only, since its
    very first query warms the server's executors for every later one, whatever their size."""
    if len(sizes) < 2:
        return {}
    small, large = min(sizes), max(sizes)
    rows = (sizes[large]["events"] - sizes[small]["events"]) / 1e6

    def fit(t_small: float, t_large: float, cores: int) -> dict:
        slope = (t_large - t_small) / rows  # seconds per million rows
        return {
            "s_per_m_rows": slope,
            "s_per_m_rows_per_core": slope * cores,
            "fixed_s": t_small - slope * sizes[small]["events"] / 1e6,
            "cores": cores,
        }

    duck = fit(min(sizes[small]["duckdb"]["runs"]), min(sizes[large]["duckdb"]["runs"]), os.cpu_count())
    found = {"duckdb": duck}
    if "spark" in sizes[small] and "spark" in sizes[large]:
        s, lg = sizes[small]["spark"]["seconds"], sizes[large]["spark"]["seconds"]
        found["spark first query"] = fit(s[0], lg[0], SPARK_CORES)
        found["spark warm"] = fit(warm(s), warm(lg), SPARK_CORES)
    if "connect" in sizes[small] and "connect" in sizes[large]:
        s, lg = sizes[small]["connect"]["seconds"], sizes[large]["connect"]["seconds"]
        found["connect warm"] = fit(warm(s), warm(lg), SPARK_CORES)
    return found


# -- bench/run_all.py's group ----------------------------------------------------
def rows(quick: bool) -> list[dict]:
    """The "spark" group of bench/RESULTS.md: each size, spark:// and sc:// against DuckDB on the same file."""
    result = measure([1] if quick else [1, 10], queries=2 if quick else 3)
    out = []
    for millions, size in result["sizes"].items():
        duck = size["duckdb"]["seconds"]
        for engine, how in (("spark", "2 workers, spark://"), ("connect", "2 workers, via Spark Connect sc://")):
            if engine not in size:
                continue
            r = size[engine]
            start = (
                f"cluster {result['cluster_start']:.0f} s + driver session {r['startup']:.0f} s"
                if engine == "spark"
                else f"Connect server {result['connect_start']:.0f} s + session {r['startup']:.0f} s"
            )
            out.append(
                {
                    "figure": f"event linkage on a local Spark cluster ({how}), {millions:g}M events "
                    f"(results {'identical' if r['identical'] else 'DIFFER'})",
                    "peaceops": f"{r['seconds'][0]:.1f} s first query, {warm(r['seconds']):.1f} s warm "
                    f"(start-up apart: {start})",
                    "peer": f"{duck:.2f} s (DuckDB, peaceops's default, median of {DUCKDB_RUNS})",
                    "ratio": f"{r['seconds'][0] / duck:.0f}x slower",
                    "goal": "measured (a cluster on 2 cores is slower)",
                    "met": None,
                }
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 10], help="millions of events (default 1 10)")
    parser.add_argument(
        "--queries", type=int, default=3, help="queries per Spark session (default 3: the first, then two warm)"
    )
    parser.add_argument("--no-connect", action="store_true", help="measure spark:// only")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON at the end")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, parquet, queries = args.child
        return child(url, parquet, int(queries))
    if args.queries < 1:
        parser.error("--queries must be at least 1")
    print(f"{linkage.N_OPS} operations x {linkage.POINTS_PER_OP} points; cpu count {os.cpu_count()}", flush=True)
    result = measure(args.sizes, args.queries, connect=not args.no_connect, log=lambda s: print(s, flush=True))
    if result["costs"]:
        print(f"{'engine':<22} {'s/M rows':>9} {'s/M rows/core':>14} {'fixed s':>8} cores")
        for engine, c in result["costs"].items():
            print(
                f"{engine:<22} {c['s_per_m_rows']:>9.3f} {c['s_per_m_rows_per_core']:>14.3f} "
                f"{c['fixed_s']:>8.2f} {c['cores']:>5}"
            )
    if args.json:
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
