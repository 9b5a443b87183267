"""Sentences with offsets, split by a tool fit for each language.

Paragraphs are split first (a blank or single line break), each paragraph's
language is detected, and it is split with razdel for Russian and Ukrainian
and pysbd (rule-based, English rules) otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from peaceops.ingest.language import detect_paragraph


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int
    language: str | None


@lru_cache(maxsize=1)
def _pysbd():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


_TERMINATORS = re.compile(r"[.!?…](?=[\s\"'»”)\]]*\s)")


def _split(paragraph: str, language: str | None) -> list[tuple[int, int]]:
    if not _TERMINATORS.search(paragraph.rstrip()):  # no sentence end before the paragraph's end: one sentence
        stripped = paragraph.rstrip()
        return [(0, len(stripped))] if stripped.strip() else []
    if language in ("ru", "uk"):
        from razdel import sentenize

        return [(s.start, s.stop) for s in sentenize(paragraph)]
    spans = []
    for span in _pysbd().segment(paragraph):
        start, end = span.start, span.end
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _mixed_scripts(text: str) -> bool:
    """Both Latin and Cyrillic letters make up at least a fifth of the paragraph's letters."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 20:
        return False
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    return 0.2 <= cyrillic / len(letters) <= 0.8


def split_sentences(text: str) -> list[Sentence]:
    sentences = []
    for number, match in enumerate(re.finditer(r"[^\n]+", text)):
        paragraph = match.group()
        if not paragraph.strip():
            continue
        language = detect_paragraph(paragraph)
        mixed = _mixed_scripts(paragraph)
        for start, end in _split(paragraph, language):
            piece = paragraph[start:end]
            if piece.strip():
                # a paragraph mixing scripts (a Russian quotation in an English text) gets a language per sentence
                sentence_language = detect_paragraph(piece) if mixed else language
                sentences.append(Sentence(piece, match.start() + start, match.start() + end, number, sentence_language))
    return sentences
