"""Fortna's ceasefire data: does peace last longer after civil war when peacekeepers are present?

One row of ``fortna_pk_pkept.dta`` is a period of a ceasefire spell: a spell
starts at the ceasefire (``t0`` of its first row) and ends when war resumes
(``failed`` = 1) or at the end of 2004, when observation stops. Peacekeeping
can change within a spell, so a spell may have several rows (``pk_dum``,
``chapter``, ``pkwho`` time-varying). The codebook defines:

* peacekeeping: ``pk_dum`` = 1 when a monitoring, interpositional,
  multidimensional or enforcement mission is present (``pkop`` > 1); political
  missions (``pkop`` = 1) do not count;
* mission type: ``chapter`` 1 = consent-based peacekeeping (``pkop`` 2-4),
  2 = enforcement (``pkop`` = 5);
* deployer: ``pkwho`` 1 = UN, 2 = regional organisation (OAU, OAS, ECOWAS,
  OSCE, NATO), 3 = led by a great or regional power (US, Russia/CIS,
  Australia, France, Syria, …); ``pkwhoC`` is the deployer of a spell's
  highest mission type, coded for post-Cold War spells.

For the shares and Kaplan–Meier curves each spell is counted once, by the
most the spell saw (any peacekeeping; its highest mission type; the deployer
of that mission). The Cox models use the periods, so peacekeeping enters as
the time-varying covariate it is in the data.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peaceops.errors import UsageError
from peaceops.studies import files
from peaceops.studies.errors import StudyDataError, StudyFitError
from peaceops.studies.published import Comparison, compare, load_published

if TYPE_CHECKING:
    from pathlib import Path

CITATION = (
    "Fortna, Virginia Page (2008). Does Peacekeeping Work? Shaping Belligerents' Choices after Civil War. "
    "Princeton University Press; data and codebook 'Peacekeeping and the Peacekept' (Fortna), as redistributed in "
    "Gelman, Hill and Vehtari's ROS-Examples (Peacekeeping/data/pk&pkept.dta)."
)
COLUMNS = [
    "id",
    "cname",
    "t0",
    "t1",
    "failed",
    "morewar",
    "pcw",
    "pk_dum",
    "pkop",
    "chapter",
    "consent",
    "enforce",
    "pkwho",
    "pkwhoC",
    "victory",
    "treaty",
    "logcost",
    "wardur",
    "wartype",
]
SAMPLES = {
    "post-cold-war": "ceasefires in civil wars ending after the Cold War (pcw = 1: 1989-1999)",
    "all": "all ceasefires in the file (1947-1999)",
}
NO_PK = "no peacekeeping"
TYPE_LABELS = {0: NO_PK, 1: "consent-based", 2: "enforcement"}
DEPLOYER_LABELS = {1: "UN", 2: "regional organisation", 3: "great or regional power"}
GROUPINGS = {
    "peacekeeping": "peacekeepers present at any time during the ceasefire (pk_dum)",
    "mission type": "highest mission type during the ceasefire (chapter: consent-based pkop 2-4, enforcement pkop 5)",
    "deployer": "who deployed the highest mission (pkwhoC, else pkwho)",
}
CONTROLS = {
    "victory": "war ended in military victory (vs truce or settlement)",
    "treaty": "war ended in a peace agreement",
    "logcost": "log of deaths and displaced",
    "log_war_duration": "log(1 + war duration in years)",
    "identity_war": "identity-based war (wartype)",
}
OBSERVATION_END = "2004-12-31"


@dataclass
class FortnaResult:
    """What :func:`fortna` returns; ``to_dict()`` gives the JSON form."""

    sample: str
    spells: object  # DataFrame, one row per ceasefire
    shares: object  # DataFrame: grouping, group, ceasefires, war_resumed, held, share_held, km_2y, km_5y, median_years
    curves: object  # DataFrame: grouping, group, years, survival, ci_low, ci_high
    cox: object  # DataFrame: model, adjusted, term, role, hazard_ratio, ci_low, ci_high, p, ceasefires, wars_resumed
    headline: dict  # the figures the demo and the comparisons use
    comparisons: list[Comparison]
    notes: list[str] = field(default_factory=list)
    files: dict = field(default_factory=dict)
    citation: str = CITATION

    def to_dict(self) -> dict:
        def records(frame):
            return [{k: _num(v) for k, v in r.items()} for r in frame.to_dict("records")]

        return {
            "study": "fortna",
            "citation": self.citation,
            "sample": {"name": self.sample, "description": SAMPLES[self.sample], "ceasefires": int(len(self.spells))},
            "groupings": GROUPINGS,
            "headline": self.headline,
            "ceasefires": records(self.spells.reset_index().rename(columns={"index": "id"})),
            "shares": records(self.shares),
            "cox": records(self.cox),
            "controls": CONTROLS,
            "survival_curves": records(self.curves),
            "comparisons": [c.to_dict() for c in self.comparisons],
            "notes": self.notes,
            "files": self.files,
        }


def _num(value):
    if isinstance(value, dt.datetime):  # pandas Timestamps included: the data's dates are days
        return value.date().isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def load(studies_dir: Path):
    path = files.require_file(studies_dir, files.FORTNA, "Fortna ceasefire data")
    raw = files.read_stata(path, columns=COLUMNS, what="Fortna ceasefire data")
    for column in ("t0", "t1"):
        if raw[column].isna().any():
            row = int(raw[column].isna().idxmax())
            raise StudyDataError(
                f"Fortna ceasefire data at {path}: {column} (period dates) is missing in data row {row + 1}"
            )
    if (raw["t1"] < raw["t0"]).any():
        row = int((raw["t1"] < raw["t0"]).idxmax())
        raise StudyDataError(f"Fortna ceasefire data at {path}: period ends before it starts in data row {row + 1}")
    if not raw["failed"].isin([0, 1]).all():
        raise StudyDataError(f"Fortna ceasefire data at {path}: 'failed' must be 0 or 1 on every row")
    return raw.sort_values(["id", "t0"]).reset_index(drop=True), path


def spells(raw):
    """One row per ceasefire, with its duration, outcome and the peacekeeping it saw."""
    import numpy as np  # heavy: numpy, loaded on first use
    import pandas as pd  # heavy: pandas, loaded on first use

    grouped = raw.groupby("id", sort=True)
    table = grouped.agg(
        name=("cname", "first"),
        ceasefire=("t0", "first"),
        end=("t1", "last"),
        war_resumed=("failed", "max"),
        pcw=("pcw", "first"),
        peacekeeping=("pk_dum", "max"),
        mission=("chapter", "max"),
        deployer_c=("pkwhoC", "first"),
        periods=("t0", "size"),
    )
    # deployer of the spell's highest mission when the time-constant code is absent (pre-1989 spells)
    with_pk = raw[raw["pk_dum"] == 1].sort_values(["id", "pkop"])
    fallback = with_pk.groupby("id")["pkwho"].last()
    deployer = table["deployer_c"].where(table["deployer_c"].notna(), fallback.reindex(table.index))
    table["years"] = (table["end"] - table["ceasefire"]).dt.days / 365.25
    table["war_resumed"] = table["war_resumed"].astype(int)
    table["peacekeeping"] = np.where(table["peacekeeping"] == 1, "with peacekeepers", "without peacekeepers")
    table["mission type"] = table["mission"].fillna(0).astype(int).map(TYPE_LABELS)
    table["deployer"] = [
        NO_PK
        if pk == "without peacekeepers"
        else DEPLOYER_LABELS.get(int(who), "not coded")
        if pd.notna(who)
        else "not coded"
        for pk, who in zip(table["peacekeeping"], deployer, strict=True)
    ]
    table["post_cold_war"] = table["pcw"] == 1
    table.index = table.index.astype(int)
    return table[
        [
            "name",
            "ceasefire",
            "end",
            "years",
            "war_resumed",
            "post_cold_war",
            "periods",
            "peacekeeping",
            "mission type",
            "deployer",
        ]
    ]


def ros_shares(raw) -> dict:
    """The comparison of Regression and Other Stories, Figure 1.3: post-Cold War spells, grouped by pk_dum in their
    first period."""
    first = raw.groupby("id", sort=True).first()
    first = first[first["pcw"] == 1]
    held = first["morewar"] == 0
    with_pk = first["pk_dum"] == 1
    return {
        "with_pk": {
            "ceasefires": int(with_pk.sum()),
            "held": int((held & with_pk).sum()),
            "share_held": float(held[with_pk].mean()),
        },
        "without_pk": {
            "ceasefires": int((~with_pk).sum()),
            "held": int((held & ~with_pk).sum()),
            "share_held": float(held[~with_pk].mean()),
        },
    }


def stset_summary(raw) -> dict:
    """What Stata's ``stset t1, id(id) failure(failed) time0(t0) origin(time t0)`` reports, computed from the dates."""
    origin = raw.groupby("id")["t0"].transform("min")
    t_exit = (raw["t1"] - origin).dt.days
    t_entry = (raw["t0"] - origin).dt.days
    return {
        "observations": int(len(raw)),
        "subjects": int(raw["id"].nunique()),
        "failures": int(raw["failed"].sum()),
        "time_at_risk_days": int((t_exit - t_entry).sum()),
        "last_exit_days": int(t_exit.max()),
    }


def _km(table, grouping: str):
    """Kaplan–Meier fits per group (statsmodels SurvfuncRight): the summary rows and the curves.

    The curves carry pointwise 95% intervals on the log(-log) scale (Kalbfleisch
    and Prentice), from the Greenwood standard errors statsmodels reports.
    """
    import numpy as np  # heavy: numpy, loaded on first use
    import statsmodels.api as sm  # heavy: statsmodels, loaded on first use

    order = {
        "peacekeeping": ["without peacekeepers", "with peacekeepers"],
        "mission type": list(TYPE_LABELS.values()),
        "deployer": [NO_PK, *DEPLOYER_LABELS.values(), "not coded"],
    }[grouping]
    rows, curves = [], []
    for group in order:
        part = table[table[grouping] == group]
        if part.empty:
            continue
        fitted = sm.SurvfuncRight(part["years"].to_numpy(float), part["war_resumed"].to_numpy(int))
        times = np.r_[0.0, fitted.surv_times]
        surv = np.r_[1.0, fitted.surv_prob]
        low, high = _loglog_interval(surv, np.r_[0.0, fitted.surv_prob_se])

        def at(t: float, surv=surv, times=times) -> float:
            return float(surv[np.searchsorted(times, t, side="right") - 1])

        median = float(fitted.quantile(0.5))
        rows.append(
            {
                "grouping": grouping,
                "group": group,
                "ceasefires": int(len(part)),
                "war_resumed": int(part["war_resumed"].sum()),
                "held": int((part["war_resumed"] == 0).sum()),
                "share_held": float((part["war_resumed"] == 0).mean()),
                "km_2y": at(2.0),
                "km_5y": at(5.0),
                "median_years": median if math.isfinite(median) else None,
            }
        )
        # the step function, carried on to the longest follow-up so that the chart shows the censored tail
        end = float(part["years"].max())
        if end > times[-1]:
            times, surv, low, high = (
                np.r_[times, end],
                np.r_[surv, surv[-1]],
                np.r_[low, low[-1]],
                np.r_[high, high[-1]],
            )
        for years, value, lo, hi in zip(times, surv, low, high, strict=True):
            curves.append(
                {
                    "grouping": grouping,
                    "group": group,
                    "years": float(years),
                    "survival": float(value),
                    "ci_low": float(lo),
                    "ci_high": float(hi),
                }
            )
    return rows, curves


def _loglog_interval(surv, se, z: float = 1.959964):
    """Pointwise interval S^exp(±z·se/(S·log S)); where S is 1 or 0 the interval is the point."""
    import numpy as np  # heavy: numpy, loaded on first use

    with np.errstate(divide="ignore", invalid="ignore"):
        scale = z * se / (surv * np.log(surv))
        low, high = surv ** np.exp(-scale), surv ** np.exp(scale)
    degenerate = (surv >= 1.0) | (surv <= 0.0) | ~np.isfinite(scale)
    return np.where(degenerate, surv, np.minimum(low, high)), np.where(degenerate, surv, np.maximum(low, high))


def periods(raw, sample: str):
    """The time-varying rows in years since the ceasefire, with the covariates of the Cox models."""
    import numpy as np  # heavy: numpy, loaded on first use

    rows = raw if sample == "all" else raw[raw["pcw"] == 1]
    origin = rows.groupby("id")["t0"].transform("min")
    frame = rows[["id"]].copy()
    frame["start"] = (rows["t0"] - origin).dt.days / 365.25
    frame["stop"] = (rows["t1"] - origin).dt.days / 365.25
    frame["event"] = rows["failed"].astype(int)
    pk = rows["pk_dum"] == 1
    frame["peacekeepers"] = pk.astype(int)
    frame["consent-based"] = (rows["consent"] == 1).astype(int)
    frame["enforcement"] = (rows["enforce"] == 1).astype(int)
    frame["UN"] = (pk & (rows["pkwho"] == 1)).astype(int)
    frame["regional organisation"] = (pk & (rows["pkwho"] == 2)).astype(int)
    frame["great or regional power"] = (pk & (rows["pkwho"] == 3)).astype(int)
    frame["deployer not coded"] = (pk & rows["pkwho"].isna()).astype(int)
    frame["victory"] = rows["victory"]
    frame["treaty"] = rows["treaty"]
    frame["logcost"] = rows["logcost"]
    frame["log_war_duration"] = np.log1p(rows["wardur"])
    frame["identity_war"] = rows["wartype"].astype(float)
    # a zero-length period adds nothing to the likelihood
    return frame[frame["stop"] > frame["start"]]


def _cox(frame, terms: list[str], controls: list[str]):
    """Cox model on the periods (counting-process form: each period at risk from its start to its stop),
    with statsmodels PHReg and Breslow's handling of ties, Stata's default."""
    import numpy as np  # heavy: numpy, loaded on first use
    import statsmodels.api as sm  # heavy: statsmodels, loaded on first use

    terms = [t for t in terms if frame[t].any()]  # a group absent from the sample cannot be estimated
    data = frame[["id", "start", "stop", "event", *terms, *controls]].dropna()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = sm.PHReg(
                data["stop"], data[[*terms, *controls]], status=data["event"], entry=data["start"], ties="breslow"
            )
            fitted = model.fit()
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise StudyFitError(
                f"the Cox model with {', '.join(terms + controls)} could not be estimated: {exc}"
            ) from None
    params, bse = np.asarray(fitted.params), np.asarray(fitted.bse)
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(bse))):
        raise StudyFitError(f"the Cox model with {', '.join(terms + controls)} did not converge on these data")
    interval = np.exp(np.asarray(fitted.conf_int()))
    out = []
    for index, term in enumerate([*terms, *controls]):
        out.append(
            {
                "term": term,
                "role": "control" if term in controls else "peacekeeping",
                "hazard_ratio": float(np.exp(params[index])),
                "ci_low": float(interval[index, 0]),
                "ci_high": float(interval[index, 1]),
                "p": float(np.asarray(fitted.pvalues)[index]),
                "ceasefires": int(data["id"].nunique()),
                "wars_resumed": int(data["event"].sum()),
            }
        )
    return out


def _codebook_gap(stset: dict, published) -> tuple[str, str]:
    """Say how the shipped file differs from the one the codebook's stset output was made on: (short, full)."""
    subjects = int(published["fortna.codebook_subjects"].value)
    failures = int(published["fortna.codebook_failures"].value)
    days = int(published["fortna.codebook_time_at_risk"].value)
    text = (
        f"The shipped file has {stset['subjects']} spells, {stset['failures']} failures and "
        f"{stset['time_at_risk_days']:,} days at risk, "
        f"against {subjects}, {failures} and {days:,} in the codebook's stset output"
    )
    if (subjects - stset["subjects"], failures - stset["failures"]) == (1, 1):
        short = (
            f"one spell that ended in war, {days - stset['time_at_risk_days']:,} days long, "
            "is not in this version of the file (see the notes)"
        )
        text += ": " + short.replace(" (see the notes)", "")
    elif (subjects, failures, days) == (stset["subjects"], stset["failures"], stset["time_at_risk_days"]):
        return "the file matches the codebook's stset output", "The file matches the codebook's stset output."
    else:
        short = "this file is not the version the codebook's stset output was made on (see the notes)"
    text += (
        ". The codebook's output was made on an earlier version of the data (the earlier pk&pkept_old.dta also has 157 "
        "spells "
        "and 85 failures); which spell was removed is not documented."
    )
    return short, text


def cox_models(raw, sample: str):
    import pandas as pd  # heavy: pandas, loaded on first use

    frame = periods(raw, sample)
    specs = {
        "peacekeeping": ["peacekeepers"],
        "mission type": ["consent-based", "enforcement"],
        "deployer": ["UN", "regional organisation", "great or regional power", "deployer not coded"],
    }
    rows = []
    for model, terms in specs.items():
        for adjusted in (False, True):
            for row in _cox(frame, terms, list(CONTROLS) if adjusted else []):
                rows.append({"model": model, "adjusted": adjusted, **row})
    return pd.DataFrame(rows)


def fortna(studies_dir: str | Path | None = None, *, sample: str = "post-cold-war") -> FortnaResult:
    """Shares of ceasefires that held, Kaplan–Meier curves and Cox models, with and without peacekeepers,
    by mission type and by deployer; compared with the published figures.

    ``sample`` is ``"post-cold-war"`` (the default: the 1989-1999 ceasefires the
    codebook covers and for which the time-constant codes exist) or ``"all"``.
    """
    import pandas as pd  # heavy: pandas, loaded on first use

    if sample not in SAMPLES:
        raise UsageError(f"unknown sample {sample!r}; expected one of: {', '.join(SAMPLES)}")
    folder = files.resolve_studies_dir(studies_dir)
    published = load_published(folder)
    raw, path = load(folder)

    table = spells(raw)
    if sample == "post-cold-war":
        table = table[table["post_cold_war"]]
    share_rows, curve_rows = [], []
    for grouping in GROUPINGS:
        rows, curves = _km(table, grouping)
        share_rows += rows
        curve_rows += curves
    shares = pd.DataFrame(share_rows)
    curves = pd.DataFrame(curve_rows)
    cox = cox_models(raw, sample)

    ros = ros_shares(raw)
    stset = stset_summary(raw)
    pk_adjusted = cox[(cox.model == "peacekeeping") & cox.adjusted & (cox.term == "peacekeepers")].iloc[0]
    pk_plain = cox[(cox.model == "peacekeeping") & ~cox.adjusted & (cox.term == "peacekeepers")].iloc[0]
    headline = {
        "ros_figure_1_3": ros,
        "stset": stset,
        "hazard_ratio_unadjusted": {
            k: _num(pk_plain[k]) for k in ("hazard_ratio", "ci_low", "ci_high", "p", "ceasefires", "wars_resumed")
        },
        "hazard_ratio_adjusted": {
            k: _num(pk_adjusted[k]) for k in ("hazard_ratio", "ci_low", "ci_high", "p", "ceasefires", "wars_resumed")
        },
    }

    gap_short, codebook_gap = _codebook_gap(stset, published)
    comparisons = [
        compare(
            published["fortna.ros_held_with_pk"],
            ros["with_pk"]["share_held"],
            explanation="Regression and Other Stories used pk&pkept_old.dta, an earlier version of this file",
        ),
        compare(
            published["fortna.ros_held_without_pk"],
            ros["without_pk"]["share_held"],
            explanation="Regression and Other Stories used pk&pkept_old.dta, an earlier version of this file",
        ),
        compare(published["fortna.codebook_subjects"], stset["subjects"], explanation=gap_short),
        compare(published["fortna.codebook_failures"], stset["failures"], explanation=gap_short),
        compare(published["fortna.codebook_time_at_risk"], stset["time_at_risk_days"], explanation=gap_short),
        compare(published["fortna.codebook_last_exit"], stset["last_exit_days"], explanation=gap_short),
        compare(
            published["fortna.hazard_ratio_range"],
            float(pk_adjusted["hazard_ratio"]),
            explanation="our controls are a selection from the file's variables, not Fortna's exact specification",
        ),
        compare(
            published["fortna.book_cox_table"],
            float(pk_adjusted["hazard_ratio"]),
            explanation=(
                "reproduced: the adjusted hazard ratio with peacekeepers present; "
                "by type and deployer see the Cox table"
            ),
        ),
    ]
    notes = [
        f"Sample: {SAMPLES[sample]}; {len(table)} ceasefires, {int(table['war_resumed'].sum())} followed by renewed "
        "war.",
        f"A ceasefire 'held' when war had not resumed by {OBSERVATION_END}, when observation ends; the latest "
        "ceasefire began "
        f"on {table['ceasefire'].max():%Y-%m-%d}, so every ceasefire was observed for at least "
        f"{(pd.Timestamp(OBSERVATION_END) - table['ceasefire'].max()).days / 365.25:.1f} years.",
        "Shares and Kaplan-Meier curves count each ceasefire once, by the most peacekeeping it saw; the Cox models use "
        "the "
        "file's periods, so peacekeeping is a time-varying covariate, as in the codebook's stset set-up.",
        "Adjusted Cox models control for "
        + "; ".join(CONTROLS.values())
        + ". These controls are our choice among the file's "
        "variables; Fortna's own specification was not available to compare with.",
        "Cox models are fitted with statsmodels' PHReg in counting-process form (each period at risk from its start to "
        "its "
        "stop), ties handled by Breslow's method as in Stata's stcox; Kaplan-Meier intervals are pointwise, on the "
        "log(-log) scale.",
        "The unadjusted hazard ratios mix the effect of peacekeepers with where they are sent (if they are sent to "
        "harder cases, "
        "the unadjusted ratio understates their effect); the adjusted models account for part of this.",
        codebook_gap,
    ]
    return FortnaResult(
        sample=sample,
        spells=table,
        shares=shares,
        curves=curves,
        cox=cox,
        headline=headline,
        comparisons=comparisons,
        notes=notes,
        files={"data": {"path": str(path), "sha256": files.sha256(path)}},
    )
