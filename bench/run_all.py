"""Run every benchmark and write bench/RESULTS.md: each figure beside its peer, measured in the same run.

    make bench                         # full sizes: 1, 5 and 10 million events, and 100 million (memory_limit 4GB)
    .venv/bin/python bench/run_all.py --quick    # 1 million events, fewer repetitions
    .venv/bin/python bench/run_all.py --only watch   # re-measure one group; its rows replace the old ones
    .venv/bin/python bench/run_all.py --only spark   # 1M and 10M events on a local Spark cluster vs DuckDB

Benchmarks are not tests: nothing here asserts; figures are reported with the
goal and whether it was met on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses in the module look themselves up here
    spec.loader.exec_module(module)
    return module


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(row.split()[1]) for row in Path("/proc/meminfo").read_text().splitlines() if row.startswith("MemTotal")
        )
        memory = f"{memory_kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "unknown memory"
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}; {os.cpu_count()} cores; {memory}; Python {platform.python_version()}; {system}"


def ingestion_rows(rounds: int) -> list[dict]:
    out = subprocess.run(
        [sys.executable, str(BENCH / "bench_ingest.py"), "--rounds", str(rounds), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    r = json.loads(out.stdout)
    return [
        {
            "figure": f"ingestion, {r['documents']} real article pages (docs/s)",
            "peaceops": f"{r['pipeline_docs_per_s']} docs/s (whole pipeline, 1 process)",
            "peer": f"{r['extraction_docs_per_s']} docs/s (trafilatura.extract alone)",
            "ratio": f"{r['cost_ratio']}x the cost",
            "goal": "<= 1.5x the cost",
            "met": r["cost_ratio"] <= 1.5,
        }
    ]


def linkage_rows(sizes: list[float], big: float | None = None) -> list[dict]:
    """Linkage + metrics against pandas and the scan floor per size; at the largest size one operation's years from
    a store split by year against one file; with ``big``, that many million events under memory_limit 4GB."""
    linkage = _module("bench_linkage")
    rows = []
    with tempfile.TemporaryDirectory(prefix="peaceops-bench-") as tmp:
        for number, millions in enumerate(sizes):
            n = int(millions * 1_000_000)
            parquet = Path(tmp) / f"events_{n}.parquet"
            linkage.generate_events(parquet, n)
            r = {kind: linkage.measure_best(kind, parquet, 3) for kind in ("floor", "peaceops")}
            r["pandas"] = linkage.measure("pandas", parquet)
            agree = r["peaceops"]["summary"] == r["pandas"]["summary"]
            pe, pa, fl = r["peaceops"]["seconds"], r["pandas"]["seconds"], r["floor"]["seconds"]
            label = f"{millions:g}M events"
            rows.append(
                {
                    "figure": f"event linkage + metrics, conflict-aware, {label} (results "
                    f"{'identical' if agree else 'DIFFER'})",
                    "peaceops": f"{pe:.2f} s, peak {r['peaceops']['peak_mb']:.0f} MB",
                    "peer": f"{pa:.2f} s, peak {r['pandas']['peak_mb']:.0f} MB (pandas)",
                    "ratio": f"{pa / pe:.1f}x faster",
                    "goal": ">= 10x faster at 10M" if millions >= 10 else "—",
                    "met": (pa / pe >= 10) if millions >= 10 else None,
                }
            )
            rows.append(
                {
                    "figure": f"event linkage against the scan floor, {label}",
                    "peaceops": f"{pe:.2f} s",
                    "peer": f"{fl:.2f} s, peak {r['floor']['peak_mb']:.0f} MB (DuckDB plain scan)",
                    "ratio": f"{pe / fl:.1f}x the floor",
                    "goal": "<= 2x at 10M" if millions >= 10 else "—",
                    "met": (pe / fl <= 2) if millions >= 10 else None,
                }
            )
            if number == len(sizes) - 1:
                w = linkage.window_figure(parquet, Path(tmp), 3)
                fs, ss = w["file"]["seconds"], w["store"]["seconds"]
                rows.append(
                    {
                        "figure": f"event linkage, one operation's 3 of 25 years, {label} (results "
                        f"{'identical' if w['agree'] else 'DIFFER'})",
                        "peaceops": f"{ss:.2f} s from the store split by year ({w['files_read']} of {w['files']} "
                        "files read)",
                        "peer": f"{fs:.2f} s from one unpartitioned file",
                        "ratio": f"{fs / ss:.1f}x faster",
                        "goal": "measure the effect",
                        "met": None,
                    }
                )
            parquet.unlink()
        if big:
            b = linkage.big_figure(big, Path(tmp), 3)
            small, large = b["small"], b["big"]
            ratio = large["seconds"] / small["seconds"]
            rows.append(
                {
                    "figure": f"event linkage, {big:g}M events, DuckDB memory_limit {linkage.MEMORY_LIMIT}",
                    "peaceops": f"{large['seconds']:.1f} s, peak {large['peak_mb']:.0f} MB",
                    "peer": f"{small['seconds']:.2f} s, peak {small['peak_mb']:.0f} MB (10M events, same limit)",
                    "ratio": f"{ratio:.1f}x the 10M time",
                    "goal": "completes; peak < 5 GB; <= 12x",
                    "met": large["peak_mb"] < 5 * 1024 and ratio <= 12,
                }
            )
    return rows


def web_rows(quick: bool) -> list[dict]:
    path = BENCH / "bench_web.py"
    web = _module("bench_web") if path.exists() else None
    if web is None or not hasattr(web, "rows"):
        return [
            {
                "figure": "web latency",
                "peaceops": "not measured",
                "peer": "bench/bench_web.py missing",
                "ratio": "—",
                "goal": "p99 < 100 ms (JSON twin)",
                "met": None,
            }
        ]
    return web.rows(quick=quick)


def pathological_rows(quick: bool) -> list[dict]:
    return _module("bench_pathological").rows(quick)


def watch_rows(quick: bool) -> list[dict]:
    return _module("bench_watch").rows(quick)


def startup_rows(runs: int) -> list[dict]:
    return _module("bench_startup").rows(runs)


def spark_rows(quick: bool) -> list[dict]:
    return _module("bench_spark").rows(quick)


def write(rows: list[dict], path: Path, started: dt.datetime, partial: list[str] | None = None) -> None:
    def cell(value) -> str:
        return str(value).replace("|", "\\|")

    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (bench/run_all.py) on {started:%Y-%m-%d %H:%M} UTC."
        if not partial
        else f"Groups {', '.join(partial)} re-measured by `bench/run_all.py --only` on {started:%Y-%m-%d %H:%M} UTC; "
        f"the other rows are from {_previous_run(path)}.",
        f"Machine: {machine()}.",
        "Each figure was measured in the same run as its peer; ratios compare the two. Machines are shared and",
        "noisy: compare ratios, not absolute times, across runs.",
        "",
        "| figure | peaceops | peer | ratio | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        met = {True: "yes", False: "**no**", None: "—"}[row.get("met")]
        lines.append(
            "| " + " | ".join(cell(row[k]) for k in ("figure", "peaceops", "peer", "ratio", "goal")) + f" | {met} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


GROUPS = ("start-up", "ingestion", "pathological document", "linkage", "spark", "web", "watch")
# A figure belongs to the group of the longest prefix it starts with ("event linkage on a local Spark cluster" is
# the spark group's, any other "event linkage" the linkage group's).
_GROUP_OF_FIGURE = {
    "start-up": "start-up",
    "ingestion": "ingestion",
    "pathological": "pathological document",
    "event linkage": "linkage",
    "event linkage on a local Spark cluster": "spark",
    "web": "web",
    "watch": "watch",
}


def _group_of(figure: str) -> str | None:
    prefixes = [prefix for prefix in _GROUP_OF_FIGURE if figure.startswith(prefix)]
    return _GROUP_OF_FIGURE[max(prefixes, key=len)] if prefixes else None


def _previous_run(path: Path) -> str:
    """When the rows kept from an earlier run were measured, as that file says."""
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("Written by `make bench`"):
                return "the full run of " + line.rsplit(" on ", 1)[1].rstrip(".")
            if "the other rows are from" in line:
                return line.split("the other rows are from ", 1)[1].rstrip(".")
    return "an earlier run"


def _merged(path: Path, fresh: list[dict], groups: list[str]) -> list[dict]:
    """The rows of ``path`` with those of ``groups`` replaced by ``fresh`` (a partial run)."""
    kept: list[dict] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("| ") or line.startswith("| figure") or line.startswith("|---"):
                continue
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            if len(cells) != 6:
                continue
            if _group_of(cells[0]) in groups:
                continue
            met = {"yes": True, "**no**": False}.get(cells[5])
            kept.append(dict(zip(("figure", "peaceops", "peer", "ratio", "goal"), cells[:5], strict=True), met=met))
    return kept + fresh


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 million events and fewer repetitions")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument(
        "--only", action="append", metavar="GROUP", help="Measure only this group (repeatable): " + ", ".join(GROUPS)
    )
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    rows = []
    groups = (
        ("start-up", lambda: startup_rows(5 if args.quick else 15)),
        ("ingestion", lambda: ingestion_rows(2 if args.quick else 3)),
        ("pathological document", lambda: pathological_rows(args.quick)),
        ("linkage", lambda: linkage_rows([1] if args.quick else [1, 5, 10], big=None if args.quick else 100)),
        ("spark", lambda: spark_rows(args.quick)),
        ("web", lambda: web_rows(args.quick)),
        ("watch", lambda: watch_rows(args.quick)),
    )
    for name, produce in groups:
        if args.only and name not in args.only:
            continue
        print(f"bench: {name} ...", flush=True)
        produced = produce()
        for row in produced:
            print(
                f"  {row['figure']}: {row['peaceops']} vs {row['peer']} -> {row['ratio']} (goal {row['goal']})",
                flush=True,
            )
        for row in produced:
            row["group"] = name
        rows.extend(produced)
    if args.only:
        rows = _merged(args.out, rows, args.only)
    write(rows, args.out, started, partial=args.only)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
