"""Commands: ingest news into the workspace, and review what it proposes."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from peaceops.cli.output import emit_json, handle_errors
from peaceops.errors import UsageError
from peaceops.settings import USER
from peaceops.vocab import Stance

review_app = typer.Typer(help="Review candidate evidence proposed by ingestion.", no_args_is_help=True)


def _actor(name: str | None) -> str:
    return name or USER.value() or getpass.getuser()


def _context(ctx):
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops import catalog
    from peaceops.workspace import open_workspace

    return open_workspace(ctx.obj.workspace), catalog.load(ctx.obj.data)


@handle_errors
def ingest_command(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(
        ...,
        metavar="SOURCE...",
        help="Text or HTML files, folders, http(s) URLs, RSS/Atom feeds (URL or file), or - for stdin.",
    ),
    allow_private: bool = typer.Option(
        False,
        "--allow-private",
        help=(
            "Allow URLs on loopback, private and link-local addresses "
            "(off by default: a fetcher must not reach its own network)."
        ),
    ),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Largest document accepted, in megabytes."),
    workers: int | None = typer.Option(None, "--workers", help="Processes for folders (default: up to 4)."),
    actor: str | None = typer.Option(
        None, "--as", help="Name recorded as the ingesting person (default: $PEACEOPS_USER or the login name)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Ingest news: extract the text, find the operations it speaks of, propose candidate evidence for review.

    Re-ingesting the same text is a no-op; an input that fails is recorded in the quarantine list with its
    reason and the batch goes on. The exit status is 1 when any input failed.
    """
    # deferred: ops show does not need it, keeps CLI start-up fast
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    from peaceops.ingest import ingest

    ws, cat = _context(ctx)
    err = Console(stderr=True)
    show_progress = err.is_terminal and not json_out
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} done"),
        console=err,
        transient=True,
        disable=not show_progress,
    )
    with progress:
        task = progress.add_task("ingesting", total=None)

        def step(result) -> None:
            progress.update(task, advance=1, description=f"{result.status}: {result.origin[-60:]}")

        report = ingest(
            sources,
            workspace=ws,
            catalog=cat,
            allow_private=allow_private,
            actor=_actor(actor),
            max_bytes=int(max_mb * 1024 * 1024),
            workers=workers,
            progress=step,
        )
    if json_out:
        emit_json(report.as_dict())
    else:
        console = Console() if Console().is_terminal else Console(width=160)
        for result in report.results:
            if result.status == "ingested":
                ops = sorted({m["operation_id"] for m in result.mentions})
                console.print(
                    f"ingested #{result.document_id} {result.origin} [{result.language}] — "
                    f"{len(result.mentions)} mentions of {len(ops)} operations ({', '.join(ops) or 'none'}), "
                    f"{len(result.candidates)} candidates; dated {result.date or 'unknown'}",
                    highlight=False,
                    markup=False,
                )
            elif result.status == "duplicate":
                console.print(
                    f"duplicate of #{result.document_id}: {result.origin} (already stored; nothing written)",
                    highlight=False,
                    markup=False,
                )
        for result in report.results:
            if result.status == "failed":  # the reason names the input; also kept in the quarantine list
                console.print(f"failed: {result.reason}", highlight=False, markup=False, soft_wrap=True)
        console.print(
            f"summary: {report.ingested} ingested, {report.duplicates} duplicates, {report.failed} failed",
            highlight=False,
        )
    if report.failed:
        raise typer.Exit(1)


def _suggested_text(c) -> str:
    """Ranked indicators with scores, the stance, and why, for a terminal table."""
    if not c.suggestion:
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in c.cues.items()) or "—"
    sg = c.suggestion
    ranked = ", ".join(f"{i} {p:.2f}" for i, p in sg["indicators"][:3])
    why = sg.get("why") or {}
    reasons = why.get("cues") or why.get("features", [])[:3]
    text = f"{ranked}\nstance: {sg['stance'][0]} {sg['stance'][1]:.2f}"
    return text + (f"\nwhy: {', '.join(reasons)}" if reasons else "")


def _print_candidates(candidates) -> None:
    console = Console() if Console().is_terminal else Console(width=160)
    table = Table(title=f"{len(candidates)} candidate(s)")
    for header in ("id", "operation", "suggested (score), stance, why", "sentence", "status"):
        table.add_column(header, overflow="fold")
    for c in candidates:
        also = f"\n(also in {len(c.also_in)} other document(s))" if c.also_in else ""
        table.add_row(c.id, c.operation_id or "?", _suggested_text(c), c.sentence + also, c.status)
    console.print(table)


@review_app.command("list")
@handle_errors
def review_list(
    ctx: typer.Context,
    status: str = typer.Option("pending", "--status", help="pending, accepted, rejected or all."),
    op: str | None = typer.Option(None, "--op", help="Only candidates about this operation."),
    indicator: str | None = typer.Option(
        None, "--indicator", help="Only candidates suggested for this indicator or whose cues matched it."
    ),
    limit: int = typer.Option(200, "--limit", help="At most this many."),
    json_out: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List candidate evidence with its ranked indicators, suggested stance and why."""
    from peaceops import review  # deferred: ops show does not need it, keeps CLI start-up fast

    ws, cat = _context(ctx)
    op_id = cat.registry.find(op).id if op else None
    found = review.list_candidates(ws, None if status == "all" else status, op_id, limit, indicator)
    if json_out:
        emit_json([c.as_dict() for c in found])
    else:
        _print_candidates(found)


@review_app.command("show")
@handle_errors
def review_show(
    ctx: typer.Context,
    candidate_id: str = typer.Argument(..., metavar="CANDIDATE"),
    json_out: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show one candidate: its sentence, document, cues and numbers."""
    from peaceops import review  # deferred: ops show does not need it, keeps CLI start-up fast

    ws, _ = _context(ctx)
    c = review.get_candidate(ws, candidate_id)
    if json_out:
        emit_json(c.as_dict())
        return
    console = Console()
    console.print(f"{c.id} [{c.status}] operation: {c.operation_id or '?'}", highlight=False, markup=False)
    console.print(
        f"document #{c.document_id}: {c.document_title or ''} ({c.document_origin})", highlight=False, markup=False
    )
    dated = f"{c.document_date} (found from: {c.document_date_method})" if c.document_date else "unknown"
    console.print(f"document date: {dated}", highlight=False, markup=False)
    console.print(f"sentence ({c.language}): {c.sentence}", highlight=False, markup=False)
    if c.suggestion:
        sg = c.suggestion
        console.print(f"evidence score: {sg['usable']:.2f}", highlight=False, markup=False)
        for indicator, score in sg["indicators"]:
            console.print(f"  suggested indicator: {indicator} {score:.2f}", highlight=False, markup=False)
        console.print(f"  suggested stance: {sg['stance'][0]} {sg['stance'][1]:.2f}", highlight=False, markup=False)
        why = sg.get("why") or {}
        if why.get("features"):
            console.print(f"  why: {', '.join(why['features'])}", highlight=False, markup=False)
        for example in why.get("nearest", []):
            console.print(
                f"  nearest reviewed: {example['text']!r} ({example['stance']}; {example['origin']})",
                highlight=False,
                markup=False,
            )
    for indicator, cues in c.cues.items():
        console.print(f"  cues of {indicator}: {', '.join(cues)}", highlight=False, markup=False)
    if c.also_in:
        console.print(f"also in documents: {', '.join(f'#{d}' for d in c.also_in)}", highlight=False, markup=False)
    for number in c.numbers:
        console.print(f"  {number['kind']}: {number['text']}", highlight=False, markup=False)


@review_app.command("train")
@handle_errors
def review_train(
    ctx: typer.Context,
    actor: str | None = typer.Option(None, "--as", help="Who trains (default: $PEACEOPS_USER or the login name)."),
    json_out: bool = typer.Option(False, "--json", help="Print the model record as JSON."),
) -> None:
    """Retrain the suggestion model on the shipped examples and this workspace's accepts and rejects.

    The model is stored in the workspace as the next version, recorded in the audit log, and used by every
    later ingestion; the same examples always give the same model.
    """
    from peaceops.suggest.store import train_workspace  # heavy: scikit-learn

    ws, cat = _context(ctx)
    record = train_workspace(ws, cat, actor=_actor(actor))
    if json_out:
        emit_json(record.as_dict())
        return
    Console().print(
        f"model v{record.version}: {record.examples} examples ({record.workspace_examples} from this workspace's "
        f"decisions), stored at {record.path}",
        highlight=False,
        markup=False,
    )


@review_app.command("accept")
@handle_errors
def review_accept(
    ctx: typer.Context,
    candidate_id: str = typer.Argument(..., metavar="CANDIDATE"),
    indicator: str | None = typer.Option(None, "--indicator", help="Indicator the evidence bears on."),
    stance: Stance | None = typer.Option(
        None, "--stance", help="supports, contradicts or mixed (compliance with the principle)."
    ),
    suggested: bool = typer.Option(
        False,
        "--suggested",
        help="Take the suggested indicator and stance (those given with --indicator/--stance win).",
    ),
    grade: str = typer.Option(..., "--grade", help="Source reliability and information credibility, e.g. B2."),
    op: str | None = typer.Option(None, "--op", help="Operation, when the candidate names none or the wrong one."),
    paraphrase: str | None = typer.Option(
        None, "--paraphrase", help="Store a paraphrase instead of the sentence as a quote."
    ),
    note: str | None = typer.Option(None, "--note", help="Reviewer's note."),
    actor: str | None = typer.Option(None, "--as", help="Reviewer name (default: $PEACEOPS_USER or the login name)."),
    json_out: bool = typer.Option(False, "--json", help="Print the evidence id as JSON."),
) -> None:
    """Accept a candidate as evidence, with indicator, stance and grades; it joins the assessment."""
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops import review
    from peaceops.evidence import parse_grade

    ws, cat = _context(ctx)
    reliability, credibility = parse_grade(grade)
    if suggested:
        proposal = review.get_candidate(ws, candidate_id).suggested()
        if proposal is None:
            raise UsageError(f"candidate {candidate_id} has no suggestion; give --indicator and --stance")
        indicator, stance = indicator or proposal[0], stance or proposal[1]
    if indicator is None or stance is None:
        raise UsageError("give --indicator and --stance, or --suggested to take the suggestion")
    evidence_id = review.accept(
        ws,
        cat,
        candidate_id,
        actor=_actor(actor),
        indicator=indicator,
        stance=stance,
        reliability=reliability,
        credibility=credibility,
        operation_id=op,
        paraphrase=paraphrase,
        note=note,
    )
    if json_out:
        emit_json({"candidate": candidate_id, "evidence": evidence_id})
    else:
        typer.echo(f"accepted {candidate_id} as evidence {evidence_id}")


@review_app.command("reject")
@handle_errors
def review_reject(
    ctx: typer.Context,
    candidate_id: str = typer.Argument(..., metavar="CANDIDATE"),
    reason: str | None = typer.Option(None, "--reason", help="Why (kept in the audit log)."),
    actor: str | None = typer.Option(None, "--as", help="Reviewer name."),
) -> None:
    """Reject a candidate."""
    from peaceops import review  # deferred: ops show does not need it, keeps CLI start-up fast

    ws, _ = _context(ctx)
    review.reject(ws, candidate_id, actor=_actor(actor), reason=reason)
    typer.echo(f"rejected {candidate_id}")


@review_app.command("edit")
@handle_errors
def review_edit(
    ctx: typer.Context,
    candidate_id: str = typer.Argument(..., metavar="CANDIDATE"),
    sentence: str | None = typer.Option(None, "--sentence", help="Corrected sentence."),
    op: str | None = typer.Option(None, "--op", help="Operation it is about."),
    indicators: str | None = typer.Option(None, "--indicators", help="Comma-separated indicator ids."),
    actor: str | None = typer.Option(None, "--as", help="Reviewer name."),
) -> None:
    """Correct a pending candidate (sentence, operation, indicators) before deciding."""
    from peaceops import review  # deferred: ops show does not need it, keeps CLI start-up fast

    ws, cat = _context(ctx)
    chosen = [i.strip() for i in indicators.split(",") if i.strip()] if indicators else None
    c = review.edit(
        ws, candidate_id, actor=_actor(actor), sentence=sentence, operation_id=op, indicators=chosen, catalog=cat
    )
    typer.echo(f"edited {c.id}: operation {c.operation_id}, indicators {', '.join(c.indicators)}")


@review_app.command("export")
@handle_errors
def review_export(
    ctx: typer.Context, out: Path = typer.Option(..., "--out", help="Directory to write evidence/ and sources/ into.")
) -> None:
    """Export accepted evidence as YAML in the shipped data/evidence format."""
    from peaceops import review  # deferred: ops show does not need it, keeps CLI start-up fast

    ws, _ = _context(ctx)
    for path in review.export_yaml(ws, out):
        typer.echo(str(path))


@review_app.command("quarantine")
@handle_errors
def review_quarantine(
    ctx: typer.Context, json_out: bool = typer.Option(False, "--json", help="Print as JSON.")
) -> None:
    """List inputs that failed ingestion, with their reasons."""
    from peaceops.ingest.store import quarantined  # deferred: ops show does not need it, keeps CLI start-up fast

    ws, _ = _context(ctx)
    rows = quarantined(ws)
    if json_out:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['recorded_at']}  {row['origin']}: {row['reason']}")
