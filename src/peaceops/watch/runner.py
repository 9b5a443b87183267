"""The poller: fetch every due source, put each new item through ingestion, turn its claims into alerts.

Exactly once, whatever kills the process: an item's document, the record that
the item was processed, its claims and the webhook deliveries they cause are
written in one transaction. Killed before the commit, the item is processed
again on the next poll; after it, never again. The source's validators (ETag,
Last-Modified) are stored only after all its items are, so a poll cut short
fetches the feed in full next time and skips what was done.

A source that fails backs off (doubling its interval, up to six hours) and
keeps its error for ``watch list`` and ``/watch``; the others go on.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from peaceops import _failpoints as failpoints
from peaceops import audit
from peaceops.ingest.errors import InputRejected
from peaceops.ingest.feeds import embedded_enough, parse_feed
from peaceops.ingest.fetch import FetchPolicy, fetch
from peaceops.ingest.sources import DEFAULT_MAX_BYTES, TEXT_SUFFIXES, read_file
from peaceops.ingest.store import quarantine, write_document
from peaceops.watch import gdelt
from peaceops.watch.alerts import record_claims, site_of
from peaceops.watch.claims import ClaimFinder
from peaceops.watch.sources import backoff
from peaceops.workspace import reader, transaction
from peaceops.workspace import watch as store

GDELT_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream", "text/plain")
TRUSTED_DATE_METHODS = ("metadata", "html-metadata", "dateline")


@dataclass
class Item:
    """One thing to process: a feed entry, a file of a folder, or a GDELT event."""

    key: str
    origin: str
    content: bytes | str | None = None
    content_type: str | None = None
    url: str | None = None
    metadata: dict = field(default_factory=dict)
    fetch_url: str | None = None  # a feed entry that is only a teaser: its page is fetched
    path: Path | None = None  # a file of a folder, read when it is processed
    event: dict | None = None  # a GDELT event


@dataclass
class PollReport:
    source_id: int
    target: str
    new_items: int = 0
    skipped: int = 0
    failed_items: int = 0
    alerts: set[int] = field(default_factory=set)
    error: str | None = None
    not_modified: bool = False


class _AlreadyDone(Exception):
    """Another poller recorded the item first: roll back this copy."""


class Watcher:
    """Polls the workspace's sources with the catalog's analyser; one per process."""

    def __init__(
        self,
        ws,
        catalog,
        *,
        actor: str = "watch",
        allowed_networks: tuple = (),
        clock=time.time,
        timeout: float = 15.0,
    ):
        from peaceops.events.reference import load_reference
        from peaceops.ingest import SuggestingAnalyser

        self.ws = ws
        self.catalog = catalog
        self.actor = actor
        self.clock = clock
        self.allowed_networks = allowed_networks
        self.timeout = timeout
        self.analyser = SuggestingAnalyser(catalog.analyser(), ws, catalog)
        self.finder = ClaimFinder(catalog)
        self.codes = set(load_reference().cameo_peacekeeping_codes)

    # -- one pass ------------------------------------------------------------------------------------

    def poll_due(self, stop: threading.Event | None = None) -> list[PollReport]:
        """Poll every source that is due now; returns what each poll did."""
        with reader(self.ws) as conn:
            due = store.due_sources(conn, self.clock())
        reports = []
        for source in due:
            if stop is not None and stop.is_set():
                break
            reports.append(self.poll(source, stop))
        return reports

    def poll(self, source: dict, stop: threading.Event | None = None) -> PollReport:
        """Poll one source: never raises for a bad source; its error is stored and shown."""
        report = PollReport(source["id"], source["target"])
        started = self.clock()
        policy = self._policy(source)
        validators = {"etag": source["etag"], "last_modified": source["last_modified"]}
        try:
            items, validators, report.not_modified = self._items(source, policy, validators)
            keys = [item.key for item in items]
            with reader(self.ws) as conn:
                seen = store.seen_keys(conn, source["id"], keys)
            page_errors = []
            for item in items:
                if stop is not None and stop.is_set():
                    validators = {"etag": source["etag"], "last_modified": source["last_modified"]}
                    break
                if item.key in seen:
                    report.skipped += 1
                    continue
                try:
                    self._process(source, item, policy, report)
                except _PageUnavailable as exc:  # the entry's page could not be fetched: tried again next poll
                    page_errors.append(str(exc))
                    validators = {"etag": source["etag"], "last_modified": source["last_modified"]}
            if page_errors:
                report.error = (
                    f"{len(page_errors)} item page(s) could not be fetched, retried next poll: {page_errors[0]}"
                )
        except InputRejected as exc:
            report.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - one broken source must never stop the others
            report.error = f"{type(exc).__name__}: {exc}"
        failures = source["failures"] + 1 if report.error else 0
        delay = backoff(source["every_seconds"], failures - 1) if report.error else source["every_seconds"]
        with transaction(self.ws) as tx:
            if store.source(tx, source["id"]) is not None:  # removed meanwhile: nothing to record
                store.record_poll(
                    tx,
                    source["id"],
                    polled_at=started,
                    next_poll_at=started + delay,
                    error=report.error,
                    **validators,
                )
        return report

    # -- items of each kind of source ------------------------------------------------------------------

    def _policy(self, source: dict) -> FetchPolicy:
        return FetchPolicy(
            allow_private=bool(source["allow_private"]),
            allowed_networks=self.allowed_networks,
            timeout=self.timeout,
            deadline=4 * self.timeout,
            max_bytes=DEFAULT_MAX_BYTES,
            content_types=GDELT_TYPES if source["kind"] == "gdelt2" else FetchPolicy().content_types,
        )

    def _items(self, source, policy, validators) -> tuple[list[Item], dict, bool]:
        kind = source["kind"]
        if kind == "folder":
            return _folder_items(Path(source["target"]), self.clock()), validators, False
        fetched = fetch(source["target"], policy, **validators)
        if fetched.not_modified:
            return [], validators, True
        validators = {"etag": fetched.etag, "last_modified": fetched.last_modified}
        if kind == "gdelt2":
            export = gdelt.parse_lastupdate(fetched.content.decode("utf-8", errors="replace"), source["target"])
            with reader(self.ws) as conn:
                if store.seen_keys(conn, source["id"], [f"file:{export.url}"]):
                    return [], validators, False
            raw = fetch(export.url, policy).content
            items = [
                Item(f"event:{e['globaleventid']}", e.get("sourceurl") or export.url, url=e.get("sourceurl"), event=e)
                for e in gdelt.events(raw, export, self.codes)
            ]
            items.append(Item(f"file:{export.url}", export.url))  # the file itself, once every event is done
            return items, validators, False
        entries = parse_feed(fetched.content, source["target"])
        items = []
        for number, entry in enumerate(entries, 1):
            origin = entry.link or f"{source['target']}#entry-{number}"
            meta = {"title": entry.title, "published": entry.published}
            teaser = entry.link and not embedded_enough(entry)
            items.append(
                Item(
                    entry.key,
                    origin,
                    content=None if teaser else entry.content,
                    content_type=entry.content_type,
                    url=entry.link,
                    metadata=meta,
                    fetch_url=entry.link if teaser else None,
                )
            )
        return items, validators, False

    # -- one item, one transaction ---------------------------------------------------------------------

    def _process(self, source: dict, item: Item, policy: FetchPolicy, report: PollReport) -> None:
        doc, reason, claims = None, None, []
        if item.event is not None:
            claim = gdelt.claim_of(item.event, self.finder, self.finder.config.gdelt_topics)
            claims = [claim] if claim else []
        elif item.content is not None or item.fetch_url or item.path:
            try:
                doc = self._analyse(item, policy)
            except InputRejected as exc:  # the text cannot be analysed; _PageUnavailable (network) goes up
                reason = str(exc)
        if doc is not None:
            claims = self.finder.find(doc, self._reported(doc))
        stamp = audit.now()
        try:
            with transaction(self.ws) as tx:
                outcome, document_id = "event" if item.event is not None else "file", None
                if doc is not None:
                    outcome, document_id, _ = write_document(tx, doc, self.actor)
                elif reason is not None:
                    outcome = "failed"
                if not store.add_item(
                    tx, source["id"], item.key, document_id=document_id, outcome=outcome, reason=reason, seen_at=stamp
                ):
                    raise _AlreadyDone
                if outcome in ("ingested", "event") and claims:
                    touched = record_claims(
                        tx,
                        claims,
                        report={
                            "document_id": document_id,
                            "source_id": source["id"],
                            "url": (doc.url if doc is not None else None) or item.url,
                            "title": doc.title if doc is not None else None,
                            "site": site_of((doc.url if doc is not None else None) or item.url),
                        },
                        window_days=self.finder.config.window_days,
                        deployment_window_days=self.finder.config.deployment_window_days,
                    )
                    report.alerts.update(alert_id for alert_id, _ in touched)
                failpoints.hit("watch.before-commit")
        except _AlreadyDone:
            report.skipped += 1
            return
        if reason is not None:
            report.failed_items += 1
            quarantine(self.ws, item.origin, reason)
        else:
            report.new_items += 1

    def _analyse(self, item: Item, policy: FetchPolicy):
        if item.path is not None:
            return self.analyser.analyse(read_file(item.path), origin=item.origin, kind="file")
        content, content_type, url = item.content, item.content_type, item.url
        if item.fetch_url:
            try:
                fetched = fetch(item.fetch_url, policy)
            except InputRejected as exc:
                raise _PageUnavailable(str(exc)) from None
            content, content_type, url = fetched.content, fetched.content_type, fetched.url
        return self.analyser.analyse(
            content, origin=item.origin, kind="feed-item", content_type=content_type, url=url, metadata=item.metadata
        )

    def _reported(self, doc) -> dt.date:
        """The day a report speaks for: its own date when it was published with one, else today."""
        if doc.date is not None and doc.date.method in TRUSTED_DATE_METHODS and len(doc.date.value) == 10:
            return dt.date.fromisoformat(doc.date.value)
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC).date()

    # -- the long run ----------------------------------------------------------------------------------

    def run(self, *, once: bool = False, stop: threading.Event | None = None, on_poll=None) -> None:
        """Poll until ``stop`` is set (SIGTERM sets it in ``watch run``); with ``once``, every source once.

        Webhook deliveries run in their own thread, so a slow receiver never holds the poller up.
        """
        from peaceops.watch.webhooks import Deliverer

        stop = stop or threading.Event()
        deliverer = Deliverer(self.ws, allowed_networks=self.allowed_networks, clock=self.clock)
        if once:
            with transaction(self.ws) as tx:  # every source is due in a single pass
                store.make_all_due(tx)
            for report in self.poll_due(stop):
                if on_poll:
                    on_poll(report)
            deliverer.deliver_due()
            return
        thread = threading.Thread(target=deliverer.run, args=(stop,), name="peaceops-webhooks", daemon=True)
        thread.start()
        try:
            while not stop.is_set():
                for report in self.poll_due(stop):
                    if on_poll:
                        on_poll(report)
                with reader(self.ws) as conn:
                    upcoming = store.next_due(conn)
                wait = 5.0 if upcoming is None else max(0.05, min(upcoming - self.clock(), 5.0))
                stop.wait(wait)
        finally:
            stop.set()
            thread.join(timeout=10)


class _PageUnavailable(Exception):
    """The page of a feed entry could not be fetched (network): the item is not recorded, so it is tried again."""


SETTLE_SECONDS = 2.0
"""A file changed this recently may still be being written by the tool that drops it: it waits for the next poll."""


def _folder_items(folder: Path, now: float) -> list[Item]:
    if not folder.is_dir():
        raise InputRejected(f"{folder}: the watched folder is gone; create it again or `peaceops watch remove` it")
    items = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES):
        try:
            info = path.stat()
        except OSError:
            continue  # removed while listing
        if now - info.st_mtime < SETTLE_SECONDS:
            continue
        key = f"file:{path.relative_to(folder)}|{info.st_size}|{info.st_mtime_ns}"
        items.append(Item(key, str(path), path=path))
    return items
