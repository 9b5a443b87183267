"""Published figures (data/studies/published.yaml) and how a reproduction compares with them.

The figures are data so that an analyst can read and correct them without
reading code; a malformed file fails loudly with the file, every broken figure
and field (schema: :class:`peaceops.datafiles.PublishedFile`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from peaceops.datafiles import PublishedFigure, published_problems
from peaceops.studies.errors import StudyDataError
from peaceops.studies.files import PUBLISHED, require_file

if TYPE_CHECKING:
    from pathlib import Path


class PublishedFigures:
    """The figures of one file, by key."""

    def __init__(self, figures: list[PublishedFigure], path: Path):
        self.path = path
        self._by_key = {f.key: f for f in figures}

    def __getitem__(self, key: str) -> PublishedFigure:
        try:
            return self._by_key[key]
        except KeyError:
            raise StudyDataError(
                f"{self.path} has no published figure {key!r}; restore the file from data/studies/"
            ) from None


def load_published(studies_dir: Path) -> PublishedFigures:
    """The published figures of ``studies_dir``; raises StudyDataError naming every broken figure and field."""
    path = require_file(studies_dir, PUBLISHED, "list of published figures")
    parsed, problems = published_problems(path, path.parent)
    if problems:
        raise StudyDataError(f"{path}: " + "; ".join(f"{p.field or '(file)'}: {p.message}" for p in problems))
    return PublishedFigures(list(parsed.figures), path)


@dataclass(frozen=True)
class Comparison:
    """A reproduced number beside the published one, and how close it came."""

    key: str
    quantity: str
    reproduced: float | None
    published: float | list[float] | None
    published_text: str | None
    relation: str | None
    status: str  # "match", "differs", or "published figure not found"
    difference: float | None
    tolerance: str | None
    source: str
    locator: str | None
    via: str | None
    secondary: bool
    note: str | None
    explanation: str | None

    @property
    def matches(self) -> bool:
        return self.status == "match"

    def to_dict(self) -> dict:
        return asdict(self)


NOT_FOUND = "published figure not found"


def compare(figure: PublishedFigure, reproduced: float | None, *, explanation: str | None = None) -> Comparison:
    """Judge ``reproduced`` against ``figure`` by its relation and tolerance."""
    difference = None
    tolerance = None
    if figure.status == "not-found":
        status = NOT_FOUND
    elif reproduced is None or (isinstance(reproduced, float) and math.isnan(reproduced)):
        status = "differs"
        explanation = explanation or "the reproduction produced no value"
    else:
        value = figure.value
        if figure.relation == "equal":
            if figure.tolerance_kind == "relative":
                difference = (reproduced - value) / value
                tolerance = f"±{figure.tolerance:.0%} of the published value"
            else:
                difference = reproduced - value
                tolerance = f"±{figure.tolerance:g}"
            ok = abs(difference) <= figure.tolerance + 1e-12
        elif figure.relation == "at-most":
            difference = reproduced - value
            tolerance = f"at most {value:g}"
            ok = reproduced <= value
        elif figure.relation == "between":
            low, high = value
            tolerance = f"between {low:g} and {high:g}"
            ok = low <= reproduced <= high
            difference = 0.0 if ok else (reproduced - low if reproduced < low else reproduced - high)
        else:  # sign
            tolerance = "same sign"
            ok = (reproduced > 0) == (value > 0) and reproduced != 0
        status = "match" if ok else "differs"
    return Comparison(
        key=figure.key,
        quantity=figure.quantity,
        reproduced=None if reproduced is None else float(reproduced),
        published=figure.value,
        published_text=figure.published_text,
        relation=figure.relation,
        status=status,
        difference=difference,
        tolerance=tolerance,
        source=figure.source,
        locator=figure.locator,
        via=figure.via,
        secondary=figure.secondary,
        note=figure.note,
        explanation=explanation if status != "match" else None,
    )
