"""Hultman, Kathman & Shannon (2013): UN peacekeeping and civilian deaths, Table 1, Model 1.

A negative binomial (NB2) regression of civilians killed per conflict-month
(``osvAll``) on the UN troops, police and military observers deployed the
month before (in thousands) and the paper's controls: battle deaths the month
before, whether civilians were killed the month before, the incompatibility
(territory or government), months since the episode began, and log population.

The model is fitted on ``hks2013.csv`` (the 3,746 complete conflict-months of
the first model, as prepared by the crdata package). Standard errors are
clustered by conflict, as Stata's ``nbreg …, cluster(conflict_id)`` does; the
conflict ids come from the full replication file ``HKS_AJPS_2013.tab``, whose
complete rows are checked to be the same 3,746 rows in the same order.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peaceops.studies import files
from peaceops.studies.errors import StudyDataError, StudyFitError
from peaceops.studies.published import Comparison, compare, load_published

if TYPE_CHECKING:
    from pathlib import Path

OUTCOME = "osvAll"
TERMS = [
    "troopLag",
    "policeLag",
    "militaryobserversLag",
    "brv_AllLag",
    "osvAllLagDum",
    "incomp",
    "epduration",
    "lntpop",
]
FORMULA = f"{OUTCOME} ~ " + " + ".join(TERMS)
LABELS = {
    "Intercept": "Constant",
    "troopLag": "UN troops (thousands, t-1)",
    "policeLag": "UN police (thousands, t-1)",
    "militaryobserversLag": "UN military observers (thousands, t-1)",
    "brv_AllLag": "Battle deaths (t-1)",
    "osvAllLagDum": "Civilians killed (t-1, 0/1)",
    "incomp": "Incompatibility (1 territory, 2 government)",
    "epduration": "Months since episode began",
    "lntpop": "Population (log)",
    "alpha": "Dispersion alpha (NB2)",
}
CITATION = (
    "Hultman, Lisa, Jacob Kathman and Megan Shannon (2013). United Nations Peacekeeping and Civilian "
    "Protection in Civil War. American Journal of Political Science 57(4): 875-891. doi:10.1111/ajps.12036. "
    "Replication data: Harvard Dataverse doi:10.7910/DVN/6EBCGA."
)
#: Personnel levels (in thousands) at which the expected monthly deaths are tabulated.
TROOP_LEVELS = (0.0, 1.0, 2.0, 4.0, 8.0, 10.0)
POLICE_LEVELS = (0.0, 0.1, 0.2, 0.5, 1.0)


@dataclass
class HKSResult:
    """What :func:`hks2013` returns; ``to_dict()`` gives the JSON form."""

    coefficients: object  # pandas DataFrame indexed by term
    n: int
    log_likelihood: float
    alpha: float
    converged: bool
    clusters: int | None
    standard_errors: str
    predictions: object  # DataFrame: personnel, thousands, expected_deaths, ci_low, ci_high
    curves: object  # the same on a fine grid, for the plot
    profile: dict  # values at which the other variables are held
    effects: dict  # multiplicative effects of a given deployment on expected deaths
    comparisons: list[Comparison]
    notes: list[str] = field(default_factory=list)
    files: dict = field(default_factory=dict)
    citation: str = CITATION

    def to_dict(self) -> dict:
        coefs = []
        for term, row in self.coefficients.iterrows():
            coefs.append({"term": term, "label": LABELS.get(term, term), **{k: _num(v) for k, v in row.items()}})
        return {
            "study": "hks2013",
            "citation": self.citation,
            "model": {
                "family": "negative binomial (NB2), log link",
                "formula": FORMULA,
                "estimator": "maximum likelihood (statsmodels NegativeBinomial, Newton)",
                "n": self.n,
                "log_likelihood": self.log_likelihood,
                "alpha": self.alpha,
                "converged": self.converged,
                "standard_errors": self.standard_errors,
                "clusters": self.clusters,
            },
            "coefficients": coefs,
            "profile": self.profile,
            "predictions": [{k: _num(v) for k, v in r.items()} for r in self.predictions.to_dict("records")],
            "effects": self.effects,
            "comparisons": [c.to_dict() for c in self.comparisons],
            "notes": self.notes,
            "files": self.files,
        }


def _num(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def load_reduced(studies_dir: Path):
    """The 3,746 conflict-months of Model 1; every value present and numeric."""
    path = files.require_file(studies_dir, files.HKS_REDUCED, "HKS 2013 replication file (reduced)")
    frame = files.read_table(path, sep=",", columns=[OUTCOME, *TERMS], what="HKS 2013 replication file")
    incomplete = frame[[OUTCOME, *TERMS]].isna().any(axis=1)
    if incomplete.any():
        row = int(incomplete.idxmax())
        raise StudyDataError(
            f"HKS 2013 replication file at {path}: expected complete rows (the file holds only the first model's "
            f"complete cases), found a missing value in data row {row + 1}"
        )
    if (frame[OUTCOME] < 0).any():
        raise StudyDataError(f"HKS 2013 replication file at {path}: {OUTCOME} (civilians killed) must not be negative")
    return frame, path


def load_cluster_ids(studies_dir: Path, reduced):
    """Conflict ids for the rows of ``reduced``, from the full replication file."""
    import numpy as np  # heavy: numpy, loaded on first use

    if not (studies_dir / files.HKS_FULL).is_file():
        raise StudyDataError(
            f"HKS 2013 full replication file not found: expected {studies_dir / files.HKS_FULL}; it holds the conflict "
            "ids "
            f"for the paper's clustered standard errors. Copy data/studies/{files.HKS_FULL} from the peaceops "
            "repository "
            "there, or fit without clustering (cluster=False, --no-cluster)"
        )
    path = studies_dir / files.HKS_FULL
    full = files.read_table(
        path, sep="\t", columns=["conflict_id", OUTCOME, *TERMS], what="HKS 2013 full replication file"
    )
    complete = full.dropna(subset=[OUTCOME, *TERMS]).reset_index(drop=True)
    same = len(complete) == len(reduced) and np.allclose(
        complete[[OUTCOME, *TERMS]].to_numpy(float), reduced[[OUTCOME, *TERMS]].to_numpy(float), rtol=0, atol=1e-6
    )
    if not same:
        raise StudyDataError(
            f"the complete rows of {path} ({len(complete)}) are not the rows of {files.HKS_REDUCED} ({len(reduced)}); "
            "the two files must come from the same replication package (restore both from data/studies/), "
            "or fit without clustering (cluster=False, --no-cluster)"
        )
    if complete["conflict_id"].isna().any():
        raise StudyDataError(f"{path}: conflict_id is missing on some rows used by Model 1")
    return complete["conflict_id"].astype(int).to_numpy(), path


def fit(frame, groups=None):
    """Maximum-likelihood NB2 fit with statsmodels; clustered covariance when ``groups`` is given.

    The likelihood is hard to climb from statsmodels' default start (a Poisson
    fit whose huge over-dispersion sends Newton steps to overflow), so the
    start comes from an IRLS fit of the NB2 GLM at a fixed alpha of 1, as R's
    ``MASS::glm.nb`` starts from a fixed theta. The estimates are those of the
    full MLE that follows.
    """
    import numpy as np  # heavy: numpy, loaded on first use
    import statsmodels.api as sm  # heavy: statsmodels, loaded on first use
    import statsmodels.formula.api as smf  # heavy: statsmodels, loaded on first use

    start = np.r_[math.log(frame[OUTCOME].mean() or 1.0), np.zeros(len(TERMS))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            glm = smf.glm(FORMULA, frame, family=sm.families.NegativeBinomial(alpha=1.0)).fit(
                start_params=start, maxiter=300
            )
        except (ValueError, np.linalg.LinAlgError) as exc:
            raise StudyFitError(f"the starting GLM fit failed on these data: {exc}") from None
        model = smf.negativebinomial(FORMULA, frame)
        kwargs = {"cov_type": "cluster", "cov_kwds": {"groups": groups}} if groups is not None else {}
        result = model.fit(
            start_params=np.r_[glm.params.to_numpy(), 1.0], method="newton", maxiter=200, disp=0, **kwargs
        )
    converged = bool(result.mle_retvals.get("converged")) and np.isfinite(result.llf)
    if not converged:
        raise StudyFitError(
            "the negative binomial model did not converge on these data; check that the file is the shipped "
            "replication file"
        )
    return result


def hks2013(studies_dir: str | Path | None = None, *, cluster: bool = True) -> HKSResult:
    """Reproduce Model 1 of Table 1 and compare it with the published figures.

    ``studies_dir`` is the folder holding the replication files (default: the
    ``studies/`` folder of the curated data). With ``cluster=True`` standard
    errors are clustered by conflict (needs ``HKS_AJPS_2013.tab``); otherwise
    they are the model-based ones.
    """
    import numpy as np  # heavy: numpy, loaded on first use
    import pandas as pd  # heavy: pandas, loaded on first use

    folder = files.resolve_studies_dir(studies_dir)
    published = load_published(folder)
    frame, reduced_path = load_reduced(folder)
    used = {"reduced": {"path": str(reduced_path), "sha256": files.sha256(reduced_path)}}

    groups = None
    if cluster:
        groups, full_path = load_cluster_ids(folder, frame)
        used["full"] = {"path": str(full_path), "sha256": files.sha256(full_path)}
    result = fit(frame, groups)
    model_based = fit(frame) if groups is not None else result

    coefficients = pd.DataFrame(
        {
            "coef": result.params,
            "se": result.bse,
            "z": result.tvalues,
            "p": result.pvalues,
            "ci_low": result.conf_int()[0],
            "ci_high": result.conf_int()[1],
            "se_model_based": model_based.bse,
        }
    )
    coefficients.index.name = "term"

    profile = {t: float(frame[t].mean()) for t in TERMS}
    predictions = _predict(result, profile, {"troopLag": TROOP_LEVELS, "policeLag": POLICE_LEVELS})
    curves = _predict(result, profile, {"troopLag": np.linspace(0, 10, 41), "policeLag": np.linspace(0, 1, 41)})

    b, se = result.params, result.bse
    effects = {
        "troops_8000": _ratio(b["troopLag"], se["troopLag"], 8.0),
        "police_200": _ratio(b["policeLag"], se["policeLag"], 0.2),
        "police_500": _ratio(b["policeLag"], se["policeLag"], 0.5),
        "observers_100": _ratio(b["militaryobserversLag"], se["militaryobserversLag"], 0.1),
    }
    base = float(
        predictions.loc[(predictions.personnel == "troopLag") & (predictions.thousands == 0), "expected_deaths"].iloc[0]
    )
    level_note = (
        f"At the sample means of the other variables the model expects {base:.1f} civilian deaths a month with no "
        "troops; "
        "the paper's baselines (106 without troops, 96 without police) come from a covariate profile and prediction "
        "method "
        "we could not see, so levels are not compared - only relative changes, which under the log link do not depend "
        "on the profile."
    )
    comparisons = [
        compare(
            published["hks2013.table1_model1"],
            None,
            explanation="no published coefficient could be read; see the reproduced coefficients",
        ),
        compare(published["hks2013.troops_8000_ratio"], effects["troops_8000"]["ratio"], explanation=level_note),
        compare(published["hks2013.police_200_ratio"], effects["police_200"]["ratio"], explanation=level_note),
        compare(published["hks2013.observers_sign"], float(b["militaryobserversLag"])),
    ]
    clusters = int(len(np.unique(groups))) if groups is not None else None
    notes = [
        f"N = {int(result.nobs):,} conflict-months; the crdata package, which prepared hks2013.csv, states that these "
        "rows "
        "with a negative binomial model reproduce Model 1 of Table 1 (p. 884).",
        (
            f"Standard errors clustered by conflict ({clusters} conflicts), with statsmodels' small-sample factor "
            "G/(G-1)·(N-1)/(N-K); Stata's nbreg uses G/(G-1) alone, so these standard errors are about 0.1 per cent "
            "larger than Stata's. "
            "Model-based standard errors are given beside them."
        )
        if groups is not None
        else "Model-based (non-clustered) standard errors: the paper's conflict clustering needs HKS_AJPS_2013.tab.",
        "Predictions hold every other variable at its sample mean; intervals are 95 per cent, from the linear "
        "predictor's standard error.",
        level_note,
    ]
    return HKSResult(
        coefficients=coefficients,
        n=int(result.nobs),
        log_likelihood=float(result.llf),
        alpha=float(b["alpha"]),
        converged=True,
        clusters=clusters,
        standard_errors="clustered by conflict" if groups is not None else "model-based",
        predictions=predictions,
        curves=curves,
        profile=profile,
        effects=effects,
        comparisons=comparisons,
        notes=notes,
        files=used,
    )


def _ratio(coef: float, se: float, thousands: float) -> dict:
    return {
        "personnel_thousands": thousands,
        "ratio": math.exp(coef * thousands),
        "ci_low": math.exp((coef - 1.959964 * se) * thousands),
        "ci_high": math.exp((coef + 1.959964 * se) * thousands),
    }


def _predict(result, profile: dict, levels: dict):
    """Expected deaths a month as one kind of personnel varies, the rest held at ``profile``."""
    import pandas as pd  # heavy: pandas, loaded on first use

    rows, keys = [], []
    for personnel, values in levels.items():
        for value in values:
            row = dict(profile)
            row[personnel] = float(value)
            rows.append(row)
            keys.append((personnel, float(value)))
    exog = pd.DataFrame(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "using default log-link": the link is the model's, as intended
        frame = result.get_prediction(exog, which="mean").summary_frame(alpha=0.05)
    return pd.DataFrame(
        {
            "personnel": [k[0] for k in keys],
            "thousands": [k[1] for k in keys],
            "expected_deaths": frame["predicted"].to_numpy(),
            "ci_low": frame["ci_lower"].to_numpy(),
            "ci_high": frame["ci_upper"].to_numpy(),
        }
    )
