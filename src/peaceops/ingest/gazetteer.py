"""Places and actors (data/gazetteer.yaml) and which of them belong to each operation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from peaceops import curated, datafiles
from peaceops.errors import DataValidationError
from peaceops.ingest.figures import FigureFinder
from peaceops.ingest.language import configured_languages
from peaceops.ingest.textmatch import PhraseIndex, tokenize
from peaceops.registry.names import normalise

if TYPE_CHECKING:
    from pathlib import Path


@dataclass
class Gazetteer:
    places: PhraseIndex  # phrase -> place key
    actors: PhraseIndex  # phrase -> actor key
    cues: PhraseIndex  # phrase -> "deployment"
    op_places: dict[str, set[str]]
    op_actors: dict[str, set[str]]
    op_leads: dict[str, set[str]]
    vocabulary: frozenset = frozenset()  # every word of every place and actor variant, lower-cased
    op_contributor_places: dict[str, set[str]] | None = None  # places that are contributing states of the operation
    instruments: PhraseIndex | None = None  # common name -> formal-name key
    op_instruments: dict[str, set[str]] | None = None
    figures: FigureFinder | None = None  # troop counts and dates, from troop_nouns, approx_words, thousand_words


def _keys_in(index: PhraseIndex, texts) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        if text:
            keys.update(m.key for m in index.find(text))
    return keys


def load_gazetteer(data_dir: Path, registry) -> Gazetteer:
    """The gazetteer of ``data_dir`` (schema :class:`peaceops.datafiles.Gazetteer`) with each operation's keys.

    Raises :class:`DataValidationError` listing every problem of the file.
    """
    data, problems = curated.load(data_dir / datafiles.GAZETTEER, datafiles.Gazetteer, root=data_dir)
    if problems:
        raise DataValidationError(problems)
    places, actors, cues = PhraseIndex(proper_names=True), PhraseIndex(proper_names=True), PhraseIndex()
    for section, index in ((data.places, places), (data.actors, actors)):
        for key, variants in section.items():
            index.add(key, key, "en")
            for language, phrase in variants.pairs():
                index.add(phrase, key, language)
    for language, phrase in data.deployment_cues.pairs():
        cues.add(phrase, "deployment", language)
    op_places, op_actors, op_leads, op_contributor_places = {}, {}, {}, {}
    for op in registry:
        # an operation hosted by several states (UNTSO: Israel, Egypt, Syria, Lebanon, Jordan) is not found by
        # one country's name, which every text on that region uses, but by the places of its area
        several_hosts = bool(getattr(op.host, "other_states", None))
        place_texts = [
            op.host.state,
            op.host.territory,
            *(a.name for a in op.area),
            *(n for a in op.area for n in a.admin),
        ]
        op_places[op.id] = _keys_in(places, place_texts)
        if several_hosts:
            countries = _keys_in(places, [op.host.state, *(other.state for other in op.host.other_states)])
            op_places[op.id] -= countries
        op_leads[op.id] = _keys_in(actors, [op.lead.value])
        actor_texts = [op.lead.value, *(c.party for c in op.contributors), *(lb.body or "" for lb in op.legal_basis)]
        op_actors[op.id] = _keys_in(actors, actor_texts)
        op_contributor_places[op.id] = _keys_in(places, [c.party for c in op.contributors]) - op_places[op.id]
    vocabulary = set()
    for section in (data.places, data.actors):
        for key, variants in section.items():
            for phrase in [key, *variants.all()]:
                vocabulary.update(t.lower for t in tokenize(phrase))

    instruments: PhraseIndex = PhraseIndex()
    op_instruments: dict[str, set[str]] = {}
    formal = data.instruments
    for key, variants in formal.items():
        for language, phrase in variants.pairs():
            instruments.add(phrase, key, language)
    for op in registry:
        texts = [normalise(lb.instrument) for lb in op.legal_basis]
        op_instruments[op.id] = {key for key in formal if any(normalise(key) in text for text in texts)}
    return Gazetteer(
        places,
        actors,
        cues,
        op_places,
        op_actors,
        op_leads,
        frozenset(vocabulary),
        op_contributor_places,
        instruments,
        op_instruments,
        FigureFinder(data.troop_nouns, data.approx_words, data.thousand_words, configured_languages()),
    )


__all__ = ["Gazetteer", "load_gazetteer", "tokenize"]
