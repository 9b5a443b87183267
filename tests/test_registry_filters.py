"""One filter for operations serves `peaceops ops list` and /operations alike."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from peaceops import registry
from peaceops.errors import UsageError
from peaceops.registry.filters import OperationFilter, parse_years


@pytest.fixture
def reg(mini_data):
    return registry.load(mini_data, use_cache=False)


def _ids(ops) -> set[str]:
    return {op.id for op in ops}


def test_each_criterion(reg):
    assert _ids(reg.filter(status="ended")) == {"south-ossetia-jpkf-1992"}
    assert _ids(reg.filter(kind="bilateral")) == {"south-ossetia-jpkf-1992", "transnistria-jpkf-1992"}
    assert _ids(reg.filter(year_from=2009)) == {"kosovo-kfor-1999", "transnistria-jpkf-1992"}
    assert _ids(reg.filter(year_to=1995)) == {"south-ossetia-jpkf-1992", "transnistria-jpkf-1992"}
    assert _ids(reg.filter(active_on=dt.date(2010, 1, 1))) == {"kosovo-kfor-1999", "transnistria-jpkf-1992"}
    assert _ids(reg.filter(host="serbia")) == {"kosovo-kfor-1999"}
    assert _ids(reg.filter(search="kfor")) == {"kosovo-kfor-1999"}
    assert _ids(reg.filter(search="JPKF ossetia")) == {"south-ossetia-jpkf-1992"}  # every word must appear
    assert _ids(reg.filter(search="Приднестровья")) == {"transnistria-jpkf-1992"}  # Russian names are searched
    assert _ids(reg.filter(search="ОБЪЕДИНЕННЫЕ")) == {"transnistria-jpkf-1992"}  # case and ё folded
    assert _ids(reg.filter(status="ended", kind="un")) == set()


def test_unknown_vocabulary_and_backward_years_are_refused():
    with pytest.raises(UsageError, match="status must be one of active, ended, requested-not-deployed"):
        OperationFilter(status="finished")
    with pytest.raises(UsageError, match="backwards"):
        OperationFilter(year_from=2000, year_to=1990)


@pytest.mark.parametrize(
    "text, years",
    [
        ("1990-1999", (1990, 1999)),
        ("1995", (1995, 1995)),
        ("2000-", (2000, None)),
        ("-1999", (None, 1999)),
        ("1990..1999", (1990, 1999)),
        (None, (None, None)),
    ],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["nineties", "1999-1990", "-", "19-20"])
def test_parse_years_refuses(text):
    with pytest.raises(UsageError, match="YYYY|backwards"):
        parse_years(text)


def test_cli_ops_list_has_status_years_and_search(cli, mini_data):
    def ids(*args):
        result = cli("ops", "list", *args, "--json", data=mini_data)
        assert result.exit_code == 0, result.output
        return {row["id"] for row in json.loads(result.stdout)}

    assert ids("--status", "ended") == {"south-ossetia-jpkf-1992"}
    assert ids("--years", "2009-2020") == {"kosovo-kfor-1999", "transnistria-jpkf-1992"}
    assert ids("--search", "Transnistria") == {"transnistria-jpkf-1992"}
    assert ids("--active-on", "2010-01-01", "--kind", "alliance") == {"kosovo-kfor-1999"}
    bad = cli("ops", "list", "--years", "1999-1990", data=mini_data)
    assert bad.exit_code != 0 and "backwards" in bad.output
    wrong = cli("ops", "list", "--status", "finished", data=mini_data)
    assert wrong.exit_code != 0 and "finished" in wrong.output


def test_regional_power_and_cited_source_criteria(mini_data):
    path = mini_data / "operations" / "transnistria-jpkf-1992.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "regional_power:\n  value: Russia\n  sources: [moscow-agreement-1992-07-21]\n", "utf-8")
    reg = registry.load(mini_data, use_cache=False)
    assert _ids(reg.filter(regional_power=True)) == {"transnistria-jpkf-1992"}
    assert _ids(reg.filter(regional_power=False)) == {"kosovo-kfor-1999", "south-ossetia-jpkf-1992"}
    assert _ids(reg.filter(cites="unscr-1244")) == {"kosovo-kfor-1999"}
    assert _ids(reg.filter(cites="sochi-agreement-1992-06-24")) == {"south-ossetia-jpkf-1992"}


def test_cli_filters_by_regional_power_and_source(cli, mini_data):
    rows = json.loads(cli("ops", "list", "--cites", "unscr-1244", "--json", data=mini_data).stdout)
    assert [r["id"] for r in rows] == ["kosovo-kfor-1999"]
    rows = json.loads(cli("ops", "list", "--no-regional-power", "--json", data=mini_data).stdout)
    assert len(rows) == 3 and all(r["regional_power"] is None for r in rows)
    unknown = cli("ops", "list", "--cites", "no-such-source", data=mini_data)
    assert unknown.exit_code != 0 and "no source with id 'no-such-source'" in unknown.output
