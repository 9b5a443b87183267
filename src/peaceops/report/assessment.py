"""The assessment as the report shows it: principles, their indicators, the rules that fired and the graded evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peaceops.present import format as fmt
from peaceops.report.model import EvidenceView, IndicatorView, PrincipleView, RuleView

if TYPE_CHECKING:
    from peaceops.present.citations import Bibliography

score_text = fmt.score  # the one score format of every face


def level_of(value: float | None, levels: dict) -> tuple[str, str]:
    """(level name, css class) of a 0..2 score, rounded half up as the engine rounds."""
    if value is None:
        return "", "na"
    rounded = int(value + 0.5)
    return levels[rounded], f"s{rounded}"


def anchor(operation_id: str, part: str) -> str:
    return f"{operation_id}--{part}"


def reference_number(catalog, bib: Bibliography, key: str) -> int:
    text = catalog.framework.model.references.get(key, key)
    return bib.cite_text(f"framework:{key}", text, kind="method")


def principle_view(assessment, principle_id: str, catalog, bib: Bibliography) -> PrincipleView:
    fw = catalog.framework
    principle = fw.principle(principle_id)
    summary = assessment.principle(principle_id)
    level, css = level_of(summary.score, fw.model.scale.levels)
    unscored = {status: n for status, n in summary.statuses.items() if status != "scored"}
    if summary.score is None:
        level = "not measured" if set(unscored) == {"not measured"} else "insufficient evidence"
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(unscored.items()))
    ref = reference_number(catalog, bib, principle.reference)
    indicators = [
        indicator_view(assessment.indicator(ind.id), ind, catalog, bib) for ind in fw.indicators_of(principle_id)
    ]
    return PrincipleView(
        principle.id,
        principle.name,
        principle.group,
        principle.summary,
        [ref],
        score_text(summary.score),
        level,
        css,
        summary.scored,
        summary.total,
        statuses,
        indicators,
        anchor(assessment.operation, principle.id),
    )


def indicator_view(item, indicator, catalog, bib: Bibliography) -> IndicatorView:
    level, css = level_of(item.score, indicator.scale)
    rules = [
        RuleView(
            r.rule,
            r.status,
            score_text(r.score) if r.score is not None else "",
            r.confidence or "",
            r.detail,
            list(r.facts),
            ", ".join(f"{k} = {_metric(v)}" for k, v in sorted(r.metrics.items())),
        )
        for r in item.rules
    ]
    counted = set(item.evidence_ids)
    evidence = []
    for ev in catalog.evidence_for(item.operation, item.indicator):
        evidence.append(
            EvidenceView(
                ev.id,
                ev.item.stance,
                ev.grade,
                ev.item.text,
                bool(ev.item.quote),
                ev.item.locator,
                bib.cite([ev.source]),
                ev.item.reviewed_by or "peaceops curators (data/evidence)",
                ev.item.note,
                ev.id in counted,
            )
        )
    scale = "; ".join(f"{k} = {v}" for k, v in sorted(indicator.scale.items()))
    return IndicatorView(
        item.indicator,
        item.principle,
        indicator.question,
        scale,
        indicator.combine,
        item.status,
        score_text(item.score),
        level or "",
        item.confidence or "",
        css,
        item.rationale,
        rules,
        evidence,
        anchor(item.operation, f"{item.principle}--{item.indicator}"),
    )


def _metric(value) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
