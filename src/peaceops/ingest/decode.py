"""Bytes to text: refuse what is not text, and find the encoding real Russian sites use.

Order: a byte-order mark; the charset declared by the HTTP header or the HTML
``<meta>``; strict UTF-8; then charset-normalizer restricted to the encodings
Russian and English pages are served in (Windows-1251, KOI8-R, ISO-8859-5,
MacCyrillic, CP866, UTF-16, Latin-1/Windows-1252). A declared UTF-8 that does
not decode is an error naming the byte offset, not silent mojibake.
"""

from __future__ import annotations

import codecs
import re

from peaceops.ingest.errors import InputRejected

CANDIDATE_ENCODINGS = ["utf_8", "cp1251", "koi8_r", "iso8859_5", "mac_cyrillic", "cp866", "utf_16", "cp1252", "latin_1"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:]+)""", re.IGNORECASE)
_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an office document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"MZ": "a Windows executable",
}


def declared_charset(raw: bytes, content_type: str | None = None) -> str | None:
    if content_type:
        match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_\-:]+)", content_type, re.IGNORECASE)
        if match:
            return match.group(1)
    match = _META_CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def refuse_binary(raw: bytes, origin: str) -> None:
    if not raw.strip():
        raise InputRejected(f"{origin}: empty input (no text to ingest)")
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            raise InputRejected(f"{origin}: this is {what}, not text or HTML; convert it to text first")
    sample = raw[:8192]
    if b"\x00" in sample and not (sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE)):
        raise InputRejected(f"{origin}: binary data (NUL bytes), not text or HTML")


def decode(raw: bytes, origin: str, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name); raise InputRejected with what went wrong and what to do."""
    refuse_binary(raw, origin)
    for bom, name in ((codecs.BOM_UTF8, "utf_8"), (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16")):
        if raw.startswith(bom):
            return raw.decode("utf_8_sig" if name == "utf_8" else name), name
    declared = _codec(declared_charset(raw, content_type))
    if declared:
        try:
            return raw.decode(declared), declared
        except UnicodeDecodeError as exc:
            raise InputRejected(
                f"{origin}: declared as {declared} but byte {exc.start} ({raw[exc.start : exc.start + 1]!r}) is not "
                f"valid {declared}; "
                "fix the file's encoding or its charset declaration"
            ) from None
    try:
        return raw.decode("utf_8"), "utf_8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    from charset_normalizer import from_bytes  # heavy: charset_normalizer, loaded on first use

    best = from_bytes(raw[:200_000], cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None or best.encoding == "utf_8" or best.chaos > 0.3:
        raise InputRejected(
            f"{origin}: not valid UTF-8 (bad byte at offset {first_bad}) and no other encoding fits; "
            "save the file as UTF-8 or declare its charset"
        )
    try:
        return raw.decode(best.encoding), best.encoding
    except UnicodeDecodeError:
        raise InputRejected(
            f"{origin}: looks like {best.encoding} but does not decode as it; save the file as UTF-8"
        ) from None
