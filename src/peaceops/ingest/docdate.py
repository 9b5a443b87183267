"""When a document was written, and how peaceops knows: the reference date of a text.

The date decides which operations a text can speak of ("the peacekeepers" in
a report from 1996 are not a force that arrived in 2022). It is taken, in
order, from:

``metadata``
    the date the source gave (a feed item's date, ``--published``);
``html-metadata``
    the page's own metadata, read by htmldate through trafilatura with its
    extensive search of the text switched off (so that it says only what the
    page declares);
``dateline``
    a full date that opens one of the first three lines of the text, or
    stands on a short line of its own ("13.01.2022, 10:43", "MOSCOW, January
    6, 2022 (TASS) —"), in any supported language;
``latest-date-in-text``
    the latest full date the text mentions (a report is written after what it
    reports);
``years-in-text``
    the latest year the text mentions, as a year only.

Nothing is guessed beyond these: a text that names no date has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

METHODS = ("metadata", "html-metadata", "dateline", "latest-date-in-text", "years-in-text")
DATELINE_LINES = 3  # a dateline stands in one of the first lines ...
DATELINE_OPENING = 30  # ... within this many characters of the line's start, or on a line no longer than
DATELINE_SHORT_LINE = 60


@dataclass(frozen=True)
class DocumentDate:
    value: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    method: str  # one of METHODS
    evidence: str | None = None  # the words it was read from, for text methods

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown date method {self.method!r}; one of {', '.join(METHODS)}")

    @property
    def latest(self) -> dt.date:
        """The last day the value can mean (1996 -> 1996-12-31): no text speaks of what began after it."""
        parts = [int(p) for p in self.value.split("-")]
        if len(parts) == 3:
            return dt.date(*parts)
        if len(parts) == 2:
            year, month = parts
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(parts[0], 12, 31)

    @property
    def is_publication(self) -> bool:
        """Whether the date is when the text appeared (source, page metadata, dateline), not a date it mentions."""
        return self.method in ("metadata", "html-metadata", "dateline")

    @property
    def year(self) -> int:
        return int(self.value[:4])

    def describe(self) -> str:
        how = {
            "metadata": "given by the source",
            "html-metadata": "from the page's metadata (htmldate)",
            "dateline": "from the dateline",
            "latest-date-in-text": "the latest date the text mentions",
            "years-in-text": "the latest year the text mentions",
        }[self.method]
        return f"{self.value} ({how}{': ' + repr(self.evidence) if self.evidence else ''})"


def _in_dateline(text: str, offset: int) -> bool:
    """Whether the date at ``offset`` opens one of the first lines, or stands on a short line of its own."""
    line_start = text.rfind("\n", 0, offset) + 1
    lines_before = [line for line in text[:line_start].split("\n") if line.strip()]
    if len(lines_before) >= DATELINE_LINES:
        return False
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return offset - line_start <= DATELINE_OPENING or len(line.strip()) <= DATELINE_SHORT_LINE


def from_source(value, method: str) -> DocumentDate | None:
    """A date given by the source or the page's metadata (ISO or RFC 822), or None when it does not parse."""
    from email.utils import parsedate_to_datetime

    if not value:
        return None
    text = str(value).strip()
    try:
        return DocumentDate(dt.date.fromisoformat(text[:10]).isoformat(), method)
    except ValueError:
        pass
    try:
        return DocumentDate(parsedate_to_datetime(text).date().isoformat(), method)
    except (TypeError, ValueError, IndexError):
        return None


def from_text(text: str, sentences, figures, years_in) -> DocumentDate | None:
    """The date a text gives itself: its dateline, else the latest full date it mentions, else its latest year.

    ``figures`` is the :class:`peaceops.ingest.figures.FigureFinder` (dates in
    every supported language); ``years_in`` returns the years a string
    mentions. Dates after today are ignored (a plan, a deadline).
    """
    today = dt.date.today()
    dated = []
    for s in sentences:
        for figure in figures.find(s.text, s.language):
            if figure.kind != "date" or figure.value.startswith("--"):
                continue
            value = str(figure.value)
            if DocumentDate(value, "dateline").latest.replace(day=1) > today:
                continue
            dated.append((s.start + figure.start, value, figure.text))
    if dated:
        first = min(dated)
        if len(first[1]) == 10 and _in_dateline(text, first[0]):
            return DocumentDate(first[1], "dateline", first[2])
        full = [d for d in dated if len(d[1]) == 10] or dated
        latest = max(full, key=lambda d: d[1])
        return DocumentDate(latest[1], "latest-date-in-text", latest[2])
    years = [y for y in years_in(text) if y <= today.year]
    if years:
        return DocumentDate(str(max(years)), "years-in-text", str(max(years)))
    return None
