"""The suggestion model: is a sentence usable evidence, for which indicator, with which stance, and why.

Three linear classifiers from scikit-learn share one representation of a
sentence: LogisticRegression (lbfgs) for whether it is usable evidence, and
LinearSVC (liblinear, a fixed seed) for its indicator and its stance, whose
decision values are turned into scores by a softmax. The same data give the
same weights. (LinearSVC ranked indicators as well as a logistic regression
on the reviewed sentences, top-1 0.52 against 0.52, and trains in about a
second instead of thirty.)

- character n-grams (2–4, within words) of the lower-cased sentence: they
  carry meaning across inflection and, for names and loan words, across
  languages;
- the sentence's words in normal form (lemma or stem, :mod:`peaceops.ingest.morphology`);
- the framework's cue lexicons in every language, one feature per indicator
  whose cues fire (``cue:legal-basis``), so a cue is evidence for the model,
  not the whole decision;
- for usability only, the sentence's structure: its length, whether it gives
  a troop count, whether it refers to the force (a name of the operation, a
  deployment cue, a personnel noun), and whether another actor comes before
  any such reference (the sentence is about someone else).

Each suggestion says why: the features that weighed most for the chosen
indicator (cues and word forms) and the nearest reviewed examples.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

_SENTENCE_MEMO: dict = {}
MEMO_LIMIT = 20_000
"""Sentences remembered per process: enough for training (some 1,800 examples, three kinds each), small enough
that a poller running for days stays flat."""
MODEL_FORMAT = 1  # bump when the pickled layout changes: older files are retrained, not loaded


@dataclass(frozen=True)
class Example:
    """One reviewed sentence: usable or not, and for a usable one its indicator and stance."""

    text: str
    usable: bool
    indicator: str | None = None
    stance: str | None = None
    language: str | None = None
    origin: str = ""  # where the example comes from: curated evidence, reviewed sentences, workspace
    group: str = ""  # examples of one document share a group (kept together in cross-validation)


@dataclass
class Suggestion:
    usable: float
    indicators: list[tuple[str, float]]  # ranked, with probabilities
    stance: tuple[str, float]
    why: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "usable": round(self.usable, 3),
            "indicators": [[i, round(p, 3)] for i, p in self.indicators],
            "stance": [self.stance[0], round(self.stance[1], 3)],
            "why": self.why,
        }


def _computed(kind: str, text: str, language: str | None, compute):
    """What :meth:`Featuriser._memo` gives, computed afresh and not remembered."""
    return compute(text, language)


class Featuriser:
    """Sentence -> sparse features; fitted on the training sentences."""

    def __init__(self, cue_index, structure=None):
        self.cue_index = cue_index  # PhraseIndex: cue phrase -> indicator id
        self.structure = structure  # callable(text, language) -> list[float], or None
        self.indicators: list[str] = []

    def __getstate__(self):
        """The cue index and the structure reader are rebuilt from the catalog on load, not pickled."""
        state = dict(self.__dict__)
        state["cue_index"] = None
        state["structure"] = None
        return state

    def _memo(self, kind: str, text: str, language: str | None, compute):
        """Per-process memory of what a sentence gives (its words, cues, structure): cross-validation and
        retraining read the same sentences many times."""
        key = (kind, id(self.cue_index), text, language)
        value = _SENTENCE_MEMO.get(key)
        if value is None:
            if len(_SENTENCE_MEMO) > MEMO_LIMIT:
                _SENTENCE_MEMO.clear()
            value = _SENTENCE_MEMO[key] = compute(text, language)
        return value

    def _lemmas(self, text: str, language: str | None) -> str:
        return self._memo("lemmas", text, language, self._compute_lemmas)

    def _compute_lemmas(self, text: str, language: str | None) -> str:
        """The words as Snowball stems in the sentence's language (no dictionary is loaded for this)."""
        from peaceops.ingest.morphology import phrase_forms
        from peaceops.ingest.textmatch import tokenize

        words = []
        for token in tokenize(text):
            if token.text.isdigit():
                continue
            # the shortest form, ties broken by the text: a set's order changes with the process's hash seed
            forms = [f.rpartition(":")[2] for f in phrase_forms(token.lower, language)]
            words.append(min(forms, key=lambda f: (len(f), f)))
        return " ".join(words)

    def _compute_cues(self, text: str, language: str | None) -> list[str]:
        from peaceops.ingest.textmatch import tokenize

        return sorted({m.key for m in self.cue_index.find(text, tokenize(text, language))})

    def fit(self, texts: list[str], languages: list[str | None], indicators: list[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.indicators = sorted(indicators)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True, max_features=60000, lowercase=True
        )
        self.words = TfidfVectorizer(token_pattern=r"\S+", min_df=1, sublinear_tf=True, lowercase=False)
        self.chars.fit(texts)
        self.words.fit([self._lemmas(t, lang) for t, lang in zip(texts, languages, strict=True)])
        return self

    def transform(self, texts: list[str], languages: list[str | None], *, structure: bool = False, remember=True):
        """The features of ``texts``; ``remember``: keep each sentence's words, cues and structure in the process's
        memo for the next call (see :meth:`SuggestModel.suggest`)."""
        from scipy import sparse

        memo = self._memo if remember else _computed
        chars = self.chars.transform(texts)
        words = self.words.transform(
            [memo("lemmas", t, lang, self._compute_lemmas) for t, lang in zip(texts, languages, strict=True)]
        )
        position = {ind: i for i, ind in enumerate(self.indicators)}
        rows, cols = [], []
        for row, (text, lang) in enumerate(zip(texts, languages, strict=True)):
            for key in memo("cues", text, lang, self._compute_cues):
                if key in position:
                    rows.append(row)
                    cols.append(position[key])
        cues = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(self.indicators)), dtype=float
        )
        blocks = [chars, words, cues]
        if structure and self.structure is not None:
            rows = [memo("structure", t, lang, self.structure) for t, lang in zip(texts, languages, strict=True)]
            blocks.append(sparse.csr_matrix(rows))
        return sparse.hstack(blocks).tocsr()

    def names(self, structure: bool = False) -> list[str]:
        cached = self.__dict__.get("names_cache")
        if cached is not None and not structure:
            return cached
        names = [f"«{n}»" for n in self.chars.get_feature_names_out()]
        names += list(self.words.get_feature_names_out())
        names += [f"cue:{i}" for i in self.indicators]
        if structure:
            return names + list(STRUCTURE_NAMES)
        self.__dict__["names_cache"] = names
        return names


REVIEWED_WEIGHT = 3.0  # a reviewed news sentence counts three times a curated item (the queue sees news sentences)


def _softmax(scores):
    """Decision values of a linear model as scores that sum to one (for ranking and display, not calibrated)."""
    scores = np.atleast_2d(scores)
    if scores.shape[1] == 1:  # two classes: one column of decision values
        scores = np.hstack([-scores, scores])
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


STRUCTURE_NAMES = (
    "length",
    "troop count",
    "refers to the force",
    "another actor first",
    "names the operation",
    "a date",
)


class SuggestModel:
    """The three classifiers and what they were trained on."""

    def __init__(self, featuriser: Featuriser):
        self.featuriser = featuriser
        self.format = MODEL_FORMAT
        self.examples: list[Example] = []
        self.data_hash = ""

    def fit(self, examples: list[Example]) -> SuggestModel:
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        self.examples = list(examples)
        usable = [e for e in examples if e.usable and e.indicator]
        texts = [e.text for e in examples]
        langs = [e.language for e in examples]
        self.featuriser.fit(texts, langs, sorted({e.indicator for e in usable}))
        x_all = self.featuriser.transform(texts, langs, structure=True)
        self.usable_model = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced")
        self.usable_model.fit(x_all, [e.usable for e in examples])
        usable_rows = [i for i, e in enumerate(examples) if e.usable and e.indicator]
        x_usable = self.featuriser.transform(
            [examples[i].text for i in usable_rows], [examples[i].language for i in usable_rows]
        )
        self.indicator_model = LinearSVC(C=0.2, max_iter=5000, random_state=0)
        weights = [REVIEWED_WEIGHT if examples[i].origin.startswith("reviewed") else 1.0 for i in usable_rows]
        self.indicator_model.fit(x_usable, [examples[i].indicator for i in usable_rows], sample_weight=weights)
        stance_rows = [i for i in usable_rows if examples[i].stance]
        x_stance = self._stance_features(
            x_usable[[usable_rows.index(i) for i in stance_rows]], [examples[i].indicator for i in stance_rows]
        )
        self.stance_model = LinearSVC(C=0.2, max_iter=5000, class_weight="balanced", random_state=0)
        self.stance_model.fit(x_stance, [examples[i].stance for i in stance_rows])
        self._neighbours = (x_usable, [examples[i] for i in usable_rows])
        self.data_hash = hashlib.sha256(
            "\n".join(f"{e.text}\t{e.usable}\t{e.indicator}\t{e.stance}" for e in examples).encode("utf-8")
        ).hexdigest()[:16]
        return self

    def _stance_features(self, x, indicators: list[str]):
        """The sentence with its indicator: a stance word means different things for different indicators."""
        from scipy import sparse

        classes = list(self.indicator_model.classes_)
        one_hot = sparse.csr_matrix(
            (np.ones(len(indicators)), (range(len(indicators)), [classes.index(i) for i in indicators])),
            shape=(len(indicators), len(classes)),
        )
        return sparse.hstack([x, one_hot]).tocsr()

    def suggest(
        self,
        texts: list[str],
        languages: list[str | None],
        *,
        explain: bool = True,
        explain_from: float = 0.0,
        remember: bool = True,
    ) -> list[Suggestion]:
        """A suggestion for each sentence. ``explain``: say why, for the suggestions whose usable score is at least
        ``explain_from`` (the others' ``why`` is empty: a caller that drops them need not pay for it).
        ``remember``: keep each sentence's words, cues and structure in the process's memo (training and
        cross-validation read the same sentences again; an ingested document's are new)."""
        if not texts:
            return []
        x_all = self.featuriser.transform(texts, languages, structure=True, remember=remember)
        x = x_all[:, : x_all.shape[1] - len(STRUCTURE_NAMES)] if self.featuriser.structure is not None else x_all
        usable = self.usable_model.predict_proba(x_all)[:, list(self.usable_model.classes_).index(True)]
        probabilities = _softmax(self.indicator_model.decision_function(x))
        classes = list(self.indicator_model.classes_)
        rankings = []
        for row in range(len(texts)):
            order = np.argsort(-probabilities[row])[:5]
            rankings.append([(str(classes[i]), float(probabilities[row, i])) for i in order])
        # every row's stance decision values in one call (a row's values do not depend on the other rows); the
        # softmax row by row, as before (numpy's vectorised exp need not round a row alike in a larger array)
        stance_scores = self.stance_model.decision_function(self._stance_features(x, [r[0][0] for r in rankings]))
        stance_p = [_softmax(stance_scores[row : row + 1])[0] for row in range(len(texts))]
        explained = [row for row in range(len(texts)) if explain and float(usable[row]) >= explain_from]
        whys = self._whys(x, [rankings[row][0][0] for row in explained], explained)
        out = []
        for row, ranked in enumerate(rankings):
            best = int(np.argmax(stance_p[row]))
            out.append(
                Suggestion(
                    float(usable[row]),
                    ranked,
                    (str(self.stance_model.classes_[best]), float(stance_p[row][best])),
                    whys.get(row, {}),
                )
            )
        return out

    def _whys(self, x, indicators: list[str], rows: list[int]) -> dict[int, dict]:
        """:meth:`_why` of each of ``rows`` of ``x`` for its indicator; the similarities to the reviewed examples
        of one indicator are computed for all its rows at once (each one's values are those of its own product)."""
        by_indicator: dict[str, list[int]] = {}
        for row, indicator in zip(rows, indicators, strict=True):
            by_indicator.setdefault(indicator, []).append(row)
        out = {}
        for indicator, its_rows in by_indicator.items():
            same_matrix, _ = self._reviewed_examples(indicator)
            sims = (same_matrix @ x[its_rows].T).toarray() if same_matrix is not None else None
            for column, row in enumerate(its_rows):
                out[row] = self._why(x, row, indicator, None if sims is None else sims[:, column])
        return out

    def _reviewed_examples(self, indicator: str):
        """The reviewed examples of ``indicator``, as rows of a matrix and as examples."""
        by_indicator = self.__dict__.setdefault("_by_indicator", {})
        if indicator not in by_indicator:
            matrix, examples = self._neighbours
            same = [i for i, e in enumerate(examples) if e.indicator == indicator]
            by_indicator[indicator] = (matrix[same] if same else None, [examples[i] for i in same])
        return by_indicator[indicator]

    def _why(self, x, row: int, indicator: str, sims) -> dict:
        """The features that weighed most for ``indicator`` in ``row`` of ``x`` (a CSR matrix), and the two nearest
        reviewed examples of it (``sims``: the row's similarities to them, None when it has none)."""
        names = self.featuriser.names()
        k = list(self.indicator_model.classes_).index(indicator)
        # the row's entries times the indicator's weights, in column order (as x_row.multiply(coef).tocsr() gives)
        begin, end = x.indptr[row], x.indptr[row + 1]
        columns = x.indices[begin:end]
        order = np.argsort(columns, kind="stable")
        columns = columns[order]
        contribution = x.data[begin:end][order] * self.indicator_model.coef_[k][columns]
        pairs = sorted(zip(columns.tolist(), contribution.tolist(), strict=True), key=lambda p: -p[1])
        features = [names[i] for i, v in pairs if v > 0][:6]
        cues = [f.removeprefix("cue:") for f in features if f.startswith("cue:")]
        _, same_examples = self._reviewed_examples(indicator)
        nearest = []
        if same_examples:
            for j in np.argsort(-sims)[:2]:
                example = same_examples[j]
                if sims[j] > 0:
                    nearest.append(
                        {
                            "text": example.text[:240],
                            "stance": example.stance,
                            "origin": example.origin,
                            "similarity": round(float(sims[j]), 3),
                        }
                    )
        return {"features": features, "cues": cues, "nearest": nearest}
