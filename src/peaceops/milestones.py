"""Cited conflict milestones: what no shipped event dataset covers, curated per conflict (data/conflicts/*.yaml).

The shipped UCDP file ends in 2019; the 2020 Karabakh war, the September 2023 offensive, Kazakhstan's January
2022 and the full-scale invasion of Ukraine are therefore curated as dated milestones, each figure with its
sources (several figures when sources disagree):

```yaml
id: nagorno-karabakh
name: Nagorno-Karabakh conflict
operations: [nagorno-karabakh-rpc-2020]    # the registry operations deployed to this conflict
milestones:
  - kind: war                              # war | offensive | ceasefire | settlement | displacement
    title: Second Karabakh war             #   | ended-by-force | quiet
    date: "2020-09-27"
    end: "2020-11-10"
    deaths:                                # one entry per source figure; disagreements are kept
      - {value: 6500, sources: [..], note: "..."}
    sources: [..]
  - kind: ended-by-force                   # one side's offensive ended the dispute
    title: Azerbaijani offensive and the dissolution of the Nagorno-Karabakh Republic
    date: "2023-09-19"
    end: "2023-09-20"
    by: Azerbaijan
    sources: [..]
  - kind: quiet                            # years known to be quiet (no deaths at the threshold)
    title: No fighting recorded
    date: "2011"
    end: "2013"
    sources: [..]
```

:func:`yearly_deaths` turns the milestones into deaths per year for the years no event dataset covers, and
trajectories say which years came from a dataset and which from a milestone: a curated figure is never shown
as event data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from peaceops import curated
from peaceops.curated import Strict, relative
from peaceops.dates import PartialDate
from peaceops.errors import DataValidationError, Problem
from peaceops.registry.models import SourceIds

if TYPE_CHECKING:
    from pathlib import Path

FOLDER = "conflicts"
MilestoneKind = Literal["war", "offensive", "ceasefire", "settlement", "displacement", "ended-by-force", "quiet"]
KINDS_WITH_DEATHS = ("war", "offensive", "ended-by-force")


class Figure(Strict):
    """One source's figure: deaths or displaced people."""

    value: int = Field(ge=0, description="The figure (best estimate where the source gives a range).")
    low: int | None = Field(default=None, ge=0, description="Low end of the source's range, if any.")
    high: int | None = Field(default=None, ge=0, description="High end of the source's range, if any.")
    sources: SourceIds
    note: str | None = Field(default=None, description="Who counted, what is counted (combatants, civilians).")


class Milestone(Strict):
    kind: MilestoneKind = Field(description="What happened: war, offensive, ceasefire, settlement, ... quiet.")
    title: str = Field(min_length=1, description="Short name of the event.")
    date: PartialDate = Field(description="First day (or month, or year).")
    end: PartialDate | None = Field(default=None, description="Last day (or month, or year); absent: one date.")
    by: str | None = Field(default=None, description="The side whose offensive it was (offensive, ended-by-force).")
    deaths: list[Figure] = Field(default_factory=list, description="Death tolls, one entry per source figure.")
    displaced: list[Figure] = Field(default_factory=list, description="People displaced, one entry per figure.")
    sources: SourceIds
    note: str | None = Field(default=None, description="Caveats and disagreements.")

    @model_validator(mode="after")
    def _consistent(self):
        if self.end is not None and self.end.latest() < self.date.earliest():
            raise ValueError(f"end {self.end} is before date {self.date}")
        if self.kind in ("offensive", "ended-by-force") and not self.by:
            raise ValueError(f"a milestone of kind {self.kind} needs `by`: whose offensive it was")
        if self.kind == "quiet" and self.deaths:
            raise ValueError("a quiet milestone has no deaths; record fighting as war or offensive")
        return self

    @property
    def last_day(self) -> dt.date:
        return (self.end or self.date).latest()


class ConflictFile(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="Stable id; equals the file name.")
    name: str = Field(min_length=1, description="Name of the conflict.")
    operations: list[str] = Field(min_length=1, description="Registry operations deployed to this conflict.")
    ucdp_conflicts: list[int] = Field(default_factory=list, description="UCDP conflict ids of the conflict.")
    milestones: list[Milestone] = Field(min_length=1, description="Dated milestones, each cited.")
    note: str | None = None


@dataclass(frozen=True)
class MilestoneYear:
    """Deaths of one year from curated milestones (a toll spread over the days it spans), with where it came from."""

    year: int
    deaths: int
    basis: str  # e.g. "milestone: Second Karabakh war (lowest of 3 figures)"


def check(data_dir: Path, operations, sources) -> tuple[dict[str, ConflictFile], list[Problem]]:
    """Every conflict file of ``data_dir``, and every problem: schema, unknown operations and sources."""
    found: dict[str, ConflictFile] = {}
    problems: list[Problem] = []
    for path in sorted((data_dir / FOLDER).glob("*.yaml")):
        parsed, errs = curated.load(path, ConflictFile, root=data_dir)
        problems += errs
        if parsed is None:
            continue
        rel = relative(path, data_dir)
        if parsed.id != path.stem:
            problems.append(Problem(rel, "id", f"id {parsed.id!r} must equal the file name {path.stem!r}"))
        for op_id in parsed.operations:
            if op_id not in operations:
                problems.append(Problem(rel, "operations", f"unknown operation {op_id!r}; see `peaceops ops list`"))
        for index, milestone in enumerate(parsed.milestones):
            cited = [*milestone.sources, *(s for f in (*milestone.deaths, *milestone.displaced) for s in f.sources)]
            for source_id in dict.fromkeys(cited):
                if source_id not in sources:
                    problems.append(
                        Problem(
                            rel,
                            f"milestones[{index}].sources",
                            f"cites unknown source {source_id!r}; add data/sources/{source_id}.yaml or fix the id",
                        )
                    )
        found[parsed.id] = parsed
    return found, problems


def load(data_dir: Path, operations, sources) -> dict[str, ConflictFile]:
    found, problems = check(data_dir, operations, sources)
    if problems:
        raise DataValidationError(problems)
    return found


def for_operation(conflicts: dict[str, ConflictFile], op_id: str) -> list[Milestone]:
    """The milestones of every conflict the operation is deployed to, in date order."""
    mine = [m for c in conflicts.values() if op_id in c.operations for m in c.milestones]
    return sorted(mine, key=lambda m: (m.date.earliest(), m.last_day))


def yearly_deaths(milestones: list[Milestone]) -> dict[int, MilestoneYear]:
    """Deaths per year from wars, offensives and quiet spells.

    A toll is the lowest of the sources' figures (the conservative reading; all figures stay in the milestone),
    spread over the years it spans in proportion to its days. A year wholly inside a quiet milestone has 0 deaths.
    Where two milestones give the same year, the year takes the larger share (their deaths may be the same deaths:
    a whole war's toll and one battle's), and names the milestone it came from.
    """
    out: dict[int, MilestoneYear] = {}
    for m in milestones:
        first, last = m.date.earliest(), m.last_day
        if m.kind == "quiet":
            for year in range(first.year, last.year + 1):
                whole = first <= dt.date(year, 1, 1) and dt.date(year, 12, 31) <= last
                if whole and year not in out:
                    out[year] = MilestoneYear(year, 0, f"milestone: {m.title} (quiet)")
            continue
        if m.kind not in KINDS_WITH_DEATHS or not m.deaths:
            continue
        toll = min(f.value for f in m.deaths)
        span = (last - first).days + 1
        shown = f"lowest of {len(m.deaths)} figures" if len(m.deaths) > 1 else "one figure"
        for year in range(first.year, last.year + 1):
            days = (min(last, dt.date(year, 12, 31)) - max(first, dt.date(year, 1, 1))).days + 1
            share = round(toll * days / span)
            before = out.get(year)
            if before is None or before.deaths == 0 and "quiet" in before.basis or share > before.deaths:
                # overlapping milestones (a whole war and one of its battles) count the same deaths: the year takes
                # the largest share, never the sum
                out[year] = MilestoneYear(year, share, f"milestone: {m.title} ({shown})")
    return dict(sorted(out.items()))


def ended_by_force(milestones: list[Milestone], since: dt.date, until: dt.date | None = None) -> Milestone | None:
    """The first milestone of kind ended-by-force ending on or after ``since`` (the deployment's start) and
    beginning no later than ``until`` (the end of the trajectory's window; None while the operation is active)."""
    return next(
        (
            m
            for m in milestones
            if m.kind == "ended-by-force" and m.last_day >= since and (until is None or m.date.earliest() <= until)
        ),
        None,
    )
