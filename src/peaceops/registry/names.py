"""Lemmatising names in English and Russian for lookup (normalising is :mod:`peaceops.textnorm`).

Russian is inflected ("в Казахстане", "Казахстан"), so Cyrillic words are
reduced to their lemma with pymorphy3, loaded only when a lookup needs it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from peaceops.textnorm import normalise  # the one normaliser, re-exported for lookup and the loader

_CYRILLIC = re.compile(r"[а-я]")
STOP_WORDS = frozenset("the of in and for on at to a an de la le et в во на по и для из с со о об к".split())


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # heavy: pymorphy3, loaded on first use

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word; other words are returned as they are."""
    if not _CYRILLIC.search(word):
        return word
    parses = _morph().parse(word)
    return parses[0].normal_form.replace("ё", "е") if parses else word


def keywords(text: str) -> list[str]:
    """Lemmatised content words of ``text`` (stop words dropped)."""
    return [lemma(w) for w in normalise(text).split() if w not in STOP_WORDS]
