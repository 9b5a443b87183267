"""Workspace models: ``peaceops review train`` fits one on the shipped data and the workspace's decisions.

Each trained model is a numbered file under the workspace
(``models/suggest-v<N>.joblib``) with a row in ``suggest_models`` (when, by
whom, on how many examples, the file's SHA-256) and an audit-log entry.
Ingestion uses the newest; a file whose SHA-256 does not match its row is not
loaded (the error says to retrain).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

from peaceops import audit
from peaceops.errors import UsageError
from peaceops.workspace import reader, suggest_models, transaction

MODELS_DIR = "models"
_LOADED: dict[tuple[str, int], object] = {}


@dataclass(frozen=True)
class TrainedModel:
    version: int
    trained_at: str
    trained_by: str | None
    examples: int
    workspace_examples: int
    data_hash: str
    sha256: str
    path: str

    def as_dict(self) -> dict:
        return asdict(self)


def versions(ws) -> list[TrainedModel]:
    """Every model trained in the workspace, newest first."""
    with reader(ws) as conn:
        return [TrainedModel(*row) for row in suggest_models.all_versions(conn)]


def train_workspace(ws, catalog, *, actor: str | None) -> TrainedModel:
    """Fit a model on the shipped data and every accept and reject of ``ws``; store it as the next version."""
    from peaceops.suggest import training

    shipped = training.shipped_examples(catalog)
    decisions = training.workspace_examples(ws)
    if not training.trainable(shipped + decisions):
        raise UsageError(
            f"not enough reviewed examples to train on in {catalog.registry.data_dir} and this workspace: the model "
            "needs usable and unusable sentences and at least two indicators and stances; accept and reject some "
            "candidates first (data/review/sentences.yaml ships them)"
        )
    model = training.train(shipped + decisions, catalog)
    with reader(ws) as conn:
        version = suggest_models.next_version(conn)
    relative = f"{MODELS_DIR}/suggest-v{version}.joblib"
    digest = training._write_atomically(ws.root / relative, model)
    record = TrainedModel(
        version, audit.now(), actor, len(shipped) + len(decisions), len(decisions), model.data_hash, digest, relative
    )
    with transaction(ws) as conn:
        suggest_models.insert(conn, tuple(asdict(record).values()))
        audit.record(
            conn,
            actor=actor or "unknown",
            action="review.train",
            target=f"model:v{version}",
            before=None,
            after=record.as_dict(),
        )
    return record


def workspace_model(ws, catalog, analyser=None):
    """The newest model trained in ``ws``, or None when none was (ingestion then uses the default model)."""
    import joblib

    from peaceops.suggest.training import attach

    found = versions(ws)
    if not found:
        return None
    newest = found[0]
    key = (str(ws.root), newest.version)
    if key not in _LOADED:
        path = ws.root / newest.path
        if not Path(path).is_file():
            raise UsageError(f"model v{newest.version} is missing at {path}; run `peaceops review train` again")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != newest.sha256:
            raise UsageError(
                f"model v{newest.version} at {path} does not match its recorded SHA-256 (changed or damaged); "
                "run `peaceops review train` again"
            )
        _LOADED[key] = joblib.load(path)
    return attach(_LOADED[key], catalog, analyser)
