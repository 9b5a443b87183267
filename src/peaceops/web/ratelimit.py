"""Login attempts, limited per account name and per client address.

A fixed number of failed attempts is allowed within a sliding window (by
default 5 per name and 20 per address in 15 minutes); beyond that, logins
are refused with 429 and the seconds to wait, even with the right password.
The failures are kept in the workspace (:mod:`peaceops.workspace.sessions`), so
every server process and every restart counts the same attempts.

Hand-written rather than a library: the whole job is a list of timestamps
per key, and the libraries on offer (slowapi, limits) throttle requests per
route rather than failures per account.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from peaceops.workspace import sessions as sessions_store


@dataclass
class FailureWindow:
    """At most ``limit`` failures per key within ``window_seconds``, counted in a workspace under ``scope``."""

    limit: int
    window_seconds: float
    clock: Callable[[], float] = time.time  # wall-clock seconds: shared by processes, unlike a monotonic clock
    scope: str = ""
    workspace: object = field(default=None, repr=False)

    def bind(self, workspace, scope: str) -> FailureWindow:
        self.workspace, self.scope = workspace, scope
        return self

    def _ws(self):
        if self.workspace is None:
            raise RuntimeError("FailureWindow is not bound to a workspace; call bind(workspace, scope) first")
        return self.workspace

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again; 0 when it may try now."""
        now = self.clock()
        hits = sessions_store.login_failures(self._ws(), self.scope, key, since=now - self.window_seconds)
        if len(hits) < self.limit:
            return 0
        return max(1, int(hits[-self.limit] + self.window_seconds - now + 0.999))

    def fail(self, key: str) -> None:
        now = self.clock()
        sessions_store.record_login_failure(self._ws(), self.scope, key, now, forget_before=now - self.window_seconds)

    def reset(self, key: str) -> None:
        sessions_store.clear_login_failures(self._ws(), self.scope, key)


@dataclass
class LoginLimiter:
    """Both windows together: one per account name, one per client address."""

    per_user: FailureWindow = field(default_factory=lambda: FailureWindow(5, 15 * 60))
    per_address: FailureWindow = field(default_factory=lambda: FailureWindow(20, 15 * 60))

    def bind(self, workspace) -> LoginLimiter:
        """Count in ``workspace`` (the application factory calls this)."""
        self.per_user.bind(workspace, "account")
        self.per_address.bind(workspace, "address")
        return self

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
