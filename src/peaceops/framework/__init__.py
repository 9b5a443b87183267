"""The assessment framework as data: principles, indicators, rules and cue lexicons.

>>> from peaceops import framework
>>> fw = framework.load()
>>> fw.indicator("consent-host").question
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peaceops import curated
from peaceops.errors import DataValidationError, NotFoundError, Problem
from peaceops.framework.models import FrameworkModel, Indicator, Principle
from peaceops.settings import resolve_data_dir

__all__ = ["Framework", "load", "check", "Indicator", "Principle"]

FILE_NAME = "framework.yaml"


@dataclass(frozen=True)
class Framework:
    model: FrameworkModel
    path: Path

    @property
    def principles(self) -> list[Principle]:
        return list(self.model.principles)

    @property
    def indicators(self) -> list[Indicator]:
        return list(self.model.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.model.indicators:
            if indicator.id == indicator_id:
                return indicator
        ids = ", ".join(i.id for i in self.model.indicators)
        raise NotFoundError(f"no indicator {indicator_id!r} in {self.path}; known: {ids}")

    def principle(self, principle_id: str) -> Principle:
        for principle in self.model.principles:
            if principle.id == principle_id:
                return principle
        raise NotFoundError(f"no principle {principle_id!r} in {self.path}")

    def indicators_of(self, principle_id: str) -> list[Indicator]:
        return [i for i in self.model.indicators if i.principle == principle_id]

    def evidence_weight(self, reliability: str, credibility: int) -> float:
        grading = self.model.grading
        return grading.reliability[reliability] * grading.credibility[credibility]


def check(data_dir: str | Path | None = None, path: str | Path | None = None) -> tuple[Framework | None, list[Problem]]:
    """Load the framework; returns it (or None) and every problem found."""
    root = resolve_data_dir(data_dir)
    file = Path(path) if path else root / FILE_NAME
    if not file.exists():
        return None, [Problem(str(file), "", "framework file not found; expected data/framework.yaml")]
    model, problems = curated.load(file, FrameworkModel, root=file.parent)
    if model is None:
        return None, problems
    return Framework(model, file), []


def load(data_dir: str | Path | None = None, path: str | Path | None = None) -> Framework:
    """The validated framework; raises :class:`DataValidationError` naming file, key and expectation."""
    fw, problems = check(data_dir, path)
    if problems:
        raise DataValidationError(problems)
    return fw
