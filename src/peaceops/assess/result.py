"""What an assessment is: scores with their confidence and the chain that produced them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CONFIDENCE_ORDER = ("low", "medium", "high")

SCORED = "scored"
NO_SCORE = "no score"  # the rule did not apply (e.g. no UN resolution): others decide
INSUFFICIENT = "insufficient evidence"
NOT_MEASURED = "not measured"


@dataclass
class RuleResult:
    """One rule applied to one operation."""

    rule: str
    status: str
    score: float | None = None
    confidence: str | None = None
    detail: str = ""
    evidence_ids: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # registry field paths read
    metrics: dict = field(default_factory=dict)  # metric values read


@dataclass
class IndicatorAssessment:
    operation: str
    indicator: str
    principle: str
    status: str
    score: float | None
    level: str | None
    confidence: str | None
    rationale: str
    rules: list[RuleResult]

    @property
    def evidence_ids(self) -> list[str]:
        return [i for r in self.rules for i in r.evidence_ids]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["evidence_ids"] = self.evidence_ids
        return data


@dataclass
class PrincipleSummary:
    principle: str
    name: str
    score: float | None
    scored: int
    total: int
    statuses: dict


@dataclass
class Assessment:
    """All indicators of one operation under one evidence filter."""

    operation: str
    filter: str
    indicators: list[IndicatorAssessment]
    principles: list[PrincipleSummary]

    def indicator(self, indicator_id: str) -> IndicatorAssessment:
        for item in self.indicators:
            if item.indicator == indicator_id:
                return item
        raise KeyError(indicator_id)

    def principle(self, principle_id: str) -> PrincipleSummary:
        for item in self.principles:
            if item.principle == principle_id:
                return item
        raise KeyError(principle_id)

    def as_dict(self) -> dict:
        return {
            "operation": self.operation,
            "filter": self.filter,
            "principles": [asdict(p) for p in self.principles],
            "indicators": [i.as_dict() for i in self.indicators],
        }

    def frame(self):
        """One row per indicator as a pandas DataFrame."""
        import pandas as pd  # heavy: pandas, loaded on first use

        return pd.DataFrame(
            [
                {
                    "operation": i.operation,
                    "principle": i.principle,
                    "indicator": i.indicator,
                    "status": i.status,
                    "score": i.score,
                    "level": i.level,
                    "confidence": i.confidence,
                    "evidence_ids": ";".join(i.evidence_ids),
                    "rationale": i.rationale,
                }
                for i in self.indicators
            ]
        )
