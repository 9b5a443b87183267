"""The seed's thesis as a model: is "frozen or worse" more likely under some kinds of lead, other things equal?

One row per deployed operation with a measured trajectory. Outcome: 1 when the trajectory is frozen, recurring,
escalated or ended by force, 0 when settled. Two logistic models (statsmodels GLM, binomial, logit link):

* **by lead group**: UN (reference), NATO/EU, CIS/CSTO/Russia, other;
* **by who leads**: led by a regional power in its own neighbourhood (registry field ``regional_power``) against
  every other lead, multilateral or extra-regional.

Controls, where the data allow: violence before deployment (log(1 + the baseline's mean deaths a year)), conflict
type (the UCDP incompatibility of the operation's first UCDP conflict: territory, government, or unknown; from
``data/studies/ucdp_incompatibility.csv``), duration of the deployment in years, and the decade it started
(as a number, to spare degrees of freedom). Effects are odds ratios with 95% Wald intervals. A model the data
cannot fit (perfect separation, too few cases) says so instead of printing numbers.

Power: for the CIS/CSTO/Russia group against all others, the smallest difference in the share "frozen or worse"
a two-sided test at the 5% level would detect with 80% power, given the group sizes (Cohen's h, normal
approximation; statsmodels ``NormalIndPower``).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import warnings
from pathlib import Path

from peaceops.studies._deployer import NOT_SETTLED

LEAD_LEVELS = ["UN", "NATO/EU", "CIS/CSTO/Russia", "other"]
INCOMPATIBILITY_FILE = "studies/ucdp_incompatibility.csv"


def incompatibilities(data_dir: Path) -> dict[int, str]:
    path = Path(data_dir) / INCOMPATIBILITY_FILE
    if not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {int(row["ucdp_conflict_id"]): row["incompatibility"] for row in csv.DictReader(handle)}


def design(registry, trajectory, groups: dict[str, str], today: dt.date | None = None):
    """The model's frame: one row per deployed operation whose trajectory was measured."""
    import pandas as pd  # heavy: pandas, loaded on first use

    today = today or dt.date.today()
    kinds = incompatibilities(registry.data_dir)
    rows = []
    for op in registry:
        if not op.is_deployed or op.start is None:
            continue
        result = trajectory(op)
        label = getattr(result, "classification", None)
        if label not in ("settled", *NOT_SETTLED):
            continue
        numbers = getattr(result, "numbers", None)
        baseline = getattr(numbers, "baseline_mean_deaths", None) if numbers is not None else None
        if baseline is None and isinstance(numbers, dict):
            baseline = numbers.get("baseline_mean_deaths")
        start = op.start.date.earliest()
        end = op.end.date.latest() if op.end else today
        first_conflict = op.ucdp_conflicts.value[0] if op.ucdp_conflicts else None
        rows.append(
            {
                "operation_id": op.id,
                "outcome": label,
                "not_settled": int(label in NOT_SETTLED),
                "lead": groups[op.lead_group],
                "regional_power": int(op.regional_power is not None),
                "log_baseline_deaths": math.log1p(float(baseline or 0.0)),
                "incompatibility": kinds.get(first_conflict, "unknown") if first_conflict else "unknown",
                "duration_years": max(0.0, (end - start).days / 365.25),
                "decade": (start.year // 10) * 10,
            }
        )
    return pd.DataFrame(rows)


def fit(frame, formula: str, terms: dict[str, str]) -> dict:
    """Odds ratios with 95% intervals for ``terms`` (model term -> label), or why the model could not be fit."""
    import numpy as np
    import statsmodels.api as sm  # heavy: statsmodels, loaded on first use
    import statsmodels.formula.api as smf

    if len(frame) < 10 or frame.not_settled.nunique() < 2:
        return {"formula": formula, "n": len(frame), "error": "too few cases, or every outcome the same"}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a separation or convergence warning is a failed fit, not a result
            result = smf.glm(formula, data=frame, family=sm.families.Binomial()).fit()
    except Exception as exc:  # PerfectSeparationError, convergence, singular design
        return {"formula": formula, "n": len(frame), "error": f"not estimable: {type(exc).__name__}: {exc}"}
    conf = result.conf_int()
    effects = []
    for term, label in terms.items():
        if term not in result.params.index:
            effects.append({"term": label, "odds_ratio": None, "ci": None, "p_value": None, "note": "no cases"})
            continue
        low, high = conf.loc[term]
        effects.append(
            {
                "term": label,
                "odds_ratio": round(float(np.exp(result.params[term])), 3),
                "ci": (round(float(np.exp(low)), 3), round(float(np.exp(high)), 3)),
                "p_value": round(float(result.pvalues[term]), 4),
            }
        )
    return {"formula": formula, "n": int(result.nobs), "effects": effects, "aic": round(float(result.aic), 2)}


CONTROLS = "log_baseline_deaths + C(incompatibility) + duration_years + decade"


def models(frame) -> list[dict]:
    lead_terms = {f"C(lead, Treatment('UN'))[T.{level}]": f"lead {level} (vs UN)" for level in LEAD_LEVELS[1:]}
    by_lead = fit(frame, f"not_settled ~ C(lead, Treatment('UN')) + {CONTROLS}", lead_terms)
    by_lead["name"], by_lead["short"] = "by lead group, with controls", "controls"
    by_power = fit(frame, f"not_settled ~ regional_power + {CONTROLS}", {"regional_power": "led by a regional power"})
    by_power["name"], by_power["short"] = "regional power against every other lead, with controls", "controls"
    plain = fit(frame, "not_settled ~ C(lead, Treatment('UN'))", lead_terms)
    plain["name"], plain["short"] = "by lead group, no controls", "no controls"
    return [plain, by_lead, by_power]


def power_statement(frame, group: str = "CIS/CSTO/Russia") -> dict:
    """The smallest difference from the others' share that a 5% test has 80% power to detect."""
    from statsmodels.stats.power import NormalIndPower  # heavy: statsmodels, loaded on first use

    mine = frame[frame.lead == group]
    others = frame[frame.lead != group]
    n1, n2 = len(mine), len(others)
    if n1 < 2 or n2 < 2:
        return {"group": group, "n": n1, "others": n2, "statement": f"too few measured {group} cases to say"}
    p2 = float(others.not_settled.mean())
    h = NormalIndPower().solve_power(effect_size=None, nobs1=n1, ratio=n2 / n1, alpha=0.05, power=0.8)
    phi = math.asin(math.sqrt(p2))
    up = math.sin(min(math.pi / 2, phi + h / 2)) ** 2
    down = math.sin(max(0.0, phi - h / 2)) ** 2
    return {
        "group": group,
        "n": n1,
        "others": n2,
        "others_share": round(p2, 3),
        "cohens_h": round(float(h), 3),
        "detectable_share_above": round(up, 3),
        "detectable_share_below": round(down, 3),
        "statement": (
            f"with {n1} measured {group} operations against {n2} others (of which {p2:.0%} frozen or worse), a "
            f"5% test has 80% power only if the {group} share is above {up:.0%} or below {down:.0%} "
            f"(Cohen's h {h:.2f}); smaller differences can go unseen"
        ),
    }


def cells(frame) -> dict[str, dict[str, list[str]]]:
    """The operations in each cell of lead group by outcome, so a reader can check any one of them."""
    out: dict[str, dict[str, list[str]]] = {}
    for row in frame.sort_values("operation_id").itertuples(index=False):
        out.setdefault(row.lead, {}).setdefault(row.outcome, []).append(row.operation_id)
    return out


def thesis_model(registry, trajectory, groups: dict[str, str], *, sensitivity=None) -> dict:
    """Models, power and cells; with ``sensitivity`` (a trajectory provider without curated milestones) the same
    models on dataset years only."""
    frame = design(registry, trajectory, groups)
    out = {
        "n": len(frame),
        "outcome": "frozen, recurring, escalated or ended by force (1) against settled (0)",
        "controls": CONTROLS,
        "models": models(frame) if len(frame) else [],
        "power": power_statement(frame) if len(frame) else None,
        "cells": cells(frame) if len(frame) else {},
        "rows": frame.to_dict(orient="records") if len(frame) else [],
    }
    if sensitivity is not None:
        other = design(registry, sensitivity, groups)
        out["sensitivity"] = {
            "what": "dataset years only: curated milestones dropped",
            "n": len(other),
            "models": models(other) if len(other) else [],
        }
    return out
