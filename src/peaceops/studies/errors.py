"""Errors of the reproductions.

Both derive from :class:`peaceops.errors.PeaceopsError`, so the CLI reports
them as one line on stderr with exit status 1::

    PeaceopsError
    ├── StudyDataError   a replication file is missing, unreadable or not shaped as expected
    └── StudyFitError    a model did not converge on the data given
"""

from __future__ import annotations

from peaceops.errors import PeaceopsError


class StudyDataError(PeaceopsError):
    """A replication file is missing, unreadable, or lacks the columns and values a study needs."""


class StudyFitError(PeaceopsError):
    """A model could not be estimated on the data (no convergence, singular information matrix)."""
