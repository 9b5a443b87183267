"""What every request handler reaches through ``request.app.state.web``.

One :class:`WebContext` per application: the opened workspace, the curated
catalog (loaded once; curated data does not change while serving), the
catalog joined with the workspace's reviewed evidence (re-read for every
request, so an accepted candidate counts at once), the event-trajectory
provider (rebuilt when the event files change) and cached study results.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from peaceops import review
from peaceops.assess.metrics import trajectory_provider
from peaceops.settings import SECRET_KEY
from peaceops.workspace import ReadWhenChanged, evidence

SECRET_KEY_FILE = "web-secret-key"
CACHE_DIR = "web-cache"
RECENT_KEPT = 64  # responses kept per application for pages that depend on the visitor's query


def resolve_secret_key(explicit: str | None, workspace_root: Path) -> str:
    """The key that signs session cookies: argument, else $PEACEOPS_SECRET_KEY, else one kept in the workspace.

    The workspace key is created on first use with owner-only permissions, so
    sessions survive a restart and several server processes on one workspace
    agree on it.
    """
    if explicit:
        return explicit
    env = SECRET_KEY.value()
    if env:
        return env
    path = workspace_root / SECRET_KEY_FILE
    if not path.exists():
        key = secrets.token_urlsafe(48)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(key)
    return path.read_text().strip()


@dataclass
class WebContext:
    workspace: object  # peaceops.workspace.Workspace
    data_dir: Path
    catalog: object  # peaceops.catalog.Catalog (curated only)
    _trajectory: tuple | None = field(default=None, repr=False)
    _evidence_signature: ReadWhenChanged | None = field(default=None, repr=False)
    _memo: dict = field(default_factory=dict, repr=False)
    _recent: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _key_locks: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def registry(self):
        return self.catalog.registry

    @property
    def framework(self):
        return self.catalog.framework

    @property
    def cache_dir(self) -> Path:
        path = self.workspace.root / CACHE_DIR
        path.mkdir(parents=True, exist_ok=True)
        return path

    def full_catalog(self):
        """Curated evidence plus the evidence accepted in this workspace's review queue."""

        return review.catalog_with_workspace(self.catalog, self.workspace)

    def evidence_signature(self) -> tuple:
        """Which reviewed evidence the workspace holds: changes whenever a candidate is accepted.

        Read on every request of an operation; queried again only after a commit to the workspace (see
        :class:`~peaceops.workspace.ReadWhenChanged`).
        """
        if self._evidence_signature is None:
            self._evidence_signature = ReadWhenChanged(self.workspace, evidence.signature)
        return self._evidence_signature()

    def latest(self, key, signature, compute):
        """Like :meth:`cached`, but recomputed when ``signature`` changes; only the latest value per key is kept."""
        held = self._memo.get(key)
        if held is not None and held[0] == signature:
            return held[1]
        value = compute()
        self._memo[key] = (signature, value)
        return value

    async def latest_async(self, key, signature, compute):
        """:meth:`latest` for an ``async`` route: a value already held is answered in the event loop, without a
        hand-over to a thread; one to compute (an assessment, a page) is computed in the thread pool, so the loop
        keeps serving meanwhile."""
        held = self._memo.get(key)
        if held is not None and held[0] == signature:
            return held[1]
        return await run_in_threadpool(self.latest, key, signature, compute)

    def events_signature(self) -> tuple:
        """Which event files are loaded: read on every operation request, so one stat, not a walk of the files.

        The event store writes one manifest entry per loaded file, after its Parquet is in place; the manifest
        folder's modification time and entry count change whenever a load completes.
        """
        manifest = self.workspace.events_dir / "manifest"
        try:
            stat = manifest.stat()
        except FileNotFoundError:
            return ()
        return (stat.st_mtime_ns, sum(1 for _ in os.scandir(manifest)))

    def trajectory_provider(self):
        """The assessment's source of event metrics; rebuilt when the event files change."""

        signature = self.events_signature()
        with self._lock:
            if self._trajectory is None or self._trajectory[0] != signature:
                self._trajectory = (signature, trajectory_provider(self.workspace.root, self.data_dir))
            return self._trajectory[1]

    def cached(self, key, compute):
        """Compute once per application: shapes of the curated data, study reproductions, plots."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # one computation per key; other keys are not held up by a slow one
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    async def recent_async(self, key, compute):
        """:meth:`recent` for an ``async`` route: a value held is answered in the event loop, one to compute is
        computed in the thread pool."""
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        return await run_in_threadpool(self.recent, key, compute)

    def recent(self, key, compute, *, keep: int = RECENT_KEPT):
        """Like :meth:`cached`, for values that depend on what a visitor asked (a list's filters): only the ``keep``
        most recently used are kept, so arbitrary queries cannot fill the memory. ``key`` must hold everything the
        value depends on."""
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        value = compute()  # outside the lock: two first requests may both compute; the results are equal
        with self._lock:
            self._recent[key] = value
            while len(self._recent) > keep:
                self._recent.popitem(last=False)
        return value
