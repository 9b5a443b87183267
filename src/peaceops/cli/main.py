"""Entry point of the ``peaceops`` command.

Every command calls functions of the domain modules; none holds logic of its
own. Commands that show data accept ``--json``.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import typer

from peaceops import __version__, registry
from peaceops.cli import ingest as ingest_cli
from peaceops.cli import report as report_cli
from peaceops.cli import views, yardstick
from peaceops.cli import web as web_cli
from peaceops.cli.events import events_app, trajectory_command
from peaceops.cli.output import emit_json, fail, handle_errors
from peaceops.cli.study import study_app
from peaceops.cli.watch import watch_app
from peaceops.errors import UsageError
from peaceops.registry.filters import parse_years
from peaceops.vocab import LeadGroup, OperationKind, OperationStatus

app = typer.Typer(
    name="peaceops",
    help="Evidence-based monitoring of peace operations: a cited registry, one yardstick, graded evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
ops_app = typer.Typer(help="List and show operations of the registry.", no_args_is_help=True)
app.add_typer(ops_app, name="ops")
app.add_typer(yardstick.framework_app, name="framework")
app.add_typer(yardstick.evidence_app, name="evidence")
app.command("assess")(yardstick.assess_command)
app.command("compare")(yardstick.compare_command)
app.command("ingest")(ingest_cli.ingest_command)
app.add_typer(ingest_cli.review_app, name="review")
app.add_typer(study_app, name="study")
app.add_typer(events_app, name="events")
app.command("trajectory")(trajectory_command)
app.command("report")(report_cli.report_command)
app.command("serve")(web_cli.serve)
app.add_typer(web_cli.user_app, name="user")
app.add_typer(watch_app, name="watch")


@dataclass
class Options:
    workspace: Path | None
    data: Path | None

    def registry(self):
        return registry.load(self.data)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peaceops {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    workspace: Path | None = typer.Option(
        None,
        "--workspace",
        "-w",
        help="Workspace directory (else $PEACEOPS_WORKSPACE, else a per-user data directory).",
    ),
    data: Path | None = typer.Option(
        None, "--data", help="Curated data directory (else $PEACEOPS_DATA, else the data shipped with peaceops)."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    ctx.obj = Options(workspace, data)


@app.command()
@handle_errors
def validate(
    ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print the result as JSON.")
) -> None:
    """Check every curated file: registry, framework, evidence, gazetteer, thresholds, published figures, event
    reference.

    Schemas, cited sources exist, every fact cited, dates in order, unique ids
    and aliases, indicators known. Every problem is reported (file, field,
    what was expected); the exit status is 1 when there is any.
    """
    from peaceops import catalog  # deferred: ops show does not need it, keeps CLI start-up fast

    cat, problems = catalog.check_all(ctx.obj.data)
    reg = cat.registry
    if json_out:
        emit_json(
            {
                "valid": not problems,
                "operations": len(reg.operations),
                "sources": len(reg.sources),
                "indicators": len(cat.framework.indicators) if cat.framework else 0,
                "evidence": len(cat.evidence),
                "problems": [{"file": p.file, "field": p.field, "message": p.message} for p in problems],
            }
        )
    else:
        for problem in problems:
            typer.echo(str(problem), err=True)
        if not problems:
            typer.echo(
                f"ok: {len(reg.operations)} operations, {len(reg.sources)} sources, "
                f"{len(cat.framework.indicators)} indicators and {len(cat.evidence)} evidence items in {reg.data_dir} "
                "are valid"
            )
    if problems:
        if not json_out:
            fail(f"{len(problems)} problem(s) found in {reg.data_dir}")
        raise typer.Exit(1)


def _parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, found {value!r}") from None


@ops_app.command("list")
@handle_errors
def ops_list(
    ctx: typer.Context,
    kind: OperationKind | None = typer.Option(None, "--kind", help="Only this kind of operation."),
    lead: str | None = typer.Option(
        None, "--lead", help="Lead organisation or state, or lead group (substring, any case)."
    ),
    lead_group: LeadGroup | None = typer.Option(None, "--lead-group", help="Only operations of this lead group."),
    host: str | None = typer.Option(None, "--host", help="Host state or territory (substring, any case)."),
    status: OperationStatus | None = typer.Option(None, "--status", help="Only operations with this status."),
    active_on: str | None = typer.Option(
        None, "--active-on", help="Only operations deployed on this date (YYYY-MM-DD)."
    ),
    years: str | None = typer.Option(
        None,
        "--years",
        metavar="YYYY-YYYY",
        help="Only operations deployed at some time in these years (1990-1999, 1995, 2000-, -1999).",
    ),
    decade: str | None = typer.Option(
        None, "--decade", metavar="1990s", help="Only operations active in any year of this decade (1990s, 2000s)."
    ),
    search: str | None = typer.Option(
        None,
        "--search",
        help=(
            "Words that must all appear in the id, a name, acronym or alias, the lead or the host "
            "(any case, any accents)."
        ),
    ),
    regional_power: bool | None = typer.Option(
        None,
        "--regional-power/--no-regional-power",
        help="Only operations a regional power led into its own neighbourhood (or only the others).",
    ),
    cites: str | None = typer.Option(
        None,
        "--cites",
        metavar="SOURCE-ID",
        help="Only operations citing this source, e.g. a dataset's id to list the operations it covers.",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the operations as JSON rows."),
) -> None:
    """List operations, optionally filtered."""

    day = _parse_day(active_on)
    year_from, year_to = parse_years(years)
    reg = ctx.obj.registry()
    ops = reg.filter(
        kind=kind,
        lead=lead,
        lead_group=lead_group,
        host=host,
        status=status,
        active_on=day,
        year_from=year_from,
        year_to=year_to,
        search=search,
        decade=decade,
        regional_power=regional_power,
        cites=cites,
    )
    if cites and cites not in reg.sources:
        raise UsageError(f"no source with id {cites!r}; the ids are the file names in data/sources/")
    rows = views.summary_rows(reg, ops)
    if json_out:
        emit_json(rows)
    else:
        views.print_summary_table(rows, title=f"{len(rows)} of {len(reg)} operations")


@ops_app.command("gaps")
@handle_errors
def ops_gaps(
    ctx: typer.Context,
    kind: OperationKind | None = typer.Option(None, "--kind", help="Only this kind of operation."),
    json_out: bool = typer.Option(False, "--json", help="Print one row per operation as JSON."),
) -> None:
    """List, for each operation, the fields no source has given yet (never filled with a guess)."""
    from peaceops.registry.gaps import gap_rows  # deferred: ops show does not need it, keeps CLI start-up fast

    reg = ctx.obj.registry()
    rows = gap_rows(op for op in reg if kind is None or op.kind == kind)
    if json_out:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']}: {', '.join(row['gaps'])}")
    typer.echo(f"{len(rows)} of {sum(1 for op in reg if kind is None or op.kind == kind)} operations have a gap")


@ops_app.command("show")
@handle_errors
def ops_show(
    ctx: typer.Context,
    query: str = typer.Argument(..., metavar="ID-OR-NAME", help="Id, name, acronym or alias, in English or Russian."),
    json_out: bool = typer.Option(
        False, "--json", help="Print the operation, its facts with numbered sources, and the sources it cites as JSON."
    ),
) -> None:
    """Show one operation with every fact and its sources."""

    reg = ctx.obj.registry()
    op = reg.find(query)
    if json_out:
        emit_json(views.operation_json(reg, op))
    else:
        views.print_operation(reg, op)


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    json = "json"


class Panel(StrEnum):
    operation_year = "operation-year"
    country_year = "country-year"
    conflict_year = "conflict-year"


@app.command()
@handle_errors
def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(..., "--format", help="File format of the tables."),
    out: Path = typer.Option(..., "--out", help="Directory to write the tables into (created if missing)."),
    panel: Panel | None = typer.Option(
        None,
        "--panel",
        help="Write one panel for analysis instead of the registry tables: operation-year, country-year or "
        "conflict-year (csv or parquet; columns in docs/data-dictionary.md).",
    ),
) -> None:
    """Export the registry as flat tables (operations, names, contributors, legal_bases, strengths, tasks, areas,
    consent, sources, citations), or one panel for analysis with --panel."""
    if panel is not None:
        from peaceops import catalog, panels  # deferred: ops show does not load the assessment
        from peaceops.assess.metrics import trajectory_provider  # deferred: as above

        cat = catalog.load(ctx.obj.data)
        provider = trajectory_provider(ctx.obj.workspace, ctx.obj.data)
        path = panels.write(panel.value, cat, out, fmt.value, trajectory=lambda op: _trajectory_class(provider(op)))
        typer.echo(str(path))
        return
    from peaceops.registry.export import write  # deferred: ops show does not need it, keeps CLI start-up fast

    written = write(ctx.obj.registry(), out, fmt.value)
    for path in written:
        typer.echo(str(path))


def _trajectory_class(result) -> str | None:
    """The class of a trajectory (settled, frozen, ...), or None when no event data was measured."""
    return None if result is None else result.classification


@app.command()
@handle_errors
def demo(
    ctx: typer.Context,
    out: Path = typer.Option(Path("build"), "--out", help="Directory for the demo's outputs."),
) -> None:
    """Run the main job on the shipped data: open the workspace, validate the registry, summarise it, export it."""
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.cli import assess_views, views
    from peaceops.cli.demo import run_demo

    def comparison(results, cat):
        assess_views.print_comparison(results, cat, "principle", yardstick._console())

    run_demo(
        ctx.obj.workspace, ctx.obj.data, out, say=typer.echo, table=views.print_summary_table, comparison=comparison
    )


@app.command("backup")
@handle_errors
def backup_command(
    ctx: typer.Context, archive: Path = typer.Argument(..., metavar="FILE", help="Archive to write (.tar.gz).")
) -> None:
    """Back up the workspace (SQLite online backup plus its Parquet files) into one checksummed archive."""
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.backup import backup
    from peaceops.workspace import open_workspace

    manifest = backup(open_workspace(ctx.obj.workspace), archive)
    typer.echo(f"wrote {archive}: {len(manifest['files'])} files, schema version {manifest['schema_version']}")


@app.command("restore")
@handle_errors
def restore_command(
    ctx: typer.Context,
    archive: Path = typer.Argument(..., metavar="FILE", help="Archive written by `peaceops backup`."),
    force: bool = typer.Option(False, "--force", help="Replace a workspace that already holds data."),
) -> None:
    """Restore a workspace from a backup, after checking every checksum and the database's integrity."""
    from peaceops.backup import restore  # deferred: ops show does not need it, keeps CLI start-up fast

    ws = restore(archive, ctx.obj.workspace, force=force)
    typer.echo(f"restored {archive} into {ws.root} (schema version {ws.schema_version()})")


def main() -> None:
    # typer builds a pydantic TypeAdapter for each parameter, and pydantic's first one looks through the entry points
    # of every installed package for pydantic plugins (30-50 ms of a 0.3 s `ops show`). peaceops uses none; a value
    # the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    finally:
        # The interpreter's last garbage collection at exit walks every object still alive (a loaded registry is
        # tens of thousands) to find cycles it is about to free anyway: 30-40 ms of `ops show`. Frozen objects are
        # left out of it; they are still freed.
        gc.freeze()


if __name__ == "__main__":
    main()
