"""The presentation model: what people read, shaped once for every face.

An operation's facts as rows with one bibliography (:mod:`.operation`), one
shape of a comparison (:mod:`.compare`) and one way to format numbers,
scores, dates and the recurring phrases of a record (:mod:`.format`). The
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
