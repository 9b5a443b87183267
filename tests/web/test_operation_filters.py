"""/operations filters with the registry's one filter function: the same answers as `peaceops ops list`."""

from __future__ import annotations

import json

import pytest

CASES = [
    # (web query, CLI options)
    ({"status": "ended"}, ["--status", "ended"]),
    ({"kind": "bilateral", "year_from": 2009}, ["--kind", "bilateral", "--years", "2009-"]),
    ({"year_from": 1990, "year_to": 1995}, ["--years", "1990-1995"]),
    ({"active_on": "2010-01-01"}, ["--active-on", "2010-01-01"]),
    ({"q": "jpkf ossetia"}, ["--search", "jpkf ossetia"]),
    ({"lead": "nato", "host": "serbia"}, ["--lead", "nato", "--host", "serbia"]),
    ({"decade": "2010s"}, ["--decade", "2010s"]),
    ({"lead_group": "cis-csto-russia", "decade": "1990s"}, ["--lead-group", "cis-csto-russia", "--decade", "1990"]),
]


@pytest.mark.parametrize("query, options", CASES)
def test_web_and_cli_list_the_same_operations(client, cli, web_data, query, options):
    web = client.get("/operations.json", params=query)
    assert web.status_code == 200, web.text
    result = cli("ops", "list", *options, "--json", data=web_data)
    assert result.exit_code == 0, result.output
    from_cli = [row["id"] for row in json.loads(result.stdout)]
    from_web = [row["id"] for row in web.json()["rows"]]
    assert sorted(from_web) == sorted(from_cli)
    assert from_web  # every case selects something, so agreement is not vacuous


def test_active_on_is_echoed_and_the_form_offers_it(client):
    data = client.get("/operations.json", params={"active_on": "2009-01-01"}).json()
    assert data["filters"]["active_on"] == "2009-01-01"
    assert {row["id"] for row in data["rows"]} == {"kosovo-kfor-1999", "transnistria-jpkf-1992"}
    page = client.get("/operations", params={"active_on": "2009-01-01", "q": "kosovo"}).text
    assert 'name="active_on" type="date" value="2009-01-01"' in page
    assert 'name="q" type="search" value="kosovo"' in page


def test_bad_filters_say_what_is_wrong(client):
    assert client.get("/operations.json", params={"status": "finished"}).status_code == 422
    backwards = client.get("/operations.json", params={"year_from": 2000, "year_to": 1990})
    assert backwards.status_code == 400 and "backwards" in backwards.text


def test_an_empty_form_lists_everything(client):
    page = client.get("/operations?kind=&lead=&host=&status=&year_from=&year_to=&active_on=&q=&sort=start&order=asc")
    assert page.status_code == 200, page.text
    assert "3 of 3 operations" in page.text


def test_year_bounds_are_still_checked(client):
    assert client.get("/operations.json", params={"year_from": 1800}).status_code == 422
