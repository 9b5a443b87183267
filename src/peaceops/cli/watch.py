"""Commands: watch feeds, the GDELT stream and folders for new deployments and changes; decide on alerts."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import typer

from peaceops.cli.ingest import _actor, _context
from peaceops.cli.output import emit_json, handle_errors
from peaceops.vocab import AlertKind, AlertStatus, WatchKind

watch_app = typer.Typer(
    help='Watch sources for new "peacekeeping" deployments and changes to known operations; decide on alerts.',
    no_args_is_help=True,
)
webhook_app = typer.Typer(help="POST every new, updated or decided alert as JSON to URLs.", no_args_is_help=True)
watch_app.add_typer(webhook_app, name="webhook")

_ALLOW_PRIVATE = typer.Option(
    False,
    "--allow-private",
    help="Allow a loopback, private or link-local address (off by default: a poller must not reach its own network).",
)
_AS = typer.Option(None, "--as", help="Name recorded in the audit log (default: $PEACEOPS_USER or the login name).")
_JSON = typer.Option(False, "--json", help="Print JSON.")


def _workspace(ctx):
    from peaceops.workspace import open_workspace  # deferred: keeps CLI start-up fast

    return open_workspace(ctx.obj.workspace)


def _ago(stamp) -> str:
    import datetime as dt

    if not stamp:
        return "never"
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")


@watch_app.command("add")
@handle_errors
def watch_add(
    ctx: typer.Context,
    target: str = typer.Argument(..., metavar="URL|PATH", help="Feed URL, GDELT 2.0 lastupdate.txt URL, or folder."),
    kind: WatchKind | None = typer.Option(
        None, "--kind", help="feed, gdelt2 or folder (default: a folder for a path, gdelt2 for lastupdate.txt)."
    ),
    every: str | None = typer.Option(
        None, "--every", help="Interval between polls: 30s, 15m, 2h, 1h30m (default 15m; folders 1m)."
    ),
    allow_private: bool = _ALLOW_PRIVATE,
    actor: str | None = _AS,
    json_out: bool = _JSON,
) -> None:
    """Watch a source. A URL is checked now: one on your own network is refused without --allow-private."""
    from peaceops.watch import sources

    source = sources.add(
        _workspace(ctx), target, kind=kind, every=every, allow_private=allow_private, actor=_actor(actor)
    )
    if json_out:
        emit_json(source)
    else:
        typer.echo(f"watching #{source['id']} {source['kind']} {source['target']} every {source['every_seconds']} s")


@watch_app.command("list")
@handle_errors
def watch_list(ctx: typer.Context, json_out: bool = _JSON) -> None:
    """Watched sources with their state: last poll, items processed, consecutive failures and the last error."""
    from peaceops.watch import sources

    found = sources.list_sources(_workspace(ctx))
    if json_out:
        emit_json(found)
        return
    if not found:
        typer.echo("no sources watched; add one with `peaceops watch add URL|PATH`")
    for s in found:
        state = f"failing ({s['failures']}x): {s['last_error']}" if s["failures"] else "ok"
        typer.echo(
            f"#{s['id']} {s['kind']} {s['target']} every {s['every_seconds']} s; {s['items']} items; "
            f"last poll {_ago(s['last_polled_at'])}; next {_ago(s['next_poll_at'])}; {state}"
        )


@watch_app.command("remove")
@handle_errors
def watch_remove(
    ctx: typer.Context, source: str = typer.Argument(..., metavar="ID|TARGET"), actor: str | None = _AS
) -> None:
    """Stop watching a source; the documents and alerts it brought stay."""
    from peaceops.watch import sources

    removed = sources.remove(_workspace(ctx), source, actor=_actor(actor))
    typer.echo(f"no longer watching #{removed['id']} {removed['target']}")


@watch_app.command("run")
@handle_errors
def watch_run(
    ctx: typer.Context,
    once: bool = typer.Option(False, "--once", help="Poll every source once, print the alerts, and stop."),
    actor: str | None = _AS,
) -> None:
    """Poll the watched sources until stopped (SIGTERM or Ctrl-C end it cleanly between items)."""
    from peaceops.watch import Watcher
    from peaceops.watch.alerts import list_alerts

    ws, cat = _context(ctx)
    watcher = Watcher(ws, cat, actor=_actor(actor))
    stop = threading.Event()

    def _stop(_signum, _frame) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _stop)
    touched: set[int] = set()

    def report(poll) -> None:
        touched.update(poll.alerts)
        state = f"error: {poll.error}" if poll.error else ("not modified" if poll.not_modified else "ok")
        typer.echo(
            f"polled #{poll.source_id} {poll.target}: {poll.new_items} new, {poll.skipped} already seen, "
            f"{poll.failed_items} refused; {len(poll.alerts)} alerts; {state}"
        )

    try:
        watcher.run(once=once, stop=stop, on_poll=report)
    except KeyboardInterrupt:
        stop.set()
    finally:
        signal.signal(signal.SIGTERM, previous)
    if once:
        for alert in list_alerts(ws):
            if alert["id"] in touched:
                typer.echo(_alert_line(alert))
    else:
        typer.echo("watch stopped")


def _alert_line(alert: dict) -> str:
    return (
        f"alert #{alert['id']} [{alert['status']}] {alert['title']} — {alert['claim_count']} report sentences, "
        f"{', '.join(alert['languages']) or 'no language'}; {alert['first_reported']}..{alert['last_reported']}; "
        f"confidence {alert['confidence']:.2f} ({'; '.join(alert['confidence_why'])})"
    )


@watch_app.command("alerts")
@handle_errors
def watch_alerts(
    ctx: typer.Context,
    status: AlertStatus | None = typer.Option(None, "--status", help="new, confirmed or dismissed."),
    kind: AlertKind | None = typer.Option(None, "--kind", help="new-deployment, change or disagreement."),
    operation: str | None = typer.Option(None, "--operation", help="Only alerts on this operation id."),
    language: str | None = typer.Option(None, "--language", help="Only alerts with a report in this language."),
    json_out: bool = _JSON,
) -> None:
    """Alerts, new ones first: what was reported, where, by how many sources, and how confident."""
    from peaceops.watch.alerts import list_alerts

    found = list_alerts(_workspace(ctx), status=status, kind=kind, operation_id=operation, language=language)
    if json_out:
        emit_json(found)
        return
    if not found:
        typer.echo("no alerts")
    for alert in found:
        typer.echo(_alert_line(alert))


@watch_app.command("show")
@handle_errors
def watch_show(ctx: typer.Context, alert_id: int = typer.Argument(..., metavar="ALERT"), json_out: bool = _JSON):
    """One alert with every claim: the sentence, its report, language and date."""
    from peaceops.watch.alerts import show

    alert = show(_workspace(ctx), alert_id)
    if json_out:
        emit_json(alert)
        return
    typer.echo(
        f"alert #{alert['id']} [{alert['status']}] {alert['title']}\n"
        f"confidence {alert['confidence']:.2f}: {'; '.join(alert['confidence_why'])}"
    )
    if alert["reason"]:
        typer.echo(f"{alert['status']} by {alert['decided_by']}: {alert['reason']}")
    for claim in alert["claims"]:
        typer.echo(
            f"- {claim['reported']} [{claim['language'] or '?'}] {claim['url'] or 'GDELT'}\n  {claim['sentence']}"
        )


def _decide(ctx, alert_id: int, status: str, reason: str, actor: str | None) -> None:
    from peaceops.watch.alerts import decide

    alert = decide(_workspace(ctx), alert_id, status=status, actor=_actor(actor), reason=reason)
    typer.echo(f"alert #{alert['id']} {status}: {alert['title']}")


@watch_app.command("confirm")
@handle_errors
def watch_confirm(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., metavar="ALERT"),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
    actor: str | None = _AS,
) -> None:
    """Confirm an alert; then `watch draft` turns it into a registry draft or candidate evidence."""
    _decide(ctx, alert_id, "confirmed", reason, actor)


@watch_app.command("dismiss")
@handle_errors
def watch_dismiss(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., metavar="ALERT"),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
    actor: str | None = _AS,
) -> None:
    """Dismiss an alert (later reports of the same happening join it and stay dismissed)."""
    _decide(ctx, alert_id, "dismissed", reason, actor)


@watch_app.command("draft")
@handle_errors
def watch_draft(
    ctx: typer.Context,
    alert_id: int = typer.Argument(..., metavar="ALERT"),
    out: Path = typer.Option(
        Path("build/drafts"), "--out", help="Folder for a registry draft (operations/ and sources/ inside)."
    ),
) -> None:
    """A confirmed new deployment: write a registry draft with its source records. A confirmed change: queue its
    sentences as candidate evidence for review."""
    from peaceops.watch import drafts
    from peaceops.watch.alerts import show

    ws = _workspace(ctx)
    if show(ws, alert_id)["kind"] == "new-deployment":
        for path in drafts.write_registry_draft(ws, alert_id, out):
            typer.echo(f"wrote {path}")
        typer.echo("finish every TODO from the sources, then check it with `peaceops --data DIR validate`")
    else:
        stored = drafts.queue_as_candidates(ws, alert_id)
        typer.echo(f"queued {len(stored)} candidate(s) for review: {', '.join(stored) or 'all were queued already'}")


@webhook_app.command("add")
@handle_errors
def webhook_add(
    ctx: typer.Context, url: str = typer.Argument(...), allow_private: bool = _ALLOW_PRIVATE, actor: str | None = _AS
) -> None:
    """POST alerts to URL as JSON (retried with back-off; never blocks the poller)."""
    from peaceops.watch import webhooks

    hook = webhooks.add(_workspace(ctx), url, allow_private=allow_private, actor=_actor(actor))
    typer.echo(f"webhook #{hook['id']} {hook['url']}")


@webhook_app.command("list")
@handle_errors
def webhook_list(ctx: typer.Context, json_out: bool = _JSON) -> None:
    """Webhooks and their latest deliveries."""
    from peaceops.watch import webhooks

    found = webhooks.listing(_workspace(ctx))
    if json_out:
        emit_json(found)
        return
    for hook in found["webhooks"]:
        typer.echo(f"#{hook['id']} {hook['url']}")
    for d in found["deliveries"][:20]:
        typer.echo(
            f"  delivery {d['id']} alert #{d['alert_id']} {d['event']} → {d['url']}: {d['status']} after "
            f"{d['attempts']} attempt(s){'; ' + d['last_error'] if d['last_error'] else ''}"
        )


@webhook_app.command("remove")
@handle_errors
def webhook_remove(ctx: typer.Context, webhook_id: int = typer.Argument(...), actor: str | None = _AS) -> None:
    """Stop posting to a webhook."""
    from peaceops.watch import webhooks

    webhooks.remove(_workspace(ctx), webhook_id, actor=_actor(actor))
    typer.echo(f"webhook #{webhook_id} removed")
