"""Reference tables of the events package (``data/events/reference.yaml``).

CAMEO peacekeeping codes and root labels, actor-name patterns for
peacekeepers, the ACLED event types counted as violence, and the Geo-PKO
mission-to-operation table. The file is curated data: it is read from the
data directory (``--data``, ``$PEACEOPS_DATA``, else the shipped data) and,
when that directory has none, from the shipped data. The schema is
:class:`peaceops.datafiles.Reference`; a broken entry raises
:class:`ReferenceDataError` naming every key.
"""

from __future__ import annotations

import functools
from pathlib import Path

from peaceops import curated, datafiles
from peaceops.datafiles import CameoRoot, Reference
from peaceops.events.errors import ReferenceDataError
from peaceops.settings import resolve_data_dir

__all__ = ["CameoRoot", "Reference", "reference_path", "load_reference"]


def reference_path(data_dir: str | Path | None = None) -> Path:
    """``events/reference.yaml`` of the data directory, else the shipped one."""
    return datafiles.resolve(resolve_data_dir(data_dir), datafiles.REFERENCE)


def load_reference(path: Path | None = None) -> Reference:
    """The reference tables at ``path`` (default: :func:`reference_path`), validated."""
    return _load(Path(path) if path is not None else reference_path())


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> Reference:
    parsed, problems = curated.load(path, Reference, root=datafiles.data_root(path, datafiles.REFERENCE))
    if problems:
        raise ReferenceDataError(
            f"{path}: "
            + "; ".join(f"{p.field or '(file)'}: {p.message}" for p in problems)
            + "; fix these entries (`peaceops validate` lists them)"
        )
    return parsed
