"""Sentences worth a reviewer's look: cue words of the framework's indicators, and troop counts.

A sentence becomes a candidate when the document speaks of at least one
operation and either a cue of at least one indicator fires or the sentence
gives a troop count (then the reviewer chooses the indicator). The operation proposed is the
one named in the sentence, else the last one named earlier in the paragraph,
else the one the document names most; the reviewer can change it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from peaceops.ingest.figures import FigureFinder
from peaceops.ingest.textmatch import PhraseIndex, tokenize


@dataclass
class Candidate:
    id: str
    sentence: str
    start: int
    end: int
    language: str | None
    operation_id: str | None
    indicators: list[str]
    cues: dict[str, list[str]]
    numbers: list[dict] = field(default_factory=list)
    suggestion: dict | None = None  # usable score, ranked indicators, stance, why (peaceops.suggest)
    sentence_key: str = ""  # equal for the same sentence however it was copied (repeats are folded)


def cue_index(framework) -> PhraseIndex:
    index: PhraseIndex = PhraseIndex()
    for indicator in framework.indicators:
        for language, phrase in indicator.cues.pairs():
            index.add(phrase, indicator.id, language)
    return index


def candidate_id(content_hash: str, start: int, end: int) -> str:
    return "cand-" + hashlib.sha256(f"{content_hash}:{start}:{end}".encode()).hexdigest()[:12]


def find_candidates(
    content_hash: str,
    sentences,
    mentions,
    cues: PhraseIndex,
    budget=None,
    figures: FigureFinder | None = None,
    suggester=None,
) -> list[Candidate]:
    """Candidates of the sentences; with a ``budget`` (ingest.budget.Budget), cue matches and time count against it.

    ``figures`` finds the troop counts and dates of each sentence (see
    :mod:`peaceops.ingest.figures`). With a ``suggester``
    (:class:`peaceops.suggest.model.SuggestModel`), every sentence about an
    operation that is not junk (:func:`peaceops.suggest.junk.junk_reason`) is
    judged by the model and proposed when it is likely evidence, with its
    ranked indicators, stance and why; without one, a sentence is proposed
    when a cue fires or it gives a troop count (the cue-only queue).
    """
    from peaceops.suggest.junk import junk_reason, sentence_key

    if not mentions:
        return []
    counts = Counter(m.operation_id for m in mentions)
    document_op = counts.most_common(1)[0][0]
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    per_paragraph = Counter(s.paragraph for s in sentences)
    pool = []
    previous_paragraph = None
    for s in sentences:
        first_in_paragraph = s.paragraph != previous_paragraph
        previous_paragraph = s.paragraph
        tokens = tokenize(s.text, s.language)
        matches = cues.find(s.text, tokens)
        if budget is not None:
            budget.matched(len(matches))
        local_numbers = [f.as_dict() for f in figures.find(s.text, s.language)] if figures else []
        cue_fired = bool(matches) or any(n["kind"] == "troops" for n in local_numbers)
        if suggester is None and not cue_fired:
            continue
        if suggester is not None and junk_reason(
            s.text, first_in_paragraph=first_in_paragraph, paragraph_sentences=per_paragraph[s.paragraph]
        ):
            continue
        by_indicator: dict[str, list[str]] = {}
        for m in matches:
            by_indicator.setdefault(m.key, [])
            if m.surface not in by_indicator[m.key]:
                by_indicator[m.key].append(m.surface)
        op_id = _operation_of(s, starts, by_start, document_op)
        numbers = [{**n, "start": n["start"] + s.start, "end": n["end"] + s.start} for n in local_numbers]
        pool.append(
            Candidate(
                candidate_id(content_hash, s.start, s.end),
                s.text,
                s.start,
                s.end,
                s.language,
                op_id,
                sorted(by_indicator),
                by_indicator,
                numbers,
                sentence_key=sentence_key(s.text),
            )
        )
    if suggester is None:
        return pool
    from peaceops.suggest.training import PROPOSE_THRESHOLD

    out = []
    # only the sentences proposed are explained: the others are dropped below. A document's sentences are new: the
    # model's per-sentence memo (for training, which reads the same sentences again) is neither read nor filled
    suggestions = suggester.suggest(
        [c.sentence for c in pool], [c.language for c in pool], explain_from=PROPOSE_THRESHOLD, remember=False
    )
    for candidate, suggestion in zip(pool, suggestions, strict=True):
        if suggestion.usable < PROPOSE_THRESHOLD:
            continue
        candidate.suggestion = suggestion.as_dict()
        candidate.indicators = [indicator for indicator, _ in suggestion.indicators[:3]]
        out.append(candidate)
    if budget is not None:
        budget.tick()
    return out


def _operation_of(s, starts, by_start, document_op, at: int | None = None) -> str | None:
    """The operation sentence ``s`` is about: the one it names, else the last one named before it, else the one
    the document names most. A sentence naming several is about none of them (the reviewer chooses), unless
    ``at`` (an offset in the text) is given: then about the one named last before that point."""
    before, upto = bisect_left(starts, s.start), bisect_left(starts, s.end)
    inside = by_start[before:upto]
    if len({m.operation_id for m in inside}) == 1:
        return inside[0].operation_id
    if inside:
        if at is None:
            return None
        preceding = [m for m in inside if m.start <= at]
        return (preceding[-1] if preceding else inside[0]).operation_id
    return by_start[before - 1].operation_id if before else document_op


def attribute_figures(sentences, mentions, figures: FigureFinder, year: int | None = None) -> list[dict]:
    """Every troop count and date of the text, each with the operation its sentence is about.

    A day and month without a year ("on 13 January") takes ``year``, the
    document's (see :mod:`peaceops.ingest.docdate`), when it is known.
    """
    if not mentions:
        return []
    counts = Counter(m.operation_id for m in mentions)
    document_op = counts.most_common(1)[0][0]
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    out = []
    for s in sentences:
        for figure in figures.find(s.text, s.language):
            found = {**figure.as_dict(), "start": figure.start + s.start, "end": figure.end + s.start}
            if figure.kind == "date" and str(figure.value).startswith("--"):
                if year is None:
                    continue
                found["value"] = f"{year:04d}{str(figure.value)[1:]}"
            found["operation_id"] = _operation_of(s, starts, by_start, document_op, at=found["start"])
            out.append(found)
    return out
