"""The rule engine: every operation scored by the framework's rules, with reasons.

>>> from peaceops import assess
>>> a = assess.assess("<operation id or name>")
>>> a.principle("consent").score, a.indicator("legal-basis").rationale
>>> a.frame()                       # one row per indicator
"""

from __future__ import annotations

from peaceops import catalog
from peaceops.assess.engine import assess_indicator, assess_operation, compare, comparison_frame, no_trajectories
from peaceops.assess.result import INSUFFICIENT, NOT_MEASURED, SCORED, Assessment, IndicatorAssessment

__all__ = [
    "assess",
    "assess_operation",
    "assess_indicator",
    "compare",
    "comparison_frame",
    "no_trajectories",
    "Assessment",
    "IndicatorAssessment",
    "SCORED",
    "INSUFFICIENT",
    "NOT_MEASURED",
]


def assess(query: str, data_dir=None, **kwargs) -> Assessment:
    """Assess one operation by id or name with the shipped (or given) catalog."""

    cat = catalog.load(data_dir)
    return assess_operation(cat.registry.find(query), cat, **kwargs)
