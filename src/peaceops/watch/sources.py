"""Watched sources: feeds, the GDELT 2.0 stream and folders, kept in the workspace with their polling state."""

from __future__ import annotations

import re
from pathlib import Path

from peaceops import audit
from peaceops.errors import UsageError
from peaceops.ingest.errors import InputRejected
from peaceops.ingest.fetch import FetchPolicy, check_address
from peaceops.ingest.urls import is_web_url, shown
from peaceops.vocab import WATCH_KINDS
from peaceops.workspace import reader, transaction
from peaceops.workspace import watch as store

DEFAULT_EVERY = {"feed": 15 * 60, "gdelt2": 15 * 60, "folder": 60}
"""Seconds between polls when ``--every`` is not given (GDELT 2.0 publishes every 15 minutes)."""
MAX_BACKOFF_SECONDS = 6 * 3600
_DURATION = re.compile(r"(\d+)\s*([smhd])")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> int:
    """Seconds in a duration written ``30s``, ``15m``, ``2h``, ``1d`` or combined (``1h30m``)."""
    cleaned = text.strip().lower()
    parts = _DURATION.findall(cleaned)
    if not parts or _DURATION.sub("", cleaned).strip():
        raise UsageError(f"--every {text!r}: write a duration such as 30s, 15m, 2h or 1h30m")
    seconds = sum(int(n) * _UNIT[unit] for n, unit in parts)
    if seconds < 1:
        raise UsageError(f"--every {text!r}: the interval must be at least one second")
    return seconds


def guess_kind(target: str) -> str:
    if not is_web_url(target):
        return "folder"
    if target.rstrip("/").endswith("lastupdate.txt"):
        return "gdelt2"
    return "feed"


def backoff(every: int, failures: int) -> int:
    """Seconds before the next poll of a source that failed ``failures`` times in a row (doubling, capped)."""
    return min(every * 2 ** min(failures, 10), max(every, MAX_BACKOFF_SECONDS))


def add(ws, target: str, *, kind: str | None = None, every: str | None = None, allow_private: bool = False, actor):
    """Watch ``target``; returns the source record. Refused with the reason when it cannot be watched."""
    kind = kind or guess_kind(target)
    if kind not in WATCH_KINDS:
        raise UsageError(f"--kind {kind!r}: choose one of {', '.join(WATCH_KINDS)}")
    seconds = parse_every(every) if every else DEFAULT_EVERY[kind]
    if kind == "folder":
        if is_web_url(target):
            raise UsageError(f"{shown(target)}: a folder source is a local path, not a URL")
        path = Path(target).expanduser()
        if not path.is_dir():
            raise UsageError(f"{target}: no such folder; create it, or give the folder another tool writes to")
        target = str(path.resolve())
    else:
        if not is_web_url(target):
            raise UsageError(f"{target}: a {kind} source is an http(s) URL")
        try:
            check_address(target, FetchPolicy(allow_private=allow_private))
        except InputRejected as exc:  # FetchRefused too: a private address without --allow-private
            raise UsageError(str(exc)) from None
    with transaction(ws) as tx:
        source_id = store.add_source(
            tx,
            kind=kind,
            target=target,
            every_seconds=seconds,
            allow_private=allow_private,
            added_at=audit.now(),
            added_by=actor,
        )
        if source_id is None:
            raise UsageError(f"{target} is watched already (`peaceops watch list`)")
        audit.record(tx, actor=actor, action="watch.add", target=f"watch-source:{source_id}", after={"target": target})
        return store.source(tx, source_id)


def list_sources(ws) -> list[dict]:
    with reader(ws) as conn:
        return store.sources(conn)


def remove(ws, ref: str, *, actor) -> dict:
    """Stop watching the source with id or target ``ref``; the documents and alerts it brought stay."""
    with transaction(ws) as tx:
        found = store.source(tx, ref)
        if found is None:
            raise UsageError(f"no watched source {ref!r}; `peaceops watch list` shows their ids")
        store.remove_source(tx, found["id"])
        audit.record(
            tx,
            actor=actor,
            action="watch.remove",
            target=f"watch-source:{found['id']}",
            before={"target": found["target"]},
        )
    return found
