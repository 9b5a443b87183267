"""Fortna's ceasefire data, reproduced against the figures published from it.

Published figures pinned here:
* Gelman, Hill & Vehtari (2020), Regression and Other Stories, §1.3, Figure 1.3: of post-Cold War
  civil-war ceasefires, 56% with peacekeeping and 34% without "stayed at peace";
* the closing Stata stset summary of Fortna's codebook (shipped beside the data): 157 subjects,
  85 failures, 716,865 days at risk, last exit at day 20,958;
* a secondary summary of Fortna's work (PKSOI Papers, p. 9): peacekeepers reduce the risk of
  renewed fighting by 50-75 per cent.
"""

from __future__ import annotations

import json

import pytest

from peaceops.errors import UsageError
from peaceops.studies import fortna


def test_shares_that_held_match_regression_and_other_stories(fortna_result):
    # Published as whole per cents (56%, 34%): tolerance ±0.5 percentage points, i.e. anything that rounds to them.
    ros = fortna_result.headline["ros_figure_1_3"]
    assert ros["with_pk"]["share_held"] == pytest.approx(0.56, abs=0.005)
    assert ros["without_pk"]["share_held"] == pytest.approx(0.34, abs=0.005)
    # the counts behind them: 19 of 34 and 21 of 61 post-Cold War ceasefires held
    assert (ros["with_pk"]["held"], ros["with_pk"]["ceasefires"]) == (19, 34)
    assert (ros["without_pk"]["held"], ros["without_pk"]["ceasefires"]) == (21, 61)


def test_survival_setup_differs_from_the_codebook_by_exactly_one_failed_spell(fortna_result):
    # Codebook (stset on an earlier version of the file): 157 subjects, 85 failures, 716,865 days, last exit 20,958.
    # No tolerance: these are counts. The shipped file lacks one spell that ended in war; everything else agrees.
    stset = fortna_result.headline["stset"]
    assert 157 - stset["subjects"] == 1
    assert 85 - stset["failures"] == 1
    assert 716_865 - stset["time_at_risk_days"] == 1_613
    assert stset["last_exit_days"] == 20_958
    by_key = {c.key: c for c in fortna_result.comparisons}
    assert by_key["fortna.codebook_subjects"].status == "differs"
    assert "1,613 days" in by_key["fortna.codebook_subjects"].explanation
    assert by_key["fortna.codebook_last_exit"].status == "match"


def test_adjusted_hazard_ratio_in_the_published_range(fortna_result):
    # Secondary summary of Fortna: risk reduced by 50-75%, so the hazard ratio must lie in [0.25, 0.50];
    # the range itself is the tolerance (our controls are not Fortna's exact specification).
    hr = fortna_result.headline["hazard_ratio_adjusted"]
    assert 0.25 <= hr["hazard_ratio"] <= 0.50
    assert hr["ci_high"] < 1  # and distinguishable from no effect at the 5% level


def test_book_tables_are_reported_as_not_found(fortna_result):
    by_key = {c.key: c for c in fortna_result.comparisons}
    assert by_key["fortna.book_cox_table"].status == "published figure not found"
    assert by_key["fortna.book_cox_table"].published is None


def test_groupings_follow_the_codebook(fortna_result):
    shares = fortna_result.shares
    assert set(shares.grouping) == {"peacekeeping", "mission type", "deployer"}
    for grouping, part in shares.groupby("grouping"):
        assert part.ceasefires.sum() == 95, grouping  # every post-Cold War ceasefire counted once per grouping
        assert part.war_resumed.sum() == 55, grouping
    by_group = shares.set_index(["grouping", "group"])
    # time-constant codes of the codebook: pk_dumC 36 of 95; chapterC 23 consent-based, 13 enforcement; pkwhoC 15/11/10
    assert by_group.loc[("peacekeeping", "with peacekeepers"), "ceasefires"] == 36
    assert by_group.loc[("mission type", "consent-based"), "ceasefires"] == 23
    assert by_group.loc[("mission type", "enforcement"), "ceasefires"] == 13
    assert by_group.loc[("deployer", "UN"), "ceasefires"] == 15
    assert by_group.loc[("deployer", "regional organisation"), "ceasefires"] == 11
    assert by_group.loc[("deployer", "great or regional power"), "ceasefires"] == 10
    # Kaplan-Meier at five years equals the raw share when nothing is censored before five years
    row = by_group.loc[("peacekeeping", "with peacekeepers")]
    assert row.km_5y == pytest.approx(row.share_held, abs=1e-9)


def test_cox_models_by_type_and_deployer(fortna_result):
    cox = fortna_result.cox
    terms = set(cox[cox.role == "peacekeeping"].term)
    assert {
        "peacekeepers",
        "consent-based",
        "enforcement",
        "UN",
        "regional organisation",
        "great or regional power",
    } <= terms
    assert set(cox.adjusted) == {False, True}
    assert (cox.ci_low <= cox.hazard_ratio).all() and (cox.hazard_ratio <= cox.ci_high).all()


def test_all_ceasefires_sample(shipped):
    result = fortna(shipped, sample="all")
    assert len(result.spells) == 156
    assert result.shares[result.shares.grouping == "peacekeeping"].ceasefires.sum() == 156
    # pre-1989 spells with peacekeepers have no deployer code in the file: shown as such, never guessed
    assert "not coded" in set(result.shares.group)


def test_unknown_sample_is_a_usage_error(shipped):
    with pytest.raises(UsageError, match="post-cold-war"):
        fortna(shipped, sample="cold-war")


def test_charts_are_written_as_png_and_svg(fortna_result, hks, tmp_path):
    from peaceops.studies import plots

    written = plots.fortna_survival(fortna_result, tmp_path / "out") + plots.hks2013_effects(hks, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(
        [
            "fortna_survival.png",
            "fortna_survival.svg",
            "hks2013_predicted_deaths.png",
            "hks2013_predicted_deaths.svg",
        ]
    )
    for path in written:
        head = path.read_bytes()[:64]
        assert head.startswith(b"\x89PNG") if path.suffix == ".png" else b"<svg" in path.read_bytes()[:2000]


def test_json_form(fortna_result):
    data = json.loads(json.dumps(fortna_result.to_dict()))
    assert data["sample"]["ceasefires"] == 95
    assert {row["grouping"] for row in data["survival_curves"]} == {"peacekeeping", "mission type", "deployer"}
    assert data["headline"]["ros_figure_1_3"]["with_pk"]["ceasefires"] == 34
