"""Accounts of the people who ingest and review: add, verify, change role, disable, list.

Reading is open to everyone; ingesting and reviewing need an account. An
account has a name, a role (``editor`` may ingest and review, ``admin`` may
also manage accounts) and a password hashed with Argon2id (argon2-cffi's
defaults, which follow RFC 9106). Every change to an account is written to the
workspace's append-only audit log in the same transaction, with who made it
and the record before and after (never the password hash)::

    from peaceops import users
    users.add_user(ws, "amina", "a long passphrase", role="editor", actor="cli:root")
    users.verify(ws, "amina", "a long passphrase")      # -> User, or None
    users.set_role(ws, "amina", "admin", actor="admin-name")
    users.disable(ws, "amina", actor="admin-name")

Errors::

    PeaceopsError
    └── AccountError          a name, role or password that cannot be used
        ├── UnknownUserError  no account with that name (also a NotFoundError)
        └── DuplicateUserError  the name is taken
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from peaceops import audit
from peaceops.errors import NotFoundError, PeaceopsError
from peaceops.workspace import reader, sessions, transaction
from peaceops.workspace import users as users_table

__all__ = [
    "ROLES",
    "MIN_PASSWORD_LENGTH",
    "MAX_PASSWORD_LENGTH",
    "NAME_PATTERN",
    "User",
    "AccountError",
    "UnknownUserError",
    "DuplicateUserError",
    "add_user",
    "verify",
    "get_user",
    "list_users",
    "set_role",
    "disable",
    "enable",
    "set_password",
]

ROLES = ("editor", "admin")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte-long "password" is a cheap denial of service
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class AccountError(PeaceopsError):
    """A user name, role or password that cannot be used."""


class UnknownUserError(AccountError, NotFoundError):
    """No account with that name."""


class DuplicateUserError(AccountError):
    """An account with that name exists already."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool
    created_at: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin" and not self.disabled

    def as_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=1)
def _hasher():
    from argon2 import PasswordHasher  # heavy: argon2, loaded on first use

    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the name is unknown, so that timing does not reveal which names exist."""
    return _hasher().hash("not a password of anyone")


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise AccountError(
            f"user name {name!r} is not allowed: use 1-64 letters, digits, '.', '_', '@' or '-', starting with a "
            "letter or digit"
        )
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, found {role!r}")
    return role


def _check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password too short: use at least {MIN_PASSWORD_LENGTH} characters (a passphrase is best)")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"password too long: at most {MAX_PASSWORD_LENGTH} characters")
    return password


def _row_to_user(row) -> User:
    return User(row["name"], row["role"], bool(row["disabled"]), row["created_at"])


def _fetch(conn, name: str) -> User:
    row = users_table.get(conn, name)
    if row is None:
        raise UnknownUserError(f"no user named {name!r}; `peaceops user list` shows the accounts")
    return _row_to_user(row)


def add_user(ws, name: str, password: str, *, role: str = "editor", actor: str) -> User:
    """Create an account; raises :class:`AccountError` if the name is taken or the password too short."""
    _check_name(name)
    _check_role(role)
    _check_password(password)
    password_hash = _hasher().hash(password)
    with transaction(ws) as conn:
        if users_table.exists(conn, name):
            raise DuplicateUserError(
                f"a user named {name!r} already exists; choose another name or use `peaceops user set-role`"
            )
        created = audit.now()
        users_table.insert(conn, name, role, password_hash, created_at=created)
        user = User(name, role, False, created)
        audit.record(conn, actor=actor, action="user.add", target=f"user:{name}", before=None, after=user.as_dict())
    return user


def get_user(ws, name: str) -> User:
    with reader(ws) as conn:
        return _fetch(conn, name)


def list_users(ws) -> list[User]:
    with reader(ws) as conn:
        rows = users_table.all_rows(conn)
    return [_row_to_user(r) for r in rows]


def verify(ws, name: str, password: str) -> User | None:
    """The account when the name and password match an enabled account, else ``None``.

    Unknown names cost the same hashing work as known ones. A hash made with
    older parameters is upgraded in place on a successful login.
    """
    from argon2.exceptions import InvalidHashError, VerificationError  # heavy: argon2, loaded on first use

    if not isinstance(name, str) or not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        return None
    with reader(ws) as conn:
        row = users_table.get(conn, name, with_hash=True)
    hasher = _hasher()
    stored = row["password_hash"] if row is not None else _dummy_hash()
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row["disabled"]:
        return None
    if hasher.check_needs_rehash(stored):
        with transaction(ws) as conn:
            users_table.set_password_hash(conn, name, hasher.hash(password))
    return _row_to_user(row)


def _change(ws, name: str, *, actor: str, action: str, apply, guard=None) -> User:
    """Read the account, check ``guard(conn, before)``, ``apply(conn)`` the change and audit it, in one transaction."""
    with transaction(ws) as conn:
        before = _fetch(conn, name)
        if guard:
            guard(conn, before)
        apply(conn)
        sessions.end_for_user(conn, name)  # a changed account logs in again, in every server process
        after = _fetch(conn, name)
        audit.record(
            conn, actor=actor, action=action, target=f"user:{name}", before=before.as_dict(), after=after.as_dict()
        )
    return after


def _keep_one_admin(conn, before: User) -> None:
    if before.role == "admin" and not before.disabled and users_table.active_admins(conn) <= 1:
        raise AccountError(f"{before.name!r} is the last enabled admin; make another user admin first")


def set_role(ws, name: str, role: str, *, actor: str) -> User:
    """Change an account's role; the last enabled admin cannot be demoted."""
    _check_role(role)

    def guard(conn, before):
        if role != "admin":
            _keep_one_admin(conn, before)

    return _change(
        ws,
        name,
        actor=actor,
        action="user.set-role",
        apply=lambda conn: users_table.set_role(conn, name, role),
        guard=guard,
    )


def disable(ws, name: str, *, actor: str) -> User:
    """Disable an account (it can no longer log in; its past actions stay in the audit log)."""
    return _change(
        ws,
        name,
        actor=actor,
        action="user.disable",
        apply=lambda conn: users_table.set_disabled(conn, name, True),
        guard=_keep_one_admin,
    )


def enable(ws, name: str, *, actor: str) -> User:
    """Re-enable a disabled account."""
    return _change(
        ws, name, actor=actor, action="user.enable", apply=lambda conn: users_table.set_disabled(conn, name, False)
    )


def set_password(ws, name: str, password: str, *, actor: str) -> User:
    """Replace an account's password (the audit entry records that it changed, not the hash)."""
    _check_password(password)
    password_hash = _hasher().hash(password)
    return _change(
        ws,
        name,
        actor=actor,
        action="user.set-password",
        apply=lambda conn: users_table.set_password_hash(conn, name, password_hash),
    )
