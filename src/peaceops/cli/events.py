"""``peaceops events ...`` and ``peaceops trajectory``: thin commands over :mod:`peaceops.events`.

The lead registers them in cli/main.py::

    from peaceops.cli.events import events_app, trajectory_command
    app.add_typer(events_app, name="events")
    app.command("trajectory")(trajectory_command)
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from peaceops.cli.output import emit_json, handle_errors

events_app = typer.Typer(
    help="Conflict event data (UCDP GED, ACLED, GDELT, Geo-PKO): load, link to operations, measure.",
    no_args_is_help=True,
)


class EventFormat(StrEnum):
    ucdp_ged = "ucdp-ged"
    acled = "acled"
    gdelt1 = "gdelt1"
    gdelt2 = "gdelt2"
    geopko = "geopko"


class Backend(StrEnum):
    duckdb = "duckdb"
    pyspark = "pyspark"


class Breakdown(StrEnum):
    violence_type = "violence_type"
    side = "side"


BACKEND_OPTION = typer.Option(Backend.duckdb, "--backend", help="Analytics backend: duckdb (in-process) or pyspark.")
SPARK_URL_OPTION = typer.Option(
    None, "--spark-url", help="Spark Connect URL (sc://host:15002) for a remote Spark; with --backend pyspark."
)


@events_app.command("load")
@handle_errors
def load(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...", help="Event or deployment files (.csv, .tsv, .zip, .gz)."
    ),
    fmt: EventFormat | None = typer.Option(
        None, "--format", help="Format of the files (detected from the first line when not given)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one result per file as JSON."),
) -> None:
    """Normalise event files into the workspace's Parquet store.

    Malformed rows go to a rejects file (line and reason) and the load goes on;
    a file already loaded (same content) is not loaded again.
    """
    from peaceops.events import load_files  # heavy: pulls in pandas and pyarrow

    results = load_files(files, workspace=ctx.obj.workspace, fmt=fmt.value if fmt else None)
    if json_out:
        emit_json([r.to_dict() for r in results])
        return
    for r in results:
        if r.status == "already-loaded":
            typer.echo(f"{r.file}: already loaded ({r.format}, sha256 {r.sha256[:12]}), nothing to do")
            continue
        rejected = f", {r.rows_rejected} rejected (see {r.rejects_file})" if r.rows_rejected else ""
        typer.echo(f"{r.file}: {r.format}, {r.rows_written} rows written{rejected}")
        for note in r.notes:
            typer.echo(f"  note: {note}")


@events_app.command("metrics")
@handle_errors
def metrics_command(
    ctx: typer.Context,
    query: str = typer.Argument(..., metavar="ID", help="Operation id, name or alias."),
    by: Breakdown | None = typer.Option(None, "--by", help="Split each period by violence type or by side."),
    backend: Backend = BACKEND_OPTION,
    spark_url: str | None = SPARK_URL_OPTION,
    json_out: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """Events and deaths around an operation per month (or year), by phase: before, during, after deployment."""
    from peaceops.events import metrics  # heavy: pulls in pandas and pyarrow

    frame = metrics(
        query,
        workspace=ctx.obj.workspace,
        registry=ctx.obj.registry(),
        backend=backend.value,
        by=by.value if by else None,
        spark_url=spark_url,
    )
    rows = [{k: (None if _missing(v) else v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    if json_out:
        emit_json(rows)
        return
    if not rows:
        typer.echo("no events linked to this operation (check its area in the registry and the events loaded)")
        return
    _print_table(frame)


@handle_errors
def trajectory_command(
    ctx: typer.Context,
    query: str = typer.Argument(..., metavar="ID", help="Operation id, name or alias."),
    backend: Backend = BACKEND_OPTION,
    spark_url: str | None = SPARK_URL_OPTION,
    json_out: bool = typer.Option(
        False, "--json", help="Print the classification, numbers, thresholds and coverage as JSON."
    ),
) -> None:
    """Classify the conflict around an operation: settled, frozen, recurring, escalated or too-little-data, with the
    numbers."""
    # heavy: pulls in pandas and pyarrow
    from peaceops.events import trajectory
    from peaceops.events.render import trajectory_lines

    result = trajectory(
        query, workspace=ctx.obj.workspace, registry=ctx.obj.registry(), backend=backend.value, spark_url=spark_url
    )
    if json_out:
        emit_json(result.to_dict())
        return
    for line in trajectory_lines(result):
        typer.echo(line)


def _missing(value) -> bool:
    try:
        import pandas as pd  # heavy: pandas, loaded on first use

        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _print_table(frame) -> None:

    shown = [c for c in frame.columns if c not in ("operation_id", "year", "month", "granularity")]
    table = Table(title=f"{frame.operation_id.iloc[0]}: {len(frame)} period rows")
    for col in shown:
        table.add_column(col.replace("_", " "), no_wrap=True)
    for row in frame[shown].itertuples(index=False):
        table.add_row(*["—" if _missing(v) else str(v) for v in row])
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    console.print(table)
