"""Language of documents and sentences, restricted to the configured languages.

lingua is built only for the languages peaceops handles (loading all 75 costs
about 1.3 GB and misreads short strings). Configure with PEACEOPS_LANGUAGES
(ISO 639-1 codes, comma-separated); default: en, ru, uk.
"""

from __future__ import annotations

from functools import lru_cache

from peaceops.settings import LANGUAGES

DEFAULT_LANGUAGES = tuple(LANGUAGES.default.split(","))


def configured_languages() -> tuple[str, ...]:
    value = LANGUAGES.value()
    return tuple(code.strip() for code in value.split(",") if code.strip()) if value else DEFAULT_LANGUAGES


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder  # heavy: lingua, loaded on first use

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the most likely configured language, or None for text with no letters."""
    if not any(ch.isalpha() for ch in text):
        return None
    language = _detector(configured_languages()).detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None


def detect_paragraph(text: str) -> str | None:
    """Language of a paragraph: by script when only one configured language can write it, else lingua.

    With the default languages, a paragraph in Latin script only can only be
    English, and a Cyrillic one with Ukrainian-only letters (і ї є ґ) Ukrainian;
    other Cyrillic text goes to lingua to tell Russian from Ukrainian.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    codes = configured_languages()
    latin_languages = [c for c in codes if c not in CYRILLIC_LANGUAGES]
    if cyrillic == 0 and len(latin_languages) == 1:
        return latin_languages[0]
    if (
        cyrillic == len(letters)
        and "uk" in codes
        and any(ch in "іїєґІЇЄҐ" for ch in letters)
        and not any(ch in "ыэъёЫЭЪЁ" for ch in letters)
    ):
        return "uk"
    return detect(text)


CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk"})
