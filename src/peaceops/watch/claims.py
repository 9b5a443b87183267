"""What a report claims about peace operations: the sentences the watch turns into alerts.

A **claim** is one sentence of an ingested report (or one GDELT event) that says
something happened to a force. Three kinds, the kinds of alert:

``change``
    The sentence speaks of a registry operation (a mention found by ingestion,
    or the only operation that covers the place it names at that date) and a
    cue of ``data/watch.yaml`` says what happened: troops sent or arrived,
    added or cut, withdrawn, mandate changed, casualties, consent withdrawn,
    commander changed.
``disagreement``
    A troop figure attributed to an operation is above the largest the
    registry records for it by more than ``strength_tolerance``.
``new-deployment``
    A sentence says troops are sent or deployed, or claims peacekeeping, at a
    place no registry operation covers at the report's date. The report must
    call the force peacekeeping somewhere (the sentence, the one before or the
    title): this is a watch of "peacekeeping" deployments, not of every troop
    movement.

The same rules apply to every operation and language; the words are data.
A sentence that dates itself more than a year before the report (a
background paragraph) claims nothing new.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from peaceops import curated, datafiles
from peaceops.errors import DataValidationError
from peaceops.ingest.mentions import names_the_troops
from peaceops.ingest.textmatch import PhraseIndex, tokenize

if TYPE_CHECKING:
    from peaceops.datafiles import WatchFile

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20[0-4]\d)(?!\d)")


@dataclass
class Claim:
    """One sentence (or GDELT event) that says something happened to a force."""

    kind: str  # vocab.AlertKind
    topic: str  # vocab.ChangeTopic
    operation_id: str | None
    place: str | None  # gazetteer place key
    sentence: str
    language: str | None
    reported: str  # YYYY-MM-DD
    detail: dict = field(default_factory=dict)  # cues, peacekeeping words, figure, actors, why

    @property
    def subject(self) -> tuple:
        """What alerts group on: the same kind and topic about the same operation or place."""
        return (self.kind, self.topic, self.operation_id, self.place)


def load_config(data_dir) -> WatchFile:
    """``watch.yaml`` of ``data_dir`` (else the shipped one), validated; DataValidationError lists its problems."""
    path = datafiles.resolve(data_dir, datafiles.WATCH)
    config, problems = curated.load(path, datafiles.WatchFile, root=datafiles.data_root(path, datafiles.WATCH))
    if problems:
        raise DataValidationError(problems)
    return config


class ClaimFinder:
    """Built once per catalog: the cue indexes of ``watch.yaml`` and the registry's coverage of places."""

    def __init__(self, catalog, config: WatchFile | None = None):
        self.catalog = catalog
        self.config = config or load_config(catalog.registry.data_dir)
        self.gazetteer = catalog.analyser().gazetteer
        self.topics: PhraseIndex = PhraseIndex()
        for topic, cues in self.config.change_cues.items():
            for language, phrase in cues.pairs():
                self.topics.add(phrase, topic, language)
        self.peacekeeping: PhraseIndex = PhraseIndex()
        for language, phrase in self.config.peacekeeping_cues.pairs():
            self.peacekeeping.add(phrase, "peacekeeping", language)

    @cached_property
    def _operations(self) -> dict:
        return {op.id: op for op in self.catalog.registry}

    def covering(self, place: str, day: dt.date) -> list[str]:
        """Registry operations deployed at ``place`` around ``day`` (``coverage_days`` before the start, after the
        end)."""
        margin = dt.timedelta(days=self.config.coverage_days)
        out = []
        for op_id, places in self.gazetteer.op_places.items():
            op = self._operations.get(op_id)
            if op is None or place not in places or not op.is_deployed or op.start is None:
                continue
            if op.start.date.earliest() - margin > day:
                continue
            if op.end is not None and op.end.date.latest() + margin < day:
                continue
            if op.end is None and op.status.value != "active":
                continue
            out.append(op_id)
        return sorted(out)

    def largest_recorded(self, op_id: str) -> int | None:
        op = self._operations.get(op_id)
        return op.peak_strength if op is not None else None

    def find(self, doc, reported: dt.date) -> list[Claim]:
        """The claims of an analysed document (:class:`peaceops.ingest.pipeline.Analysed`) reported on ``reported``."""
        sentences = doc.sentences
        if not sentences:
            return []
        day = reported.isoformat()
        per_sentence = []
        place_counts: Counter = Counter()
        for s in sentences:
            tokens = tokenize(s.text, s.language)
            places = self.gazetteer.places.find(s.text, tokens)
            place_counts.update(key for key, _ in {(m.key, m.start) for m in places})  # many variants, one span
            per_sentence.append((s, tokens, places))
        if doc.title:  # the place of the headline is what the report is about
            place_counts.update({m.key: 2 for m in self.gazetteer.places.find(doc.title)})
        title_pk = bool(doc.title and self.peacekeeping.find(doc.title))
        mentions = sorted(doc.mentions, key=lambda m: m.start)
        figures = [f for f in doc.figures if f.get("kind") == "troops"]
        claims: list[Claim] = []
        previous_pk = False
        for s, tokens, places in per_sentence:
            topics: dict[str, list[str]] = {}
            for m in self.topics.find(s.text, tokens):
                topics.setdefault(m.key, []).append(m.surface)
            peacekeeping = sorted({m.surface for m in self.peacekeeping.find(s.text, tokens)})
            pk_context = bool(peacekeeping) or previous_pk or title_pk
            previous_pk = bool(peacekeeping)
            if _dates_itself_earlier(s.text, reported.year):
                continue
            here = [m for m in mentions if s.start <= m.start < s.end]
            operations = sorted({m.operation_id for m in here})
            sentence_figures = [f for f in figures if s.start <= f["start"] < s.end]
            detail = {"cues": topics, "peacekeeping": peacekeeping}
            actors = sorted({m.key for m in self.gazetteer.actors.find(s.text, tokens)})
            if actors:
                detail["actors"] = actors
            if operations:
                claims += self._changes(s, operations, topics, sentence_figures, detail, day)
                continue
            if not (topics.get("deployment") or peacekeeping) or not pk_context:
                continue
            cue_matches = self.gazetteer.cues.find(s.text, tokens)
            hosts = [p for p in places if not names_the_troops(p, cue_matches, tokens)]
            if not hosts:
                continue
            # the place the report is about: the sentence's only place, or the one the report names most; a
            # sentence that lists other places ("units of Russia, Belarus, Armenia") names contributors, not a host
            keys = {p.key for p in hosts}
            top = max(place_counts, key=lambda k: (place_counts[k], k))
            if len(keys) > 1 and top not in keys:
                continue
            place = next(iter(keys)) if len(keys) == 1 else top
            covering = self.covering(place, reported)
            if covering:
                if len(covering) == 1 and topics:
                    detail["why"] = f"{place} is covered by {covering[0]} on {day}"
                    claims += self._changes(s, covering, topics, sentence_figures, detail, day)
                continue
            counts = [f for f in self.gazetteer.figures.find(s.text, s.language) if f.kind == "troops"]
            if counts:
                detail["figure"] = _figure(counts[0].as_dict())
            detail["why"] = f"no registry operation covers {place} on {day}"
            claims.append(Claim("new-deployment", "deployment", None, place, s.text, s.language, day, detail))
        return claims

    def _changes(self, s, operations, topics, sentence_figures, detail, day) -> list[Claim]:
        out = []
        for op_id in operations:
            for topic in sorted(topics):
                out.append(Claim("change", topic, op_id, None, s.text, s.language, day, dict(detail)))
            largest = self.largest_recorded(op_id)
            for fig in sentence_figures:
                if fig.get("operation_id") not in (op_id, None):
                    continue
                value = int(fig["value"])
                extra = {"figure": _figure(fig)}
                if largest and value > largest * (1 + self.config.strength_tolerance):
                    kind = "disagreement"
                    extra["why"] = f"{value:,} reported; the registry's largest figure for {op_id} is {largest:,}"
                elif "strength" not in topics:
                    kind = "change"  # a figure is news of the force's strength even without a strength cue
                else:
                    continue
                out.append(Claim(kind, "strength", op_id, None, s.text, s.language, day, {**detail, **extra}))
        return out


def _figure(fig: dict) -> dict:
    return {"troops": int(fig["value"]), "text": fig.get("text"), "qualifier": fig.get("qualifier")}


def _dates_itself_earlier(text: str, year: int) -> bool:
    """Whether every year the sentence gives is more than a year before ``year`` (a background sentence)."""
    years = [int(y) for y in _YEAR.findall(text)]
    return bool(years) and max(years) < year - 1
