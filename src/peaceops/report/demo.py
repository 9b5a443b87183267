"""The reports step of ``make demo``: the seed's comparison brief (and the CSTO operation's own brief) in every format."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

SEED_BRIEF = "kazakhstan-csto-cpf-2022"


def run_reports_demo(out_dir: Path | str, workspace, data_dir, say: Callable[[str], None]) -> dict:
    """Write ``seed-comparison.{html,pdf,md}`` and ``<CSTO operation>.{html,pdf,md}`` into ``out_dir``.

    ``workspace``: a Workspace, a directory or None (the default workspace);
    its reviewed evidence and event data are used. ``data_dir``: the curated
    data (None: the shipped data). Returns the written paths for the demo's log.
    """
    from peaceops import catalog
    from peaceops.demo import SEED_COMPARISON
    from peaceops.report import FORMATS, ReportOptions, build_report, write_built
    from peaceops.workspace import open_workspace

    out_dir = Path(out_dir)
    cat = catalog.load(data_dir)
    options = ReportOptions(workspace=open_workspace(workspace))
    seed = [op_id for op_id in SEED_COMPARISON if op_id in cat.registry.operations]
    written: dict[str, list[str]] = {}
    jobs = [("seed-comparison", seed, "the seed's comparison brief")]
    if SEED_BRIEF in cat.registry.operations:
        jobs.append((SEED_BRIEF, [SEED_BRIEF], "the CSTO operation's brief"))
    for name, ops, what in jobs:
        built = build_report(ops, cat, options=options)
        paths = []
        for fmt in FORMATS:
            result = write_built(built, fmt, out_dir / f"{name}.{'md' if fmt == 'md' else fmt}")
            paths.append(str(result.path))
        written[name] = paths
        measured = _measured(built)
        say(f"reports: {what} ({', '.join(ops)}) -> {', '.join(paths)}; conflict trajectory measured for "
            f"{measured} of {len(ops)} operation(s)")
    return written


def _measured(report) -> int:
    if report.kind == "operation":
        return int(report.conflict.measured)
    return sum(op.conflict.measured for op in report.operations)


__all__ = ["run_reports_demo"]
