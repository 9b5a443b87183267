"""The rule types of data/framework.yaml, one function each.

Every function takes ``(rule, op, ctx)`` and returns a :class:`RuleResult`.
They read only the registry record, the evidence and the metrics passed in:
no rule knows any operation by name, so every operation meets the same rules.
"""

from __future__ import annotations

from peaceops.assess.result import INSUFFICIENT, NO_SCORE, NOT_MEASURED, SCORED, RuleResult
from peaceops.present.format import consent_given
from peaceops.registry.models import LEGAL_RUNGS
from peaceops.registry.names import normalise


# --------------------------------------------------------------- evidence
def evidence(rule, op, ctx) -> RuleResult:
    items = [ev for ev in ctx.catalog.evidence_for(op.id, ctx.indicator.id) if ctx.grade_filter.keeps(ev)]
    dropped = len(ctx.catalog.evidence_for(op.id, ctx.indicator.id)) - len(items)
    fw = ctx.catalog.framework
    stance_values = fw.model.grading.stance
    total = 0.0
    signed = 0.0
    parts = []
    for ev in items:
        weight = fw.evidence_weight(ev.reliability, ev.item.credibility)
        total += weight
        signed += weight * stance_values[ev.item.stance]
        parts.append(f"{ev.id} {ev.grade} {ev.item.stance} (w={weight:.2f})")
    ids = [ev.id for ev in items]
    suffix = f"; {dropped} item(s) left out by the filter" if dropped else ""
    if not items or total < rule.min_weight:
        what = "no evidence" if not items else f"evidence weight {total:.2f} < {rule.min_weight}"
        return RuleResult("evidence", INSUFFICIENT, detail=what + suffix, evidence_ids=ids)
    net = signed / total
    if net >= rule.consistent_at:
        score, why = 2, f"net {net:+.2f} >= {rule.consistent_at}"
    elif net <= rule.contrary_at:
        score, why = 0, f"net {net:+.2f} <= {rule.contrary_at}"
    else:
        score, why = 1, f"net {net:+.2f} between {rule.contrary_at} and {rule.consistent_at}"
    sources = {ev.source for ev in items}
    confidence = _evidence_confidence(fw, total, abs(net), len(sources))
    detail = (
        f"{len(items)} item(s) from {len(sources)} source(s), weight {total:.2f}: "
        + "; ".join(parts)
        + f" -> {why} -> {score}"
        + suffix
    )
    return RuleResult(
        "evidence", SCORED, score, confidence, detail, ids, metrics={"weight": round(total, 4), "net": round(net, 4)}
    )


def _evidence_confidence(fw, weight: float, agreement: float, n_sources: int) -> str:
    levels = fw.model.confidence
    high = levels.high
    if weight >= high.min_weight and agreement >= high.min_agreement and n_sources >= high.min_sources:
        return "high"
    if weight >= levels.medium.min_weight:
        return "medium"
    return "low"


# --------------------------------------------------------------- registry
def registry_consent(rule, op, ctx) -> RuleResult:
    entries = [c for c in op.consent if ctx.counts(c.sources) and c.given != "unknown"]
    if rule.which == "host":
        host = normalise(op.host.state)
        entries = [c for c in entries if host and host in normalise(c.party)]
        if not entries:
            return RuleResult(
                "registry-consent", NO_SCORE, detail=f"no consent entry names the host state {op.host.state!r}"
            )
        entry = entries[0]
        score = {True: 2, "partial": 1, False: 0}[entry.given]
        return RuleResult(
            "registry-consent",
            SCORED,
            score,
            ctx.fact_confidence(entry.sources),
            f"host consent ({entry.party}): {consent_given(entry.given)} -> {score}",
            facts=["consent"],
        )
    if len(entries) < rule.min_entries:
        return RuleResult(
            "registry-consent", NO_SCORE, detail=f"{len(entries)} consent entries recorded, {rule.min_entries} needed"
        )
    givens = [c.given for c in entries]
    score = 2 if all(g is True for g in givens) else 0 if any(g is False for g in givens) else 1
    listing = ", ".join(f"{c.party}: {consent_given(c.given)}" for c in entries)
    confidence = min((ctx.fact_confidence(c.sources) for c in entries), key=_rank)
    return RuleResult(
        "registry-consent",
        SCORED,
        score,
        confidence,
        f"consent of all recorded parties ({listing}) -> {score}",
        facts=["consent"],
    )


def registry_lead_is_party(rule, op, ctx) -> RuleResult:
    parties = _cited_list(op.conflict_parties, ctx)
    if not parties:
        return RuleResult("registry-lead-is-party", NO_SCORE, detail="conflict parties not recorded")
    lead = op.lead.value
    overlaps = [p for p in parties if _same_actor(lead, p)]
    if overlaps:
        return RuleResult(
            "registry-lead-is-party",
            SCORED,
            0,
            ctx.fact_confidence(op.conflict_parties.sources),
            f"the lead {lead!r} is listed among the conflict parties ({'; '.join(overlaps)}) -> 0",
            facts=["lead", "conflict_parties"],
        )
    return RuleResult(
        "registry-lead-is-party",
        NO_SCORE,
        detail=f"the lead {lead!r} is not listed among the conflict parties",
        facts=["lead", "conflict_parties"],
    )


def registry_contributors_are_parties(rule, op, ctx) -> RuleResult:
    parties = _cited_list(op.conflict_parties, ctx)
    contributors = [c.party for c in op.contributors if c.role != "observer-provider" and ctx.counts(c.sources)]
    if not parties or not contributors:
        return RuleResult(
            "registry-contributors-are-parties", NO_SCORE, detail="contributors or conflict parties not recorded"
        )
    overlaps = sorted({c for c in contributors for p in parties if _same_actor(c, p)})
    confidence = ctx.fact_confidence(op.conflict_parties.sources)
    if overlaps:
        return RuleResult(
            "registry-contributors-are-parties",
            SCORED,
            0,
            confidence,
            f"contributors that are conflict parties: {', '.join(overlaps)} -> 0",
            facts=["contributors", "conflict_parties"],
        )
    return RuleResult(
        "registry-contributors-are-parties",
        SCORED,
        2,
        confidence,
        f"none of {len(contributors)} contributors is a conflict party -> 2",
        facts=["contributors", "conflict_parties"],
    )


def registry_legal_rung(rule, op, ctx) -> RuleResult:
    bases = [lb for lb in op.legal_basis if ctx.counts(lb.sources)]
    if not bases:
        return RuleResult("registry-legal-rung", NO_SCORE, detail="no legal basis recorded")
    best = min(bases, key=lambda lb: LEGAL_RUNGS.index(lb.rung))
    score = rule.scores[best.rung]
    return RuleResult(
        "registry-legal-rung",
        SCORED,
        score,
        ctx.fact_confidence(best.sources),
        f"strongest instrument: {best.instrument} ({best.rung}) -> {score}",
        facts=["legal_basis"],
    )


def registry_un_resolution(rule, op, ctx) -> RuleResult:
    resolutions = [r for lb in op.legal_basis if ctx.counts(lb.sources) for r in lb.un_resolutions]
    if not resolutions:
        return RuleResult(
            "registry-un-resolution", NO_SCORE, detail="no Security Council resolution among the legal bases"
        )
    sources = [s for lb in op.legal_basis if lb.un_resolutions for s in lb.sources]
    return RuleResult(
        "registry-un-resolution",
        SCORED,
        2,
        ctx.fact_confidence(sources),
        f"Security Council resolution(s): {', '.join(resolutions)} -> 2",
        facts=["legal_basis"],
    )


def registry_un_response(rule, op, ctx) -> RuleResult:
    """The latest word of a UN organ on the operation; a Security Council resolution among the legal bases is
    the Council authorising it."""
    said = [
        (r.date.earliest(), r.response, f"{r.organ} {r.response} ({r.instrument}, {r.date})", r.sources)
        for r in op.un_responses
        if ctx.counts(r.sources)
    ]
    said += [
        (lb.date.earliest(), "authorised", f"Security Council resolution {', '.join(lb.un_resolutions)}", lb.sources)
        for lb in op.legal_basis
        if lb.un_resolutions and lb.date is not None and ctx.counts(lb.sources)
    ]
    if not said:
        return RuleResult(
            "registry-un-response",
            NO_SCORE,
            detail="no UN organ's response and no Security Council resolution recorded",
            facts=["un_responses", "legal_basis"],
        )
    said.sort(key=lambda s: (s[0], -rule.scores[s[1]]))
    latest_day = said[-1][0]
    decisive = min((s for s in said if s[0] == latest_day), key=lambda s: rule.scores[s[1]])
    score = rule.scores[decisive[1]]
    listing = "; ".join(s[2] for s in said)
    return RuleResult(
        "registry-un-response",
        SCORED,
        score,
        ctx.fact_confidence(decisive[3]),
        f"{listing}; the latest decides: {decisive[2]} -> {score}",
        facts=["un_responses", "legal_basis"],
    )


def registry_multilateral(rule, op, ctx) -> RuleResult:
    contributors = [c for c in op.contributors if c.role != "observer-provider" and ctx.counts(c.sources)]
    if not contributors:
        return RuleResult("registry-multilateral", INSUFFICIENT, detail="no contributors recorded")
    count = len({normalise(c.party) for c in contributors})
    troops = [c.troops for c in contributors]
    lead_troops = sum(c.troops or 0 for c in contributors if c.role == "lead")
    share, inferred = None, ""
    leads = [c for c in contributors if c.role == "lead"]
    if all(t is not None for t in troops) and sum(troops) > 0 and leads:
        share = lead_troops / sum(troops)
    elif len(leads) == 1 and leads[0].troops is None and op.peak_strength:
        others = [c.troops for c in contributors if c.role != "lead"]
        if others and all(t is not None for t in others) and sum(others) < op.peak_strength:
            # the lead's own figure is missing: what the peak strength leaves after the other contingents
            share = (op.peak_strength - sum(others)) / op.peak_strength
            inferred = (
                f" (inferred: peak strength {op.peak_strength:,} minus {sum(others):,} from the other contributors)"
            )
    shown = f"{count} contributing parties" + (
        f", lead share {share:.0%}{inferred}" if share is not None else ", lead share unknown"
    )
    if count >= rule.min_contributors and (share is None or share <= rule.max_lead_share):
        score = 2
    elif count >= 2:
        score = 1
    else:
        score = 0
    confidence = "medium" if share is None or inferred else "high"
    return RuleResult(
        "registry-multilateral",
        SCORED,
        score,
        confidence,
        f"{shown} (2 needs >= {rule.min_contributors} and share <= {rule.max_lead_share:.0%}) -> {score}",
        facts=["contributors"],
        metrics={"contributors": count, "lead_share": share},
    )


def registry_creep_tasks(rule, op, ctx) -> RuleResult:
    tasks = [t for t in op.tasks if ctx.counts(t.sources)]
    if not tasks:
        return RuleResult("registry-creep-tasks", NO_SCORE, detail="no tasks recorded")
    beyond = [t.task for t in tasks if not t.mandated]
    creep_kind = [t.task for t in tasks if t.mandated and t.category in rule.categories]
    if beyond:
        return RuleResult(
            "registry-creep-tasks",
            SCORED,
            0,
            "high",
            f"tasks beyond the mandate: {'; '.join(beyond)} -> 0",
            facts=["tasks"],
        )
    if creep_kind:
        return RuleResult(
            "registry-creep-tasks",
            SCORED,
            1,
            "medium",
            f"mandated tasks of a creep category ({', '.join(rule.categories)}): {'; '.join(creep_kind)} -> 1",
            facts=["tasks"],
        )
    return RuleResult(
        "registry-creep-tasks",
        SCORED,
        2,
        "medium",
        f"{len(tasks)} recorded task(s), all within the mandate -> 2",
        facts=["tasks"],
    )


def registry_settlement(rule, op, ctx) -> RuleResult:
    conflict = op.conflict
    if conflict is None:
        return RuleResult("registry-settlement", NO_SCORE, detail="underlying conflict not recorded")
    settlements = [s for s in conflict.settlements if ctx.counts(s.sources)]
    if any(s.comprehensive for s in settlements):
        best = next(s for s in settlements if s.comprehensive)
        return RuleResult(
            "registry-settlement",
            SCORED,
            2,
            ctx.fact_confidence(best.sources),
            f"comprehensive settlement: {best.instrument} ({best.date}) -> 2",
            facts=["conflict.settlements"],
        )
    if settlements:
        return RuleResult(
            "registry-settlement",
            SCORED,
            1,
            ctx.fact_confidence(settlements[0].sources),
            f"partial settlement(s) only: {'; '.join(s.instrument for s in settlements)} -> 1",
            facts=["conflict.settlements"],
        )
    ceasefires = [c for c in conflict.ceasefires if ctx.counts(c.sources)]
    if ceasefires:
        last = max(ceasefires, key=lambda c: c.date.earliest())
        years = (ctx.as_of - last.date.latest()).days / 365.25
        if years >= rule.frozen_after_years:
            return RuleResult(
                "registry-settlement",
                SCORED,
                0,
                ctx.fact_confidence(last.sources),
                f"ceasefire only ({last.instrument}, {last.date}), no settlement after {years:.0f} years -> 0",
                facts=["conflict.ceasefires", "conflict.settlements"],
                metrics={"years_since_ceasefire": round(years, 1)},
            )
        return RuleResult(
            "registry-settlement", NO_SCORE, detail=f"ceasefire {years:.1f} years old; too recent to call"
        )
    return RuleResult("registry-settlement", NO_SCORE, detail="no ceasefire or settlement recorded")


# ---------------------------------------------------------------- metrics
def metric_trajectory(rule, op, ctx) -> RuleResult:
    result = ctx.trajectory(op)
    if result is None:
        return RuleResult(
            "metric-trajectory",
            NOT_MEASURED,
            detail="no event data loaded in the workspace (run `peaceops events load`)",
        )
    classification = getattr(result, "classification", None)
    numbers = _trajectory_numbers(result)
    reason = getattr(result, "reason", "")
    if classification not in rule.scores:
        return RuleResult(
            "metric-trajectory", INSUFFICIENT, detail=f"trajectory: {classification} ({reason})", metrics=numbers
        )
    score = rule.scores[classification]
    return RuleResult(
        "metric-trajectory",
        SCORED,
        score,
        "medium",
        f"trajectory from event data: {classification} ({reason}) -> {score}",
        metrics=numbers,
    )


_TRAJECTORY_FIELDS = (
    "reference_year",
    "reference_year_deaths",
    "baseline_mean_deaths",
    "mean_deaths_after",
    "max_deaths_after",
    "active_years_after",
)


def _trajectory_numbers(result) -> dict:
    """The numbers behind a trajectory call, as plain values (any object with to_dict(), or a dict)."""
    if hasattr(result, "to_dict"):
        numbers = result.to_dict().get("numbers", {})
    else:
        numbers = getattr(result, "numbers", None) or {}
    if not isinstance(numbers, dict):
        return {}
    picked = {k: numbers[k] for k in _TRAJECTORY_FIELDS if k in numbers}
    return picked or dict(numbers)


RULES = {
    "evidence": evidence,
    "registry-consent": registry_consent,
    "registry-lead-is-party": registry_lead_is_party,
    "registry-contributors-are-parties": registry_contributors_are_parties,
    "registry-legal-rung": registry_legal_rung,
    "registry-un-resolution": registry_un_resolution,
    "registry-un-response": registry_un_response,
    "registry-multilateral": registry_multilateral,
    "registry-creep-tasks": registry_creep_tasks,
    "registry-settlement": registry_settlement,
    "metric-trajectory": metric_trajectory,
}


# ---------------------------------------------------------------- helpers
def _rank(confidence: str | None) -> int:
    return ("low", "medium", "high").index(confidence or "low")


def _cited_list(block, ctx) -> list[str]:
    if block is None or not ctx.counts(block.sources):
        return []
    return list(block.value)


def _same_actor(a: str, b: str) -> bool:
    """Whether two actor names denote the same actor: the words of one appear, whole and in order, in the other.

    "Utopia" matches "Utopia" and "Government of Utopia", not "Utopian-backed rebels".
    """
    x, y = normalise(a), normalise(b)
    if not x or not y:
        return False
    return f" {x} " in f" {y} " or f" {y} " in f" {x} "
