"""The ``users`` table: accounts with their role, Argon2 hash and whether they are disabled.

Hashing and the account rules live in :mod:`peaceops.users`; this module only stores.
"""

from __future__ import annotations

_PUBLIC = "name, role, disabled, created_at"


def get(conn, name: str, *, with_hash: bool = False):
    """The row (name, role, disabled, created_at and, if asked, password_hash), or None."""
    columns = _PUBLIC + (", password_hash" if with_hash else "")
    return conn.execute(f"SELECT {columns} FROM users WHERE name = ?", (name,)).fetchone()


def exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is not None


def insert(conn, name: str, role: str, password_hash: str, *, created_at: str) -> None:
    conn.execute(
        "INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, 0, ?)",
        (name, role, password_hash, created_at),
    )


def all_rows(conn) -> list:
    """Every account by name, without hashes."""
    return conn.execute(f"SELECT {_PUBLIC} FROM users ORDER BY name").fetchall()


def active_admins(conn) -> int:
    return conn.execute("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0").fetchone()[0]


def set_role(conn, name: str, role: str) -> None:
    conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))


def set_disabled(conn, name: str, disabled: bool) -> None:
    conn.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))


def set_password_hash(conn, name: str, password_hash: str) -> None:
    conn.execute("UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name))


def stored_hash(conn, name: str) -> str | None:
    row = conn.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None
