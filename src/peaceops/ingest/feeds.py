"""RSS and Atom feeds: each entry becomes a document (its embedded content, or its page fetched safely)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from peaceops.ingest.errors import InputRejected

EMBEDDED_MIN_CHARS = 400  # shorter entry content is a teaser: fetch the article itself


@dataclass
class FeedEntry:
    title: str | None
    link: str | None
    published: str | None
    content: str | None  # HTML or text embedded in the feed


def looks_like_feed(raw: bytes) -> bool:
    head = raw[:2048].lstrip().lower()
    return (head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")) and (
        b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head
    )


def parse_feed(raw: bytes, origin: str) -> list[FeedEntry]:
    import feedparser  # heavy: feedparser, loaded on first use

    parsed = feedparser.parse(raw)
    problem = getattr(parsed, "bozo_exception", None)
    if problem is not None and type(problem).__name__ == "SAXParseException":
        raise InputRejected(
            f"{origin}: malformed feed (not well-formed XML: {problem}); check that it is complete RSS or Atom"
        )
    if not parsed.entries:
        problem = getattr(parsed, "bozo_exception", None)
        detail = f": {problem}" if problem else ""
        raise InputRejected(f"{origin}: malformed or empty feed{detail}; check that it is RSS or Atom")
    entries = []
    for entry in parsed.entries:
        content = None
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry["content"]), key=len)
        content = content or entry.get("summary")
        entries.append(
            FeedEntry(entry.get("title"), entry.get("link"), entry.get("published") or entry.get("updated"), content)
        )
    return entries


def embedded_enough(entry: FeedEntry) -> bool:
    text = re.sub(r"<[^>]+>", " ", entry.content or "")
    return len(text.strip()) >= EMBEDDED_MIN_CHARS
