"""Property-based tests of the event readers: any file gives rows and rejects, or a documented error.

Two kinds of input per format: arbitrary bytes, and a real fixture with
random damage (lines dropped, fields cut, bytes flipped), the realistic
failure of a truncated download or a hand-edited export. Never a crash, never
a hang, never a row both written and rejected.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceops.errors import PeaceopsError
from peaceops.events.store import EventStore

FIXTURES = Path(__file__).parents[1] / "data" / "events"
CASES = {
    "ucdp-ged": "ucdp_reduced_balkans.csv",
    "acled": "acled_current_handwritten.csv",
    "gdelt1": "gdelt1_mixed_slice.tsv",
    "geopko": "geopko_v23_slice.csv",
}
PROFILE = settings(
    max_examples=int(os.environ.get("PEACEOPS_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _load(tmp_path_factory, data: bytes, fmt: str | None, suffix: str):
    root = tmp_path_factory.mktemp("fuzz")
    path = root / f"input{suffix}"
    path.write_bytes(data)
    store = EventStore(root / "events")
    try:
        result = store.load(path, fmt)
    except PeaceopsError as exc:
        assert str(exc)  # a documented error says what went wrong
        return None
    assert result.rows_written >= 0 and result.rows_rejected >= 0
    return result


@pytest.mark.parametrize("fmt", sorted(CASES))
@PROFILE
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes(tmp_path_factory, fmt, data):
    _load(tmp_path_factory, data, fmt, ".csv")


@PROFILE
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_with_format_detection(tmp_path_factory, data):
    _load(tmp_path_factory, data, None, ".csv")


@pytest.mark.parametrize("fmt", sorted(CASES))
@PROFILE
@given(
    drop=st.sets(st.integers(0, 60), max_size=10),
    cut=st.integers(0, 60),
    flips=st.lists(st.integers(0, 20000), max_size=5),
)
def test_damaged_real_files(tmp_path_factory, fmt, drop, cut, flips):
    lines = (FIXTURES / CASES[fmt]).read_bytes().splitlines(keepends=True)
    kept = [line for number, line in enumerate(lines) if number not in drop or number == 0]
    if cut and cut < len(kept):
        line = kept[cut]
        kept[cut] = line[: len(line) // 2] + b"\n"  # a row cut short
    data = bytearray(b"".join(kept))
    for position in flips:
        if data:
            data[position % len(data)] ^= 0xFF
    total_rows = max(len(kept) - 1, 0)
    result = _load(tmp_path_factory, bytes(data), fmt, Path(CASES[fmt]).suffix)
    if result is not None and fmt != "gdelt1":  # GDELT has no header line: every line is a row
        assert result.rows_written + result.rows_rejected <= total_rows + 1
