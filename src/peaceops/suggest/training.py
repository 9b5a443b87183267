"""Where the suggestion model's examples come from, how it is trained, and where the trained model is kept.

Examples, all the project's own (no weights come from outside):

- the curated evidence of ``data/evidence`` (a quote or paraphrase, with its
  indicator and stance): usable;
- the reviewed sentences of ``data/review/sentences.yaml`` (real news
  sentences in twenty languages, usable or not, with indicator and stance);
- in a workspace, every candidate a reviewer accepted (with the indicator and
  stance chosen) or rejected.

Two models exist. The **default model** is trained from the shipped data
alone; it is cached by the hash of its examples (in memory and in the
per-user cache), so it is trained once per data version, in seconds. A
**workspace model** is trained by ``peaceops review train`` from the shipped
data and the workspace's decisions; it is stored in the workspace
(``models/suggest-v<N>.joblib``), numbered, checked by its SHA-256 when loaded,
and recorded in the audit log. Ingestion uses the workspace's latest model,
else the default.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from peaceops import curated
from peaceops.errors import DataValidationError
from peaceops.suggest.model import MODEL_FORMAT, Example, Featuriser, SuggestModel

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_MEMO: dict[str, SuggestModel] = {}
PROPOSE_THRESHOLD = 0.4  # a sentence is proposed when the usability model gives it at least this probability
# (0.4: on the reviewed sentences, cross-validated, the queue is then both more precise and more complete than the
# cue-only queue: precision 0.70 against 0.63, recall 0.68 against 0.66; bench/review_quality.py)


def curated_examples(catalog) -> list[Example]:
    """The curated evidence of the catalog as usable examples (its language told by its script: Russian or English)."""
    out = []
    for ev in catalog.evidence:
        if ev.origin == "workspace":
            continue
        text = ev.item.quote or ev.item.paraphrase
        if not text:
            continue
        language = "ru" if _CYRILLIC.search(text) else "en"
        out.append(Example(text, True, ev.indicator, ev.item.stance, language, f"evidence {ev.id}", ev.operation))
    return out


def reviewed_examples(data_dir: Path) -> list[Example]:
    """The reviewed sentences (``data/review/sentences.yaml``, schema :class:`peaceops.datafiles.ReviewedSentence`)."""
    from peaceops import datafiles

    path = data_dir / datafiles.REVIEWED
    if not path.exists():
        return []
    data, problems = curated.load(path, datafiles.ReviewedSentences, root=data_dir)
    if problems:
        raise DataValidationError(problems)
    return [
        Example(
            s.sentence,
            s.usable,
            s.indicator,
            s.stance,
            s.language,
            f"reviewed sentence {s.id}",
            s.id.split("@")[0],
        )
        for s in data.sentences
    ]


def workspace_examples(ws) -> list[Example]:
    """Every reviewer decision of the workspace: accepted candidates (as accepted) and rejected ones."""
    from peaceops.workspace import suggest_models

    out = []
    with ws.reader() as conn:
        for text, indicator, stance, language, cid in suggest_models.accepted(conn):
            out.append(Example(text, True, indicator, stance, language, f"accepted {cid}", f"ws:{cid}"))
        for sentence, language, cid in suggest_models.rejected(conn):
            out.append(Example(sentence, False, None, None, language, f"rejected {cid}", f"ws:{cid}"))
    return out


def train(examples: list[Example], catalog) -> SuggestModel:
    """A model fitted on ``examples``; the same examples give the same model."""
    from peaceops.ingest.candidates import cue_index

    model = SuggestModel(Featuriser(cue_index(catalog.framework)))
    attach(model, catalog)
    return model.fit(examples)


def attach(model: SuggestModel, catalog, analyser=None) -> SuggestModel:
    """Give a loaded model what is not pickled: the cue index and the structure reader (from the catalog)."""
    from peaceops.ingest.candidates import cue_index
    from peaceops.ingest.gazetteer import load_gazetteer
    from peaceops.ingest.mentions import MentionFinder
    from peaceops.suggest.structure import Structure

    if analyser is not None:
        gazetteer, names, cues = analyser.gazetteer, analyser.mentions.names, analyser.cues
    else:
        gazetteer = load_gazetteer(catalog.registry.data_dir, catalog.registry)
        names, cues = MentionFinder(catalog.registry, gazetteer).names, cue_index(catalog.framework)
    model.featuriser.cue_index = cues
    model.featuriser.structure = Structure(gazetteer, names)
    return model


def shipped_examples(catalog) -> list[Example]:
    return curated_examples(catalog) + reviewed_examples(catalog.registry.data_dir)


def _key(examples: list[Example]) -> str:
    """The cache key of a model: its examples and the code that trains it (a changed model file retrains)."""
    digest = hashlib.sha256(f"format {MODEL_FORMAT}\n".encode())
    for module in ("model.py", "structure.py", "training.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    for e in examples:
        digest.update(f"{e.text}\t{e.usable}\t{e.indicator}\t{e.stance}\t{e.language}\n".encode())
    return digest.hexdigest()[:16]


def trainable(examples: list[Example]) -> bool:
    """Whether the examples can teach all three classifiers: usable and unusable sentences, and at least two
    indicators and two stances among the usable ones (a data directory without reviewed sentences cannot)."""
    usable = [e for e in examples if e.usable and e.indicator and e.stance]
    return (
        len(usable) < len(examples) and len({e.indicator for e in usable}) >= 2 and len({e.stance for e in usable}) >= 2
    )


def default_model(catalog, analyser=None) -> SuggestModel | None:
    """The model of the shipped data: from memory, else the per-user cache, else trained (and cached).

    None when the catalog's data cannot train one (see :func:`trainable`): ingestion then proposes
    sentences by cue words alone, as before issue 20.
    """
    import joblib

    from peaceops import settings

    examples = shipped_examples(catalog)
    if not trainable(examples):
        return None
    key = _key(examples)
    if key in _MEMO:
        return attach(_MEMO[key], catalog, analyser)
    cache = settings.cache_dir()
    path = cache / f"suggest-{key}.joblib" if cache else None
    model = None
    if path is not None and path.exists():
        try:
            model = joblib.load(path)
            if getattr(model, "format", None) != MODEL_FORMAT:
                model = None
        except Exception:  # a damaged or foreign cache file is retrained, never trusted
            model = None
    if model is None:
        model = train(examples, catalog)
        if path is not None:
            _write_atomically(path, model)
    _MEMO[key] = model
    return attach(model, catalog, analyser)


def _write_atomically(path: Path, model: SuggestModel) -> str:
    """Write ``model`` to ``path`` (temporary file, then rename); returns its SHA-256."""
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".suggest-", suffix=".tmp")
    os.close(handle)
    try:
        joblib.dump(model, temporary)
        digest = hashlib.sha256(Path(temporary).read_bytes()).hexdigest()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return digest
