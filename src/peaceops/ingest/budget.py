"""Bounds on the work one document may cost, so that no input can hold a worker indefinitely.

A hostile or broken text ("KFOR " repeated 900,000 times, fits under the 20 MB
cap) can produce vast numbers of sentences and phrase matches. Each document
gets a :class:`Budget` from :class:`AnalysisLimits`; past any bound the
analysis stops with :class:`InputRejected`, so the document is quarantined with
the reason and the batch goes on.

| limit        | environment             | default   |
|--------------|-------------------------|-----------|
| max_matches  | PEACEOPS_MAX_MATCHES    | 200,000   |
| max_sentences| PEACEOPS_MAX_SENTENCES  | 100,000   |
| max_seconds  | PEACEOPS_MAX_SECONDS    | 120       |

The time bound is checked between stages and between sentences, so a single
stage can overrun it by the cost of one sentence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from peaceops import settings
from peaceops.ingest.errors import InputRejected

LIMIT_SETTINGS = {
    "max_matches": settings.MAX_MATCHES,
    "max_sentences": settings.MAX_SENTENCES,
    "max_seconds": settings.MAX_SECONDS,
}


@dataclass(frozen=True)
class AnalysisLimits:
    max_matches: int = 200_000
    """Phrase matches (names, places, actors, cues) in one document."""
    max_sentences: int = 100_000
    """Sentences in one document."""
    max_seconds: float = 120.0
    """Seconds of analysis for one document (extraction to candidates)."""

    @classmethod
    def from_env(cls, environ=None) -> AnalysisLimits:
        """The defaults, each replaced by setting (MAX_MATCHES, MAX_SENTENCES, MAX_SECONDS in peaceops.settings) when
        set."""
        values = {}
        for name, setting in LIMIT_SETTINGS.items():
            variable = setting.env
            raw = setting.value() if environ is None else environ.get(variable)
            if raw is None or not raw.strip():
                continue
            kind = float if name == "max_seconds" else int
            try:
                value = kind(raw)
            except ValueError:
                value = None
            if value is None or value <= 0:
                default = getattr(cls, name)
                raise InputRejected(
                    f"{variable}={raw[:40]!r}: expected a positive {'number' if kind is float else 'whole number'}; "
                    f"set it so, or unset it for the default {default:g}"
                )
            values[name] = value
        return cls(**values)


class Budget:
    """The work one document has used so far; raises InputRejected past a bound."""

    def __init__(self, limits: AnalysisLimits, origin: str):
        self.limits = limits
        self.origin = origin
        self.matches = 0
        self.expires = time.monotonic() + limits.max_seconds

    def _refuse(self, what: str, setting: str) -> InputRejected:
        return InputRejected(
            f"{self.origin}: {what} per document; quarantined rather than analysed without end "
            f"(split the document, or raise {LIMIT_SETTINGS[setting].env})"
        )

    def sentences(self, count: int) -> None:
        if count > self.limits.max_sentences:
            raise self._refuse(
                f"{count:,} sentences is more than {self.limits.max_sentences:,} sentences", "max_sentences"
            )

    def matched(self, count: int) -> None:
        self.matches += count
        if self.matches > self.limits.max_matches:
            raise self._refuse(f"more than {self.limits.max_matches:,} phrase matches", "max_matches")
        self.tick()

    def tick(self) -> None:
        if time.monotonic() > self.expires:
            raise self._refuse(f"analysis took more than {self.limits.max_seconds:g} s", "max_seconds")
