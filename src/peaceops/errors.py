"""Exceptions raised by peaceops.

Every error a user can cause derives from :class:`PeaceopsError`, and its
message says what was expected, what was found, where, and what to do::

    PeaceopsError
    ├── DataValidationError   curated data under data/ breaks a rule (carries every problem)
    ├── NotFoundError         no operation / source matches what was asked
    ├── AmbiguousNameError    a name matches several operations (carries the candidates)
    ├── WorkspaceError        the workspace directory or database cannot be used
    └── UsageError            arguments that cannot work together
"""

from __future__ import annotations

from dataclasses import dataclass


class PeaceopsError(Exception):
    """Base class of every error peaceops reports to a user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in curated data: where it is and what was expected."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class DataValidationError(PeaceopsError):
    """Curated data breaks a rule; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = str(self.problems[0]) if self.problems else "no details"
        more = f" (and {count - 1} more; run `peaceops validate` to see all)" if count > 1 else ""
        super().__init__(f"invalid curated data: {head}{more}")


class NotFoundError(PeaceopsError):
    """Nothing matches the id or name that was asked for."""


class AmbiguousNameError(PeaceopsError):
    """A name matches several operations; ``candidates`` holds their ids."""

    def __init__(self, query: str, candidates: list[str]):
        self.query = query
        self.candidates = list(candidates)
        super().__init__(
            f"{query!r} matches {len(candidates)} operations: {', '.join(candidates)}; "
            "give one of these ids or a more specific name"
        )


class WorkspaceError(PeaceopsError):
    """The workspace cannot be created, opened or migrated."""


class UsageError(PeaceopsError):
    """Arguments that cannot work together."""
