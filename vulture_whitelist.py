"""Names vulture cannot see used: read by a framework, a template, serialisation or the tests.

vulture reads this file with src/ ([tool.vulture] in pyproject.toml); each name below is "used" here.
A name that becomes truly unused should be deleted from the code and from this list.
"""

# ruff: noqa: B018
from peaceops import dates, settings, vocab
from peaceops.cli.events import Breakdown, EventFormat
from peaceops.cli.main import ExportFormat
from peaceops.cli.report import ReportFormat
from peaceops.curated import Strict
from peaceops.datafiles import PublishedFigure, ReviewedSentence
from peaceops.events import schema
from peaceops.events.store import EventStore
from peaceops.events.trajectory import Coverage, TrajectoryNumbers
from peaceops.evidence import EvidenceItem
from peaceops.suggest.store import TrainedModel
from peaceops.framework.models import Indicator
from peaceops.maps.world import Country
from peaceops.registry import gaps as gaps_module
from peaceops.registry import series as series_module
from peaceops.registry.models import Aliases, Host, Names
from peaceops.report.model import EvidenceView, Figure, Header, Table
from peaceops.studies import Bh2020Result
from peaceops.workspace import evidence as evidence_table
from peaceops.workspace import users as users_table

_ = object()  # stands for objects the whitelist cannot name (a class local to a function, a parameter)

# Module-level __getattr__ (PEP 562): Python calls it for lazily loaded attributes.
_.__getattr__

# pysbd calls it: the override of its Segmenter in peaceops.ingest.sentences (a class local to _pysbd).
_.sentences_with_char_spans

# typer command-line choices: typer offers every member of these enums; the code reads only some by name.
EventFormat.ucdp_ged, EventFormat.acled, EventFormat.gdelt1, EventFormat.gdelt2, EventFormat.geopko
Breakdown.violence_type, Breakdown.side
ExportFormat.parquet
ReportFormat.pdf, ReportFormat.md

# pydantic: model_config is read by pydantic; __get_pydantic_core_schema__ receives a handler it may not need.
Strict.model_config
dates.PartialDate.__get_pydantic_core_schema__
_.handler

# Fields of the curated YAML files (pydantic models): validated, exported and listed in the data dictionary,
# though no code reads them by name.
PublishedFigure.tolerance_reason
EvidenceItem.reviewed_at
Indicator.inputs
Names.fr, Names.es, Names.ar, Names.zh
Aliases.fr, Aliases.es, Aliases.ar, Aliases.zh
Host.other_states

# Serialised with dataclasses.asdict into the JSON of `events trajectory --json` and the web API.
Coverage.date_precision
TrajectoryNumbers.years_with_deaths_after, TrajectoryNumbers.partial_settlements

# Read by the Jinja templates of the report (src/peaceops/report/templates).
Table.cited
Figure.alt
EvidenceView.is_quote
Header.evidence_filter, Header.evidence_origin, Header.peaceops_version

# The vocabularies of the date_precision and location_precision columns, documented beside the schema.
schema.DATE_PRECISIONS, schema.LOCATION_PRECISIONS

# A record field read from the vendored Natural Earth map.
Country.iso_numeric

# httpcore's network-backend interface: httpcore calls it; ours refuses unix sockets.
_.connect_unix_socket

# sqlite3 reads Connection.row_factory.
_.row_factory

# Used by scripts/gen_docs.py (the settings page).
settings.markdown

# Used by tests: the settings tests and conftest, and table helpers the tests read the workspace with.
settings.PREFIX, settings.BY_NAME
evidence_table.candidate_ids
users_table.stored_hash

# Result fields serialised by to_dict() (dataclasses.asdict) for --json and the tests.
Bh2020Result.mann_whitney_mission_years
Bh2020Result.mann_whitney_missions

# The documented order of gap names, read by tests/test_registry_gaps.py.
gaps_module.FIELDS

# Called by scripts/strength_series_from_psh.py and scripts/strength_series_from_bh.py (not under src).
series_module.write_or_check

# Fields of data/review/sentences.yaml read by bench/review_quality.py (the acceptable indicators, the junk kind).
ReviewedSentence.indicators_ok
ReviewedSentence.junk
ReviewedSentence.cue_only_proposed
ReviewedSentence.proposed_operation

# Fields of a trained model's record (suggest_models), returned by `peaceops review train --json`.
TrainedModel.trained_at
TrainedModel.trained_by

# Choices of the /watch page's type filter (templates/watch.html reads vocab.ALERT_KINDS).
vocab.ALERT_KINDS

# Loading a Parquet file already in the normalised event schema (another workspace's events): the linkage benchmark
# (bench/bench_linkage.py) builds its partitioned store with it, and tests/events/test_store.py checks it.
EventStore.load_normalised

# The list's async filter dependency takes OperationFilters' parameters: FastAPI reads them from __signature__.
operation_filters.__signature__
