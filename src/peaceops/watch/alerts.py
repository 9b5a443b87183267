"""Alerts: reports of the same happening, across sources and languages, grouped into one alert with a confidence.

A claim joins the alert on the same subject (kind, topic, operation or place)
whose reports lie within ``window_days`` of its own (``deployment_window_days``
for a possible new deployment: a force stays, and its reports go on for weeks);
otherwise it opens a new alert. The confidence is computed from the claims alone, and says why:

- one report: 0.25;
- each further independent site (host name): +0.15, up to +0.45;
- reported in more than one language: +0.10;
- a troop figure given: +0.10;
- the force is called peacekeeping in the report's own sentence: +0.05;
- GDELT events: +0.05 per source GDELT counted, up to +0.15.

Capped at 0.95: an alert is a lead for an editor, never a fact. An editor
confirms or dismisses it, with a reason, in the audit log.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from urllib.parse import urlsplit

from peaceops import audit
from peaceops.errors import NotFoundError, UsageError
from peaceops.vocab import ALERT_STATUSES
from peaceops.workspace import reader, transaction
from peaceops.workspace import watch as store

TOPIC_WORDS = {
    "deployment": "troops sent or arrived",
    "strength": "strength",
    "withdrawal": "withdrawal",
    "mandate": "mandate",
    "casualties": "casualties",
    "consent": "consent withdrawn",
    "commander": "commander",
}


def site_of(url: str | None) -> str | None:
    """The host name of a report's address, without ``www.``: reports from one site are not independent."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def record_claims(
    tx, claims, *, report: dict, window_days: int, deployment_window_days: int | None = None, now: float | None = None
) -> list[tuple[int, bool]]:
    """Attach each claim to its alert (new or existing) inside the caller's transaction.

    ``report`` gives the columns every claim of the document shares: document_id,
    source_id, url, title. Returns (alert id, created) for each alert that
    gained a claim; webhook deliveries are queued in the same transaction.
    """
    stamp = audit.now()
    touched: dict[int, bool] = {}
    for claim in claims:
        day = dt.date.fromisoformat(claim.reported)
        days = deployment_window_days if claim.kind == "new-deployment" and deployment_window_days else window_days
        window = dt.timedelta(days=days)
        found = store.alert_near(tx, claim.subject, (day - window).isoformat(), (day + window).isoformat())
        alert_id = (
            found["id"] if found else store.create_alert(tx, claim.subject, reported=claim.reported, created_at=stamp)
        )
        row = {
            **report,
            "site": report.get("site") or site_of(report.get("url")),
            "reported": claim.reported,
            "language": claim.language,
            "sentence": claim.sentence,
            "detail": {**claim.detail, **({"place": claim.place} if claim.place else {})},
        }
        if store.add_claim(tx, alert_id, row, created_at=stamp):
            touched[alert_id] = touched.get(alert_id, False) or found is None
    for alert_id, created in touched.items():
        refresh(tx, alert_id, at=stamp)
        _notify(tx, alert_id, "alert.new" if created else "alert.updated", now)
    return list(touched.items())


def refresh(tx, alert_id: int, *, at: str) -> None:
    """Recompute an alert's dates and confidence from its claims."""
    summary = store.claim_summary(tx, alert_id)
    confidence, why = confidence_of(summary)
    store.update_alert(
        tx, alert_id, first=summary["first"], last=summary["last"], confidence=confidence, why=why, at=at
    )


def confidence_of(summary: dict) -> tuple[float, list[str]]:
    """The confidence of an alert whose claims are summed up by ``summary`` (:func:`store.claim_summary`), and
    the reasons (see the module's doc)."""
    reports, sites, languages = summary["reports"], summary["sites"], summary["languages"]
    score = 0.25
    why = [f"{reports} report{'s' * (reports != 1)}" + (f" from {sites} sites" if sites > 1 else "")]
    if sites > 1:
        score += min(0.15 * (sites - 1), 0.45)
    if len(languages) > 1:
        score += 0.10
        why.append(f"reported in {len(languages)} languages ({', '.join(languages)})")
    if summary["figures"]:
        score += 0.10
        why.append("troop figures given: " + ", ".join(f"{n:,}" for n in summary["figures"]))
    if summary["peacekeeping"]:
        score += 0.05
        why.append("the reports call the force peacekeeping")
    gdelt_sources = summary["gdelt_sources"]
    if gdelt_sources:
        score += min(0.05 * gdelt_sources, 0.15)
        why.append(f"GDELT counted {gdelt_sources} source{'s' * (gdelt_sources != 1)}")
    return round(min(score, 0.95), 2), why


def title_of(alert: dict) -> str:
    """One line a person reads: what the alert says, about what."""
    topic = TOPIC_WORDS.get(alert["topic"], alert["topic"])
    if alert["kind"] == "new-deployment":
        return f"Possible new deployment: {alert['place']}"
    if alert["kind"] == "disagreement":
        return f"Disagrees with the registry: {alert['operation_id']} ({topic})"
    return f"Change to {alert['operation_id']}: {topic}"


def view(alert: dict, claims: list[dict] | None = None) -> dict:
    """The alert as every face shows it (CLI --json, /watch.json, the Atom feed, webhooks)."""
    out = {
        "id": alert["id"],
        "title": title_of(alert),
        "kind": alert["kind"],
        "topic": alert["topic"],
        "operation_id": alert["operation_id"],
        "place": alert["place"],
        "status": alert["status"],
        "first_reported": alert["first_reported"],
        "last_reported": alert["last_reported"],
        "confidence": alert["confidence"],
        "confidence_why": alert["confidence_why"],
        "created_at": alert["created_at"],
        "updated_at": alert["updated_at"],
        "decided_by": alert["decided_by"],
        "reason": alert["reason"],
    }
    if "languages" in alert:
        out["languages"] = alert["languages"]
        out["claim_count"] = alert["claims"]
    if claims is not None:
        out["claims"] = [
            {
                "reported": c["reported"],
                "language": c["language"],
                "site": c["site"],
                "url": c["url"],
                "title": c["title"],
                "document_id": c["document_id"],
                "sentence": c["sentence"],
                "detail": c["detail"],
            }
            for c in claims
        ]
        out["sources"] = sorted({c["url"] for c in claims if c["url"]})
        out["languages"] = sorted({c["language"] for c in claims if c["language"]})
    return out


WEBHOOK_CLAIMS = 20
"""Claims a webhook payload carries: the newest ones (the alert's page and JSON have them all)."""


def _notify(tx, alert_id: int, event: str, now: float | None) -> None:
    if not store.has_webhooks(tx):
        return
    alert = store.alert(tx, alert_id)
    summary = store.claim_summary(tx, alert_id)
    body = view(alert, store.claims_of(tx, alert_id, limit=WEBHOOK_CLAIMS))
    body["claim_count"] = summary["claims"]
    body["languages"] = summary["languages"]
    payload = json.dumps({"event": event, "alert": body}, ensure_ascii=False)
    store.enqueue(tx, alert_id, event, payload, now=time.time() if now is None else now)


def list_alerts(ws, *, status=None, kind=None, operation_id=None, language=None, limit: int = 200) -> list[dict]:
    """Alerts as :func:`view` shows them, new ones first."""
    with reader(ws) as conn:
        rows = store.alerts(conn, status=status, kind=kind, operation_id=operation_id, language=language, limit=limit)
    return [view(row) for row in rows]


def show(ws, alert_id: int, *, claim_limit: int | None = None) -> dict:
    """One alert with its claims (all, or the newest ``claim_limit``); ``claim_count`` says how many there are."""
    with reader(ws) as conn:
        row = store.alert(conn, alert_id)
        if row is None:
            raise NotFoundError(f"no alert {alert_id}; `peaceops watch alerts` lists them")
        out = view(row, store.claims_of(conn, alert_id, limit=claim_limit))
        summary = store.claim_summary(conn, alert_id)
        out["claim_count"] = summary["claims"]
        out["languages"] = summary["languages"]
        return out


def decide(ws, alert_id: int, *, status: str, actor: str, reason: str) -> dict:
    """Confirm or dismiss an alert with a reason, recorded in the audit log; returns the alert."""
    if status not in ALERT_STATUSES or status == "new":
        raise UsageError(f"an alert is confirmed or dismissed, not {status!r}")
    if not reason or not reason.strip():
        raise UsageError("give a reason (--reason): the audit log keeps why an alert was confirmed or dismissed")
    with transaction(ws) as tx:
        before = store.alert(tx, alert_id)
        if before is None:
            raise NotFoundError(f"no alert {alert_id}; `peaceops watch alerts` lists them")
        stamp = audit.now()
        store.decide(tx, alert_id, status=status, by=actor, at=stamp, reason=reason.strip())
        after = store.alert(tx, alert_id)
        audit.record(
            tx,
            actor=actor,
            action=f"alert.{'confirm' if status == 'confirmed' else 'dismiss'}",
            target=f"alert:{alert_id}",
            before={"status": before["status"]},
            after={"status": status, "reason": reason.strip()},
        )
        _notify(tx, alert_id, "alert.decided", None)
    return view(after)
