"""What a sentence's structure says about whether it is evidence about the force: the usability features.

A sentence is evidence about an operation when the operation's own force or
mandate is what it speaks of. Without a parser for twenty languages, the
sentence's structure is read from the gazetteer and the registry's names: does
it name the operation or refer to a force (a deployment cue, a personnel noun),
and does another actor (a party, a state, a body that is not the force) come
before any such reference, as the subject of the sentence usually does?
"""

from __future__ import annotations

from peaceops.ingest.textmatch import tokenize


class Structure:
    """Callable: (sentence, language) -> the values of :data:`peaceops.suggest.model.STRUCTURE_NAMES`."""

    def __init__(self, gazetteer, names):
        self.gaz = gazetteer
        self.names = names  # PhraseIndex of operation names

    def __call__(self, text: str, language: str | None) -> list[float]:
        tokens = tokenize(text, language)
        words = sum(1 for t in tokens if not t.text.isdigit())
        figures = self.gaz.figures.find(text, language) if self.gaz.figures else []
        named = self.names.find(text, tokens)
        force = [m.start for m in self.gaz.cues.find(text, tokens)] + [m.start for m in named]
        force += [f.start for f in figures if f.kind == "troops"]
        others = [m.start for m in self.gaz.actors.find(text, tokens)] + [
            m.start for m in self.gaz.places.find(text, tokens)
        ]
        first_force = min(force) if force else None
        other_first = bool(others) and (first_force is None or min(others) < first_force)
        return [
            min(words, 60) / 60,
            float(any(f.kind == "troops" for f in figures)),
            float(first_force is not None),
            float(other_first),
            float(bool(named)),
            float(any(f.kind == "date" for f in figures)),
        ]
