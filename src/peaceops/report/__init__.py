"""Analyst's briefs on one operation or a comparison, as HTML, PDF and Markdown, with charts, a map and citations.

    >>> from peaceops import report
    >>> report.write_report(["kosovo-kfor-1999"], "html", "build/reports")            # doctest: +SKIP
    >>> report.write_report(["kazakhstan-csto-cpf-2022", "kosovo-kfor-1999"], "md", "build/reports",
    ...                     options=report.ReportOptions(workspace="build/workspace"))   # doctest: +SKIP

Build once and render several formats with :func:`build_report` and
:func:`write_built`; :func:`render_html` gives the page as a string (the web
application serves it). Reports built twice from the same data are identical
except for the generation timestamp (:func:`strip_generated` removes it).
"""

from __future__ import annotations

from peaceops.report.build import ReportOptions, build_report, data_fingerprint
from peaceops.report.errors import ReportError
from peaceops.report.render import FORMATS, render_html, render_markdown, strip_generated
from peaceops.report.write import Written, write_built, write_report

__all__ = [
    "FORMATS",
    "ReportError",
    "ReportOptions",
    "Written",
    "build_report",
    "data_fingerprint",
    "render_html",
    "render_markdown",
    "strip_generated",
    "write_built",
    "write_report",
]
