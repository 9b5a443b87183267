"""The one text normaliser: names and words folded for matching, in every script.

Lookup by name, the gazetteer, the name checks of the registry, the event
readers' admin areas and the world map all compare text through
:func:`normalise` (or :func:`fold`, for one word), so they agree with each
other: "Côte d'Ivoire", "Cote d’Ivoire" and "COTE D'IVOIRE" are the same
name.

Folding is for *matching*, never for display, and it keeps every script's
letters:

- case is folded (``str.casefold``: "Straße" ~ "strasse");
- accents and other diacritics on Latin and Greek letters are folded, not
  deleted ("ô" -> "o", "ø" -> "o", "ł" -> "l"); Arabic short vowels (harakat)
  and Hebrew points are folded the same way;
- Cyrillic letters keep what makes them letters: "й", "ї", "ў" stay, and
  Ukrainian "і", "ї", "є", "ґ" are kept as they are; only "ё" becomes "е", as
  Russian writing usually does;
- Georgian, Armenian, Arabic, CJK and every other script pass through
  unchanged (Indic vowel signs, which are combining marks, are part of the word).

``unicodedata`` does the decomposition; libraries such as ``unidecode`` or
``anyascii`` were not used because they transliterate every script into ASCII,
which is exactly the loss this module exists to avoid.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold", "normalise", "words"]

# Latin letters that carry a stroke or are ligatures: Unicode gives them no decomposition.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ƀ": "b",
        "ɨ": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŀ": "l",
        "’": "'",
        "ʼ": "'",
        "‘": "'",
        "`": "'",
    }
)


def _foldable_mark(ch: str) -> bool:
    """A combining mark that is an accent to fold: Latin/Greek diacritics, Arabic harakat, Hebrew points."""
    code = ord(ch)
    return (
        0x0300 <= code <= 0x036F  # combining diacritical marks
        or 0x1AB0 <= code <= 0x1AFF  # … extended
        or 0x1DC0 <= code <= 0x1DFF  # … supplement
        or 0x20D0 <= code <= 0x20FF  # … for symbols
        or 0xFE20 <= code <= 0xFE2F  # combining half marks
        or 0x064B <= code <= 0x0652
        or code == 0x0670  # Arabic harakat and superscript alef (hamza is kept)
        or 0x0591 <= code <= 0x05C7  # Hebrew cantillation and points
    )


def _is_cyrillic(ch: str) -> bool:
    return 0x0400 <= ord(ch) <= 0x052F or 0x1C80 <= ord(ch) <= 0x1C8F or 0xA640 <= ord(ch) <= 0xA69F


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` case- and accent-folded for matching; every letter of every script is kept.

    Word boundaries and punctuation are left as they are (see :func:`normalise` for a key of words).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    out: list[str] = []
    base = ""
    for ch in decomposed:
        if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn":
            if _foldable_mark(ch) and not _is_cyrillic(base):
                continue
            out.append(ch)
            continue
        base = ch
        out.append(ch)
    folded = unicodedata.normalize("NFC", "".join(out)).replace("ё", "е")
    return folded.translate(_LETTERS)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def words(text: str) -> list[str]:
    """The folded words of ``text``: runs of letters, digits and their marks; anything else separates."""
    folded = fold(text)
    return "".join(ch if _is_word_char(ch) else " " for ch in folded).split()


def normalise(text: str) -> str:
    """A matching key for a name: its folded words joined by single spaces.

    >>> normalise("Côte d’Ivoire")
    'cote d ivoire'
    >>> normalise("Україна, Ґалаґан")
    'україна ґалаґан'
    """
    return " ".join(words(text))
