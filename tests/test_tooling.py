"""The test configuration itself: peaceops's own warnings are errors, third-party ones are filtered by name."""

from __future__ import annotations

import warnings

import pytest


def _warn_from(module: str, category: type[Warning]) -> None:
    """Raise a warning whose origin is ``module``, the way pytest's filters see a warning from that module."""
    code = compile("import warnings\nwarnings.warn('something is off', category, stacklevel=1)", f"<{module}>", "exec")
    exec(code, {"__name__": module, "category": category})


@pytest.mark.parametrize("category", [UserWarning, DeprecationWarning, RuntimeWarning])
def test_a_warning_from_peaceops_fails_the_test(category):
    with pytest.raises(category, match="something is off"):
        _warn_from("peaceops.registry.loader", category)


def test_a_warning_from_another_package_is_only_recorded():
    with warnings.catch_warnings(record=True) as caught:  # keeps the configured filters, records instead of printing
        _warn_from("peaceopsish", UserWarning)
    assert [str(w.message) for w in caught] == ["something is off"]
