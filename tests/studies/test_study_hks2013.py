"""Hultman, Kathman & Shannon (2013), Table 1 Model 1, reproduced from the shipped replication data.

The published figures pinned here come from a secondary summary of the paper
(PKSOI Papers, 'Pay Me Now or Pay Me Later', p. 13): with no UN troops 106
civilian deaths a month, fewer than 2 with 8,000 troops; with no UN police 96,
14 with 200 police; military observers associated with more deaths. The
paper's Table 1 itself could not be read, so no coefficient is pinned to a
published value (data/studies/published.yaml says "not-found").
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from peaceops.studies import hks2013
from peaceops.studies._hks2013 import FORMULA, TERMS


def test_sample_is_the_first_models_conflict_months(hks):
    # crdata documents hks2013.csv as the 3,746 complete rows of Model 1;
    # the clusters are the conflicts of the full file
    assert hks.n == 3746
    assert hks.clusters == 36
    assert list(hks.coefficients.index) == ["Intercept", *TERMS, "alpha"]
    assert hks.standard_errors == "clustered by conflict"


def test_fit_is_a_maximum_of_the_likelihood(hks, shipped):
    """The reported estimates are where statsmodels' NB2 score is zero, not a point where an optimiser gave up."""
    import pandas as pd
    import statsmodels.formula.api as smf

    frame = pd.read_csv(shipped / "hks2013.csv")
    model = smf.negativebinomial(FORMULA, frame)
    coef = hks.coefficients["coef"].to_numpy()
    params = np.r_[coef[:-1], np.log(coef[-1])]  # a fresh statsmodels model takes the dispersion as log(alpha)
    assert np.max(np.abs(model.score(params))) < 1e-4
    assert model.loglike(params) == pytest.approx(hks.log_likelihood, abs=1e-6)
    assert hks.alpha > 1  # strongly over-dispersed counts: a Poisson model would not do


def test_troops_effect_within_the_published_bound(hks):
    # Published: 106 a month with no troops, "fewer than 2" with 8,000 → the ratio must be below 2/106.
    # The statement is itself a bound, so the tolerance is the bound: no extra slack.
    ratio = hks.effects["troops_8000"]["ratio"]
    assert ratio == pytest.approx(math.exp(8 * hks.coefficients.loc["troopLag", "coef"]))
    assert ratio <= 2 / 106
    assert ratio > 0.001  # and not a degenerate fit that sends the effect to zero


def test_police_effect_matches_the_published_prediction(hks):
    # Published: 96 a month with no police, 14 with 200 → ratio 14/96 = 0.146.
    # Tolerance 10% relative: both counts are rounded to whole deaths (±3.6% on 14 alone), and published
    # predicted counts are usually averages over simulated coefficients, not exp(x'b) at the estimate.
    ratio = hks.effects["police_200"]["ratio"]
    assert ratio == pytest.approx(14 / 96, rel=0.10)


def test_observers_go_with_more_civilian_deaths(hks):
    # Published: monitors are associated with an increase in civilian deaths (a sign, no tolerance needed)
    assert hks.coefficients.loc["militaryobserversLag", "coef"] > 0
    assert hks.coefficients.loc["militaryobserversLag", "p"] < 0.05


def test_comparisons_say_what_matched_and_what_was_not_found(hks):
    by_key = {c.key: c for c in hks.comparisons}
    assert by_key["hks2013.troops_8000_ratio"].status == "match"
    assert by_key["hks2013.police_200_ratio"].status == "match"
    assert by_key["hks2013.observers_sign"].status == "match"
    table1 = by_key["hks2013.table1_model1"]
    assert table1.status == "published figure not found"
    assert table1.published is None and "p. 884" in table1.locator
    assert all(c.source for c in hks.comparisons)


def test_predictions_follow_the_coefficients(hks):
    p = hks.predictions
    troops = p[p.personnel == "troopLag"].set_index("thousands")
    assert troops.loc[8.0, "expected_deaths"] / troops.loc[0.0, "expected_deaths"] == pytest.approx(
        hks.effects["troops_8000"]["ratio"]
    )
    assert (troops["ci_low"] < troops["expected_deaths"]).all() and (
        troops["expected_deaths"] < troops["ci_high"]
    ).all()
    assert troops["expected_deaths"].is_monotonic_decreasing


def test_clustered_and_model_based_errors_are_both_reported(hks, studies_copy):
    # without the full file the fit still runs, with model-based errors, and says so
    folder = studies_copy(("hks2013.csv", "published.yaml"))
    plain = hks2013(folder, cluster=False)
    assert plain.clusters is None and plain.standard_errors == "model-based"
    np.testing.assert_allclose(plain.coefficients["coef"], hks.coefficients["coef"], rtol=1e-6)
    np.testing.assert_allclose(plain.coefficients["se"], hks.coefficients["se_model_based"], rtol=1e-6)
    # clustering by conflict widens the troops interval: months of one conflict are not independent
    assert hks.coefficients.loc["troopLag", "se"] > hks.coefficients.loc["troopLag", "se_model_based"]


def test_json_form(hks):
    data = json.loads(json.dumps(hks.to_dict()))
    assert data["model"]["n"] == 3746
    assert data["model"]["clusters"] == 36
    terms = {c["term"]: c for c in data["coefficients"]}
    assert terms["troopLag"]["coef"] == pytest.approx(hks.coefficients.loc["troopLag", "coef"])
    assert {c["status"] for c in data["comparisons"]} == {"match", "published figure not found"}
    assert "Hultman" in data["citation"]
