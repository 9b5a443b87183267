"""The main job on the shipped data, as ``make demo`` runs it.

Each capability adds its step here; every step prints what it did.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable


def run_demo(workspace: Path | None, data: Path | None, out: Path, *, say: Callable[[str], None], table) -> dict:
    from peaceops import registry
    from peaceops.cli.views import summary_rows
    from peaceops.registry.export import write
    from peaceops.workspace import open_workspace

    ws = open_workspace(workspace)
    say(f"1. workspace: {ws.root} (SQLite schema version {ws.schema_version()})")

    reg = registry.load(data)
    citations = sum(1 for op in reg for _ in op.citations())
    say(f"2. registry: {len(reg)} operations, {len(reg.sources)} sources, {citations} citations in {reg.data_dir} — all valid")

    rows = summary_rows(reg, reg)
    table(rows, title="Peace operations in the registry")
    by_group = Counter(op.lead_group for op in reg)
    by_status = Counter(op.status.value for op in reg)
    say("   by lead group: " + ", ".join(f"{k} {v}" for k, v in sorted(by_group.items())))
    say("   by status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))

    written = write(reg, out / "registry", "csv")
    say(f"3. exported {len(written)} flat tables to {out / 'registry'} (CSV)")
    summary = {"operations": len(reg), "sources": len(reg.sources), "citations": citations, "export": str(out / "registry")}
    ws.log_job("demo", summary)
    return summary
