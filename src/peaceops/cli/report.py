"""``peaceops report``: a thin command over :mod:`peaceops.report`.

Registered in main.py with ``app.command("report")(report.report_command)``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

import typer

from peaceops.cli.output import emit_json, handle_errors


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    md = "md"


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, found {value!r}", param_hint="--as-of") from None


@handle_errors
def report_command(
    ctx: typer.Context,
    queries: list[str] = typer.Argument(
        ...,
        metavar="ID-OR-NAME",
        help="One operation for a brief; several for a comparison (principles as rows, operations as columns).",
    ),
    fmt: ReportFormat = typer.Option(
        ReportFormat.html,
        "--format",
        help="html (one self-contained file), pdf (printed by WeasyPrint) or md (figures in <name>_files/ beside it).",
    ),
    out: Path = typer.Option(
        Path("build/reports"),
        "--out",
        metavar="PATH",
        help="File to write, or a directory to write <operation id>.<format> into.",
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Assess as of this date (default: today); pin it to reproduce a report byte for byte.",
    ),
    exclude_source: list[str] = typer.Option(
        [], "--exclude-source", metavar="SOURCE", help="Leave out evidence and facts from this source id (repeatable)."
    ),
    min_grade: str | None = typer.Option(
        None, "--min-grade", metavar="GRADE", help="Count only evidence graded this or better, e.g. B3."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Write an analyst's brief on one operation, or a comparison of several, as HTML, PDF or Markdown.

    A brief has the profile with footnoted sources, the assessment by principle
    with the evidence and grades behind each score, the conflict trajectory
    from the workspace's event data (or "not measured"), a map of the area and
    the references. Reviewed evidence and event data come from --workspace.
    """
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops import catalog
    from peaceops.evidence import GradeFilter, parse_grade
    from peaceops.report import ReportOptions, write_report
    from peaceops.workspace import open_workspace

    day = _day(as_of)
    grade_filter = GradeFilter(frozenset(exclude_source), parse_grade(min_grade) if min_grade else None)
    cat = catalog.load(ctx.obj.data)
    options = ReportOptions(workspace=open_workspace(ctx.obj.workspace), as_of=day, grade_filter=grade_filter)
    written = write_report(queries, fmt.value, out, catalog=cat, options=options)
    if json_out:
        emit_json(written.as_dict())
        return
    typer.echo(str(written.path))
    for asset in written.assets:
        typer.echo(f"  {asset}")
