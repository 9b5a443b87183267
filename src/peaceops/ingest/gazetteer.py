"""Places and actors (data/gazetteer.yaml) and which of them belong to each operation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from peaceops import curated, datafiles
from peaceops.errors import DataValidationError
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
    places, actors, cues = PhraseIndex(), PhraseIndex(), PhraseIndex()
    for key, variants in data.places.items():
        places.add_all([key, *variants.all()], key)
    for key, variants in data.actors.items():
        actors.add_all([key, *variants.all()], key)
    cues.add_all([*data.deployment_cues.en, *data.deployment_cues.ru], "deployment")
    op_places, op_actors, op_leads, op_contributor_places = {}, {}, {}, {}
    for op in registry:
        place_texts = [
            op.host.state,
            op.host.territory,
            *(a.name for a in op.area),
            *(n for a in op.area for n in a.admin),
        ]
        op_places[op.id] = _keys_in(places, place_texts)
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
        instruments.add_all(variants.all(), key)
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
    )


__all__ = ["Gazetteer", "load_gazetteer", "tokenize"]
