"""Folding of place names so registry admin areas match dataset admin names."""

from __future__ import annotations

import re
import unicodedata

_GENERIC = re.compile(
    r"\b(province|region|oblast|oblys|district|governorate|state|prefecture|county|municipality|"
    r"department|departement|raion|rayon|city|autonomous republic|republic of)\b"
)


def admin_key(name: str | None) -> str | None:
    """Case-, accent- and generic-word-insensitive key: 'Kosovo province' and 'kosovo' give 'kosovo'."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _GENERIC.sub(" ", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    return text or None
