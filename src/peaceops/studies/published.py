"""Published figures (data/studies/published.yaml) and how a reproduction compares with them.

The figures are data so that an analyst can read and correct them without
reading code; a malformed file fails loudly with the file and entry.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from peaceops.studies.errors import StudyDataError
from peaceops.studies.files import PUBLISHED, require_file


class PublishedFigure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    study: Literal["hks2013", "fortna"]
    quantity: str
    status: Literal["found", "not-found"]
    published_text: Optional[str] = None
    value: Union[float, list[float], None] = None
    relation: Optional[Literal["equal", "at-most", "between", "sign"]] = None
    tolerance: float = 0.0
    tolerance_kind: Literal["absolute", "relative"] = "absolute"
    tolerance_reason: Optional[str] = None
    source: str
    locator: Optional[str] = None
    via: Optional[str] = None
    secondary: bool = False
    note: Optional[str] = None

    @model_validator(mode="after")
    def _consistent(self):
        if self.status == "not-found":
            if self.value is not None:
                raise ValueError("a figure with status not-found must have no value")
            return self
        if self.value is None or self.relation is None:
            raise ValueError("a found figure needs value and relation")
        if self.relation == "between" and not (isinstance(self.value, list) and len(self.value) == 2):
            raise ValueError("relation 'between' needs value: [low, high]")
        if self.relation != "between" and isinstance(self.value, list):
            raise ValueError(f"relation {self.relation!r} needs a single number as value")
        return self


class PublishedFigures:
    """The figures of one file, by key."""

    def __init__(self, figures: list[PublishedFigure], path: Path):
        self.path = path
        self._by_key = {f.key: f for f in figures}

    def __getitem__(self, key: str) -> PublishedFigure:
        try:
            return self._by_key[key]
        except KeyError:
            raise StudyDataError(f"{self.path} has no published figure {key!r}; restore the file from data/studies/") from None

    def for_study(self, study: str) -> list[PublishedFigure]:
        return [f for f in self._by_key.values() if f.study == study]


def load_published(studies_dir: Path) -> PublishedFigures:
    import yaml

    path = require_file(studies_dir, PUBLISHED, "list of published figures")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise StudyDataError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("figures"), list):
        raise StudyDataError(f"{path}: expected a mapping with a list under 'figures'")
    figures, seen = [], set()
    for index, entry in enumerate(raw["figures"]):
        try:
            figure = PublishedFigure.model_validate(entry)
        except ValidationError as exc:
            where = entry.get("key", f"entry {index + 1}") if isinstance(entry, dict) else f"entry {index + 1}"
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "(entry)"
            raise StudyDataError(f"{path}: figure {where}: {field}: {first['msg']}") from None
        if figure.key in seen:
            raise StudyDataError(f"{path}: figure key {figure.key!r} appears twice")
        seen.add(figure.key)
        figures.append(figure)
    return PublishedFigures(figures, path)


@dataclass(frozen=True)
class Comparison:
    """A reproduced number beside the published one, and how close it came."""

    key: str
    quantity: str
    reproduced: Optional[float]
    published: Union[float, list[float], None]
    published_text: Optional[str]
    relation: Optional[str]
    status: str            # "match", "differs", or "published figure not found"
    difference: Optional[float]
    tolerance: Optional[str]
    source: str
    locator: Optional[str]
    via: Optional[str]
    secondary: bool
    note: Optional[str]
    explanation: Optional[str]

    @property
    def matches(self) -> bool:
        return self.status == "match"

    def to_dict(self) -> dict:
        return asdict(self)


NOT_FOUND = "published figure not found"


def compare(figure: PublishedFigure, reproduced: Optional[float], *, explanation: Optional[str] = None) -> Comparison:
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
