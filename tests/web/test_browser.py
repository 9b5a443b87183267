"""A real browser (Playwright driving Debian's Chromium) against a real `peaceops serve` on a loopback port.

Skipped only when /usr/bin/chromium is missing (install it with
`apt-get install -y chromium`; Playwright's own browser download is not used).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from web_support import EDITOR, HOSTILE, SEED, LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
KAZAKHSTAN = "kazakhstan-csto-cpf-2022"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)",
)


@pytest.fixture
def server(workspace_dir, tmp_path):
    """The server on the shipped curated data, with one editor account in its fresh workspace."""
    from peaceops import users
    from peaceops.workspace import open_workspace

    users.add_user(open_workspace(workspace_dir), *EDITOR, role="editor", actor="test-setup")
    live = LiveServer(workspace_dir, None, log=tmp_path / "server.log")
    yield live
    live.stop()


@pytest.fixture
def browser_page():
    """A fresh page that records dialogs and console errors (a CSP violation is a console error)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.dialogs, page.console_errors = [], []

        def on_dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _log_in(page, base: str, target: str) -> None:
    page.goto(base + target)
    assert "/login" in page.url  # editors only: the browser is sent to the login form
    page.fill("input[name=name]", EDITOR[0])
    page.fill("input[name=password]", EDITOR[1])
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + target)
    assert page.inner_text(".who").startswith(EDITOR[0])


def _indicator_json(page, base: str, op_id: str, indicator: str) -> dict:
    data = page.request.get(f"{base}/operations/{op_id}.json").json()
    return next(i for p in data["assessment"]["principles"] for i in p["indicators"] if i["indicator"] == indicator)


def test_log_in_ingest_the_seed_accept_a_candidate_and_see_the_assessment_change(server, browser_page):
    page, base = browser_page, server.url
    _log_in(page, base, "/ingest")

    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    page.click("form.ingest button[type=submit]")
    result = page.locator("article.ingest-result")
    assert result.get_attribute("data-status") == "ingested"
    assert "War for Peace" in result.locator("h3").inner_text()
    assert KAZAKHSTAN in result.locator("ul.mentions").inner_text()

    page.goto(f"{base}/review?operation={KAZAKHSTAN}")
    candidate = page.locator("li.candidate").first
    candidate_id = candidate.get_attribute("data-candidate")
    sentence = candidate.locator("blockquote.sentence").inner_text()

    before = next(
        i
        for p in page.request.get(f"{base}/operations/{KAZAKHSTAN}.json").json()["assessment"]["principles"]
        for i in p["indicators"]
        if i["status"] == "insufficient evidence"
    )
    indicator = before["indicator"]
    page.goto(f"{base}/operations/{KAZAKHSTAN}")
    assert page.get_attribute(f"#indicator-{indicator}", "data-score") == ""

    page.goto(f"{base}/review?operation={KAZAKHSTAN}")
    candidate = page.locator(f"li.candidate[data-candidate='{candidate_id}']")
    candidate.locator("details.actions summary").click()
    form = candidate.locator("form.accept")
    form.locator("select[name=indicator]").select_option(indicator)
    form.locator("select[name=stance]").select_option("contradicts")
    form.locator("select[name=reliability]").select_option("A")
    form.locator("select[name=credibility]").select_option("1")
    assert form.locator("select[name=operation_id]").input_value() == KAZAKHSTAN
    form.locator("button.accept-button").click()
    page.wait_for_url(f"{base}/review")
    assert "Accepted as evidence" in page.inner_text(".flash")

    page.goto(f"{base}/operations/{KAZAKHSTAN}")
    block = page.locator(f"#indicator-{indicator}")
    assert block.get_attribute("data-score") == "0.0"  # insufficient evidence -> contrary, from the new item
    assert sentence[:60] in block.locator("ul.evidence-list").inner_text()
    assert "reviewed here by " + EDITOR[0] in block.inner_text()
    after = _indicator_json(page, base, KAZAKHSTAN, indicator)
    # the accepted item is added to whatever weak evidence was there before and decides the score
    assert after["status"] == "scored" and after["score"] == 0
    assert len(after["evidence"]) == len(before.get("evidence", [])) + 1
    assert any(ev["grade"] == "A1" and ev["stance"] == "contradicts" for ev in after["evidence"])
    assert page.console_errors == [] and page.dialogs == []


def test_hostile_article_runs_nothing_in_the_browser(server, browser_page):
    page, base = browser_page, server.url
    _log_in(page, base, "/ingest")

    page.set_input_files("input[name=file]", str(HOSTILE))
    page.click("form.ingest button[type=submit]")
    assert page.locator("article.ingest-result").get_attribute("data-status") == "ingested"
    assert "<img src=x onerror=" in page.locator("article.ingest-result h3").inner_text()  # shown as text
    visited = [page.url]

    page.fill(
        "textarea[name=text]",
        'KFOR in Kosovo, a multinational force. <script>window.__pwned = "paste"</script> '
        '<img src=x onerror="window.__pwned = \'paste img\'"> <a href="javascript:alert(3)">x</a>',
    )
    page.click("form.ingest button[type=submit]")
    assert "window.__pwned" in page.inner_text("main")

    page.goto(f"{base}/review?operation=kosovo-kfor-1999")
    ids = [li.get_attribute("data-candidate") for li in page.locator("li.candidate").all()]
    assert ids
    assert '<script>window.__pwned = "escaped paragraph"' in page.inner_text("ol.candidates")
    for candidate_id in ids:
        page.goto(f"{base}/review/{candidate_id}")
        visited.append(page.url)
        assert page.evaluate("() => typeof window.__pwned") == "undefined", page.url
    page.goto(f"{base}/review?operation=kosovo-kfor-1999")
    page.locator("li.candidate details.actions summary").first.click()  # open forms: nothing fires either
    for link in page.locator("a").all():
        href = (link.get_attribute("href") or "").strip().lower()
        assert not href.startswith(("javascript:", "data:")), href
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert (
        page.evaluate("() => document.querySelectorAll('iframe, object, embed, svg [onload], img[onerror]').length")
        == 0
    )
    assert page.dialogs == []
    assert page.console_errors == [], page.console_errors  # not even a blocked inline script: nothing was markup


# -- the registry at a glance: timeline, map and table filtered together in the browser --------------------

VISIBLE_IDS = """(els) => els.filter((e) => {
  for (let node = e; node; node = node.parentElement) {  // checkVisibility() misses a hidden SVG group
    if (getComputedStyle(node).display === "none") { return false; }
  }
  return true;
}).map((e) => e.getAttribute("data-op"))"""


def _shown(page) -> dict:
    """Ids of the visible bars (and requested-not-deployed markers) of the timeline, markers of the map (one per
    area point) and rows of the operations table."""
    return {
        "timeline": sorted(page.eval_on_selector_all("svg.peaceops-timeline [data-op]", VISIBLE_IDS)),
        "map": sorted(page.eval_on_selector_all("svg.peaceops-worldmap circle.marker", VISIBLE_IDS)),
        "table": sorted(page.eval_on_selector_all("#operations tr[data-op]", VISIBLE_IDS)),
    }


def _expected(page, base: str, query: dict, table: bool = True) -> dict:
    """What /operations.json says these filters select, in the shape of :func:`_shown`."""
    data = page.request.get(f"{base}/operations.json", params=query).json()
    rows = data["registry"]["operations"]
    assert {r["id"] for r in rows} == {r["id"] for r in data["rows"]}
    expected = {
        "timeline": sorted(r["id"] for r in rows),
        "map": sorted(r["id"] for r in rows for _ in r["area"]),
        "table": sorted(r["id"] for r in data["rows"]),
    }
    if not table:
        del expected["table"]
    return expected


def test_timeline_map_and_table_filter_together_in_the_browser(server, browser_page):
    page, base = browser_page, server.url
    page.goto(f"{base}/operations")
    everything = page.request.get(f"{base}/operations.json").json()
    registry = everything["registry"]
    total = len(registry["operations"])
    assert (
        page.locator("svg.peaceops-timeline rect.bar").count()
        == registry["bars"]
        == sum(1 for r in registry["operations"] if r["start"])
    )
    assert page.locator("svg.peaceops-worldmap circle.marker").count() == registry["markers"]
    assert _shown(page) == _expected(page, base, {})
    never = {r["id"] for r in registry["operations"] if r["status"] == "requested-not-deployed"}
    requested = page.locator("svg.peaceops-timeline path.marker.requested")
    assert {requested.nth(i).get_attribute("data-op") for i in range(requested.count())} == never
    page.evaluate("window.notReloaded = true")  # gone if a filter asked the server for a new page
    full_height = float(page.get_attribute("svg.peaceops-timeline", "height"))

    form = page.locator("form[data-live-filters]")
    form.locator("select[name=lead_group]").select_option("un")
    un = _expected(page, base, {"lead_group": "un"})
    assert _shown(page) == un and 0 < len(un["table"]) < total
    assert float(page.get_attribute("svg.peaceops-timeline", "height")) < full_height  # the bars close up
    assert page.inner_text("[data-visible-count]") == f"{len(un['table'])} of {total} operations"

    form.locator("select[name=status]").select_option("ended")
    un_ended = _expected(page, base, {"lead_group": "un", "status": "ended"})
    assert _shown(page) == un_ended and un_ended["table"] and len(un_ended["table"]) < len(un["table"])

    form.locator("select[name=lead_group]").select_option("")
    form.locator("select[name=status]").select_option("")
    form.locator("select[name=decade]").select_option("1990s")
    nineties = _expected(page, base, {"decade": "1990s"})
    assert _shown(page) == nineties and 0 < len(nineties["table"]) < total
    assert "decade=1990s" in page.url  # the query string follows, so a reload or a shared link agrees

    form.locator("select[name=decade]").select_option("")
    form.locator("input[name=q]").fill("Kosovo")
    kosovo = _expected(page, base, {"q": "Kosovo"})
    assert _shown(page) == kosovo and "kosovo-kfor-1999" in kosovo["table"]
    assert all("kosovo" in row for row in kosovo["table"])  # KFOR and UNMIK, nothing else

    form.locator("input[name=q]").fill("no such operation anywhere")
    assert _shown(page) == {"timeline": [], "map": [], "table": []}
    assert page.is_visible("#operations tr.no-match")

    form.locator("input[name=q]").fill("")
    assert _shown(page) == _expected(page, base, {})
    assert float(page.get_attribute("svg.peaceops-timeline", "height")) == full_height
    assert page.evaluate("window.notReloaded") is True
    assert page.console_errors == [], page.console_errors  # no CSP violation, no script error

    # a filtered link opens filtered, and the script can widen it again without the server
    page.goto(f"{base}/operations?status=active")
    assert _shown(page) == _expected(page, base, {"status": "active"})
    page.locator("form[data-live-filters] select[name=status]").select_option("")
    assert _shown(page) == _expected(page, base, {})


def test_home_page_timeline_and_map_filter_and_link_to_operations(server, browser_page):
    page, base = browser_page, server.url
    page.goto(f"{base}/")
    registry = page.request.get(f"{base}/index.json").json()["registry"]
    assert page.locator("svg.peaceops-timeline rect.bar").count() == registry["bars"]
    assert page.locator("svg.peaceops-worldmap circle.marker").count() == registry["markers"]
    form = page.locator("form[data-live-filters]")
    form.locator("select[name=lead_group]").select_option("cis-csto-russia")
    shown = _shown(page)
    assert shown == _expected(page, base, {"lead_group": "cis-csto-russia"}, table=False) | {"table": []}
    assert "kyrgyzstan-csto-2010" in shown["timeline"]  # the requested-not-deployed marker belongs to the group
    page.locator("svg.peaceops-timeline rect.bar[data-op='kazakhstan-csto-cpf-2022']").click()
    page.wait_for_url(f"{base}/operations/{KAZAKHSTAN}")
    assert page.console_errors == [], page.console_errors
