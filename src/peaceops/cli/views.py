"""Terminal and JSON renderings of registry records (no domain logic here)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def summary_rows(reg, ops) -> list[dict]:
    rows = []
    for op in ops:
        rows.append({
            "id": op.id,
            "name": op.name.en,
            "acronym": op.acronym,
            "kind": op.kind,
            "lead": op.lead.value,
            "lead_group": op.lead_group,
            "host": op.host.state + (f" ({op.host.territory})" if op.host.territory else ""),
            "start": str(op.start.date) if op.start else None,
            "end": str(op.end.date) if op.end else None,
            "status": op.status.value,
            "peak_strength": op.peak_strength,
            "legal_basis": reg.strongest_rung(op),
            "sources": len(reg.cited_sources(op)),
        })
    return rows


def print_summary_table(rows: list[dict], title: str = "") -> None:
    table = Table(title=title or None, show_lines=False)
    for header in ("id", "kind", "lead", "host", "start", "end", "status", "peak", "legal basis", "src"):
        if header in ("lead", "host"):
            table.add_column(header, overflow="ellipsis", no_wrap=True, max_width=26)
        else:
            table.add_column(header, no_wrap=True)
    for r in rows:
        table.add_row(
            r["id"], r["kind"], r["lead"], r["host"], r["start"] or "—", r["end"] or "—", r["status"],
            f"{r['peak_strength']:,}" if r["peak_strength"] is not None else "—",
            r["legal_basis"] or "—", str(r["sources"]),
        )
    console = Console()
    if not console.is_terminal:  # files and pipes get the whole table, not an 80-column squeeze
        console = Console(width=160)
    console.print(table)


def operation_json(reg, op) -> dict:
    """The operation as stored, plus the full records of the sources it cites."""
    data = op.model_dump(mode="json", exclude_none=True)
    data["derived"] = {"peak_strength": op.peak_strength, "strongest_legal_rung": reg.strongest_rung(op)}
    data["cited_sources"] = {sid: s.model_dump(mode="json", exclude_none=True) for sid, s in reg.cited_sources(op).items()}
    return data


def print_operation(reg, op) -> None:
    """Facts with numbered source references, then the numbered sources."""
    console = Console()
    numbers: dict[str, int] = {}

    def refs(ids) -> str:
        out = []
        for sid in ids:
            numbers.setdefault(sid, len(numbers) + 1)
            out.append(str(numbers[sid]))
        return f" [{','.join(out)}]"

    def line(label: str, text: str) -> None:
        console.print(f"[bold]{label}:[/bold] {text}", highlight=False, markup=True)

    console.print(f"[bold underline]{op.name.en}[/]" + (f" ({op.acronym})" if op.acronym else ""))
    if op.name.ru:
        console.print(op.name.ru)
    line("id", f"{op.id}   kind: {op.kind}   lead group: {op.lead_group}")
    line("lead", op.lead.value + refs(op.lead.sources))
    line("status", op.status.value + refs(op.status.sources))
    host = op.host.state + (f", {op.host.territory}" if op.host.territory else "")
    line("host", host + refs(op.host.sources))
    if op.start:
        line("start", str(op.start.date) + refs(op.start.sources))
    if op.end:
        line("end", str(op.end.date) + refs(op.end.sources))
    if op.declared_peacekeeping_by:
        line("declared peacekeeping by", "; ".join(op.declared_peacekeeping_by.value) + refs(op.declared_peacekeeping_by.sources))
    if op.conflict_parties:
        line("conflict parties", "; ".join(op.conflict_parties.value) + refs(op.conflict_parties.sources))
    if op.request:
        line("requested by", f"{op.request.by}" + (f" on {op.request.date}" if op.request.date else "") + refs(op.request.sources))
    for c in op.consent:
        line("consent", f"{c.party}: {c.given}" + (f" ({c.date})" if c.date else "") + refs(c.sources))
    for lb in op.legal_basis:
        extra = ", ".join(filter(None, [str(lb.date) if lb.date else None, lb.body, " ".join(lb.un_resolutions) or None,
                                        f"Chapter {lb.charter_chapter}" if lb.charter_chapter else None]))
        line("legal basis", f"{lb.instrument} — {lb.rung}" + (f" ({extra})" if extra else "") + refs(lb.sources))
    for c in op.contributors:
        troops = f", {c.troops:,} troops" if c.troops is not None else ""
        line("contributor", f"{c.party} ({c.role}{troops})" + refs(c.sources))
    for s in op.strength:
        line("strength", f"{s.date}: {s.troops:,} ({s.basis})" + (f" — {s.note}" if s.note else "") + refs(s.sources))
    for t in op.tasks:
        flag = "" if t.mandated else "  [beyond mandate]"
        line("task", f"{t.task} ({t.category}){flag}" + refs(t.sources))
    for a in op.area:
        where = f"{a.lat:.3f}, {a.lon:.3f} r={a.radius_km:g} km" if a.lat is not None else ""
        admin = ", ".join(a.admin)
        line("area", f"{a.name} " + " ".join(filter(None, [where, admin])) + refs(a.sources))
    if op.conflict:
        line("conflict", op.conflict.name)
        for c in op.conflict.ceasefires:
            line("  ceasefire", f"{c.date}: {c.instrument}" + refs(c.sources))
        for s in op.conflict.settlements:
            kind = "comprehensive" if s.comprehensive else "partial"
            line("  settlement", f"{s.date}: {s.instrument} ({kind})" + refs(s.sources))
        if not op.conflict.settlements:
            line("  settlement", "none recorded")
    if op.notes:
        line("notes", op.notes.strip())
    console.print("\n[bold]Sources[/bold]")
    for sid, number in numbers.items():
        src = reg.sources.get(sid)
        if src is None:
            console.print(f"  {number}. {sid} (missing)", highlight=False)
            continue
        where = src.url or src.citation
        console.print(f"  {number}. [{src.reliability}] {src.publisher}, \"{src.title}\"" + (f", {src.date}" if src.date else "") + f" — {where}",
                      highlight=False, markup=False)
