"""Sentences with offsets, split by a tool fit for each language.

Paragraphs are split first (a blank or single line break), each paragraph's
language is detected, and it is split with razdel for Russian, Ukrainian and
Belarusian, and with pysbd (rule-based) otherwise: with that language's rules
where pysbd has them (Arabic, Armenian, German, French, Spanish, Italian,
Polish, Kazakh ...), else with its English rules, which fit the other
Latin-script languages and Georgian.
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


PYSBD_LANGUAGES = frozenset("am ar bg da de el en es fa fr hi hy it ja kk mr my nl pl ru sk ur zh".split())


@lru_cache(maxsize=24)
def _pysbd(language: str = "en"):
    import pysbd  # heavy: pysbd, loaded on first use
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):
        """pysbd's segmenter, whose sentence spans are found in linear time rather than quadratic.

        pysbd (0.3.4) places each sentence by scanning the text from its start for that sentence's matches until one
        ends after the previous sentence: n copies of one sentence ("KFOR. KFOR. …") cost n²/2 matches. Here each
        distinct sentence keeps its scan where it stopped. The end of the previous sentence only grows, so a match
        passed over once is passed over again by any later scan, and the spans are exactly pysbd's.

        pysbd's pattern is the escaped sentence followed by ``\\s*``; it is matched here with ``str.find`` and
        ``str.isspace`` (the same characters as ``\\s``), which finds the same non-overlapping matches without
        compiling a pattern per sentence (that compiling cost more than the splitting, and pushed pysbd's own
        patterns out of the ``re`` module's cache).
        """

        def sentences_with_char_spans(self, sentences):
            spans, prior_end = [], 0
            scans: dict = {}  # sentence -> its matches in the text not yet passed over
            for sentence in sentences:
                scan = scans.get(sentence)
                if scan is None:
                    scan = scans[sentence] = _matches(sentence, self.original_text)
                for start, end in scan:
                    if end > prior_end:
                        spans.append(TextSpan(self.original_text[start:end], start, end))
                        prior_end = end
                        break
            return spans

    return Segmenter(language=language if language in PYSBD_LANGUAGES else "en", clean=False, char_span=True)


def _matches(sentence: str, text: str):
    """(start, end) of each non-overlapping match of ``re.escape(sentence) + r"\\s*"`` in ``text``, in order."""
    if not sentence:  # an empty pattern matches everywhere: leave that to the regex engine
        for match in re.finditer(r"\s*", text):
            yield match.start(), match.end()
        return
    length, position = len(text), 0
    while (start := text.find(sentence, position)) != -1:
        end = start + len(sentence)
        while end < length and text[end].isspace():
            end += 1
        yield start, end
        position = end


_TERMINATORS = re.compile(r"[.!?…؟։](?=[\s\"'»”)\]]*\s)")

PYSBD_CHUNK = 5000
"""pysbd's cost grows faster than the paragraph's length (84 KB of short sentences took about a minute), so
longer paragraphs are given to it in pieces of about this many characters, cut after a sentence end."""


def _chunks(paragraph: str, size: int = PYSBD_CHUNK):
    """(offset, piece) of ``paragraph``, each piece at most ``size`` characters, cut after a sentence end when one
    lies in the second half of the window, else after a space, else anywhere."""
    start = 0
    while len(paragraph) - start > size:
        window = paragraph[start : start + size]
        cut = 0
        for match in _TERMINATORS.finditer(window):
            if match.end() >= size // 2:
                cut = match.end()
        if not cut:
            cut = window.rfind(" ", size // 2) + 1
        if cut <= 0:
            cut = size
        while cut < len(window) and window[cut].isspace():
            cut += 1
        yield start, paragraph[start : start + cut]
        start += cut
    yield start, paragraph[start:]


def _split(paragraph: str, language: str | None, budget=None, before: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph; a long one is checked against ``budget`` piece by piece."""
    if not _TERMINATORS.search(paragraph.rstrip()):  # no sentence end before the paragraph's end: one sentence
        stripped = paragraph.rstrip()
        return [(0, len(stripped))] if stripped.strip() else []
    if language in ("ru", "uk", "be"):
        from razdel import sentenize  # heavy: razdel, loaded on first use

        return [(s.start, s.stop) for s in sentenize(paragraph)]
    spans = []
    for offset, piece in _chunks(paragraph):
        for span in _pysbd(language or "en").segment(piece):
            start, end = offset + span.start, offset + span.end
            while end > start and paragraph[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
        if budget is not None:
            budget.sentences(before + len(spans))
            budget.tick()
    return spans


def _mixed_scripts(text: str) -> bool:
    """Both Latin and Cyrillic letters make up at least a fifth of the paragraph's letters."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 20:
        return False
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    return 0.2 <= cyrillic / len(letters) <= 0.8


def split_sentences(text: str, budget=None) -> list[Sentence]:
    """The sentences of ``text``; with a ``budget`` (ingest.budget.Budget), their number and the time count against
    it."""
    sentences = []
    for number, match in enumerate(re.finditer(r"[^\n]+", text)):
        paragraph = match.group()
        if not paragraph.strip():
            continue
        language = detect_paragraph(paragraph)
        mixed = _mixed_scripts(paragraph)
        for start, end in _split(paragraph, language, budget, len(sentences)):
            piece = paragraph[start:end]
            if piece.strip():
                # a paragraph mixing scripts (a Russian quotation in an English text) gets a language per sentence
                sentence_language = detect_paragraph(piece) if mixed else language
                sentences.append(Sentence(piece, match.start() + start, match.start() + end, number, sentence_language))
        if budget is not None:
            budget.sentences(len(sentences))
            budget.tick()
    return sentences
