"""The studies step of ``make demo``: both reproductions, headline figures beside the published ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peaceops.studies import fortna, hks2013, plots

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def _line(label: str, comparison, reproduced: str) -> str:
    """One headline: reproduced, published (as the source words it), verdict."""
    published = comparison.published_text or "—"
    if comparison.secondary:
        published += " [secondary summary]"
    return f"     {label}: {reproduced} | published: {published} — {comparison.status}"


def run_studies_demo(say: Callable[[str], None], *, studies_dir: Path | None = None, out: Path | None = None) -> dict:
    """Run the HKS 2013 and Fortna reproductions and say how close each headline figure came.

    With ``out`` the charts (PNG and SVG) are written there too. Returns a
    summary: per study, each comparison's key and status.
    """

    hks = hks2013(studies_dir)
    by_key = {c.key: c for c in hks.comparisons}
    troops, police = hks.effects["troops_8000"], hks.effects["police_200"]
    say(
        f"studies: Hultman, Kathman & Shannon (2013), Table 1 Model 1 — negative binomial, N = {hks.n:,}, "
        f"log-likelihood {hks.log_likelihood:,.2f}, standard errors {hks.standard_errors} ({hks.clusters} conflicts)"
    )
    coef = hks.coefficients
    say(
        f"     coefficients: troops {coef.loc['troopLag', 'coef']:.3f} (se {coef.loc['troopLag', 'se']:.3f}), "
        f"police {coef.loc['policeLag', 'coef']:.2f} (se {coef.loc['policeLag', 'se']:.2f}), "
        f"observers {coef.loc['militaryobserversLag', 'coef']:.2f} (se {coef.loc['militaryobserversLag', 'se']:.2f}); "
        f"published Table 1: {by_key['hks2013.table1_model1'].status}"
    )
    say(
        _line(
            "8,000 UN troops vs none",
            by_key["hks2013.troops_8000_ratio"],
            f"expected deaths ×{troops['ratio']:.3f} (published bound "
            f"×{by_key['hks2013.troops_8000_ratio'].published:.3f})",
        )
    )
    say(
        _line(
            "200 UN police vs none",
            by_key["hks2013.police_200_ratio"],
            f"expected deaths ×{police['ratio']:.3f} (published ×{by_key['hks2013.police_200_ratio'].published:.3f})",
        )
    )

    f = fortna(studies_dir)
    ros = f.headline["ros_figure_1_3"]
    fk = {c.key: c for c in f.comparisons}
    say(
        f"studies: Fortna's ceasefires — {len(f.spells)} post-Cold War ceasefires, "
        f"{int(f.spells['war_resumed'].sum())} followed by war"
    )
    say(
        _line(
            "held, peacekeepers at the ceasefire",
            fk["fortna.ros_held_with_pk"],
            f"{ros['with_pk']['share_held']:.1%} of {ros['with_pk']['ceasefires']}",
        )
    )
    say(
        _line(
            "held, no peacekeepers at the ceasefire",
            fk["fortna.ros_held_without_pk"],
            f"{ros['without_pk']['share_held']:.1%} of {ros['without_pk']['ceasefires']}",
        )
    )
    hr = f.headline["hazard_ratio_adjusted"]
    say(
        _line(
            "hazard ratio of war resuming, peacekeepers present (adjusted Cox)",
            fk["fortna.hazard_ratio_range"],
            f"{hr['hazard_ratio']:.2f} (95% {hr['ci_low']:.2f}–{hr['ci_high']:.2f})",
        )
    )
    stset = f.headline["stset"]
    subjects, failures = fk["fortna.codebook_subjects"], fk["fortna.codebook_failures"]
    say(
        f"     codebook's survival set-up: {stset['subjects']} spells, {stset['failures']} failures | published: "
        f"{int(subjects.published)} and {int(failures.published)} — {subjects.status}: "
        f"{(subjects.explanation or '').replace(' (see the notes)', '')}"
    )
    say("     by type and by deployer: hazard ratios reproduced (peaceops study fortna); published figure not found")

    written = []
    if out is not None:
        written = plots.hks2013_effects(hks, out) + plots.fortna_survival(f, out)
        say(f"     charts: {', '.join(str(p) for p in written)}")
    return {
        "hks2013": {c.key: c.status for c in hks.comparisons},
        "fortna": {c.key: c.status for c in f.comparisons},
        "written": [str(p) for p in written],
    }
