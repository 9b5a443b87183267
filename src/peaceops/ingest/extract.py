"""Main text and metadata from HTML (trafilatura), and the same clutter removal for plain text.

Page clutter seen on real news sites, removed wherever it can be recognised:
currency and ticker lines ("• USD89.70"), "read in Russian / English" links,
newsletter and subscription lines, outdated-browser notices (in English and
Russian), cookie banners and share buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peaceops.ingest.errors import InputRejected

MAX_HTML_DEPTH = 400  # deeper pages are refused: libxml2 stops at 256 by default and the text is garbage anyway

_CLUTTER_LINES = [
    r"^[•·\-\*]?\s*(USD|EUR|RUB|OIL|BRENT|GBP|CNY|BTC)\s*[\d.,]+\s*$",  # currency ticker
    r"^[•·\-\*]?\s*\d{1,4}\s*$",  # lone counters
    r"^(Читать на русском|Read in English|Читать по-английски|In English|На русском|English version|Русская "
    r"версия)\.?$",
    r"^(Subscribe|Sign up)( to)?( our)?( weekly| daily)? (digest|newsletter)s?\b.*$",
    r"^Подпи(шитесь|сывайтесь|саться) на (наш[уи]? )?(рассылку|дайджест|канал|новости|телеграм).*$",
    r"^К сожалению, браузер, которым вы пользуйтесь, устарел.*$",
    r"^Ваш браузер устарел.*$",
    r"^(Your browser is out of date|You are using an outdated browser).*$",
    r"^Пожалуйста, установите любой из современных браузеров.*$",
    r"^(Google Chrome|Firefox|Safari|Opera|Microsoft Edge|Yandex Browser)(\s+(Google "
    r"Chrome|Firefox|Safari|Opera|Microsoft Edge|Yandex Browser))*$",
    r"^(Share|Поделиться|Tweet|Facebook|Twitter|Telegram|VK|ВКонтакте)(\s*[|/·]\s*\w+)*$",
    r"^(We use cookies|Мы используем (файлы )?cookie).*$",
]
_CLUTTER = [re.compile(p, re.IGNORECASE) for p in _CLUTTER_LINES]


@dataclass
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or bool(re.search(r"<(body|p|div|article|h1|title)[\s>]", head))


def remove_clutter(text: str) -> str:
    """Drop clutter lines; keep paragraph breaks; collapse runs of blank lines."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and any(p.match(stripped) for p in _CLUTTER):
            continue
        kept.append(line.rstrip())
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip()


def html_depth(html: str) -> int:
    """Rough nesting depth of block elements, to refuse pathological pages before parsing."""
    depth = deepest = 0
    for match in re.finditer(
        r"<(/?)(div|span|section|article|table|tr|td|ul|ol|li|p|b|i|em|strong|font|blockquote)\b[^>]*?(/?)>",
        html,
        re.IGNORECASE,
    ):
        closing, _, self_closing = match.groups()
        if self_closing:
            continue
        depth = depth - 1 if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def extract_html(html: str, origin: str, url: str | None = None) -> Extracted:
    depth = html_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise InputRejected(
            f"{origin}: HTML nested {depth} levels deep (limit {MAX_HTML_DEPTH}); this is not an article page"
        )
    import trafilatura  # heavy: trafilatura, loaded on first use

    try:
        # deduplicate=False: trafilatura's deduplication remembers paragraphs across calls in a process and drops
        # repeats, so a second article sharing a paragraph (syndicated news) would lose it. peaceops deduplicates
        # whole documents by content hash instead.
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
            # the date the page declares (htmldate on its metadata), not one guessed from its text: peaceops
            # reads dates in the text itself, in every supported language (peaceops.ingest.docdate)
            date_extraction_params={**trafilatura.settings.set_date_params(False)},
        )
        doc = document.as_dict() if document is not None and hasattr(document, "as_dict") else document
    except (RecursionError, ValueError) as exc:
        raise InputRejected(
            f"{origin}: could not parse the HTML ({type(exc).__name__}); save the article as text and ingest that"
        ) from None
    if not doc or not (doc.get("text") or "").strip():
        raise InputRejected(f"{origin}: no article text found in the HTML")
    return Extracted(
        text=remove_clutter(doc.get("text") or ""),
        title=doc.get("title"),
        author=doc.get("author"),
        date=doc.get("date"),
        site=doc.get("sitename") or doc.get("hostname"),
        url=doc.get("url") or url,
    )


def extract_plain(text: str, origin: str) -> Extracted:
    cleaned = remove_clutter(text)
    if not cleaned:
        raise InputRejected(f"{origin}: no text left after removing page clutter")
    first_line = cleaned.split("\n", 1)[0].strip()
    title = first_line if 0 < len(first_line) <= 200 and not first_line.endswith(".") else None
    return Extracted(text=cleaned, title=title)
