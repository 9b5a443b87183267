"""Commands for the framework, the evidence and the assessment."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from peaceops.cli.output import emit_json, handle_errors
from peaceops.errors import UsageError
from peaceops.settings import resolve_workspace

framework_app = typer.Typer(help="The assessment framework: principles, indicators, rules, cues.", no_args_is_help=True)
evidence_app = typer.Typer(help="Graded, cited evidence statements.", no_args_is_help=True)


def _console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=160)


def _catalog(ctx, with_workspace: bool = True):
    """The curated catalog, plus the evidence accepted in the workspace's review queue when there is one."""
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops import catalog
    from peaceops.workspace import DB_NAME, open_workspace

    cat = catalog.load(ctx.obj.data)
    if with_workspace and (resolve_workspace(ctx.obj.workspace) / DB_NAME).exists():
        from peaceops.review import catalog_with_workspace

        cat = catalog_with_workspace(cat, open_workspace(ctx.obj.workspace))
    return cat


@framework_app.command("show")
@handle_errors
def framework_show(
    ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print the whole framework as JSON.")
) -> None:
    """Show principles and their indicators with the question each answers and the rules it applies."""
    from peaceops import framework  # deferred: ops show does not need it, keeps CLI start-up fast

    fw = framework.load(ctx.obj.data)
    if json_out:
        emit_json(fw.model.model_dump(mode="json"))
        return
    console = _console()
    for principle in fw.principles:
        console.print(f"[bold]{principle.name}[/bold] ({principle.id}, {principle.group})", highlight=False)
        console.print(f"  {principle.summary}", highlight=False, markup=False)
        for ind in fw.indicators_of(principle.id):
            rules = ", ".join(r.type for r in ind.rules)
            console.print(
                f"  - {ind.id}: {ind.question}  [rules: {rules}; combine: {ind.combine}]", highlight=False, markup=False
            )
    console.print(f"{len(fw.principles)} principles, {len(fw.indicators)} indicators, from {fw.path}", highlight=False)


@evidence_app.command("list")
@handle_errors
def evidence_list(
    ctx: typer.Context,
    op: str | None = typer.Option(None, "--op", help="Only evidence on this operation (id, name or alias)."),
    indicator: str | None = typer.Option(None, "--indicator", help="Only evidence for this indicator id."),
    json_out: bool = typer.Option(False, "--json", help="Print the items as JSON."),
) -> None:
    """List evidence items with their stance, grade, source and locator."""
    cat = _catalog(ctx)
    op_id = cat.registry.find(op).id if op else None
    if indicator:
        cat.framework.indicator(indicator)  # unknown indicator: clear error listing the known ones
    items = [
        ev
        for ev in cat.evidence
        if (op_id is None or ev.operation == op_id) and (indicator is None or ev.indicator == indicator)
    ]
    if json_out:
        emit_json([ev.as_dict() for ev in items])
        return
    table = Table(title=f"{len(items)} evidence item(s)")
    for header in ("id", "operation", "indicator", "stance", "grade", "source", "text"):
        table.add_column(header, overflow="fold")
    for ev in items:
        text = (f"\u201c{ev.item.quote}\u201d" if ev.item.quote else ev.item.paraphrase) + f" ({ev.item.locator})"
        table.add_row(ev.id, ev.operation, ev.indicator, ev.item.stance, ev.grade, ev.source, text)
    _console().print(table)


def _filter(exclude_source: list[str], min_grade: str | None):
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.evidence import GradeFilter, parse_grade

    return GradeFilter(frozenset(exclude_source or []), parse_grade(min_grade) if min_grade else None)


def _trajectory_provider(ctx):
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.assess.metrics import trajectory_provider

    return trajectory_provider(ctx.obj.workspace, ctx.obj.data)


EXCLUDE_HELP = "Leave out evidence and facts from this source id (repeatable) to see how the judgement changes."
MIN_GRADE_HELP = "Count only evidence graded this or better, e.g. B3 (source A-B and credibility 1-3)."


@handle_errors
def assess_command(
    ctx: typer.Context,
    query: str = typer.Argument(..., metavar="ID-OR-NAME", help="Operation id, name, acronym or alias."),
    explain: str | None = typer.Option(
        None, "--explain", metavar="INDICATOR", help="Show the chain from evidence to score for one indicator."
    ),
    exclude_source: list[str] = typer.Option([], "--exclude-source", metavar="SOURCE", help=EXCLUDE_HELP),
    min_grade: str | None = typer.Option(None, "--min-grade", metavar="GRADE", help=MIN_GRADE_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the assessment as JSON."),
) -> None:
    """Assess one operation by every indicator of the framework, with the reasons for each score."""
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.assess import assess_operation
    from peaceops.cli import assess_views

    cat = _catalog(ctx)
    op = cat.registry.find(query)
    result = assess_operation(
        op, cat, grade_filter=_filter(exclude_source, min_grade), trajectory=_trajectory_provider(ctx)
    )
    if explain:
        cat.framework.indicator(explain)
        item = result.indicator(explain)
        if json_out:
            emit_json(assess_views.explain_json(item, cat))
        else:
            assess_views.print_explain(item, cat, result.filter, _console())
        return
    if json_out:
        emit_json(result.as_dict())
    else:
        assess_views.print_assessment(result, cat, _console())


@handle_errors
def compare_command(
    ctx: typer.Context,
    queries: list[str] = typer.Argument(..., metavar="ID-OR-NAME...", help="Two or more operations."),
    by: str = typer.Option("principle", "--by", help="Rows: 'principle' or 'indicator'."),
    exclude_source: list[str] = typer.Option([], "--exclude-source", metavar="SOURCE", help=EXCLUDE_HELP),
    min_grade: str | None = typer.Option(None, "--min-grade", metavar="GRADE", help=MIN_GRADE_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print the comparison as JSON."),
) -> None:
    """Compare operations side by side: principles (or indicators) as rows, operations as columns."""
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.assess import compare
    from peaceops.cli import assess_views

    if by not in ("principle", "indicator"):
        raise UsageError(f"--by must be 'principle' or 'indicator', found {by!r}")
    cat = _catalog(ctx)
    ops = [cat.registry.find(q) for q in queries]
    results = compare(ops, cat, grade_filter=_filter(exclude_source, min_grade), trajectory=_trajectory_provider(ctx))
    if json_out:
        emit_json(assess_views.comparison_json(results, cat, by))
    else:
        assess_views.print_comparison(results, cat, by, _console())
