"""``peaceops study``: reproductions of published findings on peacekeeping.

Thin: each command calls :mod:`peaceops.studies`, then prints tables (or JSON
with ``--json``) and writes the charts and the JSON where ``--out`` says.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from peaceops.cli.output import emit_json, handle_errors
from peaceops.cli.yardstick import _catalog

study_app = typer.Typer(
    help="Reproduce published findings on peacekeeping from their replication data, beside the published figures.",
    no_args_is_help=True,
)

_JSON = typer.Option(False, "--json", help="Print the result as JSON.")
_OUT = typer.Option(
    None, "--out", help="Directory for the charts (PNG and SVG) and the result as JSON (created if missing)."
)
_STUDIES_DIR = typer.Option(
    None, "--studies-dir", help="Folder holding the replication files (else the studies/ folder of the curated data)."
)


class Sample(StrEnum):
    post_cold_war = "post-cold-war"
    all = "all"


def _folder(ctx: typer.Context, explicit: Path | None) -> Path:
    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.studies.files import default_studies_dir

    if explicit is not None:
        return explicit
    return default_studies_dir(getattr(ctx.obj, "data", None))


def _write(out: Path | None, name: str, data: dict, draw) -> list[Path]:
    if out is None:
        return []
    written = draw(out)  # creates the directory, or says why it cannot
    path = out / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return [*written, path]


@study_app.command("hks2013")
@handle_errors
def hks2013_command(
    ctx: typer.Context,
    json_out: bool = _JSON,
    out: Path | None = _OUT,
    no_cluster: bool = typer.Option(
        False,
        "--no-cluster",
        help="Model-based standard errors instead of clustering by conflict (does not need HKS_AJPS_2013.tab).",
    ),
    studies_dir: Path | None = _STUDIES_DIR,
) -> None:
    """Hultman, Kathman & Shannon (2013): negative binomial model of civilians killed per conflict-month (Table 1,
    Model 1).

    Prints the coefficients with standard errors clustered by conflict, N and log-likelihood, expected monthly
    civilian deaths at several troop and police levels, and each reproduced figure beside the published one.
    """
    from peaceops.studies import hks2013, plots  # deferred: ops show does not need it, keeps CLI start-up fast

    result = hks2013(_folder(ctx, studies_dir), cluster=not no_cluster)
    data = result.to_dict()
    written = _write(out, "hks2013", data, lambda d: plots.hks2013_effects(result, d))
    if json_out:
        emit_json({**data, "written": [str(p) for p in written]})
        return
    _print_hks(result)
    _print_comparisons(result.comparisons)
    _print_notes(result.notes, written)


@study_app.command("fortna")
@handle_errors
def fortna_command(
    ctx: typer.Context,
    json_out: bool = _JSON,
    out: Path | None = _OUT,
    sample: Sample = typer.Option(
        Sample.post_cold_war,
        "--sample",
        help="post-cold-war: ceasefires of 1989-1999 (the codebook's cases); all: every ceasefire in the file.",
    ),
    studies_dir: Path | None = _STUDIES_DIR,
) -> None:
    """Fortna's ceasefire data: how often peace held with and without peacekeepers, by mission type and by deployer.

    Prints the share of ceasefires that held, Kaplan-Meier summaries, hazard ratios of war resuming from Cox models
    (unadjusted and adjusted), and each reproduced figure beside the published one.
    """
    from peaceops.studies import fortna, plots  # deferred: ops show does not need it, keeps CLI start-up fast

    result = fortna(_folder(ctx, studies_dir), sample=sample.value)
    data = result.to_dict()
    written = _write(out, "fortna", data, lambda d: plots.fortna_survival(result, d))
    if json_out:
        emit_json({**data, "written": [str(p) for p in written]})
        return
    _print_fortna(result)
    _print_comparisons(result.comparisons)
    _print_notes(result.notes, written)


# --- terminal rendering (no domain logic) ------------------------------------


def _console():
    console = Console()
    return console if console.is_terminal else Console(width=160)


def _n(value, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "–".join(_n(v, digits) for v in value)
    value = float(value)
    if value != value:
        return "—"
    if value.is_integer() and abs(value) >= 10:
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.1f}"
    if value != 0 and abs(value) < 10**-digits:
        return f"{value:.2e}"
    return f"{value:.{digits}f}"


def _print_hks(result) -> None:
    from peaceops.studies._hks2013 import LABELS  # deferred: ops show does not need it, keeps CLI start-up fast

    console = _console()
    table = Table(
        title=f"Hultman, Kathman & Shannon (2013), Table 1 Model 1: negative binomial, N = {result.n:,}, "
        f"log-likelihood {result.log_likelihood:,.2f}"
    )
    for header in ("term", "coef", f"se ({result.standard_errors})", "z", "p", "se (model-based)"):
        table.add_column(header, justify="left" if header == "term" else "right")
    for term, row in result.coefficients.iterrows():
        table.add_row(
            LABELS.get(term, term),
            _n(row.coef, 4),
            _n(row.se, 4),
            _n(row.z, 2),
            _n(row.p, 3),
            _n(row.se_model_based, 4),
        )
    console.print(table)

    preds = Table(title="Expected civilians killed per month (other variables at their sample means), 95% interval")
    for header in ("personnel", "deployed", "expected", "interval"):
        preds.add_column(header, justify="left" if header == "personnel" else "right")
    names = {"troopLag": "UN troops", "policeLag": "UN police"}
    for row in result.predictions.itertuples():
        preds.add_row(
            names[row.personnel],
            f"{row.thousands * 1000:,.0f}",
            _n(row.expected_deaths, 2),
            f"{_n(row.ci_low, 2)} – {_n(row.ci_high, 2)}",
        )
    console.print(preds)


def _print_fortna(result) -> None:
    console = _console()
    shares = Table(
        title=(
            f"Ceasefires that held (no war by the end of 2004): {result.sample} sample, {len(result.spells)} ceasefires"
        )
    )
    for header in (
        "grouping",
        "group",
        "ceasefires",
        "war resumed",
        "held",
        "share held",
        "KM 2 years",
        "KM 5 years",
        "median years",
    ):
        shares.add_column(header, justify="left" if header in ("grouping", "group") else "right")
    for r in result.shares.itertuples():
        shares.add_row(
            r.grouping,
            r.group,
            str(r.ceasefires),
            str(r.war_resumed),
            str(r.held),
            f"{r.share_held:.0%}",
            f"{r.km_2y:.2f}",
            f"{r.km_5y:.2f}",
            _n(r.median_years, 1) if r.median_years == r.median_years else "not reached",
        )
    console.print(shares)

    cox = Table(title="Cox models of war resuming (time-varying peacekeeping): hazard ratios, 95% interval")
    for header in ("model", "controls", "term", "hazard ratio", "interval", "p", "ceasefires", "wars"):
        cox.add_column(header, justify="left" if header in ("model", "controls", "term") else "right")
    for r in result.cox[result.cox.role == "peacekeeping"].itertuples():
        cox.add_row(
            r.model,
            "yes" if r.adjusted else "no",
            r.term,
            _n(r.hazard_ratio, 2),
            f"{_n(r.ci_low, 2)} – {_n(r.ci_high, 2)}",
            _n(r.p, 3),
            str(r.ceasefires),
            str(r.wars_resumed),
        )
    console.print(cox)


def _print_comparisons(comparisons) -> None:
    console = _console()
    table = Table(title="Reproduced beside published", show_lines=True)
    for header in ("quantity", "published", "reproduced", "verdict", "source"):
        table.add_column(header, overflow="fold")
    for c in comparisons:
        published = c.published_text or "—"
        if c.published is not None and c.relation != "sign":
            published += f"  [{_n(c.published, 4)}]"
        verdict = c.status
        if c.tolerance:
            verdict += f" ({c.tolerance})"
        if c.explanation:
            verdict += f"\n{c.explanation}"
        source = c.source + (f", {c.locator}" if c.locator else "") + (f"; read via {c.via}" if c.via else "")
        if c.secondary:
            source += " [secondary summary]"
        table.add_row(c.quantity, published, _n(c.reproduced, 4), verdict, source)
    console.print(table)


def _print_notes(notes, written) -> None:
    for note in notes:
        typer.echo(f"- {note}")
    for path in written:
        typer.echo(f"wrote {path}")
    if not written:
        typer.echo("(give --out DIR to write the charts as PNG and SVG and the result as JSON)")


@study_app.command("bh2020")
@handle_errors
def bh2020_command(
    ctx: typer.Context,
    ged: Path | None = typer.Option(
        None, "--ged", help="UCDP GED export with year, latitude, longitude, best (else the shipped GED 20.1 file)."
    ),
    json_out: bool = _JSON,
) -> None:
    """Bara & Hultman (2020): does the UN deploy to more violent conflicts than non-UN actors? Rebuilt from their
    mission table and UCDP GED deaths in each mission's conflict country, with what cannot be checked."""

    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.settings import resolve_data_dir, shipped_examples_dir
    from peaceops.studies import bh2020_violence

    ged_file = ged or shipped_examples_dir() / "events" / "ged201_reduced.csv"
    result = bh2020_violence(resolve_data_dir(getattr(ctx.obj, "data", None)), ged_file)
    if json_out:
        emit_json(result.to_dict())
        return
    console = Console() if Console().is_terminal else Console(width=160)
    table = Table(title="Deaths a year in the mission's conflict country (UCDP GED, best), 1995-2016")
    for header in ("deployer", "mission-years", "missions", "mean", "median", "mean per mission"):
        table.add_column(header)
    for g in result.groups:
        table.add_row(
            g.group,
            str(g.mission_years),
            str(g.missions),
            f"{g.mean_deaths:,.1f}",
            f"{g.median_deaths:,.1f}",
            f"{g.mission_mean_deaths:,.1f}",
        )
    console.print(table)
    console.print(result.matches, highlight=False)
    for item in result.cannot_check:
        console.print(f"cannot be checked here: {item}", highlight=False)
    if result.unplaced_locations:
        console.print(f"not on the map, left out: {', '.join(result.unplaced_locations)}", highlight=False)


@study_app.command("deployer-outcomes")
@handle_errors
def deployer_outcomes_command(ctx: typer.Context, json_out: bool = _JSON, out: Path | None = _OUT) -> None:
    """Test the seed's thesis: conflict trajectories and assessment scores by kind of lead, with the numbers of cases.

    Trajectories come from the event data loaded in the workspace (peaceops events load); without it they are
    'not measured' and only the assessment scores are compared. Small groups are flagged.
    """

    # deferred: ops show does not need it, keeps CLI start-up fast
    from peaceops.assess.metrics import trajectory_provider
    from peaceops.studies import deployer_outcomes

    cat = _catalog(ctx)
    result = deployer_outcomes(
        cat,
        trajectory=trajectory_provider(ctx.obj.workspace, ctx.obj.data),
        sensitivity=trajectory_provider(ctx.obj.workspace, ctx.obj.data, use_milestones=False),
    )
    data = result.to_dict()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "deployer_outcomes.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
    if json_out:
        emit_json(data)
        return
    console = Console() if Console().is_terminal else Console(width=160)
    table = Table(title="Conflict trajectories by kind of lead (deployed operations)")
    for header in ("lead", "n", "trajectories", "frozen or worse", "share (95% CI)", "note"):
        table.add_column(header, overflow="fold")
    for g in result.groups:
        share = (
            f"{g.not_settled_share:.0%} ({g.not_settled_ci[0]:.0%}–{g.not_settled_ci[1]:.0%})"
            if g.not_settled_share is not None
            else "—"
        )
        trajectories = ", ".join(f"{k} {v}" for k, v in g.trajectories.items())
        table.add_row(
            g.group,
            str(len(g.operations)),
            trajectories,
            f"{g.not_settled} of {g.measured}",
            share,
            "small: description only" if g.small else "",
        )
    console.print(table)
    scores = Table(title="Mean assessment score by principle and lead (0 contrary .. 2 consistent; [95% CI], n)")
    scores.add_column("principle")
    for g in result.groups:
        scores.add_column(g.group)
    for principle in cat.framework.principles:
        cells = []
        for g in result.groups:
            m = g.principle_means[principle.id]
            if m["mean"] is None:
                cells.append("—")
            else:
                ci = f" [{m['ci'][0]:.2f}–{m['ci'][1]:.2f}]" if m["ci"] else ""
                cells.append(f"{m['mean']:.2f}{ci}, n={m['n']}")
        scores.add_row(principle.name, *cells)
    console.print(scores)
    if result.fisher:
        f = result.fisher
        console.print(
            f"Fisher exact test, CIS/CSTO/Russia-led vs all others, frozen-or-worse vs settled: "
            f"{f['contingency']}, odds ratio {f['odds_ratio']}, p = {f['p_value']}",
            highlight=False,
        )
    if result.model:
        _print_model(console, result.model)
    if out is not None and result.model and result.model["models"]:
        from peaceops.studies import plots  # heavy: matplotlib, loaded on first use

        for path in plots.thesis_forest(result.model, out / "deployer_outcomes_forest"):
            typer.echo(f"wrote {path}")
    for note in result.notes:
        console.print(f"note: {note}", highlight=False)


def _print_model(console, model: dict) -> None:
    """The logistic models' effects as one table per run (main, then the sensitivity run)."""
    runs = [("", model["models"], model["n"])]
    if model.get("sensitivity"):
        runs.append(
            (
                " — sensitivity: " + model["sensitivity"]["what"],
                model["sensitivity"]["models"],
                model["sensitivity"]["n"],
            )
        )
    for title, fitted, n in runs:
        table = Table(title=f"Logistic models of frozen-or-worse (n={n}; odds ratio [95% CI], p){title}")
        for header in ("model", "effect", "odds ratio [95% CI]", "p"):
            table.add_column(header, overflow="fold")
        for m in fitted:
            if "error" in m:
                table.add_row(m["name"], "—", m["error"], "")
                continue
            for e in m["effects"]:
                shown = "—" if e["odds_ratio"] is None else f"{e['odds_ratio']:.2f} [{e['ci'][0]:.2f}–{e['ci'][1]:.2f}]"
                table.add_row(m["name"], e["term"], shown, "" if e["p_value"] is None else f"{e['p_value']:.3f}")
        console.print(table)
    for lead, outcomes in model["cells"].items():
        listing = "; ".join(f"{outcome}: {', '.join(ids)}" for outcome, ids in sorted(outcomes.items()))
        console.print(f"cases, {lead}: {listing}", highlight=False)
