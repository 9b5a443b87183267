"""Find phrases in text, in every supported language, with character offsets.

Text is split into word tokens (letters and digits; hyphens and apostrophes
separate words, so "UN-mandated" is "UN" + "mandated"). A phrase word matches
a text word when:

- the phrase word is an acronym (all capitals, e.g. "UN", "CSTO", "ОДКБ"):
  the text word is exactly the same, case included, so "un" or "Un" never match;
- otherwise, case-insensitively: the words are equal, or they share a normal
  form (the text word's lemma or Snowball stem in the sentence's language, the
  phrase word's stem in its own language: "Молдове" ~ "Молдова", "Kosowie" ~
  "Kosowo"; see :mod:`peaceops.ingest.morphology`), or the phrase word is a
  stem of 4 letters or more that the text word starts with ("peacekeep" ~
  "peacekeepers", "беспристрастн" ~ "беспристрастность", Georgian
  "აფხაზეთ" ~ "აფხაზეთში"), or the two are written in different scripts and
  their romanised skeletons agree ("Serdyukov" ~ "Сердюков").
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from peaceops.ingest.morphology import forms, phrase_forms, script, skeleton
from peaceops.textnorm import fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
T = TypeVar("T", bound=Hashable)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    forms: frozenset[str]  # the lower-cased word, its lemma and its stem
    script: str
    language: str | None = None
    buckets: tuple[str, ...] = ()  # the index keys this word is looked up by (computed once, see _token_buckets)


DOCUMENT_MEMO = 2_000
"""Sentences whose tokens (and each index's matches) are remembered while one document is analysed: its
sentences are read by the mention finder (twice), the candidate finder and the suggestion model."""

_document = [0]  # the number of the document being analysed (see new_document)
_tokens_of: dict[tuple[str, str | None], list[Token]] = {}


def new_document() -> None:
    """Forget the tokens and matches remembered for the previous document (each memo holds one document's
    sentences: the analysis of a new document finds nothing to reuse in the last one's)."""
    _document[0] += 1
    _tokens_of.clear()


def tokenize(text: str, language: str | None = None) -> list[Token]:
    """Word tokens of ``text``, with their normal forms in ``language`` (None: Russian lemmas for Cyrillic words).

    The list is remembered for the document being analysed (see :func:`new_document`) and given to every caller
    that asks for the same text in the same language: read it, do not change it.
    """
    key = (text, language)
    tokens = _tokens_of.get(key)
    if tokens is not None:
        return tokens
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        lower, word_forms, word_script, buckets = _word(word, language)
        tokens.append(Token(word, match.start(), match.end(), lower, word_forms, word_script, language, buckets))
    if len(_tokens_of) >= DOCUMENT_MEMO:
        _tokens_of.clear()
    _tokens_of[key] = tokens
    return tokens


@lru_cache(maxsize=200_000)
def _word(word: str, language: str | None) -> tuple[str, frozenset[str], str, tuple[str, ...]]:
    """What a token of ``word`` in ``language`` carries besides its offsets: its folded form, normal forms, script
    and sorted index keys. They depend on the word and the language alone, so each word is worked out once."""
    lower = fold(word)
    word_forms = forms(lower, language)
    return lower, word_forms, script(word), tuple(sorted(_bucket_keys(word, lower, word_forms)))


MIN_SKELETON = 5  # shorter romanised words agree by chance too often


_CASED_SCRIPTS = frozenset({"latin", "cyrillic", "armenian"})  # scripts with capital letters


@dataclass(frozen=True)
class PhraseWord:
    original: str
    lower: str
    forms: frozenset[str]
    acronym: bool
    script: str
    proper: bool = False  # a capitalised name: it matches only a capitalised word ("Mali", not Ukrainian "мали")
    language: str | None = None

    def matches(self, token: Token) -> bool:
        if self.acronym:
            return token.text == self.original or self._acronym_as_word(token)
        if self.proper and token.script in _CASED_SCRIPTS and not token.text[:1].isupper():
            return False
        if token.lower == self.lower or not self.forms.isdisjoint(token.forms):
            return True
        if len(self.lower) >= 4 and token.lower.startswith(self.lower) and self._stem_applies_to(token):
            return True
        if token.script != self.script and len(self.lower) >= MIN_SKELETON and len(token.lower) >= MIN_SKELETON:
            mine, theirs = skeleton(self.lower), skeleton(token.lower)
            return theirs == mine or (len(mine) >= 6 and theirs.startswith(mine))
        return False

    def _acronym_as_word(self, token: Token) -> bool:
        """An acronym of four letters or more written as a word, in either script and declined ("Minustah",
        "Кфор", "Еулекса" for MINUSTAH, KFOR, EULEX): capitalised, and its romanised form is the acronym's,
        perhaps with a case ending of up to two letters."""
        if len(self.original) < 4 or not token.text[:1].isupper() or len(token.text) > len(self.original) + 2:
            return False
        if not (token.text[1:].islower() or token.text.isupper()):
            return False
        mine, theirs = skeleton(self.lower), skeleton(token.lower)
        return theirs == mine or (theirs.startswith(mine) and len(theirs) - len(mine) <= 2)

    def _stem_applies_to(self, token: Token) -> bool:
        """A stem given for one language reaches the inflected forms of that language only (Portuguese "sérvi"
        is not the start of English "service"), except a capitalised name of six letters or more."""
        if self.language is None or token.language is None or self.language == token.language:
            return True
        return len(self.lower) >= 6 and self.original[:1].isupper()

    def buckets(self) -> set[str]:
        """The index keys a text word that may match this one is looked up by."""
        if self.acronym:
            return {self.original, "~" + skeleton(self.lower)[:3]}
        keys = {form.rpartition(":")[2][:3] for form in self.forms} | {self.lower[:3]}
        if len(self.lower) >= MIN_SKELETON:
            keys.add("~" + skeleton(self.lower)[:3])
        return keys


def _phrase_words(phrase: str, language: str | None = None, proper_names: bool = False) -> list[PhraseWord]:
    words = []
    for match in _WORD.finditer(phrase):
        original = match.group()
        lower = fold(original)
        acronym = len(original) >= 2 and original.isupper()
        proper = proper_names and original[:1].isupper()
        words.append(
            PhraseWord(original, lower, phrase_forms(lower, language), acronym, script(original), proper, language)
        )
    return words


def _token_buckets(token: Token) -> set[str]:
    return _bucket_keys(token.text, token.lower, token.forms)


def _bucket_keys(text: str, lower: str, word_forms: frozenset[str]) -> set[str]:
    keys = {text, lower[:3], lower[:2], lower[:1]}
    keys.update(form.rpartition(":")[2][:3] for form in word_forms)
    if len(lower) >= 4 and text[:1].isupper():
        keys.add("~" + skeleton(lower)[:3])
    return keys


@dataclass(frozen=True)
class Match(Generic[T]):
    key: T
    phrase: str
    start: int  # character offsets in the text
    end: int
    surface: str


ENTRIES_MEMO = 100_000  # distinct words whose candidate entries an index remembers


@dataclass
class PhraseIndex(Generic[T]):
    """Many phrases, each tied to a key (an operation id, an indicator id, a place ...).

    With ``proper_names``, a capitalised word of a phrase matches only a
    capitalised word of the text (places and actors: "Mali" is not the
    Ukrainian verb "мали", "Georgia" at a sentence start still is Georgia).
    """

    _by_first: dict[str, list[tuple[list[PhraseWord], str, T]]] = field(default_factory=dict)
    proper_names: bool = False
    # a word's candidate entries (see _entries), by the word's index keys; emptied by add()
    _entries_of: dict[tuple[str, ...], list] = field(default_factory=dict, repr=False, compare=False)
    # the entries whose first word a word (in a language) matches, in _entries order; emptied by add()
    _opening: dict[tuple[str, str | None], list] = field(default_factory=dict, repr=False, compare=False)
    # the matches in each text of the document being analysed, with the tokens they were found in; emptied by add()
    _found: dict[str, tuple[list[Token], list[Match[T]]]] = field(default_factory=dict, repr=False, compare=False)
    _found_document: int = field(default=-1, repr=False, compare=False)

    def add(self, phrase: str, key: T, language: str | None = None) -> None:
        """Index ``phrase`` (written in ``language``, in dictionary form) under ``key``."""
        words = _phrase_words(phrase, language, self.proper_names)
        if not words:
            return
        entry = (words, phrase, key)
        for bucket in words[0].buckets():
            self._by_first.setdefault(bucket, []).append(entry)
        self._entries_of = {}
        self._opening = {}
        self._found = {}

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match[T]]:
        """Every occurrence of every phrase; overlapping matches of different phrases are all kept.

        The answer is remembered for the document being analysed and given again for the same text and the very
        same token list (:func:`tokenize` hands out one list per text and language), so that the stages reading a
        sentence match it once.
        """
        tokens = tokenize(text) if tokens is None else tokens
        if self._found_document != _document[0] or len(self._found) >= DOCUMENT_MEMO:
            self._found, self._found_document = {}, _document[0]
        known = self._found.get(text)
        if known is not None and known[0] is tokens:
            return list(known[1])
        found = self._find(text, tokens)
        self._found[text] = (tokens, found)
        return list(found)

    def _find(self, text: str, tokens: list[Token]) -> list[Match[T]]:
        found: list[Match[T]] = []
        entries_of, opening = self._entries_of, self._opening
        if len(entries_of) > ENTRIES_MEMO:  # a long-lived index (the web server's) keeps a bounded memo
            entries_of = self._entries_of = {}
        if len(opening) > ENTRIES_MEMO:
            opening = self._opening = {}
        count = len(tokens)
        for i, token in enumerate(tokens):
            # a token of tokenize() is a function of its word and language: the entries its first word matches
            # are remembered by them (a token made otherwise, without buckets, is checked entry by entry)
            word = (token.text, token.language) if token.buckets else None
            entries = opening.get(word) if word is not None else None
            if entries is None:
                # sorted buckets: the matches' order must not vary with the hash seed
                buckets = token.buckets or tuple(sorted(_token_buckets(token)))
                listed = entries_of.get(buckets)
                if listed is None:
                    listed = entries_of[buckets] = self._entries(buckets)
                entries = [entry for entry in listed if entry[0][0].matches(token)]
                if word is not None:
                    opening[word] = entries
            seen = set()
            for words, phrase, key in entries:
                if (phrase, key) in seen or i + len(words) > count:
                    continue
                if all(w.matches(tokens[i + j]) for j, w in enumerate(words[1:], 1)):
                    seen.add((phrase, key))
                    start, end = token.start, tokens[i + len(words) - 1].end
                    found.append(Match(key, phrase, start, end, text[start:end]))
        return found

    def _entries(self, buckets: tuple[str, ...]) -> list[tuple[list[PhraseWord], str, T]]:
        """The entries filed under ``buckets``, in bucket order; an entry sits in several buckets: listed once."""
        entries, listed = [], set()
        for bucket in buckets:
            for entry in self._by_first.get(bucket, ()):
                if id(entry) not in listed:
                    listed.add(id(entry))
                    entries.append(entry)
        return entries
