"""An operation's facts as rows (label, value, sources, note) cited in one bibliography.

This is the single place that decides which facts of an operation are shown,
in which order, and how each reads. The CLI (``ops show`` and its ``--json``),
the web page and its JSON twin, and the reports only style these rows.

The order is the reading order of the report: headline facts, legal basis,
request and consent, contributors, tasks, ceasefires and settlements (by
date), strength figures (by date), area. Sources are numbered on first
citation in that order, so every face gives a source the same number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peaceops.present import format as fmt
from peaceops.present.citations import Bibliography

LARGEST_FIGURE_NOTE = (
    "computed: the largest peak, actual or reported figure of the strength table "
    "(authorised or announced only when nothing else is recorded)"
)


@dataclass(frozen=True)
class FactRow:
    """One stated fact. ``cells`` are its parts for faces that lay the fact out as a table row."""

    label: str
    value: str
    sources: tuple[str, ...] = ()
    refs: tuple[int, ...] = ()
    note: str | None = None
    cells: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        """The JSON shape every face emits: label, value, sources (id and number), note."""
        return {
            "label": self.label,
            "value": self.value,
            "sources": [{"id": sid, "number": number} for sid, number in zip(self.sources, self.refs, strict=True)],
            "note": self.note,
        }


@dataclass(frozen=True)
class OperationFacts:
    op_id: str
    rows: list[FactRow]
    bibliography: Bibliography = field(repr=False)

    def of(self, *labels: str) -> list[FactRow]:
        return [row for row in self.rows if row.label in labels]

    def sources(self, registry) -> list[dict]:
        """The numbered sources cited so far: number, id and the source's record."""
        out = []
        for ref in self.bibliography.entries:
            if ref.kind != "source":
                continue
            entry = {"number": ref.number, "id": ref.key}
            src = registry.sources.get(ref.key)
            if src is not None:
                entry.update(src.model_dump(mode="json", exclude_none=True))
            out.append(entry)
        return out

    def as_dict(self, registry) -> dict:
        return {"facts": [row.as_dict() for row in self.rows], "sources": self.sources(registry)}


def operation_facts(registry, op, bib: Bibliography | None = None) -> OperationFacts:
    """Every fact of ``op`` as a row, its sources numbered in ``bib`` (a new bibliography if none is given)."""
    bib = bib if bib is not None else Bibliography(registry.sources)
    rows: list[FactRow] = []

    def add(label: str, value: str, sources=(), note=None, cells=()) -> None:
        sources = tuple(dict.fromkeys(sources))
        rows.append(FactRow(label, value, sources, tuple(bib.cite(sources)), note, tuple(cells)))

    add("lead", op.lead.value, op.lead.sources, op.lead.note)
    add("status", op.status.value, op.status.sources, op.status.note)
    declared = op.declared_peacekeeping_by
    if declared:
        add("declared peacekeeping by", "; ".join(declared.value), declared.sources, declared.note)
    else:
        add("declared peacekeeping by", fmt.NOT_RECORDED)
    for r in op.un_responses:
        add(
            "UN response",
            f"{r.organ} {r.response}: {r.instrument} ({fmt.date(r.date)})",
            r.sources,
            r.note,
            [r.organ, r.response, r.instrument, fmt.date(r.date)],
        )
    if op.regional_power:
        add("regional power leading", op.regional_power.value, op.regional_power.sources, op.regional_power.note)
    add("host", fmt.host(op), op.host.sources, op.host.note)
    codes = fmt.host_codes(op)
    if codes:
        add("host codes", codes, op.host.sources)
    if op.ucdp_conflicts:
        ids = ", ".join(str(i) for i in op.ucdp_conflicts.value)
        add("UCDP conflicts", ids, op.ucdp_conflicts.sources, op.ucdp_conflicts.note)
    parties = op.conflict_parties
    if parties:
        add("conflict parties", "; ".join(parties.value), parties.sources, parties.note)
    else:
        add("conflict parties", fmt.NOT_RECORDED)
    if op.start:
        add("start", fmt.date(op.start.date), op.start.sources, op.start.note)
    else:
        add("start", "never deployed" if not op.is_deployed else fmt.NOT_RECORDED)
    if op.end:
        add("end", fmt.date(op.end.date), op.end.sources, op.end.note)
    else:
        add("end", "ongoing" if op.status.value == "active" else fmt.NOT_RECORDED)
    peak = fmt.peak_figure(op)
    if peak is not None:
        add("largest figure", fmt.peak_text(peak), peak.sources, LARGEST_FIGURE_NOTE)
    else:
        add("largest figure", "no strength figure recorded")
    for lb in op.legal_basis:
        add(
            "legal basis",
            fmt.legal_basis(lb),
            lb.sources,
            lb.note,
            [lb.instrument, fmt.date(lb.date), lb.body or "", lb.rung, fmt.legal_articles(lb)],
        )
    if op.request:
        r = op.request
        add(
            "requested by",
            r.by + (f" on {r.date}" if r.date else ""),
            r.sources,
            r.note,
            ["request", r.by, "", fmt.date(r.date)],
        )
    for c in op.consent:
        add(
            "consent",
            fmt.consent(c),
            c.sources,
            c.note,
            ["consent", c.party, fmt.consent_given(c.given), fmt.date(c.date)],
        )
    for c in op.contributors:
        troops = f", {fmt.number(c.troops)} troops" if c.troops is not None else ""
        add(
            "contributor",
            f"{c.party} ({c.role}{troops})" + (f" as of {c.date}" if c.date else ""),
            c.sources,
            c.note,
            [c.party, c.role, fmt.number(c.troops) or "not given", fmt.date(c.date)],
        )
    for t in op.tasks:
        add(
            "task",
            f"{t.task} ({t.category})" + ("" if t.mandated else " — beyond the mandate"),
            t.sources,
            t.note,
            [t.task, t.category, fmt.yes_no(t.mandated)],
        )
    if op.conflict:
        events = [(cf.date.earliest(), "ceasefire", cf) for cf in op.conflict.ceasefires]
        events += [(st.date.earliest(), "settlement", st) for st in op.conflict.settlements]
        for _, what, e in sorted(events, key=lambda item: item[0]):
            if what == "ceasefire":
                add(
                    "ceasefire",
                    f"{e.date}: {e.instrument}",
                    e.sources,
                    e.note,
                    ["ceasefire", fmt.date(e.date), e.instrument, ""],
                )
            else:
                scope = "comprehensive" if e.comprehensive else "partial"
                add(
                    "settlement",
                    f"{e.date}: {e.instrument} ({scope})",
                    e.sources,
                    e.note,
                    ["settlement", fmt.date(e.date), e.instrument, fmt.yes_no(e.comprehensive)],
                )
    for s in sorted(op.strength, key=lambda s: (s.date.earliest(), s.total)):
        add("strength", fmt.strength(s), s.sources, s.note, [fmt.date(s.date), fmt.number(s.total), s.basis])
    for a in op.area:
        add("area", " ".join(filter(None, [a.name, fmt.area_where(a), ", ".join(a.admin)])), a.sources, a.note)
    return OperationFacts(op.id, rows, bib)


def timeline(op, numbers: dict[str, int]) -> list[dict]:
    """Dated facts in order: request, legal basis, consent, deployment, strength, ceasefires, settlements, end.

    ``numbers`` maps source ids to the numbers :func:`operation_facts` gave them, so both lists cite alike.
    """
    items = []

    def add(date, kind: str, label: str, sources, value=None, basis=None) -> None:
        if date is None:
            return
        items.append(
            {
                "date": str(date),
                "sort": date.earliest().isoformat(),
                "kind": kind,
                "label": label,
                "value": value,
                "basis": basis,
                "sources": [{"id": s, "number": numbers.get(s)} for s in sources],
            }
        )

    if op.request:
        add(op.request.date, "request", f"requested by {op.request.by}", op.request.sources)
    for lb in op.legal_basis:
        add(lb.date, "legal basis", f"{lb.instrument} ({lb.rung})", lb.sources)
    for c in op.consent:
        add(c.date, "consent", f"consent of {c.party}: {fmt.consent_given(c.given)}", c.sources)
    if op.start:
        add(op.start.date, "deployment", "deployment begins", op.start.sources)
    for s in op.strength:
        add(s.date, "strength", f"{fmt.number(s.total)} personnel ({s.basis})", s.sources, s.total, s.basis)
    if op.conflict:
        for c in op.conflict.ceasefires:
            add(c.date, "ceasefire", c.instrument, c.sources)
        for s in op.conflict.settlements:
            add(
                s.date, "settlement", f"{s.instrument} ({'comprehensive' if s.comprehensive else 'partial'})", s.sources
            )
    if op.end:
        add(op.end.date, "end", "deployment ends", op.end.sources)
    items.sort(key=lambda i: i["sort"])
    return items


def summary_row(registry, op) -> dict:
    """One line of the operations list (CLI table, web list, its JSON and CSV)."""
    return {
        "id": op.id,
        "name": op.name.en,
        "acronym": op.acronym,
        "kind": op.kind,
        "lead": op.lead.value,
        "lead_group": op.lead_group,
        "regional_power": op.regional_power.value if op.regional_power else None,
        "host": fmt.host(op),
        "start": fmt.date(op.start.date) if op.start else None,
        "end": fmt.date(op.end.date) if op.end else None,
        "status": op.status.value,
        "peak_strength": op.peak_strength,
        "legal_basis": fmt.strongest_rung(op),
        "sources": len(registry.cited_sources(op)),
    }


def summary_rows(registry, ops) -> list[dict]:
    return [summary_row(registry, op) for op in ops]


def operation_record(registry, op) -> dict:
    """The machine-readable operation: the record as stored, derived values, the cited sources' records,
    and the fact rows with their numbered sources (the same rows every face shows)."""
    data = op.model_dump(mode="json", exclude_none=True)
    data["derived"] = {"peak_strength": op.peak_strength, "strongest_legal_rung": fmt.strongest_rung(op)}
    data["cited_sources"] = {
        sid: s.model_dump(mode="json", exclude_none=True) for sid, s in registry.cited_sources(op).items()
    }
    return data
