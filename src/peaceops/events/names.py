"""Folding of place names so registry admin areas match dataset admin names."""

from __future__ import annotations

import re
import unicodedata

_GENERIC_SUFFIX = re.compile(
    r"(\s+(province|region|oblast|oblys|district|governorate|state|prefecture|county|municipality|"
    r"department|departement|raion|rayon|city))+$"
)


def admin_key(name: str | None) -> str | None:
    """Case-, accent- and generic-word-insensitive key: 'Kosovo province' and 'kosovo' give 'kosovo'.

    Only a trailing generic word is dropped, so 'District of Columbia' stays whole.
    """
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = _GENERIC_SUFFIX.sub("", text).strip()
    return text or None
