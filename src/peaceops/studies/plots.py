"""Charts of the reproductions, written as PNG and SVG.

matplotlib's object API with the Agg canvas is used directly (no pyplot), so
drawing never touches a display or the global pyplot state.
"""

from __future__ import annotations

from pathlib import Path

from peaceops.studies.errors import StudyDataError

_COLOURS = ["#4d4d4d", "#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def _figure(width: float, height: float):
    # heavy: matplotlib, loaded on first use
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure, out: Path, stem: str) -> list[Path]:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StudyDataError(f"cannot create the output directory {out}: {exc.strerror}; give another --out") from None
    written = []
    for suffix in (".png", ".svg"):
        path = out / f"{stem}{suffix}"
        figure.savefig(path, dpi=150 if suffix == ".png" else None)
        written.append(path)
    return written


def hks2013_effects(result, out: str | Path) -> list[Path]:
    """Expected civilian deaths a month as UN troops (left) and police (right) grow, with 95% intervals."""
    figure = _figure(10, 4.2)
    axes = figure.subplots(1, 2, sharey=True)
    panels = (
        ("troopLag", "UN troops deployed the month before", "UN troops", 1000),
        ("policeLag", "UN police deployed the month before", "UN police", 1000),
    )
    for ax, (personnel, title, xlabel, scale) in zip(axes, panels, strict=True):
        curve = result.curves[result.curves.personnel == personnel]
        x = curve.thousands * scale
        ax.fill_between(x, curve.ci_low, curve.ci_high, color=_COLOURS[1], alpha=0.2, linewidth=0, label="95% interval")
        ax.plot(x, curve.expected_deaths, color=_COLOURS[1], label="expected deaths")
        ax.set_yscale("log")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(xlabel)
        ax.grid(True, which="major", alpha=0.3)
    axes[0].set_ylabel("expected civilians killed per month (log scale)")
    axes[0].legend(fontsize=8, loc="lower left")
    figure.suptitle(
        f"Hultman, Kathman & Shannon (2013), Table 1 Model 1 reproduced: N = {result.n:,}, "
        "other variables at their means",
        fontsize=10,
    )
    return _save(figure, Path(out), "hks2013_predicted_deaths")


def fortna_survival(result, out: str | Path) -> list[Path]:
    """Kaplan–Meier curves of peace holding: with/without peacekeepers, by mission type, by deployer."""
    figure = _figure(14, 4.4)
    groupings = list(dict.fromkeys(result.curves.grouping))
    axes = figure.subplots(1, len(groupings), sharey=True)
    for ax, grouping in zip(axes, groupings, strict=True):
        part = result.curves[result.curves.grouping == grouping]
        # the palette is longer than any grouping (at most five groups); the colours left over go unused
        for colour, group in zip(_COLOURS, dict.fromkeys(part.group), strict=False):
            curve = part[part.group == group]
            n = int(
                result.shares[(result.shares.grouping == grouping) & (result.shares.group == group)].ceasefires.iloc[0]
            )
            ax.step(curve.years, curve.survival, where="post", color=colour, label=f"{group} (n={n})")
            ax.fill_between(
                curve.years, curve.ci_low, curve.ci_high, step="post", color=colour, alpha=0.12, linewidth=0
            )
        ax.set_title(f"by {grouping}", fontsize=10)
        ax.set_xlabel("years since the ceasefire")
        ax.set_ylim(0, 1.02)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, loc="lower left")
    axes[0].set_ylabel("share of ceasefires still holding (Kaplan-Meier)")
    figure.suptitle(
        f"Fortna's ceasefire data: duration of peace, {result.sample.replace('-', ' ')} sample, "
        f"{len(result.spells)} ceasefires",
        fontsize=10,
    )
    return _save(figure, Path(out), "fortna_survival")


def deployer(result, out: str | Path) -> list[Path]:
    """Share of conflicts frozen, recurring, escalated or ended by force after deployment, by kind of lead, with
    Wilson 95% intervals."""
    figure = _figure(6.4, 3.6)
    axes = figure.subplots()
    groups = [g for g in result.groups if g.measured]
    names = [f"{g.group}\n(n={g.measured})" for g in groups]
    shares = [g.not_settled_share for g in groups]
    low = [g.not_settled_share - g.not_settled_ci[0] for g in groups]
    high = [g.not_settled_ci[1] - g.not_settled_share for g in groups]
    axes.bar(names, shares, color="#8aa4c8", yerr=[low, high], capsize=4, ecolor="#333333")
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("share frozen, recurring, escalated or ended by force")
    axes.set_title("Conflict trajectories after deployment, by kind of lead (95% Wilson intervals)", fontsize=9)
    for index, group in enumerate(groups):
        if group.small:
            axes.annotate("small n", (index, 0.02), ha="center", fontsize=7, color="#7a1f1f")
    return _save(figure, Path(out), "deployer")


def thesis_forest(model: dict, out: str | Path) -> list[Path]:
    """Forest plot of the odds ratios of every model (log scale, 95% intervals), main run and sensitivity run."""
    rows = []
    for run, fitted in (
        ("", model["models"]),
        (" (dataset years only)", (model.get("sensitivity") or {}).get("models", [])),
    ):
        for m in fitted:
            for e in m.get("effects", []):
                if e["odds_ratio"] is not None and e["ci"] is not None:
                    rows.append((f"{e['term']} — {m['name']}{run}", e["odds_ratio"], *e["ci"]))
    figure = _figure(7.6, 0.9 + 0.32 * max(1, len(rows)))
    axes = figure.add_subplot()
    for y, (_, odds, low, high) in enumerate(reversed(rows)):
        axes.plot([max(low, 1e-3), min(high, 1e3)], [y, y], color="#444444", linewidth=1)
        axes.plot([odds], [y], "o", color="#1f4e79")
    axes.axvline(1.0, color="#999999", linestyle="--", linewidth=0.8)
    axes.set_xscale("log")
    axes.set_yticks(range(len(rows)), [r[0] for r in reversed(rows)], fontsize=7)
    axes.set_xlabel("odds ratio of frozen or worse (95% CI, log scale)")
    axes.set_title("Who leads, and the odds of frozen or worse")
    return _save(figure, Path(out).parent, Path(out).name)
