"""Schemas of data/framework.yaml: principles, indicators, rules and cue lexicons.

The rule types form a closed, discriminated set: a rule with an unknown
``type`` or a misspelt parameter fails at load, naming the file and key.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from peaceops.curated import Strict, by_language
from peaceops.vocab import (
    LEGAL_RUNGS,
    UN_RESPONSES,
    Credibility,
    LegalRung,
    Reliability,
    Stance,
    TaskCategory,
    UnResponseKind,
)

Score = Annotated[int, Field(ge=0, le=2)]


class EvidenceRule(Strict):
    type: Literal["evidence"]
    min_weight: float = Field(0.3, ge=0, description="Total evidence weight below which the rule gives no score.")
    consistent_at: float = Field(0.34, gt=0, le=1, description="Net stance at or above which the score is 2.")
    contrary_at: float = Field(-0.34, ge=-1, lt=0, description="Net stance at or below which the score is 0.")


class RegistryConsentRule(Strict):
    type: Literal["registry-consent"]
    which: Literal["host", "all"]
    min_entries: int = Field(1, ge=1)


class RegistryLeadIsPartyRule(Strict):
    type: Literal["registry-lead-is-party"]


class RegistryContributorsArePartiesRule(Strict):
    type: Literal["registry-contributors-are-parties"]


class RegistryLegalRungRule(Strict):
    type: Literal["registry-legal-rung"]
    scores: dict[LegalRung, Score]

    @model_validator(mode="after")
    def _every_rung(self):
        missing = [r for r in LEGAL_RUNGS if r not in self.scores]
        if missing:
            raise ValueError(f"scores must give every rung of the ladder; missing {missing}")
        return self


class RegistryUnResolutionRule(Strict):
    type: Literal["registry-un-resolution"]


class RegistryUnResponseRule(Strict):
    type: Literal["registry-un-response"]
    scores: dict[UnResponseKind, Score]

    @model_validator(mode="after")
    def _every_response(self):
        missing = [r for r in UN_RESPONSES if r not in self.scores]
        if missing:
            raise ValueError(f"scores must give every kind of UN response; missing {missing}")
        return self


class RegistryMultilateralRule(Strict):
    type: Literal["registry-multilateral"]
    min_contributors: int = Field(ge=2)
    max_lead_share: float = Field(gt=0, le=1)


class RegistryCreepTasksRule(Strict):
    type: Literal["registry-creep-tasks"]
    categories: list[TaskCategory] = Field(min_length=1)


class RegistrySettlementRule(Strict):
    type: Literal["registry-settlement"]
    frozen_after_years: int = Field(ge=1)


TRAJECTORIES = ("settled", "frozen", "recurring", "escalated", "ended-by-force")


class MetricTrajectoryRule(Strict):
    type: Literal["metric-trajectory"]
    scores: dict[Literal[TRAJECTORIES], Score]

    @model_validator(mode="after")
    def _every_class(self):
        missing = [t for t in TRAJECTORIES if t not in self.scores]
        if missing:
            raise ValueError(f"scores must give every trajectory class; missing {missing}")
        return self


Rule = Annotated[
    EvidenceRule
    | RegistryConsentRule
    | RegistryLeadIsPartyRule
    | RegistryContributorsArePartiesRule
    | RegistryLegalRungRule
    | RegistryUnResolutionRule
    | RegistryUnResponseRule
    | RegistryMultilateralRule
    | RegistryCreepTasksRule
    | RegistrySettlementRule
    | MetricTrajectoryRule,
    Field(discriminator="type"),
]


Cues = by_language(
    "Cues",
    "Cue words and phrases of an indicator, by language (case-insensitive; matched through lemmas and stems, and a "
    "word stem of four letters or more matches its forms).",
    "cue words and phrases",
    module=__name__,
    required=("en", "ru"),
)


class Indicator(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    principle: str
    question: str = Field(min_length=5)
    scale: dict[Score, str] = Field(description="Meaning of each score 0, 1, 2 for this indicator.")
    inputs: list[str] = Field(
        min_length=1, description="What the rules read: registry.<field>, evidence, metrics.<name>."
    )
    rules: list[Rule] = Field(min_length=1)
    combine: Literal["mean", "first"]
    cues: Cues  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _full_scale(self):
        if sorted(self.scale) != [0, 1, 2]:
            raise ValueError("scale must describe each of the scores 0, 1 and 2")
        return self


class Principle(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    group: Literal["un-principle", "success-factor", "further-test"]
    name: str
    summary: str
    reference: str


class Scale(Strict):
    min: Literal[0]
    max: Literal[2]
    levels: dict[Score, str]


class Grading(Strict):
    reliability: dict[Reliability, float]
    credibility: dict[Credibility, float]
    stance: dict[Stance, int]

    @model_validator(mode="after")
    def _complete(self):
        if len(self.reliability) != 6 or len(self.credibility) != 6 or len(self.stance) != 3:
            raise ValueError(
                "grading must weight every reliability grade A-F, every credibility grade 1-6 and every stance"
            )
        return self


class ConfidenceLevel(Strict):
    min_weight: float = Field(ge=0)
    min_agreement: float = Field(0.0, ge=0, le=1)
    min_sources: int = Field(1, ge=1)


class Confidence(Strict):
    high: ConfidenceLevel
    medium: ConfidenceLevel


class FrameworkModel(Strict):
    version: Literal[1]
    references: dict[str, str]
    scale: Scale
    grading: Grading
    confidence: Confidence
    rule_types: dict[str, str]
    principles: list[Principle] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_references(self):
        principle_ids = [p.id for p in self.principles]
        problems = []
        for index, indicator in enumerate(self.indicators):
            if indicator.principle not in principle_ids:
                problems.append(
                    f"indicators[{index}] ({indicator.id}).principle: unknown principle {indicator.principle!r}; "
                    f"expected one of {principle_ids}"
                )
        seen = set()
        for index, indicator in enumerate(self.indicators):
            if indicator.id in seen:
                problems.append(f"indicators[{index}].id: duplicate indicator id {indicator.id!r}")
            seen.add(indicator.id)
        for index, principle in enumerate(self.principles):
            if principle.reference not in self.references:
                problems.append(
                    f"principles[{index}] ({principle.id}).reference: unknown reference {principle.reference!r}"
                )
        documented = set(self.rule_types)
        for indicator in self.indicators:
            for rule in indicator.rules:
                if rule.type not in documented:
                    problems.append(f"rule_types: rule type {rule.type!r} used by {indicator.id} is not documented")
        if problems:
            raise ValueError("; ".join(problems))
        return self
