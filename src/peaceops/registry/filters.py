"""Which operations a list shows: one filter for the CLI, the web pages and the Python API.

    >>> reg.filter(kind="un", status="ended", years=(1990, 1999), search="Bosnia")

Every criterion is optional and they combine with AND. Text criteria (lead,
host, search) are compared through :func:`peaceops.textnorm.fold`, so case and
accents never matter and every script is searchable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peaceops.errors import UsageError
from peaceops.registry.loader import all_labels
from peaceops.textnorm import fold, normalise
from peaceops.vocab import OPERATION_KINDS, STATUSES, OperationKind, OperationStatus

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["OperationFilter", "parse_years", "years_overlap"]

_YEARS = re.compile(r"^\s*(\d{4})?\s*(?:(-|–|\.\.)\s*(\d{4})?)?\s*$")


@dataclass(frozen=True)
class OperationFilter:
    """A set of criteria an operation must all meet."""

    kind: OperationKind | None = None
    lead: str | None = None  # lead organisation or state, or lead group (substring)
    host: str | None = None  # host state or territory (substring)
    status: OperationStatus | None = None
    active_on: dt.date | None = None  # deployed on this day
    year_from: int | None = None  # deployed at some time in or after this year
    year_to: int | None = None  # deployed at some time in or before this year
    search: str | None = None  # every word in the id, a name, the acronym, an alias, the lead or the host

    def __post_init__(self) -> None:
        for name, value, allowed in (("kind", self.kind, OPERATION_KINDS), ("status", self.status, STATUSES)):
            if value is not None and value not in allowed:
                raise UsageError(f"{name} must be one of {', '.join(allowed)}, found {value!r}")
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise UsageError(
                f"the years run backwards ({self.year_from} to {self.year_to}); give the earlier year first"
            )

    def matches(self, op) -> bool:
        if self.kind and op.kind != self.kind:
            return False
        if self.status and op.status.value != self.status:
            return False
        if self.lead and not _contains(self.lead, op.lead.value, op.lead_group):
            return False
        if self.host and not _contains(self.host, op.host.state, op.host.territory or ""):
            return False
        if self.active_on and not op.active_on(self.active_on):
            return False
        if not years_overlap(op, self.year_from, self.year_to):
            return False
        return not self.search or _search(self.search, op)

    def apply(self, operations) -> list:
        return [op for op in operations if self.matches(op)]


def _contains(needle: str, *haystack: str) -> bool:
    needle = fold(needle)
    return any(needle in fold(h or "") for h in haystack)


def _search(query: str, op) -> bool:
    text = " | ".join(normalise(t) for t in [*all_labels(op), op.lead.value, op.host.state, op.host.territory or ""])
    return all(word in text for word in normalise(query).split())


def years_overlap(op, year_from: int | None, year_to: int | None) -> bool:
    """Whether the operation was deployed at some time within [year_from, year_to] (either bound optional)."""
    if year_from is None and year_to is None:
        return True
    if op.start is None:
        return False
    first = op.start.date.year
    last = op.end.date.year if op.end else (9999 if op.status.value == "active" else first)
    return (year_to is None or first <= year_to) and (year_from is None or last >= year_from)


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """'1990-1999' -> (1990, 1999); '1995' -> (1995, 1995); '2000-' and '-1999' leave one side open."""
    if text is None or not text.strip():
        return None, None
    match = _YEARS.match(text)
    if not match or not (match.group(1) or match.group(3)):
        raise UsageError(f"expected years as YYYY, YYYY-YYYY, YYYY- or -YYYY, found {text!r}")
    first, dash, last = match.group(1), match.group(2), match.group(3)
    year_from = int(first) if first else None
    year_to = int(last) if last else (None if dash else year_from)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"the years run backwards in {text!r}; give the earlier year first")
    return year_from, year_to
