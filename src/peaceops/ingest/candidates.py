"""Sentences worth a reviewer's look: cue words of the framework's indicators, and numbers.

A sentence becomes a candidate when the document speaks of at least one
operation and either a cue of at least one indicator fires or the sentence
gives a troop count (then the reviewer chooses the indicator). The operation proposed is the
one named in the sentence, else the last one named earlier in the paragraph,
else the one the document names most; the reviewer can change it.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from peaceops.ingest.textmatch import PhraseIndex, tokenize

_NUMBER = r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+"
_TROOPS_EN = re.compile(
    rf"(?:(about|around|approximately|nearly|some|over|more than|up to|at least)\s+)?({_NUMBER})\s*(?:-strong\s+)?"
    r"(troops|soldiers|servicemen|personnel|peacekeepers|military personnel|blue helmets|observers|police)\b",
    re.IGNORECASE,
)
_TROOPS_RU = re.compile(
    rf"(?:(порядка|около|более|свыше|до|почти|примерно)\s+)?({_NUMBER})\s*(?:тыс\.?\s*)?"
    r"(военнослужащих|военных|миротворцев|солдат|человек|военнослужащие|наблюдателей|бойцов)",
    re.IGNORECASE,
)
_MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTHS_RU = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_DATES = [
    re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS_EN})\s+(\d{{4}})\b"),
    re.compile(rf"\b({_MONTHS_EN})\s+(\d{{1,2}}),?\s+(\d{{4}})\b"),
    re.compile(rf"\b({_MONTHS_EN})\s+(\d{{1,2}})\b"),
    re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS_RU})(?:\s+(\d{{4}})\s*(?:года|г\.)?)?", re.IGNORECASE),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
]


@dataclass
class Candidate:
    id: str
    sentence: str
    start: int
    end: int
    language: str | None
    operation_id: str | None
    indicators: list[str]
    cues: dict[str, list[str]]
    numbers: list[dict] = field(default_factory=list)


def cue_index(framework) -> PhraseIndex:
    index: PhraseIndex = PhraseIndex()
    for indicator in framework.indicators:
        index.add_all(indicator.cues.en, indicator.id)
        index.add_all(indicator.cues.ru, indicator.id)
    return index


def _value(number: str) -> int | None:
    digits = re.sub(r"\D", "", number)
    return int(digits) if digits else None


def extract_numbers(text: str) -> list[dict]:
    """Troop counts and dates, with offsets in ``text``."""
    found = []
    for pattern in (_TROOPS_EN, _TROOPS_RU):
        for m in pattern.finditer(text):
            value = _value(m.group(2))
            if value is None:
                continue
            if "тыс" in text[m.end(2) : m.start(3)]:
                value *= 1000
            found.append(
                {
                    "kind": "troops",
                    "text": m.group(0),
                    "value": value,
                    "qualifier": (m.group(1) or "").lower() or None,
                    "start": m.start(),
                    "end": m.end(),
                }
            )
    taken = bytearray(len(text))  # characters already inside a date: a later pattern may not overlap them
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if m.end() > m.start() and taken.find(1, m.start(), m.end()) != -1:
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            found.append({"kind": "date", "text": m.group(0).strip(), "start": m.start(), "end": m.end()})
    return sorted(found, key=lambda n: n["start"])


def candidate_id(content_hash: str, start: int, end: int) -> str:
    return "cand-" + hashlib.sha256(f"{content_hash}:{start}:{end}".encode()).hexdigest()[:12]


def find_candidates(content_hash: str, sentences, mentions, cues: PhraseIndex, budget=None) -> list[Candidate]:
    """Candidates of the sentences; with a ``budget`` (ingest.budget.Budget), cue matches and time count against it."""
    if not mentions:
        return []
    counts = Counter(m.operation_id for m in mentions)
    document_op = counts.most_common(1)[0][0]
    # mentions come sentence by sentence, so those before a sentence are a prefix of the list
    starts = sorted(m.start for m in mentions)
    by_start = sorted(mentions, key=lambda m: m.start)
    out = []
    for s in sentences:
        matches = cues.find(s.text, tokenize(s.text))
        if budget is not None:
            budget.matched(len(matches))
        local_numbers = extract_numbers(s.text)
        if not matches and not any(n["kind"] == "troops" for n in local_numbers):
            continue
        by_indicator: dict[str, list[str]] = {}
        for m in matches:
            by_indicator.setdefault(m.key, [])
            if m.surface not in by_indicator[m.key]:
                by_indicator[m.key].append(m.surface)
        before, upto = bisect_left(starts, s.start), bisect_left(starts, s.end)
        inside = {m.operation_id for m in by_start[before:upto]}
        if len(inside) == 1:
            op_id = next(iter(inside))
        else:
            op_id = mentions[before - 1].operation_id if before else document_op
            if len(inside) > 1:
                op_id = None  # several operations in one sentence: the reviewer chooses
        numbers = [{**n, "start": n["start"] + s.start, "end": n["end"] + s.start} for n in local_numbers]
        out.append(
            Candidate(
                candidate_id(content_hash, s.start, s.end),
                s.text,
                s.start,
                s.end,
                s.language,
                op_id,
                sorted(by_indicator),
                by_indicator,
                numbers,
            )
        )
    return out
