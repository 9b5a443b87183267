"""Find an operation by id, name, acronym or alias, in English or Russian.

Order of attempts, each stopping at the first that decides:

1. the exact id;
2. an exact name, acronym or alias after normalisation (case, ё, punctuation);
3. every content word of the query found among an operation's keywords
   (lemmatised names and aliases in both languages, lead, host, and the years
   it was deployed): "ОДКБ Казахстан 2022" → ``kazakhstan-csto-cpf-2022``.

Several matches raise :class:`AmbiguousNameError` with the candidates; none
raises :class:`NotFoundError` with the closest names (rapidfuzz).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peaceops.errors import AmbiguousNameError, NotFoundError
from peaceops.registry.loader import all_labels
from peaceops.registry.names import keywords, normalise

if TYPE_CHECKING:
    from peaceops.registry.models import Operation

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass
class NameIndex:
    """Lookup tables built once per registry."""

    operations: dict[str, Operation]
    words: dict[str, set[str]] = field(default_factory=dict)
    _exact: dict[str, set[str]] | None = None

    @property
    def exact(self) -> dict[str, set[str]]:
        """Normalised name, acronym or alias -> operation ids; built on the first lookup that is not an id (an id,
        the common case from the command line, needs no table)."""
        if self._exact is None:
            self._exact = {}
            for op in self.operations.values():
                for label in all_labels(op):
                    self._exact.setdefault(normalise(label), set()).add(op.id)
        return self._exact

    def _words_of(self, op: Operation) -> set[str]:
        if op.id not in self.words:
            texts = [*all_labels(op), op.lead.value, op.host.state, op.host.territory or ""]
            found: set[str] = set()
            for text in texts:
                found.update(keywords(text.replace("-", " ")))
            self.words[op.id] = found
        return self.words[op.id]

    def find(self, query: str) -> Operation:
        query = query.strip()
        if query in self.operations:
            return self.operations[query]
        exact = self.exact.get(normalise(query), set())
        if len(exact) == 1:
            return self.operations[next(iter(exact))]
        if len(exact) > 1:
            raise AmbiguousNameError(query, sorted(exact))
        matches = self._by_words(query)
        if len(matches) == 1:
            return self.operations[matches[0]]
        if matches:
            raise AmbiguousNameError(query, matches)
        raise NotFoundError(self._not_found_message(query))

    def _by_words(self, query: str) -> list[str]:
        terms = keywords(query)
        if not terms:
            return []
        hits = []
        for op in self.operations.values():
            words = self._words_of(op)
            if all(_year_matches(op, t) if _YEAR.match(t) else t in words for t in terms):
                hits.append(op.id)
        return sorted(hits)

    def _not_found_message(self, query: str) -> str:
        from rapidfuzz import process  # heavy: rapidfuzz, loaded on first use

        choices = {label: op.id for op in self.operations.values() for label in all_labels(op)}
        best = process.extract(query, list(choices), limit=3, score_cutoff=60)
        hint = ""
        if best:
            ids = list(dict.fromkeys(choices[label] for label, _, _ in best))
            hint = f"; closest: {', '.join(ids)}"
        return f"no operation matches {query!r}{hint}. `peaceops ops list` shows every id"


def _year_matches(op: Operation, token: str) -> bool:
    """A year in a query matches an operation deployed (or requested) in that year."""
    year = int(token)
    if op.start is None:  # requested, never deployed: the year of the request (or of the id)
        requested = op.request.date.year if op.request is not None and op.request.date is not None else op.start_year
        return year in (requested, op.start_year)
    last = op.end.date.year if op.end else dt.date.today().year
    return op.start.date.year <= year <= last
