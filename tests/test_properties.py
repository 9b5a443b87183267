"""Property-based tests: readers and normalisers accept anything and answer with a result or a documented error.

Bounded (max_examples) so they run in CI; `HYPOTHESIS_PROFILE=fuzz` runs many more examples on demand.
"""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceops.dates import PartialDate
from peaceops.errors import DataValidationError, PeaceopsError
from peaceops.ingest.decode import decode
from peaceops.ingest.errors import InputRejected
from peaceops.ingest.extract import extract_html, extract_plain, remove_clutter
from peaceops.ingest.feeds import parse_feed

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000)


@given(st.binary(max_size=4000))
def test_decode_any_bytes(raw):
    try:
        text, encoding = decode(raw, "input")
    except InputRejected as exc:
        assert str(exc).startswith("input: ")
    else:
        assert isinstance(text, str) and encoding


@given(TEXT)
def test_decode_round_trips_utf8(text):
    if not text.strip() or "\x00" in text:
        return
    decoded, encoding = decode(text.encode("utf-8"), "input")
    assert decoded == text


@given(TEXT)
def test_plain_extraction_never_crashes(text):
    try:
        extracted = extract_plain(text, "input")
    except InputRejected as exc:
        assert "no text left" in str(exc)
    else:
        assert extracted.text == extracted.text.strip() and extracted.text


@given(
    st.lists(
        st.sampled_from(
            ["<div>", "</div>", "<p>", "</p>", "<b>", "text ", "KFOR ", "<script>x</script>", "&amp;", "<", ">"]
        ),
        max_size=300,
    )
)
def test_html_extraction_never_crashes(parts):
    html = "<html><body>" + "".join(parts) + "</body></html>"
    try:
        extracted = extract_html(html, "input")
    except InputRejected:
        return
    assert "<script>" not in extracted.text


@given(TEXT)
def test_clutter_removal_is_idempotent(text):
    once = remove_clutter(text)
    assert remove_clutter(once) == once


@given(st.binary(max_size=3000))
def test_feed_parser_on_any_bytes(raw):
    try:
        entries = parse_feed(raw, "feed")
    except InputRejected as exc:
        assert "feed" in str(exc)
    else:
        assert entries


@given(st.one_of(st.text(max_size=20), st.integers(), st.dates(), st.none()))
def test_partial_dates(value):
    try:
        parsed = PartialDate.parse(value)
    except ValueError as exc:
        assert "expected a date" in str(exc) or "out of range" in str(exc) or "day is out of range" in str(exc)
    else:
        assert parsed.earliest() <= parsed.latest()
        assert PartialDate.parse(str(parsed)) == parsed


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


@given(
    st.dictionaries(
        st.sampled_from(["id", "name", "kind", "lead", "status", "host", "start", "end", "sources", "area"]),
        YAML_VALUES,
        max_size=10,
    )
)
def test_registry_loader_reports_problems_never_crashes(tmp_path_factory, document):
    from peaceops import registry

    root = tmp_path_factory.mktemp("data")
    (root / "operations").mkdir()
    (root / "sources").mkdir()
    (root / "operations" / "x-y-2000.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        registry.load(root)
    except DataValidationError as exc:
        assert all(p.file for p in exc.problems)
    except PeaceopsError as exc:  # pragma: no cover - any other documented error is acceptable too
        pytest.fail(f"unexpected error type {type(exc).__name__}: {exc}")


@given(st.binary(max_size=2000))
def test_registry_loader_on_arbitrary_file_bytes(tmp_path_factory, raw):
    from peaceops import registry

    root = tmp_path_factory.mktemp("data")
    (root / "operations").mkdir()
    (root / "sources").mkdir()
    (root / "operations" / "x-y-2000.yaml").write_bytes(raw)
    with pytest.raises(DataValidationError):
        registry.load(root)
