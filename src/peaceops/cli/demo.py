"""The main job on the shipped data, as ``make demo`` runs it.

Each capability adds its step here; every step prints what it did. The demo
orchestrates the faces (it writes reports), so it lives in the CLI, the one
face allowed to start the report writer and the web application.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from peaceops import catalog, registry
from peaceops.assess import compare
from peaceops.assess.metrics import trajectory_provider
from peaceops.present import overview, summary_rows, visual
from peaceops.registry.export import write
from peaceops.report import FORMATS, ReportOptions, build_report, write_built
from peaceops.studies.demo import run_studies_demo
from peaceops.studies.files import default_studies_dir
from peaceops.workspace import open_workspace

SEED_COMPARISON = [
    "kazakhstan-csto-cpf-2022",
    "afghanistan-isaf-2001",
    "bosnia-ifor-1995",
    "kosovo-kfor-1999",
    "lebanon-mnf-1982",
]
"""The comparison the seed analysis makes: the CSTO deployment beside the missions it contrasts it with."""


def run_demo(
    workspace: Path | None, data: Path | None, out: Path, *, say: Callable[[str], None], table, comparison=None
) -> dict:

    ws = open_workspace(workspace)
    say(f"1. workspace: {ws.root} (SQLite schema version {ws.schema_version()})")

    reg = registry.load(data)
    citations = sum(1 for op in reg for _ in op.citations())
    say(
        f"2. registry: {len(reg)} operations, {len(reg.sources)} sources, {citations} citations in {reg.data_dir} — "
        "all valid"
    )

    rows = summary_rows(reg, reg)
    table(rows, title="Peace operations in the registry")
    by_group = Counter(op.lead_group for op in reg)
    by_status = Counter(op.status.value for op in reg)
    say("   by lead group: " + ", ".join(f"{k} {v}" for k, v in sorted(by_group.items())))
    say("   by status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))

    written = write(reg, out / "registry", "csv")
    say(f"3. exported {len(written)} flat tables to {out / 'registry'} (CSV)")
    pictures = write_registry_pictures(reg, out)
    say(
        f"   the registry at a glance: timeline of {pictures['bars']} operations -> {pictures['timeline']}; "
        f"map of {pictures['markers']} area points -> {pictures['map']}"
    )
    from peaceops.events.demo import run_events_demo  # heavy: pulls in pandas and pyarrow

    say("3b. conflict event data (UCDP GED, Geo-PKO, GDELT) linked to the operations; trajectories:")
    run_events_demo(ws, reg, say)
    cat = catalog.load(data)
    say(
        f"4. framework: {len(cat.framework.principles)} principles, {len(cat.framework.indicators)} indicators; "
        f"{len(cat.evidence)} graded evidence items on {len({ev.operation for ev in cat.evidence})} operations"
    )
    seed_ops = [cat.registry.get(op_id) for op_id in SEED_COMPARISON if op_id in cat.registry.operations]
    if comparison is not None and len(seed_ops) > 1:
        results = compare(seed_ops, cat, trajectory=trajectory_provider(ws.root, data))
        say("5. the seed's comparison, by principle (0 contrary .. 2 consistent; (k/n) = indicators scored):")
        comparison(results, cat)
        say("   why a score: peaceops assess kazakhstan-csto-cpf-2022 --explain consent-host")

    say("5b. analyst's briefs (HTML, PDF, Markdown) with charts, a map and citations:")
    run_reports_demo(out, ws.root, data, say)

    say("6. published findings reproduced from their replication data:")
    studies_dir = default_studies_dir(data)
    if not (studies_dir / "published.yaml").exists():  # a custom --data without replication files: use the shipped ones
        studies_dir = default_studies_dir(None)
    run_studies_demo(say, studies_dir=studies_dir, out=out / "studies")
    say("7. the web application (browse, compare, review, ingest) on this workspace:")
    say(f"     .venv/bin/peaceops --workspace {ws.root} user add YOURNAME --role admin")
    say(f"     .venv/bin/peaceops --workspace {ws.root} serve --port 8000     # then open http://127.0.0.1:8000/")
    summary = {
        "operations": len(reg),
        "sources": len(reg.sources),
        "citations": citations,
        "export": str(out / "registry"),
        "evidence": len(cat.evidence),
    }
    ws.log_job("demo", summary)
    return summary


def write_registry_pictures(reg, out: Path, today: dt.date | None = None) -> dict:
    """``registry-timeline.svg`` and ``registry-map.svg`` in ``out``: the pictures of the web's home page."""
    today = today or dt.date.today()
    data = overview.registry_overview(reg, today)
    out.mkdir(parents=True, exist_ok=True)
    timeline, world = out / "registry-timeline.svg", out / "registry-map.svg"
    timeline.write_text(visual.timeline_svg(data["operations"], today=today), encoding="utf-8")
    world.write_text(visual.map_svg(data["operations"]), encoding="utf-8")
    return {"timeline": str(timeline), "map": str(world), "bars": data["bars"], "markers": data["markers"]}


SEED_BRIEF = "kazakhstan-csto-cpf-2022"
"""The operation whose own brief the reports step writes beside the seed comparison."""


def run_reports_demo(out_dir: Path | str, workspace, data_dir, say: Callable[[str], None]) -> dict:
    """Write ``seed-comparison.{html,pdf,md}`` and ``<CSTO operation>.{html,pdf,md}`` into ``out_dir``.

    ``workspace``: a Workspace, a directory or None (the default workspace);
    its reviewed evidence and event data are used. ``data_dir``: the curated
    data (None: the shipped data). Returns the written paths for the demo's log.
    """

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
        say(
            f"reports: {what} ({', '.join(ops)}) -> {', '.join(paths)}; conflict trajectory measured for "
            f"{measured} of {len(ops)} operation(s)"
        )
    return written


def _measured(report) -> int:
    if report.kind == "operation":
        return int(report.conflict.measured)
    return sum(op.conflict.measured for op in report.operations)
