"""The watch: early warning of new "peacekeeping" deployments and of changes to known operations.

Sources (RSS, Atom and JSON feeds, the GDELT 2.0 event stream, folders) are
kept in the workspace with their polling state (:mod:`.sources`). The poller
(:mod:`.runner`) puts every new item through ingestion — multilingual, dated —
and reads its claims (:mod:`.claims`): what a report says happened to which
force, at which place and date. Claims of the same subject within a few days
join one alert (:mod:`.alerts`), with the documents, the sentences, the sources
and a confidence that says why. An editor confirms or dismisses an alert; a
confirmed new deployment becomes a registry draft and a confirmed change
becomes candidate evidence (:mod:`.drafts`). Alerts are served as a page,
JSON and an Atom feed (:mod:`.atom`), and POSTed to webhooks (:mod:`.webhooks`).

    >>> from peaceops import catalog, watch, workspace
    >>> ws = workspace.open_workspace()
    >>> watch.sources.add(ws, "https://example.org/feed.xml", actor="me")
    >>> watch.Watcher(ws, catalog.load()).run(once=True)
    >>> watch.alerts.list_alerts(ws, status="new")
"""

from __future__ import annotations

from peaceops.watch import alerts, sources
from peaceops.watch.runner import Watcher

__all__ = ["Watcher", "alerts", "sources"]
