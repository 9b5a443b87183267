"""The one way peaceops writes numbers, scores, dates and the recurring phrases of an operation's record.

Every face (CLI, web pages and their JSON twins, reports) formats through
these functions, so a value reads the same wherever it appears.
"""

from __future__ import annotations

from peaceops.registry import Registry

KIND_TEXT = {
    "un": "UN operation",
    "regional": "regional organisation",
    "alliance": "military alliance",
    "coalition": "ad hoc coalition",
    "bilateral": "bilateral arrangement",
    "unilateral": "unilateral deployment",
}
GIVEN_TEXT = {True: "yes", False: "no", "partial": "partial", "unknown": "unknown"}
NOT_RECORDED = "not recorded"


def number(value: int | float | None) -> str:
    """Thousands separated (``12,500``); empty for no value."""
    return "" if value is None else f"{value:,}"


def score(value: float | None) -> str:
    """A score on the 0..2 scale with at most two decimals (``2``, ``1.5``, ``1.25``); an em dash for none."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def date(value) -> str:
    """A date or partial date (``1999``, ``1999-06``, ``1999-06-10``) as recorded; empty for none."""
    return "" if value is None else str(value)


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def host(op) -> str:
    """The host state, with the territory in brackets when one is recorded: ``Serbia (Kosovo)``."""
    return op.host.state + (f" ({op.host.territory})" if op.host.territory else "")


def consent_given(given) -> str:
    """yes, no, partial or unknown."""
    return GIVEN_TEXT.get(given, str(given))


def consent(c) -> str:
    """``party: given (date)``."""
    return f"{c.party}: {consent_given(c.given)}" + (f" ({c.date})" if c.date else "")


def period(op) -> str:
    """``start – end`` of the deployment, ``ongoing`` when active, or why there is no start."""
    if op.start is None:
        return "never deployed" if not op.is_deployed else "start not recorded"
    end = str(op.end.date) if op.end else ("ongoing" if op.status.value == "active" else "end not recorded")
    return f"{op.start.date} – {end}"


def kind(op) -> str:
    return KIND_TEXT[op.kind]


def peak_figure(op):
    """The strength record behind ``op.peak_strength`` (the registry's rule: the largest deployed figure, else the
    largest authorised or announced one); the latest such record on a tie. None without strength figures."""
    peak = op.peak_strength
    matching = [s for s in op.strength if s.total == peak]
    return max(matching, key=lambda s: (s.basis not in ("authorised", "announced"), str(s.date)), default=None)


def peak_text(peak) -> str:
    """``12,500 personnel (peak, 1996)``."""
    return f"{number(peak.total)} personnel{breakdown(peak)} ({peak.basis}, {peak.date})"


def strongest_legal_basis(op):
    """The first legal-basis record reaching the registry's strongest rung for ``op``, or None."""
    rung = strongest_rung(op)
    return next((lb for lb in op.legal_basis if lb.rung == rung), None)


def strongest_rung(op) -> str | None:
    return Registry.strongest_rung(op)


def legal_articles(lb) -> str:
    """Resolutions, UN Charter chapter and articles of one legal-basis record."""
    parts = list(lb.un_resolutions)
    if lb.charter_chapter:
        parts.append(f"UN Charter Chapter {lb.charter_chapter}")
    parts += lb.articles
    return "; ".join(parts)


def legal_basis(lb) -> str:
    """``instrument — rung (date, body, resolutions, Charter, articles)``."""
    extra = ", ".join(filter(None, [date(lb.date), lb.body, legal_articles(lb)]))
    return f"{lb.instrument} — {lb.rung}" + (f" ({extra})" if extra else "")


def strength(s) -> str:
    """``date: 2,030 (basis)``."""
    return f"{s.date}: {number(s.total)}{breakdown(s)} ({s.basis})"


def breakdown(s) -> str:
    """`` (1,200 troops, 80 police, 40 observers)`` when the entry counts police or observers apart; else empty."""
    if s.police is None and s.observers is None:
        return ""
    parts = [f"{number(s.troops)} troops"]
    if s.police is not None:
        parts.append(f"{number(s.police)} police")
    if s.observers is not None:
        parts.append(f"{number(s.observers)} observers")
    return " (" + ", ".join(parts) + ")"


def area_where(a) -> str:
    """Point and radius of an area record (empty when it names admin areas only)."""
    if a.lat is None:
        return ""
    return f"{a.lat:.3f}, {a.lon:.3f}" + (f", radius {a.radius_km:g} km" if a.radius_km else "")


def host_codes(op) -> str:
    """ISO 3166 and Gleditsch-Ward codes of every host state, e.g. "HRV (GW 344); BIH (GW 346)"; empty if none."""
    parts = []
    for host in (op.host, *op.host.other_states):
        if host.iso3 is None and host.gwno is None:
            continue
        gw = f"GW {host.gwno}" if host.gwno is not None else "GW not recorded"
        parts.append(f"{host.iso3 or 'ISO not recorded'} ({gw})")
    return "; ".join(parts)
