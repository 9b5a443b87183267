"""Graded, cited evidence statements, and the filters analysts stress-test with.

An item bears on one indicator of one operation, states a stance (supports,
contradicts or is mixed on compliance with the principle), carries a short
quotation or a paraphrase with its locator, cites one source (whose
reliability grade A-F comes from the source record) and has its own
information-credibility grade 1-6. Its id is derived from its content, so a
re-import never duplicates it.

Curated items live in ``data/evidence/<operation-id>.yaml`` and count as
reviewed by the curators; items accepted in the review queue live in the
workspace.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from peaceops import curated
from peaceops.curated import Strict
from peaceops.errors import Problem, UsageError
from peaceops.vocab import RELIABILITY_GRADES, Credibility, Stance

__all__ = ["EvidenceItem", "GradedEvidence", "GradeFilter", "check", "content_id", "parse_grade"]

RELIABILITY = "".join(RELIABILITY_GRADES)  # "ABCDEF": best first, so .index() orders grades
CURATED_REVIEWER = "peaceops curators (data/evidence)"


class EvidenceItem(Strict):
    """One statement as written in a YAML file or accepted in review."""

    indicator: str = Field(description="Indicator id from data/framework.yaml.")
    stance: Stance = Field(description="Whether the fact supports compliance with the principle.")
    quote: str | None = Field(default=None, description="Short verbatim quotation.")
    paraphrase: str | None = Field(default=None, description="Faithful paraphrase, when not quoting.")
    locator: str = Field(min_length=1, description="Where in the source: paragraph, page, section.")
    source: str = Field(min_length=1, description="Source id in data/sources/.")
    credibility: Credibility = Field(description="Information credibility 1 (confirmed) ... 6 (cannot be judged).")
    note: str | None = None
    reviewed_by: str | None = Field(default=None, description="Reviewer; curated items default to the curators.")
    reviewed_at: str | None = Field(default=None, description="ISO date of review.")

    @model_validator(mode="after")
    def _quote_or_paraphrase(self):
        if not self.quote and not self.paraphrase:
            raise ValueError("give a quote or a paraphrase")
        if self.quote and self.paraphrase:
            raise ValueError("give a quote or a paraphrase, not both")
        return self

    @property
    def text(self) -> str:
        return self.quote or self.paraphrase or ""


class EvidenceFile(Strict):
    operation: str
    items: list[EvidenceItem] = Field(min_length=1)


def content_id(operation: str, item: EvidenceItem) -> str:
    """A stable id from what the item says and where: operation, indicator, source, locator, text."""
    text = re.sub(r"\s+", " ", item.text.casefold()).strip()
    key = "\x1f".join([operation, item.indicator, item.source, item.locator.casefold().strip(), text])
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class GradedEvidence:
    """An evidence item joined to its operation, its id and its source's reliability grade."""

    id: str
    operation: str
    item: EvidenceItem
    reliability: str
    origin: str  # file it came from, or "workspace"

    @property
    def grade(self) -> str:
        """The two grades written together, e.g. 'B2'."""
        return f"{self.reliability}{self.item.credibility}"

    @property
    def indicator(self) -> str:
        return self.item.indicator

    @property
    def source(self) -> str:
        return self.item.source

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "operation": self.operation,
            "grade": self.grade,
            "reliability": self.reliability,
            "origin": self.origin,
            **self.item.model_dump(mode="json", exclude_none=True),
            "reviewed_by": self.item.reviewed_by or CURATED_REVIEWER,
        }


def parse_grade(text: str) -> tuple[str, int]:
    """'B3' -> ('B', 3). Raises UsageError with what was expected."""
    match = re.fullmatch(r"\s*([A-Fa-f])\s*([1-6])\s*", text or "")
    if not match:
        raise UsageError(f"expected a grade like B3 (reliability A-F, credibility 1-6), found {text!r}")
    return match.group(1).upper(), int(match.group(2))


@dataclass(frozen=True)
class GradeFilter:
    """Which evidence counts: drop sources, or items graded worse than a minimum.

    ``min_grade=('B', 3)`` keeps items whose source is A or B *and* whose
    credibility is 1, 2 or 3.
    """

    exclude_sources: frozenset[str] = frozenset()
    min_grade: tuple[str, int] | None = None

    def keeps(self, ev: GradedEvidence) -> bool:
        if ev.source in self.exclude_sources:
            return False
        if self.min_grade:
            worst_reliability, worst_credibility = self.min_grade
            if RELIABILITY.index(ev.reliability) > RELIABILITY.index(worst_reliability):
                return False
            if ev.item.credibility > worst_credibility:
                return False
        return True

    def describe(self) -> str:
        parts = []
        if self.exclude_sources:
            parts.append("excluding sources " + ", ".join(sorted(self.exclude_sources)))
        if self.min_grade:
            parts.append(f"only evidence graded {self.min_grade[0]}{self.min_grade[1]} or better")
        return "; ".join(parts) or "all evidence"


def check(
    data_dir: Path, operations: dict, sources: dict, indicator_ids: set[str]
) -> tuple[list[GradedEvidence], list[Problem]]:
    """Load every curated evidence file; returns the items and every problem found."""
    items: list[GradedEvidence] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted((data_dir / "evidence").glob("*.yaml")):
        rel = curated.relative(path, data_dir)
        parsed, errs = curated.load(path, EvidenceFile, root=data_dir)
        problems += errs
        if parsed is None:
            continue
        if parsed.operation != path.stem:
            problems.append(
                Problem(rel, "operation", f"operation {parsed.operation!r} must equal the file name {path.stem!r}")
            )
        if parsed.operation not in operations:
            problems.append(
                Problem(rel, "operation", f"unknown operation {parsed.operation!r}; it must exist in data/operations/")
            )
        for index, item in enumerate(parsed.items):
            where = f"items[{index}]"
            if item.indicator not in indicator_ids:
                problems.append(
                    Problem(
                        rel,
                        f"{where}.indicator",
                        f"unknown indicator {item.indicator!r}; see `peaceops framework show`",
                    )
                )
            source = sources.get(item.source)
            if source is None:
                problems.append(
                    Problem(
                        rel,
                        f"{where}.source",
                        f"cites unknown source {item.source!r}; add data/sources/{item.source}.yaml",
                    )
                )
                continue
            ev_id = content_id(parsed.operation, item)
            if ev_id in seen:
                problems.append(Problem(rel, where, f"duplicate of evidence {ev_id} ({seen[ev_id]})"))
                continue
            seen[ev_id] = f"{rel} {where}"
            items.append(GradedEvidence(ev_id, parsed.operation, item, source.reliability, rel))
    return items, problems
