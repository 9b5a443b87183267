"""An operation's profile as the report lays it out: the presentation model's fact rows as a fact list and tables.

Which facts, their wording and their source numbers come from
:func:`peaceops.present.operation_facts`; this module only groups the rows
into the report's sections. The gaps say what the registry does not record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peaceops.present import OperationFacts
from peaceops.present import format as fmt
from peaceops.registry.gaps import gaps as registry_gaps
from peaceops.report.model import Fact, Row, Table

if TYPE_CHECKING:
    import datetime as dt

HEADLINE = (
    "lead",
    "status",
    "declared peacekeeping by",
    "UN response",
    "regional power leading",
    "host",
    "conflict parties",
    "start",
    "end",
    "largest figure",
)


def subtitle(op) -> str:
    return f"{fmt.kind(op)} led by {op.lead.value} · {fmt.host(op)} · {fmt.period(op)}"


def gaps(op, evidence_count: int) -> list[str]:
    """What the registry (and the evidence) do not record for this operation, with where to add it (the same
    fields as `peaceops ops gaps`, :mod:`peaceops.registry.gaps`)."""
    file = f"data/operations/{op.id}.yaml"
    out = [f"Not recorded: {gap.name} (add {gap.key} to {file})." for gap in registry_gaps(op)]
    if op.contributors and all(c.troops is None for c in op.contributors):
        out.append("Not recorded: any contributor's troop figure, so the lead's share of the force is unknown.")
    if evidence_count == 0:
        out.append(
            f"Not recorded: reviewed evidence (add items to data/evidence/{op.id}.yaml or accept candidates in the "
            "review queue)."
        )
    return out


def _label(row) -> str:
    return row.label[:1].upper() + row.label[1:]


def facts(op, shown: OperationFacts) -> list[Fact]:
    """Id, name and kind, then the headline fact rows of the presentation model."""
    names = op.name.en + (f" / {op.name.ru}" if op.name.ru else "")
    out = [
        Fact("Id", op.id),
        Fact("Name", names + (f" ({op.acronym})" if op.acronym else "")),
        Fact("Kind", f"{fmt.kind(op)} (registry classification; lead group {op.lead_group})"),
    ]
    out += [Fact(_label(row), row.value, list(row.refs), row.note) for row in shown.of(*HEADLINE)]
    return out


def _rows(shown: OperationFacts, *labels: str) -> list[Row]:
    return [Row(list(row.cells), list(row.refs), row.note) for row in shown.of(*labels)]


def tables(op, shown: OperationFacts) -> list[Table]:
    """Legal basis, request and consent, contributors."""
    legal = Table(
        "Legal basis",
        ["Instrument", "Date", "Body", "Rung", "Resolutions, Charter, articles"],
        _rows(shown, "legal basis"),
        "No legal basis is recorded.",
    )
    consent = Table(
        "Request and consent",
        ["", "By / party", "Given", "Date"],
        _rows(shown, "requested by", "consent"),
        "Neither a request nor consent is recorded.",
    )
    contributors = Table(
        "Contributors",
        ["Party", "Role", "Personnel", "As of"],
        _rows(shown, "contributor"),
        "No contributing state is recorded.",
    )
    return [legal, consent, contributors]


def strength_table(op, shown: OperationFacts) -> Table:
    return Table(
        "Strength figures", ["Date", "Personnel", "Basis"], _rows(shown, "strength"), "No strength figure is recorded."
    )


def later_tables(op, shown: OperationFacts) -> list[Table]:
    """Tasks, and the conflict's ceasefires and settlements by date."""
    tasks = Table("Tasks", ["Task", "Category", "Within the mandate"], _rows(shown, "task"), "No task is recorded.")
    title = f"Conflict: {op.conflict.name}" if op.conflict else "Conflict"
    missing = (
        "The underlying conflict is not recorded." if op.conflict is None else "No ceasefire or settlement is recorded."
    )
    conflict = Table(
        title,
        ["", "Date", "Instrument", "Comprehensive"],
        _rows(shown, "ceasefire", "settlement"),
        missing,
        op.conflict.note if op.conflict else None,
    )
    return [tasks, conflict]


def deployment_window(op) -> tuple[dt.date, dt.date | None] | None:
    if op.start is None:
        return None
    return op.start.date.earliest(), op.end.date.latest() if op.end else None
