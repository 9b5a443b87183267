"""Login attempts, limited per account name and per client address.

A fixed number of failed attempts is allowed within a sliding window (by
default 5 per name and 20 per address in 15 minutes); beyond that, logins
are refused with 429 and the seconds to wait, even with the right password.
The counts live in the server process's memory: a restart forgets them, and
each server process counts on its own (documented in docs/web.md).

Hand-written rather than a library: the whole job is a deque of timestamps
per key, and the libraries on offer (slowapi, limits) throttle requests per
route rather than failures per account.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class FailureWindow:
    limit: int
    window_seconds: float
    clock: Callable[[], float] = time.monotonic
    _hits: dict[str, deque] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _prune(self, key: str, now: float) -> deque:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window_seconds:
            hits.popleft()
        if not hits:
            del self._hits[key]
            return deque()
        return hits

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again; 0 when it may try now."""
        with self._lock:
            now = self.clock()
            hits = self._prune(key, now)
            if len(hits) < self.limit:
                return 0
            return max(1, int(hits[-self.limit] + self.window_seconds - now + 0.999))

    def fail(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            self._prune(key, now)
            self._hits.setdefault(key, deque()).append(now)

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


@dataclass
class LoginLimiter:
    """Both windows together: one per account name, one per client address."""

    per_user: FailureWindow = field(default_factory=lambda: FailureWindow(5, 15 * 60))
    per_address: FailureWindow = field(default_factory=lambda: FailureWindow(20, 15 * 60))

    def blocked(self, name: str, address: str) -> tuple[int, str] | None:
        """(seconds to wait, 'account' or 'address') when a login must be refused before checking the password."""
        wait = self.per_user.retry_after(name.casefold())
        if wait:
            return wait, "account"
        wait = self.per_address.retry_after(address)
        if wait:
            return wait, "address"
        return None

    def failed(self, name: str, address: str) -> None:
        self.per_user.fail(name.casefold())
        self.per_address.fail(address)

    def succeeded(self, name: str) -> None:
        self.per_user.reset(name.casefold())
