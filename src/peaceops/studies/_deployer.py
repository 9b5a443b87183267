"""The seed's thesis as a study: outcomes and assessment scores by kind of lead.

"Russia-led operations freeze conflicts" becomes a table: for each group of
lead (UN, NATO/EU, CIS/CSTO/Russia, other), the number of deployed
operations, their conflict trajectories (from event data; "not measured"
where none is loaded), the share frozen or worse with a Wilson 95% interval,
and the mean assessment score by principle with a t-based 95% interval. A
Fisher exact test compares the share of frozen-or-worse outcomes of
CIS/CSTO/Russia-led operations with all others. Groups with fewer than
``SMALL`` measured cases are flagged: description, not evidence.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from peaceops.assess import assess_operation, no_trajectories

GROUPS = {
    "un": "UN",
    "nato-eu": "NATO/EU",
    "cis-csto-russia": "CIS/CSTO/Russia",
    "other-regional": "other",
    "other": "other",
}
GROUP_ORDER = ["UN", "NATO/EU", "CIS/CSTO/Russia", "other"]
NOT_SETTLED = ("frozen", "recurring", "escalated", "ended-by-force")
SMALL = 5


@dataclass
class GroupSummary:
    group: str
    operations: list[str]
    trajectories: dict[str, int]
    measured: int
    not_settled: int
    not_settled_share: float | None
    not_settled_ci: tuple[float, float] | None
    principle_means: dict[str, dict]
    small: bool


@dataclass
class DeployerResult:
    groups: list[GroupSummary]
    fisher: dict | None
    notes: list[str] = field(default_factory=list)
    model: dict | None = None  # the logistic models, power and cells (peaceops.studies._thesis_model)

    def to_dict(self) -> dict:
        return {
            "groups": [asdict(g) for g in self.groups],
            "fisher": self.fisher,
            "thesis_model": self.model,
            "notes": self.notes,
        }


def _wilson(successes: int, n: int) -> tuple[float, float] | None:
    if n == 0:
        return None
    from statsmodels.stats.proportion import proportion_confint  # heavy: statsmodels, loaded on first use

    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    return (round(float(low), 3), round(float(high), 3))


def _mean_ci(values: list[float]) -> dict:
    n = len(values)
    if n == 0:
        return {"mean": None, "n": 0, "ci": None}
    mean = sum(values) / n
    if n < 2:
        return {"mean": round(mean, 3), "n": n, "ci": None}
    from scipy import stats  # heavy: scipy, loaded on first use

    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = float(stats.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return {"mean": round(mean, 3), "n": n, "ci": (round(max(0.0, mean - half), 3), round(min(2.0, mean + half), 3))}


def deployer_outcomes(catalog, *, trajectory=None, sensitivity=None) -> DeployerResult:
    """Group every deployed operation by its lead; ``trajectory`` is an op -> result provider (see
    peaceops.assess.metrics); ``sensitivity``, the same without curated milestones, adds the sensitivity run."""

    trajectory = trajectory or no_trajectories
    by_group: dict[str, list] = {name: [] for name in GROUP_ORDER}
    for op in catalog.registry:
        if op.is_deployed:
            by_group[GROUPS[op.lead_group]].append(op)
    principles = [p.id for p in catalog.framework.principles]
    groups, table = [], {}
    for name in GROUP_ORDER:
        ops = sorted(by_group[name], key=lambda o: o.id)
        counts: dict[str, int] = {}
        scores: dict[str, list[float]] = {p: [] for p in principles}
        for op in ops:
            result = trajectory(op)
            label = getattr(result, "classification", None) if result is not None else "not measured"
            counts[label] = counts.get(label, 0) + 1
            assessment = assess_operation(op, catalog, trajectory=trajectory)
            for summary in assessment.principles:
                if summary.score is not None:
                    scores[summary.principle].append(summary.score)
        measured = sum(v for k, v in counts.items() if k in ("settled", *NOT_SETTLED))
        not_settled = sum(counts.get(k, 0) for k in NOT_SETTLED)
        table[name] = (not_settled, measured)
        groups.append(
            GroupSummary(
                name,
                [o.id for o in ops],
                dict(sorted(counts.items())),
                measured,
                not_settled,
                round(not_settled / measured, 3) if measured else None,
                _wilson(not_settled, measured),
                {p: _mean_ci(v) for p, v in scores.items()},
                measured < SMALL,
            )
        )
    fisher = None
    russia = table["CIS/CSTO/Russia"]
    others = [
        sum(table[g][0] for g in GROUP_ORDER if g != "CIS/CSTO/Russia"),
        sum(table[g][1] for g in GROUP_ORDER if g != "CIS/CSTO/Russia"),
    ]
    notes = []
    if russia[1] and others[1]:
        from scipy.stats import fisher_exact  # heavy: scipy, loaded on first use

        contingency = [[russia[0], russia[1] - russia[0]], [others[0], others[1] - others[0]]]
        odds, p = fisher_exact(contingency)
        fisher = {
            "contingency": contingency,
            "rows": ["CIS/CSTO/Russia", "all others"],
            "columns": ["frozen, recurring, escalated or ended by force", "settled"],
            "odds_ratio": None if math.isinf(odds) or math.isnan(odds) else round(float(odds), 3),
            "p_value": round(float(p), 4),
        }
    else:
        notes.append(
            "no trajectories measured for one side of the comparison: load event data (peaceops events load) to test "
            "the outcome part"
        )
    small = [g.group for g in groups if g.small]
    if small:
        notes.append(
            f"fewer than {SMALL} measured cases in: {', '.join(small)} — read those rows as description, not as "
            "evidence"
        )
    model = None
    if any(g.measured for g in groups):
        from peaceops.studies._thesis_model import thesis_model

        model = thesis_model(catalog.registry, trajectory, GROUPS, sensitivity=sensitivity)
        if model["power"]:
            notes.append("power: " + model["power"]["statement"])
    return DeployerResult(groups, fisher, notes, model)
