"""Numbered references: every source cited gets one number, in order of first citation.

Faces cite in the order they are read, so the numbers run 1, 2, 3 down the
page or the terminal (GitHub renumbers Markdown footnotes the same way, so the
numbers agree in every format).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """One numbered entry of the bibliography."""

    number: int
    key: str
    text: str  # the full citation, plain text
    url: str | None
    grade: str | None  # source reliability A-F, when known
    kind: str  # "source" (data/sources), "dataset" or "method"


class Bibliography:
    """Assigns numbers to sources as they are cited and formats the entries."""

    def __init__(self, sources: dict):
        self._sources = sources
        self._numbers: dict[str, int] = {}
        self._entries: list[Reference] = []

    def cite(self, source_ids) -> list[int]:
        """Numbers of the given source ids (registry sources), assigned on first use; order kept, duplicates dropped."""
        out = []
        for source_id in source_ids:
            number = self._numbers.get(source_id)
            if number is None:
                number = self._add(source_id, *self._format_source(source_id))
            if number not in out:
                out.append(number)
        return out

    def cite_text(self, key: str, text: str, *, url: str | None = None, kind: str = "dataset") -> int:
        """The number of a reference that is not a registry source (a dataset, a method document)."""
        number = self._numbers.get(key)
        if number is None:
            number = self._add(key, text, url, None, kind)
        return number

    @property
    def entries(self) -> list[Reference]:
        return list(self._entries)

    def _add(self, key: str, text: str, url: str | None, grade: str | None, kind: str = "source") -> int:
        number = len(self._entries) + 1
        self._numbers[key] = number
        self._entries.append(Reference(number, key, text, url, grade, kind))
        return number

    def _format_source(self, source_id: str) -> tuple[str, str | None, str | None, str]:
        source = self._sources.get(source_id)
        if source is None:
            return f"{source_id} (not in the registry's sources)", None, None, "source"
        parts = []
        if source.author:
            parts.append(source.author)
        parts.append(f"\u201c{source.title}\u201d")
        parts.append(source.publisher)
        if source.date:
            parts.append(str(source.date))
        text = ", ".join(parts) + "."
        if source.citation and source.citation not in text:
            text += f" {source.citation}."
        text += f" [{source.language}; {source.type}; source id {source.id}]"
        return text, source.url, source.reliability, "source"
