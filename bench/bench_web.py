"""Load test of the web application on loopback, beside datasette serving the same operations table.

    .venv/bin/python bench/bench_web.py [--requests 2000] [--concurrency 50] [--json]

Starts two servers in their own processes on free loopback ports:

* ``peaceops serve`` on a fresh workspace and the shipped curated data;
* ``datasette`` on a SQLite file holding the registry's ``operations`` table
  (the same rows as ``/operations.json``; peer for comparison only).

The client is ApacheBench (``ab``, Debian's apache2-utils, installed by
``make bench``) in its own process: for each URL it warms up, then sends a
bounded number of requests from ``--concurrency`` concurrent clients, and
reports requests per second and the 50th and 99th percentile latencies.
Without ``ab`` this process is the client instead (asyncio + httpx), whose
own CPU use on a small machine inflates every server's latencies alike. Not part of the test suite: timings depend on
the machine (both servers and this client share its cores).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

OPERATION = "kosovo-kfor-1999"
SECRET = "bench-secret-key-not-used-for-anything-else-0123456789"

SERVE_SCRIPT = """
import sys
import typer
from peaceops.cli.main import main_options
from peaceops.cli.web import serve
app = typer.Typer()
app.callback()(main_options)
app.command("serve")(serve)
app(sys.argv[1:])
"""


@dataclass
class Result:
    server: str
    what: str
    path: str
    requests: int
    concurrency: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    bytes: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url} within {timeout} s")


def operations_sqlite(path: Path) -> int:
    """The registry's operations table in SQLite, keyed by operation id."""
    from peaceops import registry

    rows = registry.load().tables()["operations"]
    columns = list(rows[0])
    with sqlite3.connect(path) as conn:
        types = {c: "INTEGER" if all(isinstance(r[c], int) or r[c] is None for r in rows) else "TEXT" for c in columns}
        conn.execute(
            f"CREATE TABLE operations ({', '.join(f'{c} {types[c]}' for c in columns)}, PRIMARY KEY (operation_id))"
        )
        conn.executemany(
            f"INSERT INTO operations VALUES ({', '.join('?' * len(columns))})",
            [tuple(r[c] for c in columns) for r in rows],
        )
    return len(rows)


async def load(url: str, total: int, concurrency: int) -> tuple[list[float], int, int, float]:
    """Send ``total`` GETs from ``concurrency`` clients; latencies (s), errors, bytes of one body, wall time."""
    latencies: list[float] = []
    errors = 0
    size = 0
    remaining = total

    async def client() -> None:
        nonlocal remaining, errors, size
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(limits=limits, timeout=60) as session:
            while remaining > 0:
                remaining -= 1
                start = time.perf_counter()
                try:
                    response = await session.get(url)
                    body = response.content
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok, body = False, b""
                latencies.append(time.perf_counter() - start)
                if ok:
                    size = len(body)
                else:
                    errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, errors, size, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def measure_ab(server: str, what: str, base: str, path: str, total: int, concurrency: int) -> Result | None:
    """ApacheBench (Debian's apache2-utils) as the load generator: a C client in its own process, so the
    figures are the servers' and not a Python client's competing for the same cores. None when ab is missing."""
    import re
    import shutil

    ab = shutil.which("ab")
    if ab is None:
        return None
    url = base + path
    subprocess.run(
        [ab, "-q", "-n", str(min(200, total)), "-c", str(min(concurrency, 10)), url], capture_output=True, check=True
    )
    out = subprocess.run(
        [ab, "-n", str(total), "-c", str(concurrency), url], capture_output=True, text=True, check=True
    ).stdout

    def number(pattern: str) -> float:
        match = re.search(pattern, out, re.MULTILINE)
        if not match:
            raise RuntimeError(f"unexpected ab output for {url}:\n{out[-800:]}")
        return float(match.group(1))

    # ab counts a body whose length differs from the first as "failed" (Length): dynamic pages do that,
    # so only connection, receive and exception failures and non-2xx answers are errors
    breakdown = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)\)", out)
    failed = sum(int(g) for g in breakdown.groups()) if breakdown else int(number(r"^Failed requests:\s+(\d+)"))
    non_2xx = re.search(r"^Non-2xx responses:\s+(\d+)", out, re.MULTILINE)
    errors = failed + (int(non_2xx.group(1)) if non_2xx else 0)
    seconds = number(r"^Time taken for tests:\s+([\d.]+)")
    return Result(
        server,
        what,
        path,
        total,
        concurrency,
        errors,
        round(seconds, 3),
        number(r"^Requests per second:\s+([\d.]+)"),
        number(r"^\s+50%\s+(\d+)"),
        number(r"^\s+99%\s+(\d+)"),
        int(number(r"^Document Length:\s+(\d+)")),
    )


def measure(server: str, what: str, base: str, path: str, total: int, concurrency: int) -> Result:
    measured = measure_ab(server, what, base, path, total, concurrency)
    if measured is not None:
        return measured
    url = base + path
    asyncio.run(load(url, min(100, total), min(concurrency, 10)))  # warm up: caches, connection pools, imports
    latencies, errors, size, seconds = asyncio.run(load(url, total, concurrency))
    return Result(
        server,
        what,
        path,
        total,
        concurrency,
        errors,
        round(seconds, 3),
        round(total / seconds, 1),
        round(percentile(latencies, 50) * 1000, 1),
        round(percentile(latencies, 99) * 1000, 1),
        size,
    )


def print_table(results: list[Result]) -> None:
    headers = ["server", "what", "path", "req", "conc", "err", "req/s", "p50 ms", "p99 ms", "bytes"]
    rows = [
        [
            r.server,
            r.what,
            r.path,
            r.requests,
            r.concurrency,
            r.errors,
            f"{r.rps:,.1f}",
            f"{r.p50_ms:,.1f}",
            f"{r.p99_ms:,.1f}",
            f"{r.bytes:,}",
        ]
        for r in results
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))


def run(requests: int, concurrency: int) -> tuple[list[Result], int]:
    """Start both servers, measure every URL of the plan, stop them; returns the results and the row count."""
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="peaceops-bench-") as tmp:
        tmp_path = Path(tmp)
        try:
            peaceops_port, datasette_port = free_port(), free_port()
            env = {**os.environ, "PEACEOPS_SECRET_KEY": SECRET}
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        SERVE_SCRIPT,
                        "--workspace",
                        str(tmp_path / "workspace"),
                        "serve",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(peaceops_port),
                        "--log-level",
                        "warning",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            database = tmp_path / "registry.db"
            count = operations_sqlite(database)
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "datasette",
                        "serve",
                        str(database),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(datasette_port),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            ours, theirs = f"http://127.0.0.1:{peaceops_port}", f"http://127.0.0.1:{datasette_port}"
            wait_for(ours + "/session.json", processes[0])
            wait_for(theirs + "/-/versions.json", processes[1])

            plan = [
                ("peaceops", "operation page (HTML)", ours, f"/operations/{OPERATION}"),
                ("peaceops", "operation JSON twin", ours, f"/operations/{OPERATION}.json"),
                ("peaceops", "operations table (HTML)", ours, "/operations"),
                ("peaceops", "operations table (JSON)", ours, "/operations.json"),
                ("datasette", "operation row (HTML)", theirs, f"/registry/operations/{OPERATION}"),
                ("datasette", "operation row (JSON)", theirs, f"/registry/operations/{OPERATION}.json"),
                ("datasette", "operations table (HTML)", theirs, "/registry/operations"),
                ("datasette", "operations table (JSON)", theirs, "/registry/operations.json?_shape=array"),
            ]
            results = [measure(server, what, base, path, requests, concurrency) for server, what, base, path in plan]
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
    return results, count


GOAL_PAGE_P99_MS = 100  # the HTML operation page, which must also serve at least datasette's throughput
GOAL_P99_MS = 50  # JSON twins and list pages


def rows(quick: bool = False) -> list[dict]:
    """Rows for bench/RESULTS.md: like-for-like pages against datasette, with the issue's goals (#18): the HTML
    operation page at least datasette's throughput with p99 < 100 ms; JSON twins and list pages p99 < 50 ms."""
    results, _ = run(500 if quick else 2000, 50)
    by = {(r.server, r.what): r for r in results}
    out = []
    for ours, theirs, label in (
        ("operation JSON twin", "operation row (JSON)", "operation page, JSON twin"),
        ("operation page (HTML)", "operation row (HTML)", "operation page, HTML"),
        ("operations table (JSON)", "operations table (JSON)", "operations table, JSON"),
        ("operations table (HTML)", "operations table (HTML)", "operations table, HTML"),
    ):
        a, b = by[("peaceops", ours)], by[("datasette", theirs)]
        if ours == "operation page (HTML)":
            goal = f">= datasette's throughput, p99 < {GOAL_PAGE_P99_MS} ms"
            met = a.rps >= b.rps and a.p99_ms < GOAL_PAGE_P99_MS
        else:
            goal, met = f"p99 < {GOAL_P99_MS} ms", a.p99_ms < GOAL_P99_MS
        out.append(
            {
                "figure": f"web: {label}, {a.requests} requests, 50 concurrent clients ({a.errors + b.errors} errors)",
                "peaceops": f"{a.rps:.0f} req/s, p50 {a.p50_ms:.0f} ms, p99 {a.p99_ms:.0f} ms",
                "peer": f"{b.rps:.0f} req/s, p50 {b.p50_ms:.0f} ms, p99 {b.p99_ms:.0f} ms (datasette)",
                "ratio": f"{a.rps / b.rps:.2f}x the throughput",
                "goal": goal,
                "met": met and a.errors == 0,
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per URL (after a warm-up of 100)")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent clients")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    args = parser.parse_args()
    results, count = run(args.requests, args.concurrency)
    if args.json:
        print(
            json.dumps(
                {
                    "machine": platform.platform(),
                    "cpus": os.cpu_count(),
                    "operations": count,
                    "results": [asdict(r) for r in results],
                },
                indent=2,
            )
        )
        return
    print(
        f"{args.requests} requests per URL from {args.concurrency} concurrent clients on loopback; "
        f"{count} operations; {os.cpu_count()} CPUs shared by both servers and this client; "
        f"Python {platform.python_version()}"
    )
    print_table(results)
    print(
        "peaceops' operation page shows the assessment (every indicator with its evidence), computed again whenever "
        "the workspace's reviewed evidence or event files change; datasette's row is one SQLite row."
    )


if __name__ == "__main__":
    main()
