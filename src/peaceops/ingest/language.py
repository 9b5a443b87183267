"""Language of documents and sentences, restricted to the configured languages.

lingua is built only for the languages peaceops handles (loading all 75 costs
about 1.3 GB and misreads short strings). Configure with PEACEOPS_LANGUAGES
(ISO 639-1 codes, comma-separated); default: every language of
:data:`peaceops.vocab.Language`. Croatian and Bosnian are detected as such by
lingua and reported as ``sr``, the one code peaceops uses for
Serbian/Croatian/Bosnian in either script.
"""

from __future__ import annotations

from functools import lru_cache

from peaceops.ingest.morphology import script
from peaceops.settings import LANGUAGES

DEFAULT_LANGUAGES = tuple(LANGUAGES.default.split(","))
_ALSO_DETECTED = {"sr": ("hr", "bs")}  # lingua tells these apart; peaceops treats them as one language
_REPORTED_AS = {alias: code for code, aliases in _ALSO_DETECTED.items() for alias in aliases}
_SINGLE_SCRIPT = {"georgian": "ka", "armenian": "hy", "arabic": "ar"}  # scripts only one supported language writes


def configured_languages() -> tuple[str, ...]:
    value = LANGUAGES.value()
    return tuple(code.strip() for code in value.split(",") if code.strip()) if value else DEFAULT_LANGUAGES


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder  # heavy: lingua, loaded on first use

    wanted = [code for base in codes for code in (base, *_ALSO_DETECTED.get(base, ()))]
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in wanted]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the most likely configured language, or None for text with no letters."""
    if not any(ch.isalpha() for ch in text):
        return None
    codes = configured_languages()
    if len(codes) == 1:
        return codes[0]
    language = _detector(codes).detect_language_of(text)
    if language is None:
        return None
    code = language.iso_code_639_1.name.lower()
    return _REPORTED_AS.get(code, code)


def detect_paragraph(text: str) -> str | None:
    """Language of a paragraph: by script when only one configured language can write it, else lingua.

    Georgian, Armenian and Arabic script each belong to one supported language;
    Latin text when English is the only Latin-script language configured is
    English; Cyrillic with Ukrainian-only letters (і ї є ґ) and none of
    Russian's (ы э ъ ё) is Ukrainian. Everything else goes to lingua.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    codes = configured_languages()
    scripts = {script(ch) for ch in letters[:200]}
    if len(scripts) == 1:
        only = next(iter(scripts))
        if only in _SINGLE_SCRIPT and _SINGLE_SCRIPT[only] in codes:
            return _SINGLE_SCRIPT[only]
        if only == "latin":
            latin_languages = [c for c in codes if c not in CYRILLIC_LANGUAGES and c not in _SINGLE_SCRIPT.values()]
            if len(latin_languages) == 1:
                return latin_languages[0]
        if (
            only == "cyrillic"
            and "uk" in codes
            and any(ch in "іїєґІЇЄҐ" for ch in letters)
            and not any(ch in "ыэъёўЫЭЪЁЎ" for ch in letters)
            and not any(ch in "қңғүұһәөҚҢҒҮҰҺӘӨ" for ch in letters)
        ):
            return "uk"
    return detect(text)


CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "kk"})
"""Languages written only in Cyrillic (Serbian is written in both scripts, Kazakh is moving to Latin)."""
