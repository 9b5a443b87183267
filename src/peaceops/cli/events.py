"""``peaceops events ...`` and ``peaceops trajectory``: thin commands over :mod:`peaceops.events`.

The lead registers them in cli/main.py::

    from peaceops.cli.events import events_app, trajectory_command
    app.add_typer(events_app, name="events")
    app.command("trajectory")(trajectory_command)
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from peaceops.cli.output import emit_json, fail, handle_errors

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


class FetchSource(StrEnum):
    ucdp_ged = "ucdp-ged"
    ucdp_candidate = "ucdp-candidate"
    gdelt2 = "gdelt2"
    acled = "acled"


# Which options each source takes (the others are refused, so a typo does not pass silently).
_FETCH_OPTIONS = {
    "ucdp-ged": {"--version"},
    "ucdp-candidate": {"--version", "--year"},
    "gdelt2": {"--since", "--until", "--max-files"},
    "acled": {"--country", "--since"},
}


class Breakdown(StrEnum):
    violence_type = "violence_type"
    side = "side"


def _backend_argument(value: str) -> str:
    """Refuse an unknown backend or an unreadable URL as a bad argument (exit status 2)."""
    from peaceops.events.backend import resolve
    from peaceops.events.errors import BackendError

    try:
        resolve(value)
    except BackendError as exc:
        raise typer.BadParameter(str(exc)) from exc
    return value


BACKEND_OPTION = typer.Option(
    "duckdb",
    "--backend",
    metavar="<duckdb|pyspark|spark://HOST:PORT|sc://HOST:PORT>",
    callback=_backend_argument,
    help="Analytics backend: duckdb (in-process), pyspark (local Spark), a Spark standalone master "
    "(spark://HOST:7077) or a Spark Connect server (sc://HOST:15002). See docs/events.md.",
)
SPARK_URL_OPTION = typer.Option(
    None, "--spark-url", help="With --backend pyspark: a Spark URL (sc://HOST:15002 or spark://HOST:7077)."
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


@events_app.command("fetch")
@handle_errors
def fetch_command(
    ctx: typer.Context,
    source: FetchSource = typer.Argument(..., metavar="SOURCE", help="Dataset to fetch from its official address."),
    version: str | None = typer.Option(
        None, "--version", help="ucdp-ged: release, e.g. 25.1 (default); ucdp-candidate: e.g. 25.0.11 or 26.01.26.06."
    ),
    year: int | None = typer.Option(
        None, "--year", help="ucdp-candidate: every monthly release of this year (default: this year)."
    ),
    since: dt.datetime | None = typer.Option(
        None, "--since", formats=["%Y-%m-%d"], help="gdelt2, acled: first day (UTC). gdelt2 without it: latest batch."
    ),
    until: dt.datetime | None = typer.Option(None, "--until", formats=["%Y-%m-%d"], help="gdelt2: last day (UTC)."),
    max_files: int | None = typer.Option(
        None, "--max-files", min=1, help="gdelt2: at most this many 15-minute files (default 96, one day)."
    ),
    country: str | None = typer.Option(None, "--country", help="acled: country name as ACLED spells it (required)."),
    force: bool = typer.Option(False, "--force", help="Download again even when a complete file is already there."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    json_out: bool = typer.Option(False, "--json", help="Print one result per file as JSON."),
) -> None:
    """Download current event data from the dataset's official address and load it into the workspace.

    Downloads go to <workspace>/downloads/<source>/, resume where they stopped, and are verified (GDELT's MD5;
    SHA-256 recorded for all). Credentials for ACLED come from PEACEOPS_ACLED_EMAIL and PEACEOPS_ACLED_PASSWORD.
    """
    from peaceops.events import fetch  # heavy: httpx, pandas and pyarrow

    given = {
        name
        for name, value in (
            ("--version", version),
            ("--year", year),
            ("--since", since),
            ("--until", until),
            ("--max-files", max_files),
            ("--country", country),
        )
        if value is not None
    }
    stray = sorted(given - _FETCH_OPTIONS[source.value])
    if stray:
        fail(
            f"{', '.join(stray)} does not apply to {source.value}; "
            f"it takes {', '.join(sorted(_FETCH_OPTIONS[source.value]))}"
        )
    options = {"workspace": ctx.obj.workspace, "force": force, "progress": _progress_bar(quiet)}
    if source is FetchSource.ucdp_ged:
        results = fetch.ucdp_ged(version or fetch.sources.DEFAULT_GED_VERSION, **options)
    elif source is FetchSource.ucdp_candidate:
        results = fetch.ucdp_candidate(year=year, version=version, **options)
    elif source is FetchSource.gdelt2:
        results = fetch.gdelt2(
            since=since.date() if since else None,
            until=until.date() if until else None,
            max_files=max_files or fetch.DEFAULT_GDELT_MAX_FILES,
            **options,
        )
    else:
        if not country:
            fail("acled needs --country (the country name as ACLED spells it, e.g. --country Mali)")
        results = fetch.acled(country, since=since.date() if since else None, **options)
    failed = [r for r in results if r.status == "failed"]
    if json_out:
        emit_json([r.to_dict() for r in results])
    else:
        for r in results:
            _print_fetch(r)
    if failed:
        fail(f"{len(failed)} of {len(results)} file(s) failed; the others were loaded (see above)")


def _print_fetch(r) -> None:
    if r.status == "failed":
        typer.echo(f"{r.url}: FAILED: {r.error}")
        return
    was = "already downloaded" if r.status == "already-downloaded" else "downloaded"
    typer.echo(
        f"{r.dataset} {r.version or ''}: {was} {r.file} ({r.size:,} bytes, sha256 {r.sha256[:12]}; {r.checksum})"
    )
    typer.echo(f"  from {r.url}, retrieved {r.retrieved_at}")
    for note in r.notes:
        typer.echo(f"  note: {note}")
    load = r.load or {}
    if load.get("status") == "already-loaded":
        typer.echo("  already loaded, nothing to do")
    else:
        rejected = f", {load.get('rows_rejected')} rejected" if load.get("rows_rejected") else ""
        typer.echo(f"  loaded: {load.get('format')}, {load.get('rows_written')} rows written{rejected}")


def _progress_bar(quiet: bool):
    """A rich progress bar on stderr, or None when --quiet or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    class Bar:
        """One transient bar per file, on stderr."""

        def __init__(self):
            self.progress = None
            self.task = None

        def start(self, name, total, done):
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task(name, total=total, completed=done)

        def advance(self, n):
            self.progress.advance(self.task, n)

        def stop(self):
            if self.progress is not None:
                self.progress.stop()
                self.progress = None

    return Bar()


@events_app.command("metrics")
@handle_errors
def metrics_command(
    ctx: typer.Context,
    query: str = typer.Argument(..., metavar="ID", help="Operation id, name or alias."),
    by: Breakdown | None = typer.Option(None, "--by", help="Split each period by violence type or by side."),
    backend: str = BACKEND_OPTION,
    spark_url: str | None = SPARK_URL_OPTION,
    json_out: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
) -> None:
    """Events and deaths around an operation per month (or year), by phase: before, during, after deployment."""
    from peaceops.events import metrics  # heavy: pulls in pandas and pyarrow

    frame = metrics(
        query,
        workspace=ctx.obj.workspace,
        registry=ctx.obj.registry(),
        backend=backend,
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
    backend: str = BACKEND_OPTION,
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
        query, workspace=ctx.obj.workspace, registry=ctx.obj.registry(), backend=backend, spark_url=spark_url
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
