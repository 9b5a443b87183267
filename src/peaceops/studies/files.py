"""Finding and reading the replication files, with errors that say what is wrong and where.

The files live in a ``studies/`` folder of the curated data directory
(``data/studies/`` in the repository, shipped with the package). Every reader
checks what the study needs — the file exists, parses, has the columns, the
values are numbers — before any model sees the data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from peaceops.settings import resolve_data_dir
from peaceops.studies.errors import StudyDataError

if TYPE_CHECKING:
    from collections.abc import Iterable

HKS_REDUCED = "hks2013.csv"
HKS_FULL = "HKS_AJPS_2013.tab"
FORTNA = "fortna_pk_pkept.dta"
PUBLISHED = "published.yaml"


def default_studies_dir(data_dir: str | Path | None = None) -> Path:
    """``studies/`` inside the curated data directory (argument, else $PEACEOPS_DATA, else the shipped data)."""

    return resolve_data_dir(data_dir) / "studies"


def resolve_studies_dir(studies_dir: str | Path | None) -> Path:
    return Path(studies_dir).expanduser() if studies_dir is not None else default_studies_dir()


def require_file(folder: Path, name: str, what: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise StudyDataError(
            f"{what} not found: expected {path}; copy data/studies/{name} from the peaceops repository "
            f"into {folder}, or give the folder that holds it (--studies-dir, or studies_dir= in Python)"
        )
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_table(path: Path, *, sep: str, columns: Iterable[str], what: str):
    """Read a delimited file and check that ``columns`` exist and hold numbers; returns a DataFrame."""
    import pandas as pd  # heavy: pandas, loaded on first use

    try:
        frame = pd.read_csv(path, sep=sep, low_memory=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as exc:
        kind = "tab" if sep == "\t" else "comma"
        raise StudyDataError(f"{what} at {path} cannot be read as a {kind}-separated table: {exc}") from None
    return check_numeric(frame, columns, path=path, what=what)


def check_numeric(frame, columns: Iterable[str], *, path: Path, what: str):
    """Every column present and numeric (missing values allowed here; the caller decides about them)."""
    import pandas as pd  # heavy: pandas, loaded on first use

    columns = list(columns)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise StudyDataError(
            f"{what} at {path} lacks column(s) {', '.join(missing)}; found {', '.join(map(str, frame.columns[:15]))}"
            f"{' …' if len(frame.columns) > 15 else ''}. Use the replication file shipped in data/studies/"
        )
    if frame.empty:
        raise StudyDataError(f"{what} at {path} has a header but no rows")
    for column in columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            continue
        converted = pd.to_numeric(frame[column], errors="coerce")
        bad = frame[column].notna() & converted.isna()
        if bad.any():
            row = int(bad.idxmax())
            raise StudyDataError(
                f"{what} at {path}: column {column!r} must hold numbers, found {frame[column][row]!r} "
                f"in data row {row + 1}"
            )
        frame[column] = converted
    return frame


def read_stata(path: Path, *, columns: Iterable[str], what: str):
    """Read a Stata .dta file with pandas and check the columns a study needs."""
    import pandas as pd  # heavy: pandas, loaded on first use

    try:
        frame = pd.read_stata(path)
    except Exception as exc:  # pandas raises ValueError, struct.error, UnicodeDecodeError… on a bad file
        raise StudyDataError(
            f"{what} at {path} is not a readable Stata .dta file: {exc.__class__.__name__}: {exc}"
        ) from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise StudyDataError(
            f"{what} at {path} lacks column(s) {', '.join(missing)}; use the replication file shipped in data/studies/"
        )
    if frame.empty:
        raise StudyDataError(f"{what} at {path} has no rows")
    return frame
