"""Terminal and JSON renderings of assessments (no scoring logic here)."""

from __future__ import annotations

from rich.table import Table

from peaceops.present import comparison
from peaceops.present import format as fmt

_score = fmt.score  # the one score format (two decimals at most) of every face


def _cell(item) -> str:
    if item.score is None:
        return "n/m" if item.status == "not measured" else "insuff."
    return f"{_score(item.score)} ({item.confidence[0]})"


def print_assessment(result, catalog, console) -> None:
    op = catalog.registry.get(result.operation)
    console.print(f"[bold]{op.name.en}[/bold] ({op.id}) — {result.filter}", highlight=False)
    table = Table(show_lines=False)
    for header in ("principle", "indicator", "score", "level", "conf.", "rationale"):
        table.add_column(header, overflow="fold")
    for principle in result.principles:
        for item in [i for i in result.indicators if i.principle == principle.principle]:
            table.add_row(
                principle.principle,
                item.indicator,
                _score(item.score) if item.score is not None else item.status,
                item.level or "",
                item.confidence or "",
                item.rationale,
            )
    console.print(table)
    summary = Table(title="By principle (mean of scored indicators, 0 contrary .. 2 consistent)")
    for header in ("principle", "score", "indicators scored"):
        summary.add_column(header)
    for p in result.principles:
        summary.add_row(p.name, _score(p.score), f"{p.scored} of {p.total}")
    console.print(summary)


def explain_json(item, catalog) -> dict:
    data = item.as_dict()
    data["evidence"] = [ev.as_dict() for ev in catalog.evidence if ev.id in set(item.evidence_ids)]
    indicator = catalog.framework.indicator(item.indicator)
    data["question"] = indicator.question
    data["scale"] = indicator.scale
    return data


def print_explain(item, catalog, filter_text, console) -> None:
    indicator = catalog.framework.indicator(item.indicator)
    console.print(f"[bold]{item.operation} · {item.indicator}[/bold] ({item.principle})", highlight=False)
    console.print(f"Question: {indicator.question}", highlight=False, markup=False)
    console.print(
        "Scale: " + "; ".join(f"{k} = {v}" for k, v in sorted(indicator.scale.items())), highlight=False, markup=False
    )
    console.print(f"Evidence considered: {filter_text}", highlight=False, markup=False)
    console.print(f"Combine: {indicator.combine}", highlight=False)
    by_id = {ev.id: ev for ev in catalog.evidence}
    for number, rule in enumerate(item.rules, 1):
        score = f" -> {_score(rule.score)} ({rule.confidence})" if rule.score is not None else ""
        console.print(f"{number}. rule {rule.rule}: {rule.status}{score}", highlight=False, markup=False)
        console.print(f"   {rule.detail}", highlight=False, markup=False)
        for ev_id in rule.evidence_ids:
            ev = by_id[ev_id]
            source = catalog.registry.sources[ev.source]
            text = f"\u201c{ev.item.quote}\u201d" if ev.item.quote else f"(paraphrase) {ev.item.paraphrase}"
            console.print(
                f"   - {ev_id} [{ev.grade}] {ev.item.stance}: {text} — {source.publisher}, {source.title} "
                f"({ev.item.locator})",
                highlight=False,
                markup=False,
            )
    result = (
        f"{_score(item.score)} ({item.level}), confidence {item.confidence}" if item.score is not None else item.status
    )
    console.print(f"Result: {result}", highlight=False, markup=False)


def comparison_json(results, catalog, by: str) -> dict:
    """The comparison as the presentation model shapes it (the same dict as the web's /compare.json)."""
    return comparison(results, catalog, by)


def print_comparison(results, catalog, by: str, console) -> None:
    table = Table(
        title=f"Comparison by {by} (0 contrary .. 2 consistent; insuff. = insufficient evidence, n/m = not measured)"
    )
    table.add_column(by)
    for r in results:
        table.add_column(r.operation, overflow="fold")
    if by == "principle":
        for principle in catalog.framework.principles:
            cells = []
            for r in results:
                s = r.principle(principle.id)
                cells.append(
                    f"{_score(s.score)} ({s.scored}/{s.total})" if s.score is not None else f"insuff. (0/{s.total})"
                )
            table.add_row(principle.name, *cells)
    else:
        for indicator in catalog.framework.indicators:
            table.add_row(indicator.id, *[_cell(r.indicator(indicator.id)) for r in results])
    console.print(table)
