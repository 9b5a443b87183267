"""Errors of the report package::

PeaceopsError
└── ReportError     a report cannot be written (output path, PDF engine)
"""

from __future__ import annotations

from peaceops.errors import PeaceopsError


class ReportError(PeaceopsError):
    """A report cannot be written: the output path is unusable or the PDF engine is missing."""
