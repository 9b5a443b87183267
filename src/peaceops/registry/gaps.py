"""What the registry does not know yet: for each operation, the fields no source has given.

A field left out is a finding, not a failure: the registry never fills a gap with a guess. One list serves
`peaceops ops gaps` (where a researcher looks next) and the reports (which say what is missing rather than
leave a blank), each gap with the key of the operation file where it would go.

    >>> from peaceops import registry
    >>> from peaceops.registry.gaps import gaps
    >>> [g.name for g in gaps(registry.load().get("west-new-guinea-unsf-1962"))]
    ['deployed strength', 'authorised strength', 'area point', 'UCDP conflict id']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    name: str  # what is missing, e.g. "UCDP conflict id"
    key: str  # the key of data/operations/<id>.yaml where it would go


def _checks(op) -> list[tuple[bool, str, str]]:
    deployed = op.is_deployed
    return [
        (op.kind == "un" and not op.name.fr, "French name", "name.fr"),
        (not (op.host.iso3 and op.host.gwno), "host codes", "host.iso3, host.gwno"),
        (
            op.kind != "un" and op.declared_peacekeeping_by is None,
            "who declared it peacekeeping",
            "declared_peacekeeping_by",
        ),
        (op.conflict_parties is None, "conflict parties", "conflict_parties"),
        (deployed and not op.contributors, "contributors", "contributors"),
        (deployed and op.start is None, "start of deployment", "start"),
        (op.status.value == "ended" and op.end is None, "end of deployment", "end"),
        (deployed and not op.legal_basis, "legal basis", "legal_basis"),
        (op.kind != "un" and op.request is None, "who requested it", "request"),
        (not op.consent, "consent", "consent"),
        (
            deployed and not any(s.basis in ("peak", "actual", "reported") for s in op.strength),
            "deployed strength",
            "strength",
        ),
        (op.kind == "un" and not any(s.basis == "authorised" for s in op.strength), "authorised strength", "strength"),
        (deployed and not op.tasks, "tasks", "tasks"),
        (not any(a.lat is not None for a in op.area), "area point", "area"),
        (not op.ucdp_conflicts, "UCDP conflict id", "ucdp_conflicts"),
        (
            not (op.conflict and (op.conflict.ceasefires or op.conflict.settlements)),
            "ceasefire or settlement",
            "conflict.ceasefires, conflict.settlements",
        ),
    ]


FIELDS = (
    "French name",
    "host codes",
    "who declared it peacekeeping",
    "conflict parties",
    "contributors",
    "start of deployment",
    "end of deployment",
    "legal basis",
    "who requested it",
    "consent",
    "deployed strength",
    "authorised strength",
    "tasks",
    "area point",
    "UCDP conflict id",
    "ceasefire or settlement",
)


def gaps(op) -> list[Gap]:
    """The fields of ``op`` that no source has given, in the order of :data:`FIELDS`."""
    return [Gap(name, key) for missing, name, key in _checks(op) if missing]


def gap_rows(operations) -> list[dict]:
    """One row per operation with at least one gap: ``{"id", "kind", "gaps"}`` (gap names)."""
    rows = [
        {"id": op.id, "kind": op.kind, "gaps": [g.name for g in gaps(op)]}
        for op in sorted(operations, key=lambda o: o.id)
    ]
    return [row for row in rows if row["gaps"]]
