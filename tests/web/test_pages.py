"""Every page and its JSON twin (and CSV tables): status, type, Link headers, and the same data in each."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from peaceops.web.context import RECENT_KEPT

KFOR = "kosovo-kfor-1999"
JPKF = "transnistria-jpkf-1992"

# page -> its JSON twin (both open to everyone)
TWINS = [
    ("/", "/index.json"),
    ("/operations", "/operations.json"),
    (f"/operations/{KFOR}", f"/operations/{KFOR}.json"),
    (f"/compare?ops={KFOR}&ops={JPKF}", f"/compare.json?ops={KFOR}&ops={JPKF}"),
    ("/evidence", "/evidence.json"),
    ("/review", "/review.json"),
    ("/studies", "/studies.json"),
]


def _links(response) -> dict[str, str]:
    """type -> href from a Link header."""
    out = {}
    for part in response.headers.get("link", "").split(","):
        match = re.match(r'\s*<([^>]+)>;\s*rel="alternate";\s*type="([^"]+)"', part)
        if match:
            out[match.group(2)] = match.group(1)
    return out


@pytest.mark.parametrize("page,twin", TWINS)
def test_page_and_json_twin_point_at_each_other(client, page, twin):
    html = client.get(page)
    assert html.status_code == 200, html.text
    assert html.headers["content-type"].startswith("text/html")
    assert _links(html)["application/json"] == twin
    assert f'<link rel="alternate" type="application/json" href="{twin.replace("&", "&amp;")}">' in html.text

    data = client.get(twin)
    assert data.status_code == 200, data.text
    assert data.headers["content-type"].startswith("application/json")
    assert _links(data)["text/html"] == page
    assert isinstance(data.json(), dict)


def test_admin_page_and_twin_for_admins(admin_client):
    html = admin_client.get("/admin")
    assert html.status_code == 200
    assert _links(html)["application/json"] == "/admin.json"
    data = admin_client.get("/admin.json").json()
    assert {u["name"] for u in data["users"]} == {"amina", "boris"}
    assert [e["action"] for e in data["audit"]] == ["user.add", "user.add"]


@pytest.mark.parametrize("table", ["/operations", "/evidence"])
def test_tables_export_as_csv_with_the_json_rows(client, table):
    data = client.get(table + ".json").json()
    response = client.get(table + ".csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert _links(response) == {"text/html": table, "application/json": table + ".json"}
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == data["count"] > 0
    assert [r["id"] for r in rows] == [r["id"] for r in data["rows"]]
    assert _links(client.get(table))["text/csv"] == table + ".csv"


def test_operations_filter_and_sort_reach_page_json_and_csv(client):
    query = "?kind=bilateral&sort=id&order=desc"
    data = client.get("/operations.json" + query).json()
    assert data["total"] == 3
    assert [r["id"] for r in data["rows"]] == [JPKF, "south-ossetia-jpkf-1992"]
    assert all(r["kind"] == "bilateral" for r in data["rows"])
    page = client.get("/operations" + query)
    assert _links(page)["application/json"] == "/operations.json" + query
    assert "south-ossetia-jpkf-1992" in page.text and KFOR not in page.text
    rows = list(csv.DictReader(io.StringIO(client.get("/operations.csv" + query).text)))
    assert [r["id"] for r in rows] == [JPKF, "south-ossetia-jpkf-1992"]


def test_operations_filter_by_lead_host_status_and_years(client):
    def ids(query):
        return [r["id"] for r in client.get("/operations.json" + query).json()["rows"]]

    assert ids("?lead=nato") == [KFOR]
    assert ids("?host=moldova") == [JPKF]
    assert ids("?status=active&sort=id") == [KFOR, JPKF]
    assert ids("?status=ended") == ["south-ossetia-jpkf-1992"]
    assert set(ids("?year_from=1999&year_to=1999")) >= {KFOR}
    assert KFOR not in ids("?year_to=1995")
    assert ids("?cites=unscr-1244") == [KFOR]
    assert ids("?regional_power=true") == []
    assert len(ids("?regional_power=false")) == 3
    names = [r["name"] for r in client.get("/operations.json?sort=name&order=desc").json()["rows"]]
    assert names == sorted(names, key=str.casefold, reverse=True)


def test_operation_page_shows_facts_sources_timeline_map_and_assessment(client):
    data = client.get(f"/operations/{KFOR}.json").json()
    assert data["id"] == KFOR
    assert data["operation"]["name"]["en"] == "Kosovo Force"
    numbered = {s["number"]: s["id"] for s in data["sources"]}
    assert all(ref["id"] == numbered[ref["number"]] for fact in data["facts"] for ref in fact["sources"])
    assert any(f["label"] == "legal basis" for f in data["facts"])
    assert [t["sort"] for t in data["timeline"]] == sorted(t["sort"] for t in data["timeline"])
    assert {t["kind"] for t in data["timeline"]} >= {"deployment"}
    by_id = {s["id"]: s["number"] for s in data["sources"]}
    assert all(ref["number"] == by_id[ref["id"]] for t in data["timeline"] for ref in t["sources"])  # one numbering
    principles = data["assessment"]["principles"]
    assert {p["principle"] for p in principles} >= {"consent", "impartiality", "legal-basis-mandate", "multilateralism"}
    legal = next(i for p in principles for i in p["indicators"] if i["indicator"] == "legal-basis")
    assert legal["score"] == 2 and legal["rationale"]
    assert data["events"]["status"] == "not measured"
    assert data["map"]["svg"] == f"/operations/{KFOR}/map.svg"

    html = client.get(f"/operations/{KFOR}").text
    assert "Kosovo Force" in html
    assert 'id="indicator-legal-basis"' in html
    assert "Not measured." in html  # event metrics without event data: never zeros
    for source in data["sources"]:
        assert f'id="src-{source["number"]}"' in html


def test_operation_evidence_is_listed_under_its_indicator(client):
    data = client.get(f"/operations/{JPKF}.json").json()
    listed = [ev["id"] for p in data["assessment"]["principles"] for i in p["indicators"] for ev in i["evidence"]]
    curated = [r["id"] for r in client.get(f"/evidence.json?operation={JPKF}").json()["rows"]]
    assert listed and set(listed) <= set(curated)
    html = client.get(f"/operations/{JPKF}").text
    for ev_id in listed:
        assert f'href="/evidence/{ev_id}"' in html


def test_operation_map_is_an_svg_with_its_own_locked_down_policy(client):
    response = client.get(f"/operations/{KFOR}/map.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.lstrip().startswith("<svg")
    assert "<script" not in response.text.lower()
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_operation_by_name_redirects_to_its_id(client):
    response = client.get("/operations/KFOR")
    assert response.status_code == 307
    assert response.headers["location"] == f"/operations/{KFOR}"
    assert client.get("/operations/KFOR.json").headers["location"] == f"/operations/{KFOR}.json"


def test_compare_by_principle_links_every_cell_to_its_evidence(client):
    data = client.get(f"/compare.json?ops={KFOR}&ops={JPKF}").json()
    assert data["operations"] == [KFOR, JPKF]
    assert data["by"] == "principle"
    assert {r["principle"] for r in data["rows"]} == {
        p["principle"] for p in client.get(f"/operations/{KFOR}.json").json()["assessment"]["principles"]
    }
    html = client.get(f"/compare?ops={KFOR}&ops={JPKF}").text
    assert f"/evidence?operation={KFOR}&amp;principle=consent" in html
    assert f'href="/operations/{JPKF}#principle-consent"' in html
    by_indicator = client.get(f"/compare.json?ops={KFOR}&ops={JPKF}&by=indicator").json()
    assert by_indicator["by"] == "indicator" and "indicator" in by_indicator["rows"][0]


def test_compare_without_operations_shows_the_picker(client):
    html = client.get("/compare").text
    assert f'value="{KFOR}"' in html
    assert client.get("/compare.json").json()["rows"] == []


def test_evidence_search_and_filters(client):
    everything = client.get("/evidence.json").json()
    assert everything["count"] == 3
    first = everything["rows"][0]
    assert first["source_record"]["id"] == first["source"] and first["grade"] == first["reliability"] + str(
        first["credibility"]
    )
    assert client.get(f"/evidence.json?indicator={first['indicator']}").json()["count"] >= 1
    assert (
        client.get("/evidence.json?stance=supports").json()["count"]
        + client.get("/evidence.json?stance=contradicts").json()["count"]
        + client.get("/evidence.json?stance=mixed").json()["count"]
        == 3
    )
    word = first["text"].split()[1]
    assert first["id"] in [r["id"] for r in client.get(f"/evidence.json?q={word}").json()["rows"]]
    assert client.get("/evidence.json?q=zzzznotaword").json()["count"] == 0
    assert client.get("/evidence.json?min_grade=A1").json()["count"] <= 3
    assert client.get("/evidence.json?origin=workspace").json()["count"] == 0


def test_one_evidence_item_page_and_twin(client):
    item = client.get("/evidence.json").json()["rows"][0]
    data = client.get(f"/evidence/{item['id']}.json").json()
    assert data == item
    html = client.get(f"/evidence/{item['id']}")
    assert html.status_code == 200 and item["source"] in html.text


def test_overview_counts(client):
    data = client.get("/index.json").json()
    assert data["operations"] == 3
    assert data["evidence"] == {"curated": 3, "reviewed_in_workspace": 0, "total": 3}
    assert data["review_pending"] == 0
    assert data["event_data_loaded"] is False


def test_studies_without_their_data_say_not_available(client):
    studies = client.get("/studies.json").json()["studies"]
    assert {s["study"]: s["status"] for s in studies} == {
        "hks2013": "not available",
        "fortna": "not available",
        "deployer": "reproduced",
    }
    assert all(s["reason"].startswith("not available") for s in studies if s["status"] != "reproduced")
    deployer = next(s for s in studies if s["study"] == "deployer")  # reads the registry, not replication files
    groups = {g["group"]: g for g in deployer["result"]["groups"]}
    assert groups["CIS/CSTO/Russia"]["trajectories"] == {"not measured": 2}


def test_studies_reproduced_from_the_shipped_data_with_their_plots(shipped_app, new_client):
    client = new_client(shipped_app)
    studies = {s["study"]: s for s in client.get("/studies.json").json()["studies"]}
    assert studies["hks2013"]["status"] == "reproduced"
    assert studies["hks2013"]["result"]["model"]["n"] == 3746
    assert studies["fortna"]["status"] == "reproduced"
    png = client.get(studies["fortna"]["plots"]["png"])
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    svg = client.get(studies["fortna"]["plots"]["svg"])
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert studies["deployer"]["status"] == "reproduced"
    assert len(studies["deployer"]["result"]["groups"]) == 4
    html = client.get("/studies").text
    assert studies["hks2013"]["plots"]["png"] in html


def test_review_queue_is_open_to_read(client):
    data = client.get("/review.json").json()
    assert data == {"status": "pending", "operation": None, "count": 0, "candidates": []}
    assert "The queue is empty" in client.get("/review").text


def test_event_metrics_and_trajectory_when_event_data_is_loaded(make_app, web_data, workspace_dir, new_client):
    from peaceops import events

    events.load_files(
        [str(Path(__file__).parents[1] / "data" / "events" / "ucdp_reduced_balkans.csv")], workspace=workspace_dir
    )
    client = new_client(make_app(web_data))
    panel = client.get(f"/operations/{KFOR}.json").json()["events"]
    assert panel["status"] == "measured"
    assert {r["dataset"] for r in panel["metrics"]} == {"ucdp-ged"}
    assert all(r["operation_id"] == KFOR for r in panel["metrics"])
    trajectory = panel["trajectory"]
    assert trajectory["classification"] and trajectory["reason"]
    deaths = trajectory["numbers"]["deaths_by_year"]
    assert [b["value"] for b in panel["chart"]["bars"]] == [deaths[str(y)] for y in sorted(map(int, deaths))]
    html = client.get(f"/operations/{KFOR}").text
    assert trajectory["classification"] in html and "Not measured." not in html
    assert client.get("/index.json").json()["event_data_loaded"] is True


def test_the_thesis_model_is_on_the_studies_page_with_its_forest_plot_and_cells(make_app, new_client, workspace_dir):
    """With event data in the workspace, /studies shows the logistic models, the power statement, the operations in
    each cell and the forest plot; the JSON twin carries the same numbers."""
    from pathlib import Path

    from peaceops import events

    examples = Path(__file__).resolve().parents[2] / "examples" / "events"
    events.load_files([examples / "ged201_reduced.csv"], workspace=workspace_dir)
    client = new_client(make_app())
    studies = {s["study"]: s for s in client.get("/studies.json").json()["studies"]}
    model = studies["deployer"]["result"]["thesis_model"]
    assert model["n"] > 100 and model["models"] and model["power"]["statement"]
    html = client.get("/studies").text
    effect = next(e for m in model["models"] if "effects" in m for e in m["effects"] if e["odds_ratio"])
    assert effect["term"] in html and f"{effect['odds_ratio']:.2f}" in html
    assert model["power"]["statement"].split(" (Cohen")[0] in html  # the apostrophe after it is HTML-escaped
    some_case = next(iter(next(iter(model["cells"].values())).values()))[0]
    assert f'href="/operations/{some_case}"' in html
    png = client.get("/studies/plots/deployer_outcomes_forest.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_list_responses_are_kept_per_filter_set_and_only_the_most_recent(client, app):
    """/operations and its twin are shaped once per filter set (a second request answers the same bytes), and the
    application keeps only the latest few: a visitor cycling through queries cannot fill the server's memory."""
    first = client.get("/operations.json?kind=un")
    again = client.get("/operations.json?kind=un")
    assert first.content == again.content
    assert client.get("/operations.json?kind=coalition").json()["filters"] == {
        "kind": "coalition",
        "sort": "start",
        "order": "asc",
    }
    ctx = app.state.web
    computed = []
    for n in range(3 * RECENT_KEPT):
        ctx.recent(("probe", n), lambda n=n: computed.append(n) or n)
    assert ctx.recent(("probe", 3 * RECENT_KEPT - 1), lambda: "computed again") == 3 * RECENT_KEPT - 1
    assert ctx.recent(("probe", 0), lambda: "computed again") == "computed again"  # the oldest was let go
    assert len(computed) == 3 * RECENT_KEPT


@pytest.mark.parametrize("path", [f"/operations/{KFOR}", "/operations", "/operations?kind=bilateral"])
def test_a_page_whose_content_is_shared_keeps_each_visitors_own_layout(app, client, editor_client, path):
    """The operation page and the list are rendered once for everyone; the layout around them is the visitor's."""
    anonymous, editor = client.get(path), editor_client.get(path)
    assert anonymous.status_code == editor.status_code == 200
    assert int(editor.headers["content-length"]) == len(editor.content)
    assert "Log in" in anonymous.text and 'data-user="amina"' not in anonymous.text
    assert 'data-user="amina"' in editor.text and 'name="csrf_token"' in editor.text
    content = re.sub(r'<p class="flash[^<]*</p>', "", anonymous.text.split("<main>", 1)[1].split("</main>", 1)[0])
    assert len(content) > 1000 and content.strip() in editor.text  # the same content, byte for byte
    assert "peaceops:page-body" not in anonymous.text + editor.text
