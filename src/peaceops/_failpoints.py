"""Named points where a test can kill the process on purpose (fault injection).

Set ``PEACEOPS_FAILPOINT=<name>`` and the process SIGKILLs itself when it
reaches that point, the way a crash or an OOM kill would. Unset (always, in
normal use) this costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

from peaceops.settings import FAILPOINT


def hit(name: str) -> None:
    if FAILPOINT.value() == name:
        os.kill(os.getpid(), signal.SIGKILL)
