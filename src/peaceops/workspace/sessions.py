"""Web sessions kept in the workspace, so that every server process and every restart agrees on them.

The signed cookie carries a random session id; the workspace keeps only its
SHA-256 (someone who reads the database cannot replay a session), the
account it belongs to and when it expires. A session is valid while its row
exists and has not expired: logging out deletes the row, and any change to
an account (role, disable, enable, password) deletes every row of that
account in the same transaction as the change. The expiry slides forward
while the session is in use, at most one write every few minutes.

Failed logins are kept here too (scope ``account`` or ``address``, the key,
the time), so that the web's login limit counts
across server processes and restarts.

Functions only; they take a :class:`~peaceops.workspace.Workspace`, or an
open connection inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time

from peaceops.workspace.connection import reader, transaction

__all__ = [
    "create",
    "is_active",
    "end",
    "end_for_user",
    "REFRESH_SECONDS",
    "record_login_failure",
    "login_failures",
    "clear_login_failures",
]

REFRESH_SECONDS = 300  # move the expiry forward when it was last moved this long ago


def _key(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def create(ws, sid: str, user_name: str, max_age: int) -> None:
    """Record a new session of ``user_name`` valid for ``max_age`` seconds (and drop expired ones)."""
    now = time.time()
    with transaction(ws) as conn:
        conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (now,))
        conn.execute(
            "INSERT INTO sessions (id, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (_key(sid), user_name, now, now + max_age),
        )


def is_active(ws, sid: str, user_name: str, max_age: int) -> bool:
    """Whether the session ``sid`` of ``user_name`` exists and has not expired; extends it while in use."""
    now = time.time()
    key = _key(sid)
    with reader(ws) as conn:
        row = conn.execute("SELECT user_name, expires_at FROM sessions WHERE id = ?", (key,)).fetchone()
    if row is None or row["expires_at"] <= now or row["user_name"].casefold() != user_name.casefold():
        return False
    if row["expires_at"] < now + max_age - REFRESH_SECONDS:
        try:
            with transaction(ws) as conn:
                conn.execute("UPDATE sessions SET expires_at = ? WHERE id = ?", (now + max_age, key))
        except sqlite3.OperationalError:
            pass  # busy for 30 s: the session stays valid, the expiry moves on a later request
    return True


def end(ws, sid: str) -> None:
    """Log out one session (nothing happens when it is already gone)."""
    with transaction(ws) as conn:
        conn.execute("DELETE FROM sessions WHERE id = ?", (_key(sid),))


def end_for_user(conn: sqlite3.Connection, user_name: str) -> int:
    """End every session of ``user_name``; call inside the transaction that changes the account. Returns how many."""
    return conn.execute("DELETE FROM sessions WHERE user_name = ? COLLATE NOCASE", (user_name,)).rowcount


def record_login_failure(ws, scope: str, key: str, at: float, *, forget_before: float) -> None:
    """Count one failed login of ``key`` at ``at``; failures of this scope older than ``forget_before`` are dropped."""
    with transaction(ws) as conn:
        conn.execute("DELETE FROM login_failures WHERE scope = ? AND at <= ?", (scope, forget_before))
        conn.execute("INSERT INTO login_failures (scope, key, at) VALUES (?, ?, ?)", (scope, key, at))


def login_failures(ws, scope: str, key: str, since: float) -> list[float]:
    """Times of ``key``'s failed logins after ``since``, oldest first."""
    with reader(ws) as conn:
        rows = conn.execute(
            "SELECT at FROM login_failures WHERE scope = ? AND key = ? AND at > ? ORDER BY at", (scope, key, since)
        ).fetchall()
    return [row[0] for row in rows]


def clear_login_failures(ws, scope: str, key: str) -> None:
    """Forget ``key``'s failed logins (after a successful one)."""
    with transaction(ws) as conn:
        conn.execute("DELETE FROM login_failures WHERE scope = ? AND key = ?", (scope, key))
