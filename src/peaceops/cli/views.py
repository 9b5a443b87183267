"""Terminal and JSON renderings of registry records (no domain logic here)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from peaceops.present import format as fmt
from peaceops.present import operation_facts, operation_record, summary_rows

__all__ = ["operation_json", "print_operation", "print_summary_table", "summary_rows"]


def print_summary_table(rows: list[dict], title: str = "") -> None:
    table = Table(title=title or None, show_lines=False)
    for header in ("id", "kind", "lead", "host", "start", "end", "status", "peak", "legal basis", "src"):
        if header in ("lead", "host"):
            table.add_column(header, overflow="ellipsis", no_wrap=True, max_width=26)
        else:
            table.add_column(header, no_wrap=True)
    for r in rows:
        table.add_row(
            r["id"],
            r["kind"],
            r["lead"],
            r["host"],
            r["start"] or "—",
            r["end"] or "—",
            r["status"],
            fmt.number(r["peak_strength"]) or "—",
            r["legal_basis"] or "—",
            str(r["sources"]),
        )
    console = Console()
    if not console.is_terminal:  # files and pipes get the whole table, not an 80-column squeeze
        console = Console(width=160)
    console.print(table)


def operation_json(reg, op) -> dict:
    """The operation as stored, derived values, the cited sources' records, and its fact rows with numbered sources."""
    return {**operation_record(reg, op), **operation_facts(reg, op).as_dict(reg)}


def print_operation(reg, op) -> None:
    """The fact rows of the presentation model with their source numbers, then the numbered sources.

    Printed in one call (rich's cost is per call: a hundred lines printed one by one took longer than loading the
    registry); every value is escaped, so text from the data is never read as markup.
    """
    console = Console()
    shown = operation_facts(reg, op)
    lines = [f"[bold underline]{escape(op.name.en)}[/]" + (f" ({escape(op.acronym)})" if op.acronym else "")]
    if op.name.ru:
        lines.append(escape(op.name.ru))
    lines.append(f"[bold]id:[/bold] {op.id}   kind: {op.kind}   lead group: {op.lead_group}")
    for row in shown.rows:
        refs = f" [{','.join(map(str, row.refs))}]" if row.refs else ""
        note = f" — {row.note}" if row.note and row.label == "strength" else ""
        lines.append(f"[bold]{escape(row.label)}:[/bold] {escape(row.value + note)}{escape(refs)}")
    if op.conflict:
        lines.append(f"[bold]conflict:[/bold] {escape(op.conflict.name)}")
    if op.notes:
        lines.append(f"[bold]notes:[/bold] {escape(op.notes.strip())}")
    lines.append("\n[bold]Sources[/bold]")
    for ref in shown.bibliography.entries:
        src = reg.sources.get(ref.key)
        if src is None:
            lines.append(escape(f"  {ref.number}. {ref.key} (missing)"))
            continue
        where = src.url or src.citation
        lines.append(
            escape(
                f'  {ref.number}. [{src.reliability}] {src.publisher}, "{src.title}"'
                + (f", {src.date}" if src.date else "")
                + f" — {where}"
            )
        )
    console.print("\n".join(lines), highlight=False)
