"""What the registry does not know yet: for each operation, the fields no source has given.

A field left out is a finding, not a failure: the registry never fills a gap with a guess. This lists them so a
researcher knows where to look next, and so a report can say what is missing rather than leave a blank.

    >>> from peaceops import registry
    >>> from peaceops.registry.gaps import gaps
    >>> gaps(registry.load().get("chad-libya-unasog-1994"))
    ['French name', 'deployed strength', ...]
"""

from __future__ import annotations

FIELDS = (
    "French name",
    "host codes",
    "legal basis",
    "consent",
    "conflict parties",
    "deployed strength",
    "authorised strength",
    "tasks",
    "area point",
    "UCDP conflict id",
    "ceasefire or settlement",
    "who declared it peacekeeping",
)


def gaps(op) -> list[str]:
    """The fields of ``op`` that no source has given (see :data:`FIELDS`), in that order."""
    deployed = op.is_deployed
    missing = {
        "French name": op.kind == "un" and not op.name.fr,
        "host codes": not (op.host.iso3 and op.host.gwno),
        "legal basis": deployed and not op.legal_basis,
        "consent": not op.consent,
        "conflict parties": not op.conflict_parties,
        "deployed strength": deployed and not any(s.basis in ("peak", "actual", "reported") for s in op.strength),
        "authorised strength": op.kind == "un" and not any(s.basis == "authorised" for s in op.strength),
        "tasks": deployed and not op.tasks,
        "area point": not any(a.lat is not None for a in op.area),
        "UCDP conflict id": not op.ucdp_conflicts,
        "ceasefire or settlement": not (op.conflict and (op.conflict.ceasefires or op.conflict.settlements)),
        "who declared it peacekeeping": op.kind != "un" and op.declared_peacekeeping_by is None,
    }
    return [name for name in FIELDS if missing[name]]


def gap_rows(operations) -> list[dict]:
    """One row per operation with at least one gap: ``{"id", "kind", "gaps"}``."""
    rows = [{"id": op.id, "kind": op.kind, "gaps": gaps(op)} for op in sorted(operations, key=lambda o: o.id)]
    return [row for row in rows if row["gaps"]]
