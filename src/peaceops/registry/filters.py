"""Which operations a list shows: one filter for the CLI, the web pages and the Python API.

    >>> reg.filter(kind="un", status="ended", year_from=1990, year_to=1999, search="Bosnia")
    >>> reg.filter(lead_group="un", decade="1990s")   # active in any year of the 1990s

Every criterion is optional and they combine with AND. Text criteria (lead,
host, search) are compared through :func:`peaceops.textnorm.fold`, so case and
accents never matter and every script is searchable.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peaceops.errors import UsageError
from peaceops.registry.loader import all_labels
from peaceops.textnorm import fold, normalise
from peaceops.vocab import LEAD_GROUPS, OPERATION_KINDS, STATUSES, LeadGroup, OperationKind, OperationStatus

__all__ = [
    "OperationFilter",
    "active_years",
    "decade_label",
    "decades_active",
    "parse_decade",
    "parse_years",
    "years_overlap",
]

_YEARS = re.compile(r"^\s*(\d{4})?\s*(?:(-|–|\.\.)\s*(\d{4})?)?\s*$")
_DECADE = re.compile(r"^\s*(\d{3})0s?\s*$")


@dataclass(frozen=True)
class OperationFilter:
    """A set of criteria an operation must all meet."""

    kind: OperationKind | None = None
    lead: str | None = None  # lead organisation or state, or lead group (substring)
    lead_group: LeadGroup | None = None  # exactly this lead group
    host: str | None = None  # host state or territory (substring)
    status: OperationStatus | None = None
    active_on: dt.date | None = None  # deployed on this day
    year_from: int | None = None  # deployed at some time in or after this year
    year_to: int | None = None  # deployed at some time in or before this year
    search: str | None = None  # every word in the id, a name, the acronym, an alias, the lead or the host
    decade: str | None = None  # active in any year of this decade: "1990s" (or "1990")
    regional_power: bool | None = None  # True: led by a regional power in its neighbourhood; False: not
    cites: str | None = None  # cites this source id somewhere (a dataset: every operation it covers)
    today: dt.date | None = None  # where an active operation's years end (None: the current date)

    def __post_init__(self) -> None:
        if self.decade is not None:
            parse_decade(self.decade)  # raises UsageError with the expected form
        for name, value, allowed in (
            ("kind", self.kind, OPERATION_KINDS),
            ("lead_group", self.lead_group, LEAD_GROUPS),
            ("status", self.status, STATUSES),
        ):
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
        if self.lead_group and op.lead_group != self.lead_group:
            return False
        if self.host and not _contains(self.host, op.host.state, op.host.territory or ""):
            return False
        if self.active_on and not op.active_on(self.active_on):
            return False
        if not years_overlap(op, self.year_from, self.year_to):
            return False
        if self.decade and parse_decade(self.decade) not in decades_active(op, self.today):
            return False
        if self.regional_power is not None and (op.regional_power is not None) != self.regional_power:
            return False
        if self.cites and not any(source_id == self.cites for _, source_id in op.citations()):
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


def active_years(op, today: dt.date | None = None) -> tuple[int, int] | None:
    """First and last year of the deployment: an active operation runs to ``today``'s year (default: now), an
    ended one without a recorded end is counted in its start year only. None when never deployed (no start)."""
    if op.start is None:
        return None
    first = op.start.date.year
    if op.end is not None:
        last = op.end.date.year
    elif op.status.value == "active":
        last = max(first, (today or dt.date.today()).year)
    else:
        last = first
    return first, last


def decades_active(op, today: dt.date | None = None) -> list[int]:
    """The decades (1990 for the 1990s) in any year of which the operation was deployed; empty when never."""
    years = active_years(op, today)
    if years is None:
        return []
    return list(range(years[0] // 10 * 10, years[1] // 10 * 10 + 1, 10))


def decade_label(decade: int) -> str:
    """1990 -> '1990s'."""
    return f"{decade}s"


def parse_decade(text: str) -> int:
    """'1990s' or '1990' -> 1990; anything else is a usage error."""
    match = _DECADE.match(text or "")
    if not match:
        raise UsageError(f"expected a decade as 1990s (or 1990), found {text!r}")
    return int(match.group(1)) * 10


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
