"""One analysis over a workspace's events: the store, the registry, the thresholds and a backend.

The public functions (:func:`peaceops.events.metrics`, :func:`peaceops.events.trajectory`)
open one of these; the CLI and the demo do the same, so all faces give the
same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import pyarrow.parquet as pq

from peaceops import registry as registry_module
from peaceops.events.areas import build_areas
from peaceops.events.backend import connect, read_events, resolve
from peaceops.events.errors import EventsError
from peaceops.events.link import linked_events
from peaceops.events.schema import EVENT_COLUMNS
from peaceops.events.scope import restrict
from peaceops.events.store import EventStore
from peaceops.events.thresholds import Thresholds, load_thresholds
from peaceops.workspace import Workspace, open_workspace


def resolve_workspace(workspace):
    """A Workspace from a Workspace, a directory or None (see peaceops.settings)."""

    return workspace if isinstance(workspace, Workspace) else open_workspace(workspace)


def resolve_registry(registry):
    """A Registry from a Registry, a data directory or None (the shipped registry)."""

    if isinstance(registry, registry_module.Registry):
        return registry
    return registry_module.load(registry)


def _with_every_column(table):
    """The events table with every column of the current schema: a workspace loaded by an older peaceops lacks
    the newer ones (map_country, conflict_id ...), which then read as null, as for a dataset without them."""
    import ibis  # heavy: ibis, loaded on first use

    missing = {
        name: ibis.null().cast(ibis.dtype(dtype)) for name, dtype, _ in EVENT_COLUMNS if name not in table.columns
    }
    return table.mutate(**missing) if missing else table


@dataclass
class Analysis:
    store: EventStore
    registry: object
    thresholds: Thresholds
    backend: str = "duckdb"
    spark_url: str | None = None
    _con: object = field(default=None, repr=False)
    _events: dict = field(default_factory=dict, repr=False)  # window -> Ibis table

    @classmethod
    def open(cls, *, workspace=None, registry=None, backend: str = "duckdb", spark_url: str | None = None) -> Analysis:
        ws = resolve_workspace(workspace)
        reg = resolve_registry(registry)
        engine, url = resolve(backend, spark_url)  # before any work: a bad backend or URL fails at once
        return cls(EventStore(ws.events_dir), reg, load_thresholds(reg.data_dir), engine, url)

    @property
    def con(self):
        if self._con is None:
            self._con = connect(self.backend, spark_url=self.spark_url)
        return self._con

    def events(self, window: tuple[dt.date, dt.date] | None = None):
        """The workspace's normalised events as an Ibis table; with ``window`` (first day, last day) read from the
        files of the years that may meet it only (see :meth:`EventStore.event_files`)."""
        if window not in self._events:
            files = self.store.event_files(window)
            if not files:
                self._require_events()
                # no year meets the window: one file stands for the schema, the query's dates keep none of its rows
                files = self.store.event_files()[:1]
            self._events[window] = _with_every_column(read_events(self.con, self.backend, files))
        return self._events[window]

    def _require_events(self) -> None:
        if not self.store.event_files():
            raise EventsError(f"no events loaded in {self.store.root}; load some with `peaceops events load FILE...`")

    def deployments(self):
        """Geo-PKO deployments as a pandas frame (small), or None when none are loaded."""
        files = self.store.deployment_files()
        if not files:
            return None

        cols = ["mission", "year", "location", "latitude", "longitude"]
        frames = [pq.read_table(path, columns=cols).to_pandas() for path in files]
        return pd.concat(frames, ignore_index=True).drop_duplicates()

    def areas(self, ops):
        return build_areas(self.registry, list(ops), self.thresholds.linkage, self.deployments())

    def operation(self, query: str):
        """An operation by id, name or alias."""
        return self.registry.find(query)

    def linked(self, ops):
        """(Ibis table of linked events or None, AreaTables) for ``ops``: every event near an operation, with the
        linkage method and, for an event of another conflict or outside the host state, why it does not count
        (see :mod:`peaceops.events.scope`)."""

        ops = list(ops)
        self._require_events()
        areas = self.areas(ops)
        window = areas.span()
        if window is None:  # no operation has a window: nothing links
            return None, areas
        return conflict_linked(self.events(window), areas, ops), areas


def conflict_linked(events, areas, ops):
    """Ibis table of the events linked to ``ops`` in space and time (:func:`peaceops.events.link.linked_events`),
    each with its linkage method and exclusion (:func:`peaceops.events.scope.restrict`), or None without areas."""
    linked = linked_events(events, areas)
    return restrict(linked, ops) if linked is not None else None
