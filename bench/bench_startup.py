"""Command start-up time against `python -c pass`, measured in the same run.

    .venv/bin/python bench/bench_startup.py [--runs 15]

Heavy libraries (Spark, statsmodels, trafilatura, lingua, matplotlib) must
only load in the commands that need them; this measures what a user waits
for `peaceops --help`, `ops list` and `ops show ID`. Goal: ops show under 0.25 s with 150+ operations
(the registry as shipped; the figure names how many it holds).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEACEOPS = [sys.executable, "-m", "peaceops.cli.main"]
COMMANDS = {
    "peaceops --help": [*PEACEOPS, "--help"],
    "peaceops ops list": [*PEACEOPS, "ops", "list"],
    "peaceops ops show kosovo-kfor-1999": [*PEACEOPS, "ops", "show", "kosovo-kfor-1999"],
}
GOAL_SECONDS = 0.25


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _operation_count() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from peaceops import registry

    return len(registry.load())


def rows(runs: int = 15) -> list[dict]:
    baseline = median_seconds([sys.executable, "-c", "pass"], runs)
    operations = _operation_count()
    out = []
    for name, command in COMMANDS.items():
        seconds = median_seconds(command, runs)
        out.append(
            {
                "figure": f"start-up: {name} (median of {runs}; {operations} operations)",
                "peaceops": f"{seconds:.3f} s",
                "peer": f"{baseline:.3f} s (python -c pass)",
                "ratio": f"{seconds / baseline:.1f}x",
                "goal": f"< {GOAL_SECONDS} s" if "show" in name else "feels instant",
                "met": seconds < GOAL_SECONDS if "show" in name else None,
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for row in rows(args.runs):
        print(f"{row['figure']}: {row['peaceops']} vs {row['peer']} = {row['ratio']} (goal {row['goal']})")


if __name__ == "__main__":
    main()
