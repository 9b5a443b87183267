"""The watch's tables: ``watch_sources``, ``watch_items``, ``alerts``, ``alert_claims``, ``watch_webhooks`` and
``webhook_deliveries`` (migration 7). The rules live in :mod:`peaceops.watch`."""

from __future__ import annotations

import json

# -- sources -------------------------------------------------------------------------------------------


def add_source(conn, *, kind: str, target: str, every_seconds: int, allow_private: bool, added_at: str, added_by):
    """The new source's id; None when ``target`` is watched already."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO watch_sources (kind, target, every_seconds, allow_private, added_at, added_by) "
        "VALUES (?,?,?,?,?,?)",
        (kind, target, every_seconds, int(allow_private), added_at, added_by),
    )
    return cursor.lastrowid if cursor.rowcount else None


def sources(conn) -> list[dict]:
    return [dict(row) for row in conn.execute("SELECT * FROM watch_sources ORDER BY id")]


def source(conn, ref: str | int) -> dict | None:
    """The source with id ``ref``, or whose target is ``ref``."""
    row = conn.execute(
        "SELECT * FROM watch_sources WHERE target = ? OR (CAST(id AS TEXT) = ?)", (str(ref), str(ref))
    ).fetchone()
    return dict(row) if row else None


def remove_source(conn, source_id: int) -> None:
    conn.execute("DELETE FROM watch_sources WHERE id = ?", (source_id,))


def due_sources(conn, now: float) -> list[dict]:
    rows = conn.execute("SELECT * FROM watch_sources WHERE next_poll_at <= ? ORDER BY next_poll_at, id", (now,))
    return [dict(row) for row in rows]


def make_all_due(conn) -> None:
    conn.execute("UPDATE watch_sources SET next_poll_at = 0")


def next_due(conn) -> float | None:
    return conn.execute("SELECT MIN(next_poll_at) FROM watch_sources").fetchone()[0]


def record_poll(conn, source_id: int, *, polled_at: float, next_poll_at: float, error: str | None, **validators):
    """After a poll: its time, the next, and either the new validators (success) or the error (failure)."""
    if error is None:
        conn.execute(
            "UPDATE watch_sources SET last_polled_at = ?, next_poll_at = ?, last_ok_at = ?, failures = 0, "
            "last_error = NULL, etag = ?, last_modified = ? WHERE id = ?",
            (
                polled_at,
                next_poll_at,
                polled_at,
                validators.get("etag"),
                validators.get("last_modified"),
                source_id,
            ),
        )
    else:
        conn.execute(
            "UPDATE watch_sources SET last_polled_at = ?, next_poll_at = ?, failures = failures + 1, last_error = ? "
            "WHERE id = ?",
            (polled_at, next_poll_at, error, source_id),
        )


# -- items ---------------------------------------------------------------------------------------------


def seen_keys(conn, source_id: int, keys: list[str]) -> set[str]:
    """Which of ``keys`` were processed already for this source."""
    seen: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        seen.update(
            row[0]
            for row in conn.execute(
                f"SELECT item_key FROM watch_items WHERE source_id = ? AND item_key IN ({marks})", (source_id, *chunk)
            )
        )
    return seen


def add_item(conn, source_id: int, key: str, *, document_id, outcome: str, reason, seen_at: str) -> bool:
    """Record an item as processed; False when it was already (another poller got there first)."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO watch_items (source_id, item_key, document_id, outcome, reason, seen_at) "
        "VALUES (?,?,?,?,?,?)",
        (source_id, key, document_id, outcome, reason, seen_at),
    )
    if cursor.rowcount:
        conn.execute("UPDATE watch_sources SET items = items + 1 WHERE id = ?", (source_id,))
    return bool(cursor.rowcount)


# -- alerts --------------------------------------------------------------------------------------------


def alert_near(conn, subject: tuple, earliest: str, latest: str) -> dict | None:
    """The alert on ``subject`` (kind, topic, operation, place) whose reports reach into [earliest, latest]."""
    kind, topic, operation_id, place = subject
    row = conn.execute(
        "SELECT * FROM alerts WHERE kind = ? AND topic = ? AND operation_id IS ? AND place IS ? "
        "AND last_reported >= ? AND first_reported <= ? ORDER BY last_reported DESC LIMIT 1",
        (kind, topic, operation_id, place, earliest, latest),
    ).fetchone()
    return dict(row) if row else None


def create_alert(conn, subject: tuple, *, reported: str, created_at: str) -> int:
    kind, topic, operation_id, place = subject
    cursor = conn.execute(
        "INSERT INTO alerts (kind, topic, operation_id, place, first_reported, last_reported, confidence, "
        "confidence_why, created_at, updated_at) VALUES (?,?,?,?,?,?,0,'[]',?,?)",
        (kind, topic, operation_id, place, reported, reported, created_at, created_at),
    )
    return cursor.lastrowid


def add_claim(conn, alert_id: int, claim: dict, *, created_at: str) -> bool:
    """Attach a claim (dict of the alert_claims columns); False when the alert already has that sentence from
    that address."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO alert_claims (alert_id, document_id, source_id, reported, language, site, url, title, "
        "sentence, detail, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            alert_id,
            claim.get("document_id"),
            claim.get("source_id"),
            claim["reported"],
            claim.get("language"),
            claim.get("site"),
            claim.get("url"),
            claim.get("title"),
            claim["sentence"],
            json.dumps(claim.get("detail") or {}, ensure_ascii=False, sort_keys=True),
            created_at,
        ),
    )
    return bool(cursor.rowcount)


def update_alert(conn, alert_id: int, *, first: str, last: str, confidence: float, why: list[str], at: str) -> None:
    conn.execute(
        "UPDATE alerts SET first_reported = ?, last_reported = ?, confidence = ?, confidence_why = ?, "
        "updated_at = ? WHERE id = ?",
        (first, last, confidence, json.dumps(why, ensure_ascii=False), at, alert_id),
    )


def decide(conn, alert_id: int, *, status: str, by: str, at: str, reason: str) -> None:
    conn.execute(
        "UPDATE alerts SET status = ?, decided_by = ?, decided_at = ?, reason = ?, updated_at = ? WHERE id = ?",
        (status, by, at, reason, at, alert_id),
    )


def alert(conn, alert_id: int) -> dict | None:
    row = conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    return _alert_row(row) if row else None


def claims_of(conn, alert_id: int, limit: int | None = None) -> list[dict]:
    """The alert's claims, oldest report first; with ``limit``, only the newest ``limit`` of them."""
    if limit is None:
        rows = conn.execute("SELECT * FROM alert_claims WHERE alert_id = ? ORDER BY reported, id", (alert_id,))
    else:
        rows = conn.execute(
            "SELECT * FROM (SELECT * FROM alert_claims WHERE alert_id = ? ORDER BY reported DESC, id DESC LIMIT ?) "
            "ORDER BY reported, id",
            (alert_id, limit),
        )
    return [{**dict(row), "detail": json.loads(row["detail"])} for row in rows]


def claim_summary(conn, alert_id: int) -> dict:
    """What an alert's confidence rests on, computed in SQL (an alert may gather thousands of claims)."""
    row = conn.execute(
        """SELECT COUNT(DISTINCT COALESCE(url, 'document:' || document_id, sentence)) AS reports,
                  COUNT(DISTINCT COALESCE(site, url, 'document:' || document_id, sentence)) AS sites,
                  json_group_array(DISTINCT language) FILTER (WHERE language IS NOT NULL) AS languages,
                  json_group_array(DISTINCT json_extract(detail, '$.figure.troops'))
                      FILTER (WHERE json_extract(detail, '$.figure.troops') IS NOT NULL) AS figures,
                  MAX(json_array_length(detail, '$.peacekeeping') > 0) AS peacekeeping,
                  SUM(COALESCE(json_extract(detail, '$.gdelt.numsources'), 0)) AS gdelt_sources,
                  MIN(reported) AS first, MAX(reported) AS last, COUNT(*) AS claims
           FROM alert_claims WHERE alert_id = ?""",
        (alert_id,),
    ).fetchone()
    out = dict(row)
    out["languages"] = sorted(json.loads(out["languages"] or "[]"))
    out["figures"] = sorted(json.loads(out["figures"] or "[]"))
    out["peacekeeping"] = bool(out["peacekeeping"])
    out["gdelt_sources"] = int(out["gdelt_sources"] or 0)
    return out


def has_webhooks(conn) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM watch_webhooks)").fetchone()[0] == 1


def alerts(
    conn,
    *,
    status: str | None = None,
    kind: str | None = None,
    operation_id: str | None = None,
    language: str | None = None,
    limit: int = 200,
) -> list[dict]:
    """Alerts, new ones first, then the most recently reported."""
    where, params = [], []
    for column, value in (("status", status), ("kind", kind), ("operation_id", operation_id)):
        if value:
            where.append(f"a.{column} = ?")
            params.append(value)
    if language:
        where.append("EXISTS (SELECT 1 FROM alert_claims c WHERE c.alert_id = a.id AND c.language = ?)")
        params.append(language)
    sql = (
        "SELECT a.*, (SELECT COUNT(*) FROM alert_claims c WHERE c.alert_id = a.id) AS claims, "
        "(SELECT json_group_array(DISTINCT c.language) FROM alert_claims c WHERE c.alert_id = a.id "
        "AND c.language IS NOT NULL) AS languages FROM alerts a"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY (a.status = 'new') DESC, a.last_reported DESC, a.id DESC LIMIT ?"
    )
    return [_alert_row(row) for row in conn.execute(sql, (*params, limit))]


def _alert_row(row) -> dict:
    out = dict(row)
    out["confidence_why"] = json.loads(out["confidence_why"])
    if "languages" in out:
        out["languages"] = sorted(json.loads(out["languages"] or "[]"))
    return out


# -- webhooks ------------------------------------------------------------------------------------------


def add_webhook(conn, url: str, *, allow_private: bool, added_at: str, added_by) -> int | None:
    cursor = conn.execute(
        "INSERT OR IGNORE INTO watch_webhooks (url, allow_private, added_at, added_by) VALUES (?,?,?,?)",
        (url, int(allow_private), added_at, added_by),
    )
    return cursor.lastrowid if cursor.rowcount else None


def webhooks(conn) -> list[dict]:
    return [dict(row) for row in conn.execute("SELECT * FROM watch_webhooks ORDER BY id")]


def remove_webhook(conn, webhook_id: int) -> None:
    conn.execute("DELETE FROM watch_webhooks WHERE id = ?", (webhook_id,))


def enqueue(conn, alert_id: int, event: str, payload: str, *, now: float) -> int:
    """A delivery of ``payload`` to every webhook; returns how many were queued."""
    cursor = conn.execute(
        "INSERT INTO webhook_deliveries (webhook_id, alert_id, event, payload, next_attempt_at) "
        "SELECT id, ?, ?, ?, ? FROM watch_webhooks",
        (alert_id, event, payload, now),
    )
    return cursor.rowcount


def due_deliveries(conn, now: float, limit: int = 20) -> list[dict]:
    rows = conn.execute(
        "SELECT d.*, w.url, w.allow_private FROM webhook_deliveries d JOIN watch_webhooks w ON w.id = d.webhook_id "
        "WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?",
        (now, limit),
    )
    return [dict(row) for row in rows]


def delivery_done(conn, delivery_id: int, *, at: str) -> None:
    conn.execute(
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, "
        "last_error = NULL WHERE id = ?",
        (at, delivery_id),
    )


def delivery_failed(conn, delivery_id: int, *, error: str, next_attempt_at: float | None) -> None:
    """One more failed attempt; ``next_attempt_at`` None gives up."""
    conn.execute(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = COALESCE(?, "
        "next_attempt_at), status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END WHERE id = ?",
        (error, next_attempt_at, next_attempt_at, delivery_id),
    )


def deliveries(conn, limit: int = 100) -> list[dict]:
    rows = conn.execute(
        "SELECT d.id, d.alert_id, d.event, d.attempts, d.status, d.last_error, d.delivered_at, w.url "
        "FROM webhook_deliveries d JOIN watch_webhooks w ON w.id = d.webhook_id ORDER BY d.id DESC LIMIT ?",
        (limit,),
    )
    return [dict(row) for row in rows]
