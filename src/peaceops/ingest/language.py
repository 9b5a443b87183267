"""Language of documents and sentences, restricted to the configured languages.

lingua is built only for the languages peaceops handles (loading all 75 costs
about 1.3 GB and misreads short strings). Configure with PEACEOPS_LANGUAGES
(ISO 639-1 codes, comma-separated); default: en, ru, uk.
"""

from __future__ import annotations

import os
from functools import lru_cache

DEFAULT_LANGUAGES = ("en", "ru", "uk")


def configured_languages() -> tuple[str, ...]:
    value = os.environ.get("PEACEOPS_LANGUAGES")
    return tuple(code.strip() for code in value.split(",") if code.strip()) if value else DEFAULT_LANGUAGES


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the most likely configured language, or None for text with no letters."""
    if not any(ch.isalpha() for ch in text):
        return None
    language = _detector(configured_languages()).detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None
