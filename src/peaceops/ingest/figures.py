"""Troop counts and dates in a sentence, in every supported language.

A **troop count** is a number followed, within three words, by a personnel noun
of the gazetteer (``troop_nouns``: "troops", "военнослужащих", "barış gücü
askeri", "جندي"), optionally with a word for thousand between them ("3 тыс.
военнослужащих", "2 mil soldados") and a qualifier before it ("about",
"более"). Nouns match through the same lemmas and stems as names, so the
forms a language uses after numerals are found.

A **date** is a month name next to a day and/or a year ("6 January 2022",
"January 6, 2022", "6 января 2022 года", "6 სექტემბერს 2022", "janvier
2022"), or a numeric date (2022-01-06, 06.01.2022, 06/01/2022). Month names
come from dateparser's locale data (the CLDR month names and their inflected
forms), not from a list kept here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from peaceops.ingest.textmatch import PhraseIndex, Token, tokenize

_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,.\u00a0\u202f'’]\d{3})+(?![\d])|(?<![\d.,])\d+(?![\d])")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMERIC_DATES = [
    (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b"), ("d", "m", "y")),
]
DATELOCALES = {
    "sr": ("sr", "sr-Latn", "sr-Cyrl", "hr", "bs", "bs-Latn", "bs-Cyrl"),
    "az": ("az", "az-Latn", "az-Cyrl"),
    "kk": ("kk",),
    "uz": ("uz",),
}
"""dateparser locales whose month names a language's texts use (by default the locale of the same code)."""

MONTHS = ("january february march april may june july august september october november december").split()


@lru_cache(maxsize=1)
def month_index(languages: tuple[str, ...]) -> PhraseIndex:
    """Month names of ``languages`` (from dateparser's locale data) -> month number."""
    from dateparser.languages.loader import default_loader  # heavy: dateparser's locale data, loaded on first use

    index: PhraseIndex = PhraseIndex()
    for language in languages:
        for locale_code in DATELOCALES.get(language, (language,)):
            try:
                locale = default_loader.get_locale(locale_code)
            except (ValueError, KeyError):
                continue
            for number, month in enumerate(MONTHS, start=1):
                for name in locale.info.get(month, []):
                    name = name.strip(".")
                    if len(name) >= 3 and not name.isdigit():
                        # abbreviations ("jan", "янв") must be whole words: only a full name is a stem
                        index.add(name.lower() if len(name) >= 5 else name.upper(), number, language)
    return index


@dataclass(frozen=True)
class Figure:
    kind: str  # "troops" or "date"
    text: str
    start: int
    end: int
    value: int | str  # a head count, or an ISO date (YYYY-MM-DD or YYYY-MM)
    qualifier: str | None = None

    def as_dict(self) -> dict:
        out = {"kind": self.kind, "text": self.text, "value": self.value, "start": self.start, "end": self.end}
        if self.kind == "troops":
            out["qualifier"] = self.qualifier
        return out


class FigureFinder:
    """Troop counts and dates; built once per gazetteer (its ``troop_nouns``, ``approx_words``, ``thousand_words``)."""

    def __init__(self, troop_nouns, approx_words, thousand_words, languages: tuple[str, ...]):
        self.nouns: PhraseIndex = PhraseIndex()
        self.approx: PhraseIndex = PhraseIndex()
        self.thousand: PhraseIndex = PhraseIndex()
        for index, lists in ((self.nouns, troop_nouns), (self.approx, approx_words), (self.thousand, thousand_words)):
            for language, phrase in lists.pairs():
                index.add(phrase, phrase, language)
        self.languages = tuple(sorted(languages))
        self._recent: dict[tuple[str, str | None], list[Figure]] = {}

    def find(self, text: str, language: str | None, tokens: list[Token] | None = None) -> list[Figure]:
        """Every troop count and date of ``text`` (one sentence), in order.

        The last few hundred answers are remembered: a document's sentences are read for candidates, for the
        figures of each operation and for the document's date.
        """
        key = (text, language)
        found = self._recent.get(key)
        if found is None:
            found = self._find(text, language, tokens)
            if len(self._recent) > 512:
                self._recent.clear()
            self._recent[key] = found
        return list(found)

    def _find(self, text: str, language: str | None, tokens: list[Token] | None = None) -> list[Figure]:
        ascii_digits = text.translate(_ARABIC_DIGITS)
        tokens = tokenize(ascii_digits, language) if tokens is None else tokens
        found = self._troops(ascii_digits, text, tokens) + self._dates(ascii_digits, text, tokens)
        return sorted(found, key=lambda f: f.start)

    # ------------------------------------------------------------------ troops
    def _troops(self, digits_text: str, text: str, tokens: list[Token]) -> list[Figure]:
        nouns = self.nouns.find(digits_text, tokens)
        if not nouns:
            return []
        thousands = self.thousand.find(digits_text, tokens)
        approx = self.approx.find(digits_text, tokens)
        out = []
        for m in _NUMBER.finditer(digits_text):
            after = [t for t in tokens if t.start >= m.end()][:4]
            if not after:
                continue
            value = int(re.sub(r"\D", "", m.group()))
            noun = None
            multiplier = 1
            for position, token in enumerate(after[:3]):
                if any(t.start == token.start for t in thousands) and position == 0:
                    multiplier = 1000
                    continue
                hit = next((n for n in nouns if n.start == token.start), None)
                if hit is not None:
                    noun = hit
                    break
                if token.text.isdigit():
                    break
            if noun is None or not 0 < value * multiplier < 10_000_000:
                continue
            if _BREAK.search(digits_text[m.end() : noun.start]):
                continue  # "Jan 13 (Interfax) - The peacekeeping mission": the number and the noun are not one phrase
            start = m.start()
            qualifier = None
            before = [a for a in approx if a.end <= m.start() and digits_text[a.end : m.start()].strip() == ""]
            if before:
                qualifier = before[-1].surface.lower()
                start = before[-1].start
            if m.group().isdigit() and 1900 <= value <= 2100 and multiplier == 1 and qualifier is None:
                # "in 2008 peacekeepers were killed": a year, unless the noun follows at once and no preposition
                # ("in", "в", "en") stands before the number
                previous = [t for t in tokens if t.end <= m.start()][-1:]
                if noun.start != after[0].start or (previous and len(previous[0].text) <= 3):
                    continue
            out.append(Figure("troops", text[start : noun.end], start, noun.end, value * multiplier, qualifier))
        return out

    # ------------------------------------------------------------------- dates
    def _dates(self, digits_text: str, text: str, tokens: list[Token]) -> list[Figure]:
        out: list[Figure] = []
        taken = bytearray(len(text) + 1)
        for pattern, order in _NUMERIC_DATES:
            for m in pattern.finditer(digits_text):
                parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
                value = _iso(parts.get("y"), parts.get("m"), parts.get("d"))
                if value:
                    out.append(Figure("date", text[m.start() : m.end()], m.start(), m.end(), value))
                    taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        months = month_index(self.languages).find(digits_text, _month_tokens(tokens))
        position = {t.start: i for i, t in enumerate(tokens)}
        for month in months:
            i = position.get(month.start)
            if i is None or taken.find(1, month.start, month.end) != -1:
                continue
            if tokens[i].language in _CAPITALISED_MONTHS and not tokens[i].text[:1].isupper():
                continue  # English and German write months capitalised: "may" is a verb
            day = year = None
            start, end = month.start, month.end
            near = tokens[max(0, i - 2) : i] + tokens[i + 1 : i + 4]
            for token in near:
                if not token.text.isdigit():
                    continue
                number = int(token.text)
                if len(token.text) == 4 and 1900 <= number <= 2100 and year is None and token.start > month.start:
                    year = number
                    end = max(end, token.end)
                elif 1 <= number <= 31 and len(token.text) <= 2 and day is None and year is None:
                    if token.end <= month.start and _joins(digits_text[token.end : month.start]):
                        day, start = number, token.start
                    elif token.start >= month.end and digits_text[month.end : token.start].strip(" .,") == "":
                        day, end = number, token.end
            if year is None:  # the year first: "2008 წლის 7 აგვისტოს", "2020 թ. նոյեմբերի 10-ին"
                first = tokens[max(0, i - 4) : i]
                for token in first:
                    free = taken.find(1, token.start, token.end) == -1
                    if free and token.text.isdigit() and len(token.text) == 4 and 1900 <= int(token.text) <= 2100:
                        year, start = int(token.text), min(start, token.start)
                        break
            if year is None and day is None:
                continue
            end = _extend_over_year_word(digits_text, end)
            value = _iso(year, month.key, day)
            if value is None and year is None and day is not None:
                value = f"--{month.key:02d}-{day:02d}"  # day and month: the year comes from the document
            if value:
                out.append(Figure("date", text[start:end], start, end, value))
                taken[start:end] = b"\x01" * (end - start)
        return out


_BREAK = re.compile(r"[()\[\]{}:;|/—–]|\s-\s")
"""Punctuation that separates a number from the noun after it (a dateline, a parenthesis, a dash)."""


def _joins(between: str) -> bool:
    """Whether the text between a day and its month joins them: punctuation, or one short word ("5 de enero")."""
    words = between.strip(" .,-").split()
    return not words or (len(words) == 1 and len(words[0]) <= 3 and words[0].isalpha() and words[0].islower())


def _month_tokens(tokens: list[Token]) -> list[Token]:
    """Tokens as the month index expects them: a short word in capitals, to meet an abbreviation exactly.

    :func:`month_index` indexes names under five letters ("jan", "мая") in
    capitals, which the phrase index compares exactly, case included, so that
    an abbreviation never matches a longer word it begins.
    """
    out = []
    for t in tokens:
        if len(t.lower) >= 5:
            out.append(t)
            continue
        word = t.lower
        if len(word) == 4 and word[-1] in _CASE_VOWELS:  # a declined short name: "juna", "јуна", "maja"
            word = word[:-1]
        out.append(Token(word.upper(), t.start, t.end, t.lower, t.forms, t.script, t.language))
    return out


_CAPITALISED_MONTHS = frozenset({"en", "de"})
_CASE_VOWELS = "aueiаеиуюяі"


def _extend_over_year_word(text: str, end: int) -> int:
    m = re.match(r"\s*(?:года|г\.|року|р\.|году|жылы|թ\.|წლის|yılı|godine|godina|roku|r\.)", text[end:])
    return end + m.end() if m else end


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None or month is None or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
