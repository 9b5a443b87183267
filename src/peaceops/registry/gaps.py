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


def _reported(op) -> bool:
    return any(s.basis in ("peak", "actual", "reported") for s in op.strength)


def _ceasefire_or_settlement(op) -> bool:
    return bool(op.conflict and (op.conflict.ceasefires or op.conflict.settlements))


# (name, the file's key, whether ``op`` lacks it), in the order every face lists them
CHECKS = (
    ("French name", "name.fr", lambda op: op.kind == "un" and not op.name.fr),
    ("host codes", "host.iso3, host.gwno", lambda op: not (op.host.iso3 and op.host.gwno)),
    (
        "who declared it peacekeeping",
        "declared_peacekeeping_by",
        lambda op: op.kind != "un" and op.declared_peacekeeping_by is None,
    ),
    ("conflict parties", "conflict_parties", lambda op: op.conflict_parties is None),
    ("contributors", "contributors", lambda op: op.is_deployed and not op.contributors),
    ("start of deployment", "start", lambda op: op.is_deployed and op.start is None),
    ("end of deployment", "end", lambda op: op.status.value == "ended" and op.end is None),
    ("legal basis", "legal_basis", lambda op: op.is_deployed and not op.legal_basis),
    ("who requested it", "request", lambda op: op.kind != "un" and op.request is None),
    ("consent", "consent", lambda op: not op.consent),
    ("deployed strength", "strength", lambda op: op.is_deployed and not _reported(op)),
    (
        "authorised strength",
        "strength",
        lambda op: op.kind == "un" and not any(s.basis == "authorised" for s in op.strength),
    ),
    ("tasks", "tasks", lambda op: op.is_deployed and not op.tasks),
    ("area point", "area", lambda op: not any(a.lat is not None for a in op.area)),
    ("UCDP conflict id", "ucdp_conflicts", lambda op: not op.ucdp_conflicts),
    (
        "ceasefire or settlement",
        "conflict.ceasefires, conflict.settlements",
        lambda op: not _ceasefire_or_settlement(op),
    ),
)
FIELDS = tuple(name for name, _, _ in CHECKS)


def gaps(op) -> list[Gap]:
    """The fields of ``op`` that no source has given, in the order of :data:`FIELDS`."""
    return [Gap(name, key) for name, key, lacks in CHECKS if lacks(op)]


def gap_rows(operations) -> list[dict]:
    """One row per operation with at least one gap: ``{"id", "kind", "gaps"}`` (gap names)."""
    rows = [
        {"id": op.id, "kind": op.kind, "gaps": [g.name for g in gaps(op)]}
        for op in sorted(operations, key=lambda o: o.id)
    ]
    return [row for row in rows if row["gaps"]]
