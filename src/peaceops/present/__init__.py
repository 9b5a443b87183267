"""The presentation model: what people read, shaped once for every face.

An operation's facts as rows with one bibliography (:mod:`.operation`), one
shape of a comparison (:mod:`.compare`), one way to format numbers,
scores, dates and the recurring phrases of a record (:mod:`.format`), and the
registry at a glance: one row per operation (:mod:`.overview`) drawn as a
timeline and a world map (:mod:`.visual`). The
CLI, the web pages and their JSON twins, and the reports only style these.
Part of the domain: it imports no face.
"""

from peaceops.present import format
from peaceops.present.citations import Bibliography, Reference
from peaceops.present.compare import comparison, empty_comparison
from peaceops.present.operation import (
    FactRow,
    OperationFacts,
    operation_facts,
    operation_record,
    summary_row,
    summary_rows,
    timeline,
)

__all__ = [
    "Bibliography",
    "FactRow",
    "OperationFacts",
    "Reference",
    "comparison",
    "empty_comparison",
    "format",
    "operation_facts",
    "operation_record",
    "summary_row",
    "summary_rows",
    "timeline",
]
