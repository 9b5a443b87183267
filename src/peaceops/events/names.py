"""Folding of place names so registry admin areas match dataset admin names."""

from __future__ import annotations

import re

from peaceops.textnorm import normalise

_GENERIC_SUFFIX = re.compile(
    r"(\s+(province|region|oblast|oblys|district|governorate|state|prefecture|county|municipality|"
    r"department|departement|raion|rayon|city))+$"
)


def admin_key(name: str | None) -> str | None:
    """Case-, accent- and generic-word-insensitive key (:func:`peaceops.textnorm.normalise`): 'Kosovo province' and
    'kosovo' give 'kosovo'.

    Only a trailing generic word is dropped, so 'District of Columbia' stays whole.
    """
    if name is None:
        return None
    text = _GENERIC_SUFFIX.sub("", normalise(str(name))).strip()
    return text or None
