"""Webhooks: every new, updated or decided alert is POSTed as JSON to each configured URL.

Deliveries are queued in the workspace in the transaction that changes the
alert, and sent by a thread of their own (:class:`Deliverer`), so a slow or
failing receiver never blocks the poller. A failed attempt is retried with a
doubling delay (5 s, 10 s, 20 s … up to an hour) and given up after
:data:`MAX_ATTEMPTS`; ``peaceops watch webhook list`` shows each delivery's state.
A webhook on a loopback or private address needs ``--allow-private``, as feeds do.
"""

from __future__ import annotations

import threading
import time

from peaceops import audit
from peaceops.errors import UsageError
from peaceops.ingest.errors import InputRejected
from peaceops.ingest.fetch import FetchPolicy, check_address, post_json
from peaceops.ingest.urls import is_web_url, shown
from peaceops.workspace import reader, transaction
from peaceops.workspace import watch as store

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 5.0
MAX_RETRY_SECONDS = 3600.0


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt after ``attempts`` failed ones."""
    return min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)


def add(ws, url: str, *, allow_private: bool = False, actor: str) -> dict:
    if not is_web_url(url):
        raise UsageError(f"{shown(url)}: a webhook is an http(s) URL")
    try:
        check_address(url, FetchPolicy(allow_private=allow_private))
    except InputRejected as exc:
        raise UsageError(str(exc)) from None
    with transaction(ws) as tx:
        webhook_id = store.add_webhook(tx, url, allow_private=allow_private, added_at=audit.now(), added_by=actor)
        if webhook_id is None:
            raise UsageError(f"{shown(url)} is a webhook already (`peaceops watch webhook list`)")
        audit.record(tx, actor=actor, action="webhook.add", target=f"webhook:{webhook_id}", after={"url": url})
    return {"id": webhook_id, "url": url, "allow_private": allow_private}


def remove(ws, webhook_id: int, *, actor: str) -> None:
    with transaction(ws) as tx:
        if not any(w["id"] == webhook_id for w in store.webhooks(tx)):
            raise UsageError(f"no webhook {webhook_id}; `peaceops watch webhook list` shows their ids")
        store.remove_webhook(tx, webhook_id)
        audit.record(tx, actor=actor, action="webhook.remove", target=f"webhook:{webhook_id}")


def listing(ws) -> dict:
    with reader(ws) as conn:
        return {"webhooks": store.webhooks(conn), "deliveries": store.deliveries(conn)}


class Deliverer:
    """Sends the deliveries that are due; :meth:`run` loops until stopped (the poller starts it in a thread)."""

    def __init__(self, ws, *, allowed_networks: tuple = (), clock=time.time, timeout: float = 10.0):
        self.ws = ws
        self.allowed_networks = allowed_networks
        self.clock = clock
        self.timeout = timeout

    def deliver_due(self) -> int:
        """Attempt every delivery due now; returns how many succeeded."""
        with reader(self.ws) as conn:
            due = store.due_deliveries(conn, self.clock())
        delivered = 0
        for delivery in due:
            policy = FetchPolicy(
                allow_private=bool(delivery["allow_private"]),
                allowed_networks=self.allowed_networks,
                timeout=self.timeout,
                deadline=2 * self.timeout,
            )
            error = None
            try:
                status = post_json(delivery["url"], delivery["payload"].encode("utf-8"), policy)
                if not 200 <= status < 300:
                    error = f"HTTP {status}"
            except InputRejected as exc:
                error = str(exc)
            with transaction(self.ws) as tx:
                if error is None:
                    store.delivery_done(tx, delivery["id"], at=audit.now())
                    delivered += 1
                else:
                    attempts = delivery["attempts"] + 1
                    retry = None if attempts >= MAX_ATTEMPTS else self.clock() + retry_delay(attempts)
                    store.delivery_failed(tx, delivery["id"], error=error, next_attempt_at=retry)
        return delivered

    def run(self, stop: threading.Event, every: float = 1.0) -> None:
        while not stop.is_set():
            try:
                self.deliver_due()
            except Exception:  # noqa: BLE001, S110 - a delivery problem must not end the thread; it is stored per row
                pass
            stop.wait(every)
