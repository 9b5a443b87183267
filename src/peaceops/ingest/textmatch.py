"""Find phrases in text, in English and Russian, with character offsets.

Text is split into word tokens (letters and digits; hyphens and apostrophes
separate words, so "UN-mandated" is "UN" + "mandated"). A phrase word matches
a text word when:

- the phrase word is an acronym (all capitals, e.g. "UN", "CSTO", "ОДКБ"):
  the text word is exactly the same, case included, so "un" or "Un" never match;
- otherwise, case-insensitively: the words are equal, or their lemmas are
  equal (Russian inflection through pymorphy3: "Молдове" ~ "Молдова"), or the
  phrase word is a stem of 4 letters or more that the text word starts with
  ("peacekeep" ~ "peacekeepers", "беспристрастн" ~ "беспристрастность").
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from peaceops.registry.names import lemma
from peaceops.textnorm import fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    lemma: str


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        lower = fold(word)
        tokens.append(Token(word, match.start(), match.end(), lower, lemma(lower)))
    return tokens


@dataclass(frozen=True)
class PhraseWord:
    original: str
    lower: str
    lemma: str
    acronym: bool

    def matches(self, token: Token) -> bool:
        if self.acronym:
            return token.text == self.original
        if token.lower == self.lower or token.lemma == self.lemma:
            return True
        return len(self.lower) >= 4 and token.lower.startswith(self.lower)


def _phrase_words(phrase: str) -> list[PhraseWord]:
    words = []
    for match in _WORD.finditer(phrase):
        original = match.group()
        lower = fold(original)
        acronym = len(original) >= 2 and original.isupper()
        words.append(PhraseWord(original, lower, lemma(lower), acronym))
    return words


@dataclass(frozen=True)
class Match(Generic[T]):
    key: T
    phrase: str
    start: int  # character offsets in the text
    end: int
    surface: str


@dataclass
class PhraseIndex(Generic[T]):
    """Many phrases, each tied to a key (an operation id, an indicator id, a place ...)."""

    _by_first: dict[str, list[tuple[list[PhraseWord], str, T]]] = field(default_factory=dict)

    def add(self, phrase: str, key: T) -> None:
        words = _phrase_words(phrase)
        if not words:
            return
        first = words[0]
        bucket = first.original if first.acronym else first.lower[:3]
        self._by_first.setdefault(bucket, []).append((words, phrase, key))

    def add_all(self, phrases: Iterable[str], key: T) -> None:
        for phrase in phrases:
            self.add(phrase, key)

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match[T]]:
        """Every occurrence of every phrase; overlapping matches of different phrases are all kept."""
        tokens = tokenize(text) if tokens is None else tokens
        found: list[Match[T]] = []
        for i, token in enumerate(tokens):
            candidates = []
            for bucket in {token.text, token.lower[:3], token.lower[:2], token.lower[:1], token.lemma[:3]}:
                candidates.extend(self._by_first.get(bucket, ()))
            seen = set()
            for words, phrase, key in candidates:
                if (phrase, key) in seen or i + len(words) > len(tokens):
                    continue
                if all(w.matches(tokens[i + j]) for j, w in enumerate(words)):
                    seen.add((phrase, key))
                    start, end = token.start, tokens[i + len(words) - 1].end
                    found.append(Match(key, phrase, start, end, text[start:end]))
        return found
