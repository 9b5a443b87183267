"""Linkage windows and trajectory thresholds, read from ``trajectory_thresholds.yaml``.

The file lives in the curated data directory (``data/`` in the repository);
a registry loaded from a directory without one uses the shipped file. The
schema is :class:`peaceops.datafiles.ThresholdsFile`; unknown keys and
out-of-range values fail with the file and every broken key named.
"""

from __future__ import annotations

from pathlib import Path

from peaceops import curated, datafiles
from peaceops.datafiles import LinkageSettings, ThresholdsFile, TrajectorySettings
from peaceops.events.errors import ReferenceDataError
from peaceops.settings import shipped_data_dir

__all__ = ["FILE_NAME", "LinkageSettings", "TrajectorySettings", "Thresholds", "thresholds_path", "load_thresholds"]

FILE_NAME = datafiles.THRESHOLDS


class Thresholds(ThresholdsFile):
    """The thresholds as loaded, with the file they came from."""

    path: str | None = None


def thresholds_path(data_dir: str | Path | None = None) -> Path:
    """The thresholds file of ``data_dir`` if it has one, else the shipped one."""

    if data_dir is None:
        return shipped_data_dir() / FILE_NAME
    return datafiles.resolve(Path(data_dir), FILE_NAME)


def load_thresholds(data_dir: str | Path | None = None) -> Thresholds:
    """The thresholds of ``data_dir`` (else the shipped ones); raises ReferenceDataError listing every problem."""
    path = thresholds_path(data_dir)
    parsed, problems = curated.load(path, ThresholdsFile, root=path.parent, empty={})
    if problems:
        raise ReferenceDataError(
            f"{path}: "
            + "; ".join(f"{p.field or '(file)'}: {p.message}" for p in problems)
            + "; fix these values (`peaceops validate` lists them)"
        )
    return Thresholds(linkage=parsed.linkage, trajectory=parsed.trajectory, path=str(path))
