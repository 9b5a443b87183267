"""Where the assessment gets event metrics: the events module, when data is loaded.

The provider returns ``None`` for "not measured" (no event data in the
workspace), so the assessment never mistakes missing data for zero violence.
"""

from __future__ import annotations

from functools import cache

from peaceops import registry
from peaceops.assess.engine import no_trajectories
from peaceops.settings import resolve_workspace
from peaceops.workspace import open_workspace


def trajectory_provider(workspace=None, data_dir=None, *, use_milestones: bool = True):
    """A function op -> trajectory result, or one that always says 'not measured'. ``use_milestones=False``: from
    dataset years only, without the curated conflict milestones."""

    root = resolve_workspace(workspace)
    events_dir = root / "events"
    if not events_dir.is_dir() or not any(events_dir.rglob("*.parquet")):
        return no_trajectories
    try:
        from peaceops import events  # heavy: pulls in pandas and pyarrow
    except ImportError:
        return no_trajectories

    ws = open_workspace(root)
    reg = registry.load(data_dir)

    @cache
    def every_operation() -> dict:
        # one linkage run for the whole registry: the events are scanned once, not once per operation
        from peaceops.events.session import Analysis
        from peaceops.events.trajectory import trajectories

        analysis = Analysis.open(workspace=ws, registry=reg)
        return {t.operation_id: t for t in trajectories(analysis, list(reg), use_milestones=use_milestones)}

    @cache
    def for_operation(op_id: str):
        found = every_operation().get(op_id)
        if found is not None or not use_milestones:
            return found
        return events.trajectory(op_id, workspace=ws, registry=reg)

    return lambda op: for_operation(op.id)
