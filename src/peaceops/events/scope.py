"""Which linked events belong to the operation's own conflict: conflict identity first, then the host state.

Linkage by area and time (:mod:`peaceops.events.link`) finds every event near an operation. Near a border, or
in a country with several wars, that mixes in other conflicts: UNMOT in Tajikistan would be charged with the war
across the river in Afghanistan, the MFO in Sinai with Gaza. Each linked event therefore gets a method and, when
it does not count, the reason:

* ``conflict-id``: the event carries a UCDP conflict id, is state-based, and the registry gives the operation's
  UCDP conflict ids. It counts when its conflict id is one of them, wherever it happened (cross-border fighting
  of the same conflict counts).
* ``host-state``: otherwise, when the event has a map country and the operation's host state(s) are on the map.
  It counts when it lies in a host state (``host.state`` and ``host.other_states``).
* ``area-only``: otherwise (no map country: no coordinates, or no country near; or a host the map lacks). It
  always counts: area and time only.

Excluded events are kept in the linked table with their reason (``other conflict: Israel: Palestine``,
``outside Tajikistan: Afghanistan``), so every trajectory can count and show what it left out. The rules are
Ibis expressions over two small tables, so they run unchanged on DuckDB and Spark.
"""

from __future__ import annotations

import pandas as pd

from peaceops.maps.locate import country_name


def scope_tables(ops) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(per operation, allowed map countries, UCDP conflict ids) as small frames for the backend."""
    per_op, countries, conflicts = [], [], []
    for op in ops:
        hosts = [op.host.state, *(other.state for other in op.host.other_states)]
        if op.host.territory:  # a territory the map draws apart (Kosovo, Western Sahara, Northern Cyprus)
            hosts.append(op.host.territory)
        names = sorted({n for n in (country_name(h) for h in hosts) if n})
        ids = sorted(set(op.ucdp_conflicts.value)) if op.ucdp_conflicts else []
        label = " or ".join(dict.fromkeys(hosts))
        per_op.append({"scope_op": op.id, "has_conflicts": bool(ids), "has_host": bool(names), "host_label": label})
        countries += [{"country_op": op.id, "allowed_country": n} for n in names]
        conflicts += [{"conflict_op": op.id, "allowed_conflict": i} for i in ids]
    return (
        pd.DataFrame(per_op, columns=["scope_op", "has_conflicts", "has_host", "host_label"]),
        pd.DataFrame(countries, columns=["country_op", "allowed_country"]).astype({"allowed_country": "object"}),
        pd.DataFrame(conflicts, columns=["conflict_op", "allowed_conflict"]).astype({"allowed_conflict": "int64"}),
    )


def restrict(linked, ops):
    """``linked`` with ``linkage_method``, ``excluded`` (the reason, null when the event counts) and ``counts``
    (true when it does) per (operation, event)."""
    import ibis  # heavy: ibis, loaded on first use

    per_op, countries, conflicts = scope_tables(ops)
    scope_t = ibis.memtable(per_op)
    countries_t = ibis.memtable(countries, schema={"country_op": "string", "allowed_country": "string"})
    conflicts_t = ibis.memtable(conflicts, schema={"conflict_op": "string", "allowed_conflict": "int64"})
    columns = linked.columns
    joined = linked.left_join(scope_t, linked.op_id == scope_t.scope_op)
    joined = joined.left_join(
        countries_t, (joined.op_id == countries_t.country_op) & (joined.map_country == countries_t.allowed_country)
    )
    joined = joined.left_join(
        conflicts_t, (joined.op_id == conflicts_t.conflict_op) & (joined.conflict_id == conflicts_t.allowed_conflict)
    )
    by_conflict = (
        joined.has_conflicts.fill_null(False)
        & joined.conflict_id.notnull()
        & (joined.violence_type.fill_null("") == "state-based")
    )
    by_host = joined.has_host.fill_null(False) & joined.map_country.notnull()
    method = ibis.cases((by_conflict, "conflict-id"), (by_host, "host-state"), else_="area-only")
    other_conflict = by_conflict & joined.allowed_conflict.isnull()
    outside = ~by_conflict & by_host & joined.allowed_country.isnull()
    conflict_label = joined.conflict_name.fill_null("UCDP conflict " + joined.conflict_id.cast("string"))
    excluded = ibis.cases(
        (other_conflict, "other conflict: " + conflict_label),
        (outside, "outside " + joined.host_label + ": " + joined.map_country),
        else_=ibis.null().cast("string"),
    )
    # counts: excluded is null, said without the label, so that a query of the counted events alone reads no
    # conflict name (each label is non-null where its condition holds: conflict_id, host_label, map_country are)
    return joined.select(*columns, linkage_method=method, excluded=excluded, counts=~(other_conflict | outside))


def kept(linked):
    """The linked events that count for their operation."""
    return linked.filter(linked.counts)


def exclusions(linked):
    """Ibis expression: per operation, dataset and reason, the events left out and their deaths (best)."""
    dropped = linked.filter(~linked.counts)
    return dropped.group_by(["op_id", "dataset", "excluded"]).aggregate(
        events=dropped.count(), fatalities_best=dropped.fatalities_best.sum()
    )


def methods(linked):
    """Ibis expression: per operation and dataset, how many counted events each linkage method decided."""
    counted = kept(linked)
    return counted.group_by(["op_id", "dataset", "linkage_method"]).aggregate(events=counted.count())
