"""An operation's profile from the registry: facts and tables, each value with its source numbers, and the gaps."""

from __future__ import annotations

import datetime as dt

from peaceops.report.citations import Bibliography
from peaceops.report.model import Fact, Row, Table

KIND_TEXT = {
    "un": "UN operation", "regional": "regional organisation", "alliance": "military alliance",
    "coalition": "ad hoc coalition", "bilateral": "bilateral arrangement", "unilateral": "unilateral deployment",
}
GIVEN_TEXT = {True: "yes", False: "no", "partial": "partial", "unknown": "unknown"}


def number(value: int | float | None) -> str:
    return "" if value is None else f"{value:,}"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def period_text(op) -> str:
    if op.start is None:
        return "never deployed" if not op.is_deployed else "start not recorded"
    end = str(op.end.date) if op.end else ("ongoing" if op.status.value == "active" else "end not recorded")
    return f"{op.start.date} – {end}"


def subtitle(op) -> str:
    where = op.host.state + (f" ({op.host.territory})" if op.host.territory else "")
    return f"{KIND_TEXT[op.kind]} led by {op.lead.value} · {where} · {period_text(op)}"


def gaps(op, evidence_count: int) -> list[str]:
    """What the registry (and the evidence) do not record for this operation, with where to add it."""
    file = f"data/operations/{op.id}.yaml"
    out = []
    checks = [
        (op.declared_peacekeeping_by is None, "who declared it peacekeeping", "declared_peacekeeping_by"),
        (op.conflict_parties is None, "the parties to the conflict", "conflict_parties"),
        (not op.contributors, "contributing states", "contributors"),
        (op.is_deployed and op.start is None, "the start of deployment", "start"),
        (op.status.value == "ended" and op.end is None, "the end of deployment", "end"),
        (not op.legal_basis, "a legal basis", "legal_basis"),
        (op.request is None, "who requested the deployment", "request"),
        (not op.consent, "consent of the host or the parties", "consent"),
        (not op.strength, "strength figures", "strength"),
        (not op.tasks, "tasks", "tasks"),
        (not op.area, "an area of operation", "area"),
        (op.conflict is None, "the underlying conflict (ceasefires, settlements)", "conflict"),
    ]
    for missing, what, key in checks:
        if missing:
            out.append(f"Not recorded: {what} (add {key} to {file}).")
    if op.contributors and all(c.troops is None for c in op.contributors):
        out.append("Not recorded: any contributor's troop figure, so the lead's share of the force is unknown.")
    if evidence_count == 0:
        out.append(f"Not recorded: reviewed evidence (add items to data/evidence/{op.id}.yaml or accept candidates in the review queue).")
    return out


def facts(op, bib: Bibliography) -> list[Fact]:
    out = [Fact("Id", op.id)]
    names = op.name.en + (f" / {op.name.ru}" if op.name.ru else "")
    out.append(Fact("Name", names + (f" ({op.acronym})" if op.acronym else "")))
    out.append(Fact("Kind", f"{KIND_TEXT[op.kind]} (registry classification; lead group {op.lead_group})"))
    out.append(Fact("Lead", op.lead.value, bib.cite(op.lead.sources), op.lead.note))
    out.append(Fact("Status", op.status.value, bib.cite(op.status.sources), op.status.note))
    if op.declared_peacekeeping_by:
        out.append(Fact("Declared peacekeeping by", "; ".join(op.declared_peacekeeping_by.value),
                        bib.cite(op.declared_peacekeeping_by.sources), op.declared_peacekeeping_by.note))
    else:
        out.append(Fact("Declared peacekeeping by", "not recorded"))
    host = op.host.state + (f", territory: {op.host.territory}" if op.host.territory else "")
    out.append(Fact("Host", host, bib.cite(op.host.sources), op.host.note))
    if op.conflict_parties:
        out.append(Fact("Conflict parties", "; ".join(op.conflict_parties.value), bib.cite(op.conflict_parties.sources),
                        op.conflict_parties.note))
    else:
        out.append(Fact("Conflict parties", "not recorded"))
    if op.start:
        out.append(Fact("Start", str(op.start.date), bib.cite(op.start.sources), op.start.note))
    else:
        out.append(Fact("Start", "never deployed" if not op.is_deployed else "not recorded"))
    if op.end:
        out.append(Fact("End", str(op.end.date), bib.cite(op.end.sources), op.end.note))
    else:
        out.append(Fact("End", "ongoing" if op.status.value == "active" else "not recorded"))
    peak = peak_figure(op)
    if peak is not None:
        out.append(Fact("Largest figure", f"{number(peak.troops)} personnel ({peak.basis}, {peak.date})", bib.cite(peak.sources),
                        "computed: the largest peak, actual or reported figure of the strength table "
                        "(authorised or announced only when nothing else is recorded)"))
    else:
        out.append(Fact("Largest figure", "no strength figure recorded"))
    return out


def peak_figure(op):
    deployed = [s for s in op.strength if s.basis in ("peak", "actual", "reported")]
    candidates = deployed or list(op.strength)
    return max(candidates, key=lambda s: (s.troops, str(s.date)), default=None)


def _articles(lb) -> str:
    parts = list(lb.un_resolutions)
    if lb.charter_chapter:
        parts.append(f"UN Charter Chapter {lb.charter_chapter}")
    parts += lb.articles
    return "; ".join(parts)


def tables(op, bib: Bibliography) -> list[Table]:
    """Legal basis, request and consent, contributors, tasks and conflict, cited in this order."""
    legal = Table(
        "Legal basis", ["Instrument", "Date", "Body", "Rung", "Resolutions, Charter, articles"],
        [Row([lb.instrument, str(lb.date or ""), lb.body or "", lb.rung, _articles(lb)], bib.cite(lb.sources), lb.note)
         for lb in op.legal_basis],
        "No legal basis is recorded.",
    )
    consent_rows = []
    if op.request:
        consent_rows.append(Row(["request", op.request.by, "", str(op.request.date or "")], bib.cite(op.request.sources),
                                op.request.note))
    for c in op.consent:
        consent_rows.append(Row(["consent", c.party, GIVEN_TEXT[c.given], str(c.date or "")], bib.cite(c.sources), c.note))
    consent = Table("Request and consent", ["", "By / party", "Given", "Date"], consent_rows,
                    "Neither a request nor consent is recorded.")
    contributors = Table(
        "Contributors", ["Party", "Role", "Personnel", "As of"],
        [Row([c.party, c.role, number(c.troops) or "not given", str(c.date or "")], bib.cite(c.sources), c.note)
         for c in op.contributors],
        "No contributing state is recorded.",
    )
    return [legal, consent, contributors]


def strength_table(op, bib: Bibliography) -> Table:
    rows = [Row([str(s.date), number(s.troops), s.basis], bib.cite(s.sources), s.note)
            for s in sorted(op.strength, key=lambda s: (s.date.earliest(), s.troops))]
    return Table("Strength figures", ["Date", "Personnel", "Basis"], rows, "No strength figure is recorded.")


def later_tables(op, bib: Bibliography) -> list[Table]:
    tasks = Table(
        "Tasks", ["Task", "Category", "Within the mandate"],
        [Row([t.task, t.category, yes_no(t.mandated)], bib.cite(t.sources), t.note) for t in op.tasks],
        "No task is recorded.",
    )
    events = []
    if op.conflict:
        for cf in op.conflict.ceasefires:
            events.append((cf.date.earliest(), Row(["ceasefire", str(cf.date), cf.instrument, ""], bib.cite(cf.sources), cf.note)))
        for st in op.conflict.settlements:
            events.append((st.date.earliest(), Row(["settlement", str(st.date), st.instrument, yes_no(st.comprehensive)],
                                                   bib.cite(st.sources), st.note)))
    title = f"Conflict: {op.conflict.name}" if op.conflict else "Conflict"
    missing = "The underlying conflict is not recorded." if op.conflict is None else "No ceasefire or settlement is recorded."
    conflict = Table(title, ["", "Date", "Instrument", "Comprehensive"], [row for _, row in sorted(events, key=lambda e: e[0])],
                     missing, op.conflict.note if op.conflict else None)
    return [tasks, conflict]


def deployment_window(op) -> tuple[dt.date, dt.date | None] | None:
    if op.start is None:
        return None
    return op.start.date.earliest(), op.end.date.latest() if op.end else None
