"""The alerts as an Atom feed (RFC 4287) that analysts subscribe to: one entry per alert, newest first.

Each entry's id is a tag URI (RFC 4151) that stays the same while the alert
gains reports; its ``updated`` changes, so a reader shows it again.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from peaceops import __version__

ATOM = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "peaceops.invalid,2026"  # tag URIs need an authority and a date; the name is never resolved


def _rfc3339(stamp: str) -> str:
    """An ISO timestamp as RFC 3339 with a zone (the workspace stores UTC)."""
    when = dt.datetime.fromisoformat(stamp)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.isoformat(timespec="seconds")


def feed(alerts: list[dict], *, base_url: str, workspace_id: str) -> bytes:
    """The Atom document of ``alerts`` (as :func:`peaceops.watch.alerts.view` gives them, with their claims)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    base = base_url.rstrip("/")
    ET.SubElement(root, f"{{{ATOM}}}id").text = f"tag:{TAG_AUTHORITY}:{workspace_id}:watch"
    ET.SubElement(root, f"{{{ATOM}}}title").text = "peaceops watch: new deployments and changes to peace operations"
    updated = max((a["updated_at"] for a in alerts), default=None)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _rfc3339(updated) if updated else "1970-01-01T00:00:00+00:00"
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "peaceops watch"
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=f"{base}/watch.atom")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=f"{base}/watch")
    ET.SubElement(root, f"{{{ATOM}}}generator", version=__version__).text = "peaceops"
    for alert in alerts:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:{TAG_AUTHORITY}:{workspace_id}:alert-{alert['id']}"
        ET.SubElement(
            entry, f"{{{ATOM}}}title"
        ).text = f"{alert['title']} ({alert['status']}, confidence {alert['confidence']:.2f})"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _rfc3339(alert["updated_at"])
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _rfc3339(alert["created_at"])
        ET.SubElement(
            entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=f"{base}/watch#alert-{alert['id']}"
        )
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert["kind"])
        ET.SubElement(entry, f"{{{ATOM}}}category", term=alert["topic"])
        lines = [
            f"First reported {alert['first_reported']}, last {alert['last_reported']}.",
            "Confidence: " + "; ".join(alert["confidence_why"]) + ".",
        ]
        for claim in alert.get("claims", [])[:10]:
            where = claim["url"] or "GDELT"
            lines.append(f"[{claim['reported']}, {claim['language'] or '?'}] {claim['sentence']} ({where})")
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = "\n".join(lines)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
