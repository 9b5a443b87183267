"""peaceops: evidence-based monitoring of peace operations.

The public Python API::

    import peaceops
    reg = peaceops.registry.load()      # validated operations and sources
    op = reg.find("ОДКБ Казахстан 2022")
    reg.frame()                         # pandas DataFrame of all operations

Heavy libraries are imported only by the functions that need them, so
``import peaceops`` and ``peaceops --help`` stay fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"
__all__ = ["registry", "workspace", "__version__"]


def __getattr__(name: str):
    if name in ("registry", "workspace"):
        return importlib.import_module(f"peaceops.{name}")
    raise AttributeError(f"module 'peaceops' has no attribute {name!r}")
