"""Errors of the events package, all under :class:`peaceops.errors.PeaceopsError`::

    PeaceopsError
    └── EventsError              base of the errors below
        ├── EventFileError       a file cannot be read, or its format cannot be told
        ├── ReferenceDataError   reference.yaml or trajectory_thresholds.yaml is broken
        └── BackendError         the analytics backend (DuckDB, Spark) cannot be used

A malformed *row* is not an error: it goes to the load's rejects file and the
load goes on.
"""

from __future__ import annotations

from peaceops.errors import PeaceopsError


class EventsError(PeaceopsError):
    """Base of the errors raised by :mod:`peaceops.events`."""


class EventFileError(EventsError):
    """An event or deployment file cannot be read as any known format."""


class ReferenceDataError(EventsError):
    """A data file the events package relies on is missing or breaks its schema."""


class BackendError(EventsError):
    """The chosen analytics backend cannot be started or reached."""
