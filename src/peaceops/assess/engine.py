"""Apply the framework's rules to an operation and explain each score.

>>> from peaceops import assess, catalog
>>> cat = catalog.load()
>>> result = assess.assess_operation(cat.registry.get("<operation id>"), cat)
>>> result.indicator("legal-basis").rationale
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from peaceops.assess.result import (
    CONFIDENCE_ORDER,
    INSUFFICIENT,
    NO_SCORE,
    NOT_MEASURED,
    SCORED,
    Assessment,
    IndicatorAssessment,
    PrincipleSummary,
    RuleResult,
)
from peaceops.assess.rules import RULES
from peaceops.evidence import RELIABILITY, GradeFilter

TrajectoryProvider = Callable[[object], object | None]


def no_trajectories(op) -> None:
    """The default when no event data is available: every metric is 'not measured'."""
    return None


@dataclass
class RuleContext:
    catalog: object
    indicator: object
    grade_filter: GradeFilter
    trajectory: TrajectoryProvider
    as_of: dt.date

    def counts(self, source_ids) -> bool:
        """A registry fact counts when at least one of its sources survives the filter."""
        for source_id in source_ids:
            if source_id in self.grade_filter.exclude_sources:
                continue
            if self.grade_filter.min_grade:
                source = self.catalog.registry.sources.get(source_id)
                if source is None or RELIABILITY.index(source.reliability) > RELIABILITY.index(
                    self.grade_filter.min_grade[0]
                ):
                    continue
            return True
        return False

    def fact_confidence(self, source_ids) -> str:
        grades = [
            self.catalog.registry.sources[s].reliability for s in source_ids if s in self.catalog.registry.sources
        ]
        return "high" if any(g in "AB" for g in grades) else "medium"


def assess_indicator(op, indicator, ctx: RuleContext) -> IndicatorAssessment:
    results: list[RuleResult] = [RULES[rule.type](rule, op, ctx) for rule in indicator.rules]
    scored = [r for r in results if r.status == SCORED]
    if scored:
        chosen = scored[:1] if indicator.combine == "first" else scored
        score = sum(r.score for r in chosen) / len(chosen)
        confidence = min((r.confidence or "low" for r in chosen), key=CONFIDENCE_ORDER.index)
        disagreement = len(chosen) > 1 and max(r.score for r in chosen) - min(r.score for r in chosen) >= 2
        if disagreement and confidence != "low":
            confidence = CONFIDENCE_ORDER[CONFIDENCE_ORDER.index(confidence) - 1]
        level_score = int(score + 0.5)  # round half up: 1.5 -> 2
        level = indicator.scale[level_score]
        how = "mean of" if indicator.combine == "mean" and len(chosen) > 1 else "from"
        rationale = f"{score:g} ({level}) {how} " + "; ".join(f"[{r.rule}] {r.detail}" for r in chosen)
        if disagreement:
            rationale += " — the rules disagree (0 against 2): confidence lowered"
        status = SCORED
    else:
        score = level = confidence = None
        status = (
            NOT_MEASURED
            if any(r.status == NOT_MEASURED for r in results)
            and all(r.status in (NOT_MEASURED, NO_SCORE) for r in results)
            else INSUFFICIENT
        )
        rationale = f"{status}: " + "; ".join(f"[{r.rule}] {r.detail}" for r in results)
    return IndicatorAssessment(
        op.id, indicator.id, indicator.principle, status, score, level, confidence, rationale, results
    )


def assess_operation(
    op,
    catalog,
    *,
    grade_filter: GradeFilter | None = None,
    trajectory: TrajectoryProvider = no_trajectories,
    as_of: dt.date | None = None,
) -> Assessment:
    """Every indicator of the framework for one operation, with the same rules as every other."""
    grade_filter = grade_filter or GradeFilter()
    as_of = as_of or dt.date.today()
    items = []
    for indicator in catalog.framework.indicators:
        ctx = RuleContext(catalog, indicator, grade_filter, trajectory, as_of)
        items.append(assess_indicator(op, indicator, ctx))
    principles = []
    for principle in catalog.framework.principles:
        mine = [i for i in items if i.principle == principle.id]
        scores = [i.score for i in mine if i.score is not None]
        statuses: dict[str, int] = {}
        for i in mine:
            statuses[i.status] = statuses.get(i.status, 0) + 1
        principles.append(
            PrincipleSummary(
                principle.id,
                principle.name,
                round(sum(scores) / len(scores), 3) if scores else None,
                len(scores),
                len(mine),
                statuses,
            )
        )
    return Assessment(op.id, grade_filter.describe(), items, principles)


def compare(ops, catalog, **kwargs) -> list[Assessment]:
    return [assess_operation(op, catalog, **kwargs) for op in ops]


def comparison_frame(assessments: list[Assessment], *, by: str = "principle"):
    """Principles (or indicators) as rows, operations as columns: the shape of the seed's comparison."""
    import pandas as pd  # heavy: pandas, loaded on first use

    columns = {}
    for a in assessments:
        if by == "principle":
            columns[a.operation] = {p.principle: p.score for p in a.principles}
        else:
            columns[a.operation] = {i.indicator: i.score for i in a.indicators}
    return pd.DataFrame(columns)
