"""Which operations a text speaks of, with offsets and the reason for each link.

Two methods, applied sentence by sentence:

``name``
    A registry name, alias or acronym of the operation (English or Russian,
    inflected forms through lemmas). A name shared by several operations
    ("JPKF") is linked only when a place of one of them is named in the same
    paragraph.
``context``
    A place the operation is hosted in, plus at least two of: an actor that
    leads or contributes to it, a deployment cue ("peacekeeping",
    "миротворцы", "troops") in the sentence or the one before, and a year in
    which it was deployed (or requested). When several operations of the place
    survive those filters, those whose legal instruments the sentence names
    ("Dayton") are kept; then those whose short name the sentence uses
    ("EUFOR"); a force never deployed only when the sentence speaks of a
    proposal or a request; without a year, the
    operation the document already speaks of wins (a text about UNIFIL that
    mentions "Lebanon" and the United States stays about UNIFIL); then the one
    whose lead is named; then the one most of the named actors took part in;
    then, if a year or a narrow period is given, the shortest deployment active
    in that year ("Lebanon in 1983" names the 1982–1984 Multinational Force
    rather than UNIFIL, active since 1978); without a year, a force that stood
    at least three times as long as the others (the JPKF's sixteen years in
    South Ossetia against August 2008); otherwise nothing is linked rather than
    a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from peaceops.ingest.budget import AnalysisLimits, Budget
from peaceops.ingest.textmatch import PhraseIndex, tokenize

if TYPE_CHECKING:
    from peaceops.ingest.sentences import Sentence

_PROPOSAL = re.compile(
    r"propos|draft|request|offer|\bask|plan|\bsend|declin|refus|предлож|проект|просьб|прос[иь]|запрос|планир|"
    r"направ|отказ|отклон|\bnot\b|n't\b|\bне\b",
    re.IGNORECASE,
)  # a force proposed, requested, planned, declined or not sent: the sentence may speak of one never deployed
_YEAR = re.compile(r"\b(1[89]\d\d|20[0-4]\d)\b")
_YEAR_RANGE = re.compile(r"(?<!\d)(1[89]\d\d|20[0-4]\d)\s*[-–—]?\s*(1[89]\d\d|20[0-4]\d)(?!\d)")
# "1975–1990", and "19751990" where a copy lost the dash
_DECADE = re.compile(r"\b(?:(early|mid|late)[- ])?(1[89]\d|20[0-4])0s\b", re.IGNORECASE)
_DECADE_RU = re.compile(r"\b(1[89]\d|20[0-4])0-[хе]\b")


LATER_YEARS_ALLOWED = 2
"""How many years after the last year a document mentions an operation it speaks of may have begun (a text on
the 1992 war in Tajikistan goes on to the CIS force of 1993)."""


def longest_first(spans) -> list[tuple[int, int]]:
    """Where (start, end) spans overlap, keep the longest (the earliest among equals); the kept spans, longest first.

    A sorted sweep: after sorting (n log n), each span is checked against a
    map of the characters already taken, so the cost is the total length of
    the spans rather than the square of their number (the greedy choice is the
    same as checking each span against every span kept before it).
    """
    ordered = sorted(spans, key=lambda span: (-(span[1] - span[0]), span[0]))
    if not ordered:
        return []
    taken = bytearray(max(end for _, end in ordered))
    kept = []
    for start, end in ordered:
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end))
    return kept


@dataclass(frozen=True)
class Mention:
    operation_id: str
    start: int
    end: int
    surface: str
    method: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def names_by_language(op) -> list[tuple[str | None, str]]:
    """(language, name) for every name, alias and the acronym of ``op`` (the acronym has no language)."""
    found: list[tuple[str | None, str]] = [(code, getattr(op.name, code)) for code in type(op.name).model_fields]
    found = [(code, name) for code, name in found if name]
    found += op.aliases.pairs()
    if op.acronym:
        found.append((None, op.acronym))
    return found


class MentionFinder:
    def __init__(self, registry, gazetteer):
        self.registry = registry
        self.gaz = gazetteer
        self._acronym_words: dict[str, set[str]] = {}
        self.names: PhraseIndex = PhraseIndex()
        for op in registry:
            for language, label in names_by_language(op):
                self.names.add(label, op.id, language)

    # -------------------------------------------------------------- years
    @staticmethod
    def years_in(text: str) -> set[int]:
        years = {int(y) for y in _YEAR.findall(text)}
        for first, last in _YEAR_RANGE.findall(text):
            if 0 < int(last) - int(first) <= 60:
                years.update(range(int(first), int(last) + 1))
        for part, decade in _DECADE.findall(text):
            base = int(decade) * 10
            span = {
                "early": range(base, base + 4),
                "mid": range(base + 3, base + 8),
                "late": range(base + 6, base + 10),
            }
            years.update(span.get(part.lower(), range(base, base + 10)))
        for decade in _DECADE_RU.findall(text):
            years.update(range(int(decade) * 10, int(decade) * 10 + 10))
        return years

    def _years_of(self, op) -> range:
        if op.start is None:
            year = op.request.date.year if op.request and op.request.date else op.start_year
            return range(year, year + 1)
        last = op.end.date.year if op.end else dt.date.today().year
        return range(op.start.date.year, last + 1)

    _GENERIC = frozenset(
        """agreement agreements resolution resolutions security council general framework peace treaty
        united nations statement decision decree protocol joint declaration collective memorandum ceasefire cease fire
        organization organisation principles settlement conflict operation force forces mission republic federation
        president presidents government governments heads state states charter article exchange letters letter
        january february march april may june july august september october november december""".split()
    )

    def acronym_words(self, op) -> set[str]:
        """Short names of ``op`` as words: all-capital tokens of its acronym and aliases ("EUFOR", "МССС")."""
        cached = self._acronym_words.get(op.id)
        if cached is None:
            labels = [op.acronym or "", *op.aliases.all(), *op.name.labels()]
            cached = {
                word.lower()
                for label in labels
                for word in re.findall(r"\w+", label)
                if len(word) >= 3 and word.isupper() and not word.isdigit()
            }
            self._acronym_words[op.id] = cached
        return cached

    def instrument_words(self, op) -> set[str]:
        """Distinctive capitalised words of the instruments that authorised it ("Dayton", "Kumanovo").

        Settlements of the conflict are left out: several operations in one
        country share them (Dayton settled the war UNPROFOR was deployed in).
        """
        cache = self.__dict__.setdefault("_instrument_words", {})
        if op.id not in cache:
            found = set()
            for text in (lb.instrument for lb in op.legal_basis):
                for token in tokenize(text):
                    if (
                        token.text[:1].isupper()
                        and len(token.text) >= 4
                        and token.lower not in self._GENERIC
                        and token.lower not in self.gaz.vocabulary
                    ):
                        found.add(token.lower)
            cache[op.id] = found
        return cache[op.id]

    # ------------------------------------------------------------- finding
    def find(
        self,
        text: str,
        sentences: list[Sentence],
        published: dt.date | None = None,
        budget: Budget | None = None,
        document_years: set[int] = frozenset(),
    ) -> list[Mention]:
        """Mentions in ``text``. With ``published``, context never links an operation that began after it.

        ``document_years`` are the years the document speaks of (those it
        mentions and the year of its date): a sentence that gives no year of its
        own is not about an operation that began more than
        :data:`LATER_YEARS_ALLOWED` years after the last of them, so a text
        about 1996 that says "Kazakh units" is not linked to a force of 2022.

        With a ``budget``, the phrase matches and the time are counted against
        the document's bounds (InputRejected past one).
        """
        budget = budget or Budget(
            AnalysisLimits(max_matches=2**62, max_sentences=2**62, max_seconds=float("inf")), "text"
        )
        mentions: list[Mention] = []
        paragraphs: dict[int, list[Sentence]] = {}
        for s in sentences:
            paragraphs.setdefault(s.paragraph, []).append(s)
        named_by_sentence = {}
        for s in sentences:  # names first, so that context can prefer what the document already speaks of
            named_by_sentence[s.start] = self._by_name(s, tokenize(s.text, s.language), paragraphs[s.paragraph], budget)
        in_document = {m.operation_id for found in named_by_sentence.values() for m in found}
        for s in sentences:
            tokens = tokenize(s.text, s.language)
            named = named_by_sentence[s.start]
            mentions.extend(named)
            already = {m.operation_id for m in named}
            context = [
                (m, place)
                for m, place in self._by_context(s, tokens, in_document, published, budget, document_years)
                if m.operation_id not in already
            ]
            in_document |= {m.operation_id for m, _ in context}
            linked = already | {m.operation_id for m, _ in context}
            # a place that contributes troops to an operation linked in this sentence is not a host here
            # ("troops from Russia, Belarus, Armenia, Tajikistan and Kyrgyzstan" in a text on Kazakhstan)
            contributing = (
                set().union(*((self.gaz.op_contributor_places or {}).get(op, set()) for op in linked))
                if linked
                else set()
            )
            mentions.extend(m for m, place in context if place not in contributing)
        return mentions

    def _by_name(self, s: Sentence, tokens, paragraph: list[Sentence], budget: Budget) -> list[Mention]:
        by_span: dict[tuple[int, int], set[str]] = {}
        surface = {}
        found = self.names.find(s.text, tokens)
        budget.matched(len(found))
        for m in found:
            by_span.setdefault((m.start, m.end), set()).add(m.key)
            surface[(m.start, m.end)] = m.surface
        out = []
        places = None  # the paragraph's places, found once when a shared name needs them
        for span in longest_first(by_span):  # keep the longest match where matches overlap
            ops = by_span[span]
            if len(ops) > 1:
                if places is None:
                    paragraph_text = " ".join(p.text for p in paragraph)
                    paragraph_places = self.gaz.places.find(paragraph_text)
                    budget.matched(len(paragraph_places))
                    places = {m.key for m in paragraph_places}
                narrowed = {op for op in ops if self.gaz.op_places.get(op, set()) & places}
                if len(narrowed) != 1:
                    continue
                reason = (
                    f"name {surface[span]!r} is shared by {', '.join(sorted(ops))}; "
                    f"the paragraph names a place of {next(iter(narrowed))}"
                )
                ops = narrowed
            else:
                reason = f"registry name or alias {surface[span]!r}"
            op_id = next(iter(ops))
            out.append(Mention(op_id, s.start + span[0], s.start + span[1], surface[span], "name", reason))
        return out

    def _by_context(
        self,
        s: Sentence,
        tokens,
        in_document: set[str] = frozenset(),
        published: dt.date | None = None,
        budget: Budget | None = None,
        document_years: set[int] = frozenset(),
    ) -> list[tuple[Mention, str]]:
        """Context mentions, each with the gazetteer place it rests on."""
        places = self.gaz.places.find(s.text, tokens)
        if budget:
            budget.matched(len(places))
        if not places:
            return []
        cue_matches = self.gaz.cues.find(s.text, tokens)
        places = [p for p in _most_exact(places) if not names_the_troops(p, cue_matches, tokens)]
        if not places:
            return []
        place_spans = {(p.start, p.end) for p in places}
        # a name that is both the place and an actor ("Armenia" in a text on Armenia) says where, not who
        actor_matches = [m for m in self.gaz.actors.find(s.text, tokens) if (m.start, m.end) not in place_spans]
        actors = {m.key for m in actor_matches}
        # "a UN mandate", "mandated by NATO": the actor authorised the force; it does not say who led it
        mandating = {m.key for m in actor_matches if _names_the_mandate(s.text, m.start, m.end)}
        if budget:
            budget.matched(len(actor_matches) + len(cue_matches))
        cue_text = cue_matches[0].surface if cue_matches else None
        years = self.years_in(s.text)
        # proper nouns as written: capitalised and not the first word ("Dayton", not "military")
        words = {t.lower for t in tokens[1:] if t.text[:1].isupper()}
        named_instruments = (
            {m.key for m in self.gaz.instruments.find(s.text, tokens)} if self.gaz.instruments else set()
        )
        out = []
        seen_places = set()
        for place in places:
            if place.key in seen_places:
                continue
            seen_places.add(place.key)
            chosen, why = self._choose(
                place.key,
                actors,
                cue_text,
                years,
                words,
                named_instruments,
                in_document,
                published,
                leading_actors=actors - mandating,
                proposal=bool(_PROPOSAL.search(s.text)),
                document_years=document_years,
            )
            if chosen:
                out.append(
                    (
                        Mention(
                            chosen,
                            s.start + place.start,
                            s.start + place.end,
                            place.surface,
                            "context",
                            f"place {place.surface!r} ({place.key})" + why,
                        ),
                        place.key,
                    )
                )
        known = [pair for pair in out if pair[0].operation_id in in_document or _dated_here(s.text, pair[0], s.start)]
        if known and len(known) < len(out) and not _a_list(s.text, [m for m, _ in out], s.start):
            # one sentence, one subject: when one of its places points to the operation the document speaks of,
            # another place in it ("Armenian officials accused the peacekeepers") is not a second force, unless
            # the places are a list ("in Transnistria, South Ossetia and Tajikistan") or the place has its own
            # year beside it ("in Kyrgyzstan in 2010")
            out = known
        return out

    def _choose(
        self,
        place: str,
        actors: set[str],
        cue: str | None,
        years: set[int],
        words: set[str] = frozenset(),
        instruments: set[str] = frozenset(),
        in_document: set[str] = frozenset(),
        published: dt.date | None = None,
        leading_actors: set[str] | None = None,
        proposal: bool = False,
        document_years: set[int] = frozenset(),
    ):
        leading_actors = actors if leading_actors is None else leading_actors
        candidates = [op for op in self.registry if place in self.gaz.op_places.get(op.id, set())]
        if not years and document_years:  # no year here: not a force that came long after the document's time
            first, last = min(document_years) - LATER_YEARS_ALLOWED, max(document_years) + LATER_YEARS_ALLOWED
            candidates = [
                op for op in candidates if self._years_of(op).start <= last and self._years_of(op)[-1] >= first
            ]
        if published is not None:  # a text cannot speak of a deployment that began after it was published
            later = [op for op in candidates if op.start is not None and op.start.date.earliest() > published]
            candidates = [op for op in candidates if op not in later]
            led_later = [op for op in later if self.gaz.op_leads.get(op.id, set()) & leading_actors]
            led_now = [
                op for op in candidates if op.is_deployed and self.gaz.op_leads.get(op.id, set()) & leading_actors
            ]
            if led_later and not led_now:  # the force the named actor leads there came later: not yet in the text
                return None, ""
        if not candidates:
            return None, ""
        if not years and cue:
            known = [op for op in candidates if op.id in in_document]
            if len(known) == 1:
                return known[0].id, f" + deployment cue {cue!r}; the document already speaks of this operation"
        if actors:
            candidates = [op for op in candidates if self.gaz.op_actors.get(op.id, set()) & actors]
        if years:
            candidates = [op for op in candidates if any(y in self._years_of(op) for y in years)]
        signals = sum([bool(actors), bool(cue), bool(years)])
        if not candidates or signals < 2:
            return None, ""
        parts = []
        if actors:
            parts.append("actor " + ", ".join(sorted(actors)))
        if cue:
            parts.append(f"deployment cue {cue!r}")
        if years:
            parts.append("year " + ", ".join(str(y) for y in sorted(years)[:3]) + ("…" if len(years) > 3 else ""))
        why = " + " + " + ".join(parts)
        if len(candidates) > 1 and instruments:
            named = [op for op in candidates if (self.gaz.op_instruments or {}).get(op.id, set()) & instruments]
            if named and len(named) < len(candidates):
                why += f"; the sentence names its instrument ({', '.join(sorted(instruments))})"
                candidates = named
        if len(candidates) > 1 and words:
            named = [op for op in candidates if self.instrument_words(op) & words]
            if named and len(named) < len(candidates):
                shared = sorted(set.union(*(self.instrument_words(op) & words for op in named)))
                why += f"; the sentence names its instrument ({', '.join(shared)})"
                candidates = named
        if len(candidates) > 1 and words:
            named = [op for op in candidates if self.acronym_words(op) & words]
            if named and len(named) < len(candidates):
                shared = sorted(set.union(*(self.acronym_words(op) & words for op in named)))
                why += f"; the sentence uses its short name ({', '.join(shared)})"
                candidates = named
        if not proposal:  # a force never deployed is spoken of as proposed or requested, never as present
            deployed = [op for op in candidates if op.is_deployed]
            if len(deployed) < len(candidates):
                why += "; a deployment, not a proposal, is spoken of"
                candidates = deployed
        if len(candidates) > 1:
            known = [op for op in candidates if op.id in in_document]
            if known and len(known) < len(candidates):
                why += "; the document already speaks of it"
                candidates = known
        if len(candidates) > 1 and leading_actors:
            led = [op for op in candidates if self.gaz.op_leads.get(op.id, set()) & leading_actors]
            if led:
                if len(led) < len(candidates):
                    why += f"; led by the named actor among {len(candidates)} candidates"
                candidates = led
        if len(candidates) > 1 and len(actors) > 1:  # "France, Italy and Britain": the force all of them served in
            overlap = {op.id: len(self.gaz.op_actors.get(op.id, set()) & actors) for op in candidates}
            best = max(overlap.values())
            most = [op for op in candidates if overlap[op.id] == best]
            if len(most) < len(candidates):
                why += f"; {best} of the named actors took part"
                candidates = most
        if len(candidates) > 1 and years and max(years) - min(years) < 5:  # one year or a narrow period ("mid-1990s")
            spans = sorted(candidates, key=lambda op: len(self._years_of(op)))
            if len(self._years_of(spans[0])) < len(self._years_of(spans[1])):
                why += f"; shortest deployment active then among {', '.join(op.id for op in candidates)}"
                candidates = spans[:1]
        if len(candidates) > 1 and not years:
            # no year: the standing force of the place, when one outlasted the others at least threefold (the
            # JPKF's sixteen years in South Ossetia against the five days of August 2008)
            spans = sorted(candidates, key=lambda op: -len(self._years_of(op)))
            if len(self._years_of(spans[0])) >= 3 * len(self._years_of(spans[1])):
                why += f"; no year given: the longest-standing of {', '.join(op.id for op in candidates)}"
                candidates = spans[:1]
        if len(candidates) != 1:
            return None, ""
        led_here = bool(self.gaz.op_leads.get(candidates[0].id, set()) & leading_actors)
        if in_document and candidates[0].id not in in_document and signals < 3 and not led_here and not years:
            # the document names its operations; another one, named nowhere, needs every signal, its lead or a
            # year (a text on UNIFIL that says "Israeli" and "UN force" is not about UNTSO)
            return None, ""
        return candidates[0].id, why


_MANDATE_AFTER = re.compile(r"^[\s\-]*(?:a\s+)?(?:mandat|authori[sz]|мандат|санкци)", re.IGNORECASE)
_MANDATE_BEFORE = re.compile(
    r"(?:mandat\w*|authori[sz]\w*)\s+(?:\w+\s+){0,2}(?:of|by|from)\s+(?:the\s+)?$|мандат\w*\s+$", re.IGNORECASE
)


def _dated_here(text: str, mention, offset: int) -> bool:
    """Whether a year stands right beside the place of ``mention`` ("in Kyrgyzstan in 2010", "1992 in Moldova")."""
    start, end = mention.start - offset, mention.end - offset
    return bool(_YEAR.search(text[max(0, start - 12) : start]) or _YEAR.search(text[end : end + 12]))


def _a_list(text: str, mentions, offset: int) -> bool:
    """Whether the places of ``mentions`` follow each other as a list: only commas or a short conjunction
    between them ("Transnistria, South Ossetia and Tajikistan", "в Абхазии и Южной Осетии")."""
    spans = sorted((m.start - offset, m.end - offset) for m in mentions)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        between = text[end:start].strip()
        if len(between) > 6 or not (between in {",", ";"} or re.fullmatch(r",?\s*\w{1,3}", between)):
            return False
    return len(spans) > 1


def _most_exact(matches):
    """Of the place matches that cover the same words, the one with the longest phrase ("Nigeria" over the stem
    "Niger" in "Nigerian"), so that a shorter name that only begins the word does not also count."""
    best: dict[tuple[int, int], object] = {}
    for m in matches:
        kept = best.get((m.start, m.end))
        if kept is None or len(m.phrase) > len(kept.phrase):
            best[(m.start, m.end)] = m
    return sorted(best.values(), key=lambda m: m.start)


def names_the_troops(place, cues, tokens) -> bool:
    """Whether the place word qualifies the troops ("Ukrainian peacekeepers", "Serbian blue helmets").

    A place followed at once by a deployment cue gives the
    nationality of the soldiers, so it says who sent them, not where they are:
    Ukrainian peacekeepers in the Congo are not a force in Ukraine. After a
    preposition ("в Киргизию миротворческие подразделения", "in Kosovo
    peacekeepers") the place is where they go, and counts.
    """
    before = [t for t in tokens if t.end <= place.start][-1:]
    if before and len(before[0].text) <= 2 and before[0].text.islower():
        return False
    following = [t for t in tokens if t.start >= place.end][:1]
    return any(c.start == t.start for t in following for c in cues)


def _names_the_mandate(text: str, start: int, end: int) -> bool:
    """Whether the actor at ``text[start:end]`` is named as the force's mandating body, not as its leader."""
    return bool(_MANDATE_AFTER.match(text[end : end + 20]) or _MANDATE_BEFORE.search(text[max(0, start - 40) : start]))
