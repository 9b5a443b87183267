"""RSS, Atom and JSON feeds: each entry becomes a document (its embedded content, or its page fetched safely).

A feed is refused, with the reason, when it is not well-formed, declares XML
entities (which can expand without bound: "billion laughs"), declares an
encoding its bytes do not follow, or holds an entry larger than
:data:`MAX_ENTRY_CHARS`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from peaceops.ingest.errors import InputRejected

EMBEDDED_MIN_CHARS = 400  # shorter entry content is a teaser: fetch the article itself
MAX_ENTRY_CHARS = 2_000_000  # one entry's title and content; a feed that embeds more is refused
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


@dataclass
class FeedEntry:
    title: str | None
    link: str | None
    published: str | None
    content: str | None  # HTML or text embedded in the feed
    guid: str | None = None  # the entry's own id (RSS guid, Atom id, JSON Feed id), when it has one
    content_type: str = "text/html"  # JSON Feed's content_text is plain text

    @property
    def key(self) -> str:
        """What identifies the entry across polls: its id, else its link, else its title and content."""
        import hashlib

        if self.guid:
            return f"id:{self.guid}"
        if self.link:
            return f"link:{self.link}"
        digest = hashlib.sha256(f"{self.title}\n{self.content}".encode()).hexdigest()[:24]
        return f"sha:{digest}"


def looks_like_feed(raw: bytes) -> bool:
    head = raw[:2048].lstrip().lower()
    return (head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")) and (
        b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head
    )


def looks_like_json_feed(raw: bytes) -> bool:
    head = raw[:2048].lstrip()
    return head.startswith(b"{") and b"jsonfeed.org/version" in raw[:4096]


def parse_feed(raw: bytes, origin: str) -> list[FeedEntry]:
    """The entries of an RSS, Atom or JSON feed; InputRejected with the reason when it cannot be used."""
    if looks_like_json_feed(raw):
        return _checked(parse_json_feed(raw, origin), origin)
    if _ENTITY.search(raw[:65536]):
        raise InputRejected(
            f"{origin}: the feed declares XML entities (<!ENTITY>), which can expand without bound; refused "
            "(a real feed does not need them)"
        )
    declared = _XML_ENCODING.match(raw[:200])
    if declared:
        encoding = declared.group(1).decode("ascii")
        try:
            raw.decode(encoding)
        except LookupError:
            raise InputRejected(f"{origin}: the feed declares an unknown encoding {encoding!r}; refused") from None
        except UnicodeDecodeError as exc:
            raise InputRejected(
                f"{origin}: the feed declares encoding {encoding!r} but byte {exc.start} is not {encoding}; "
                "refused (ask the publisher to fix the declaration)"
            ) from None
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
            FeedEntry(
                entry.get("title"),
                entry.get("link"),
                entry.get("published") or entry.get("updated"),
                content,
                entry.get("id") or None,
            )
        )
    return _checked(entries, origin)


def parse_json_feed(raw: bytes, origin: str) -> list[FeedEntry]:
    """The items of a JSON Feed (https://jsonfeed.org, versions 1 and 1.1)."""
    try:
        feed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputRejected(f"{origin}: malformed JSON feed ({exc}); check that it is JSON Feed") from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list) or not items:
        raise InputRejected(f"{origin}: a JSON feed without items; check that it is JSON Feed")
    entries = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InputRejected(f"{origin}: item {number} of the JSON feed is not an object")
        content = item.get("content_html") or item.get("content_text") or item.get("summary")
        entries.append(
            FeedEntry(
                _text(item.get("title")),
                _text(item.get("url")),
                _text(item.get("date_published") or item.get("date_modified")),
                _text(content),
                _text(item.get("id")),
                "text/html" if item.get("content_html") else "text/plain",
            )
        )
    return entries


def _text(value) -> str | None:
    return None if value is None else str(value)


def _checked(entries: list[FeedEntry], origin: str) -> list[FeedEntry]:
    for number, entry in enumerate(entries, 1):
        size = len(entry.content or "") + len(entry.title or "")
        if size > MAX_ENTRY_CHARS:
            raise InputRejected(
                f"{origin}: entry {number} holds {size:,} characters, over the {MAX_ENTRY_CHARS:,} accepted for "
                "one entry; refused"
            )
    return entries


def embedded_enough(entry: FeedEntry) -> bool:
    text = re.sub(r"<[^>]+>", " ", entry.content or "")
    return len(text.strip()) >= EMBEDDED_MIN_CHARS
