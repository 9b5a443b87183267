"""Conflict event data: readers, normalised Parquet, linkage to operations, metrics, trajectories.

    >>> from peaceops import events
    >>> events.load_files(["ged201.csv"], workspace="ws")            # doctest: +SKIP
    >>> events.metrics("kosovo-kfor-1999", workspace="ws")           # doctest: +SKIP  (a pandas DataFrame)
    >>> events.trajectory("kosovo-kfor-1999", workspace="ws", registry=reg).classification  # doctest: +SKIP
    'frozen'

Heavy libraries (ibis, DuckDB, Spark) load only when a function needs them.
"""

from __future__ import annotations

from peaceops.events.formats import FORMATS
from peaceops.events.metrics import metrics
from peaceops.events.session import resolve_workspace
from peaceops.events.store import EventStore, LoadResult
from peaceops.events.trajectory import CLASSES, Coverage, Trajectory, TrajectoryNumbers, trajectory

__all__ = [
    "CLASSES",
    "Coverage",
    "EventStore",
    "FORMATS",
    "LoadResult",
    "Trajectory",
    "TrajectoryNumbers",
    "load_files",
    "metrics",
    "trajectory",
]


def load_files(
    paths, *, workspace=None, fmt: str | None = None, chunk_rows: int = 50_000, provenance: dict | None = None
) -> list[LoadResult]:
    """Normalise each file into the workspace's event store (format detected when ``fmt`` is None); ``provenance``
    goes into each file's manifest entry."""

    ws = resolve_workspace(workspace)
    store = EventStore(ws.events_dir)
    return [store.load(path, fmt, chunk_rows=chunk_rows, provenance=provenance) for path in paths]
