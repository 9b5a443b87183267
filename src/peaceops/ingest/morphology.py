"""Normal forms of words in every supported language, so that names match in inflected and transliterated text.

A word is compared through a small set of forms:

- **lemma**, for the language of the sentence it stands in: pymorphy3 for
  Russian (the dictionary the registry lookup already uses), and simplemma
  for Ukrainian, Georgian and Albanian, which have no Snowball stemmer.
  simplemma is a dictionary lemmatiser with no model to download, loaded per
  language on first use. Its other dictionaries are not used: Polish alone
  takes about 400 MB and Turkish, German, Spanish and Portuguese about 100 MB
  each, and on the labelled set they added nothing over the Snowball stems
  (F1 0.780 with all sixteen, 0.779 with these three; about 135 MB instead of
  1.2 GB when every language has been read).
- **stem**, by the Snowball algorithm of that language (PyStemmer: Arabic,
  Armenian, Romanian, Serbian, Turkish, German, French, Spanish, Italian,
  Portuguese, Polish, Czech, English, Russian). Snowball is rule-based, so it
  also reduces names no dictionary knows ("Kosowie" and "Kosowo" share
  "kosow"; Arabic "واليونيفيل" loses its clitics). Stems shorter than four
  letters are not used: they conflate unrelated words.
- **skeleton**, for words in another script: anyascii's romanisation, with the
  usual differences between transliteration schemes folded (kh/h, zh/z, ts/c,
  y/j/i, doubled letters), so "Serdyukov" and "Сердюков", "Qazaqstan" and
  "Қазақстан", "Kosovo" and "Косово" meet.

Belarusian, Azerbaijani and Kazakh have neither a simplemma dictionary nor a
Snowball stemmer. They inflect by suffixes, so the gazetteer gives for them the
stem that every form begins with, and a phrase word of four letters or more
matches the words it begins (:mod:`peaceops.ingest.textmatch`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SIMPLEMMA = {"uk": "uk", "ka": "ka", "sq": "sq"}  # fmt: skip
"""peaceops language -> simplemma language code (Russian goes to pymorphy3)."""

SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "ro": "romanian", "sr": "serbian", "tr": "turkish", "de": "german",
    "fr": "french", "es": "spanish", "it": "italian", "pt": "portuguese", "pl": "polish", "cs": "czech",
    "en": "english", "ru": "russian",
}  # fmt: skip
"""peaceops language -> Snowball algorithm (PyStemmer)."""

MIN_STEM = 4

_CYRILLIC = re.compile(r"[а-яёіїєґўқңғүұһәө]")


def script(word: str) -> str:
    """The script of a word's first letter: latin, cyrillic, georgian, armenian, arabic or other."""
    for ch in word:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if code < 0x250:
            return "latin"
        if 0x400 <= code < 0x530:
            return "cyrillic"
        if 0x530 <= code < 0x590:
            return "armenian"
        if 0x600 <= code < 0x700 or 0x750 <= code < 0x780:
            return "arabic"
        if 0x10A0 <= code < 0x1100 or 0x1C90 <= code < 0x1CC0:
            return "georgian"
        return "other"
    return "other"


@lru_cache(maxsize=32)
def _stemmer(algorithm: str):
    import Stemmer  # PyStemmer: Snowball in C

    return Stemmer.Stemmer(algorithm, 20000)


def stem(word: str, language: str | None) -> str | None:
    """The Snowball stem of a lower-cased word, marked with its language ("pt:serv"), or None.

    None when the language has no stemmer or the stem is too short. The mark
    keeps stems of different languages apart: Portuguese "Sérvia" and English
    "serves" share the stem "serv" but not a meaning.
    """
    algorithm = SNOWBALL.get(language or "")
    if algorithm is None:
        return None
    value = _stemmer(algorithm).stemWord(word)
    return f"{language}:{value}" if len(value) >= MIN_STEM else None


@lru_cache(maxsize=4)
def _morph():
    import pymorphy3  # heavy: pymorphy3, loaded on first use

    return pymorphy3.MorphAnalyzer(lang="ru")


def lemma(word: str, language: str | None) -> str | None:
    """The dictionary form of a lower-cased word in ``language``; None when unknown or unchanged."""
    if language == "ru" or (language is None and _CYRILLIC.search(word)):
        if not _CYRILLIC.search(word):
            return None
        parses = _morph().parse(word)
        value = parses[0].normal_form.replace("ё", "е") if parses else word
        return value if value != word else None
    code = SIMPLEMMA.get(language or "")
    if code is None:
        return None
    import simplemma  # dictionary lemmatiser; each language's dictionary loads on first use

    value = simplemma.lemmatize(word, lang=code).lower()
    return value if value != word else None


_FOLDS = [
    (re.compile(r"shch|sch|shh"), "s"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"dzh|zh|dj|dz"), "z"),
    (re.compile(r"ts|tz|tc"), "c"),
    (re.compile(r"ch|tsh|tch"), "c"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"^ye|^je"), "e"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ie|ia|iu|io|ii"), "i"),
    (re.compile(r"'|`|ʹ|ʺ"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=50000)
def skeleton(word: str) -> str:
    """A romanised form of a lower-cased word that different transliteration schemes agree on."""
    from anyascii import anyascii  # romanisation of every script

    value = anyascii(unicodedata.normalize("NFC", word)).lower()
    for pattern, replacement in _FOLDS:
        value = pattern.sub(replacement, value)
    return value


_ARABIC_CLITICS = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال|لل)?")


def _arabic_base(word: str) -> str | None:
    """An Arabic word without its proclitics (و ف, ب ل ك, the article ال): "واليونيفيل" -> "يونيفيل".

    Snowball's Arabic stemmer leaves some of these combinations in place, and
    names are written with them ("ولبنان", "بالجولان").
    """
    base = _ARABIC_CLITICS.sub("", word, count=1)
    return base if base != word and len(base) >= 3 else None


@lru_cache(maxsize=200000)
def forms(word: str, language: str | None) -> frozenset[str]:
    """The lower-cased word with its lemma and stem in ``language`` (those that exist)."""
    found = {word}
    value = lemma(word, language)
    if value:
        found.add(value)
    base = _arabic_base(word) if language == "ar" else None
    if base:
        found.add(base)
    for candidate in (word, value, base):
        if candidate:
            stemmed = stem(candidate, language)
            if stemmed:
                found.add(stemmed)
    return frozenset(found)


@lru_cache(maxsize=50000)
def phrase_forms(word: str, language: str | None) -> frozenset[str]:
    """The forms of a word of a curated phrase, which is written in dictionary form: itself and its stem.

    No dictionary is loaded for phrases (that would load every language's
    lemmatiser when the indexes are built), except Russian's, as before.
    """
    found = {word}
    if language in ("ru", None) and _CYRILLIC.search(word):
        value = lemma(word, "ru")
        if value:
            found.add(value)
    base = _arabic_base(word) if language == "ar" else None
    if base:
        found.add(base)
    for candidate in (word, base):
        stemmed = stem(candidate, language) if candidate else None
        if stemmed:
            found.add(stemmed)
    return frozenset(found)
