"""The events step of ``make demo``: load the shipped event files, link them, print each trajectory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from peaceops.events.render import trajectory_lines
from peaceops.events.session import Analysis
from peaceops.events.trajectory import trajectories
from peaceops.settings import shipped_examples_dir

if TYPE_CHECKING:
    from collections.abc import Callable

    from peaceops.events.store import EventStore

SHIPPED = ("ged201_reduced.csv", "FrontMap_v2.3.csv", "gdelt1_events_sample.tsv")


def examples_dir() -> Path:
    """The shipped event files: examples/events/ of the repository, or of the installed wheel."""
    return shipped_examples_dir() / "events"


def run_events_demo(
    workspace, registry, say: Callable[[str], None], *, files: list[Path] | None = None, backend: str = "duckdb"
) -> dict:
    """Load ``files`` (default: the shipped examples), link them to every operation, print each trajectory.

    ``workspace``: a Workspace, a directory or None; ``registry``: a Registry,
    a data directory or None. Returns a summary for the demo's log.
    """

    analysis = Analysis.open(workspace=workspace, registry=registry, backend=backend)
    store: EventStore = analysis.store
    paths = files if files is not None else [examples_dir() / name for name in SHIPPED]
    say(f"events: loading {len(paths)} file(s) into {store.root}")
    for path in paths:
        result = store.load(path)
        state = "already loaded" if result.status == "already-loaded" else f"{result.rows_written} rows"
        rejected = f", {result.rows_rejected} rejected" if result.rows_rejected else ""
        say(f"   {Path(path).name}: {result.format}, {state}{rejected}")
    coverage = store.coverage()
    for dataset, cov in sorted(coverage.items()):
        say(f"   {dataset}: {cov['rows']} rows, {cov['year_min']}-{cov['year_max']}")

    ops = list(analysis.registry)
    results = trajectories(analysis, ops)
    say(
        f"events: conflict trajectories of {len(results)} operations ({analysis.backend}; thresholds from "
        f"{analysis.thresholds.path})"
    )
    counts: dict[str, int] = {}
    for tr in results:
        counts[tr.classification] = counts.get(tr.classification, 0) + 1
        for line in trajectory_lines(tr):
            say("   " + line)
    say("   trajectories: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return {"files": [str(p) for p in paths], "coverage": coverage, "trajectories": counts}


__all__ = ["run_events_demo"]
