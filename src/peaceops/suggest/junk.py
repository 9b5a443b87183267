"""Sentences that are never evidence: headlines and title fragments, page boilerplate, verbless scraps, repeats.

These are rules, not learnt: a reviewer never accepts them, in any language,
so the queue should not show them. Each rule returns the reason it fired, for
the review screen and the tests.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_BOILERPLATE = re.compile(
    r"comments? (are|is) closed|all rights reserved|subscribe|sign up|newsletter|cookies?\b|read more|"
    r"click here|share (this|on)|follow us|photo:|фото:|подпис|читать (также|далее)|все права защищены|"
    r"поделиться|tous droits réservés|abonnez|lire aussi|alle rechte|mehr zum thema|leer más|"
    r"todos los derechos|leggi anche|leia (também|mais)|czytaj (też|także|więcej)|přečtěte si|"
    r"прочитајте|pročitajte|lexo edhe|devamını oku|ayrıntılar için|читайте також|джерело:|source:|"
    r"©|\(c\) \d{4}",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…؟։»\"”’)\]]\s*$")
MIN_WORDS = 6  # fewer words than this is a fragment, not a statement


def sentence_key(sentence: str) -> str:
    """A key equal for the same sentence however it was copied (case, spacing, quotes, punctuation)."""
    text = unicodedata.normalize("NFKC", sentence).casefold()
    text = re.sub(r"[\W_]+", " ", text).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def junk_reason(sentence: str, *, first_in_paragraph: bool = False, paragraph_sentences: int = 2) -> str | None:
    """Why the sentence can never be evidence, or None.

    ``first_in_paragraph`` and ``paragraph_sentences`` tell whether it stands
    alone as a paragraph's only sentence (a headline stands alone and has no
    closing punctuation).
    """
    text = sentence.strip()
    words = re.findall(r"[^\W\d_]+", text)
    if _BOILERPLATE.search(text) and len(words) < 25:
        return "boilerplate"
    if len(words) < MIN_WORDS:
        return "fragment"
    alone = first_in_paragraph and paragraph_sentences == 1
    if alone and not _TERMINAL.search(text):
        return "headline"
    if not _TERMINAL.search(text) and len(words) < 14:
        return "headline"
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.6:
        return "headline"
    return None
