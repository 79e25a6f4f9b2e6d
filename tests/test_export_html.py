"""The HTML view in a real browser: Debian's chromium driven by Playwright.

Every page is opened from disk with every request that is not for a local
file blocked and recorded; the tests then move the slider, search, click on
the canvas and read what the page shows.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest

import orggraph
from orggraph.export.html import render_html, view_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = FIXTURES / "hostile" / "labels.ttl"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
BIRMINGHAM = "https://w3id.org/orggraph/id/birmingham/"
DEPUTY_CHIEF_EXECUTIVE = BIRMINGHAM + "post/deputy-chief-executive"


def day_number(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days


# ----------------------------------------------------------------- without a browser


def test_cli_writes_the_view_and_says_where(run_cli, tmp_path):
    target = tmp_path / "view.html"
    result = run_cli("export", "--format", "html", "-o", target, "--at", "2015-10-01", "--layout", "network")
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and "Paul Dransfield" in page
    assert "cdn" not in page.lower().split("<script")[0]  # nothing fetched in the head


def test_bad_options_are_one_line_errors(run_cli, tmp_path):
    target = tmp_path / "view.html"
    result = run_cli("export", "--format", "html", "-o", target, "--at", "2016-02-30")
    assert result.exit_code == 1 and "February 2016 has 29 days" in result.output and not target.exists()
    result = run_cli("export", "--format", "html", "-o", target, "--focus", "Mark Rodgers")
    assert result.exit_code == 1 and "closest: Mark Rogers" in result.output
    result = run_cli("export", "--format", "html", "-o", target, "--depth", "2")
    assert result.exit_code == 2 and "--depth needs --focus" in result.output
    result = run_cli("export", "--format", "turtle", "--layout", "chart")
    assert result.exit_code == 1 and "--layout does not apply to the turtle export" in result.output
    result = run_cli("export", "--format", "html", "-o", target, "--focus", "Mark Rogers", "--depth", "0")
    assert result.exit_code == 2 and "'--depth': 0 is not in the range x>=1" in result.output and not target.exists()


def test_a_neighbourhood_of_no_steps_is_refused(kg):
    with pytest.raises(orggraph.OrggraphError, match="depth must be 1 or more"):
        view_data(kg, focus="Mark Rogers", depth=0)


def test_embedded_json_cannot_close_its_script_tag(tmp_path):
    page = render_html(orggraph.load([HOSTILE]))
    data = page.split('<script id="orggraph-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data and "&" not in data
    assert page.count("</script>") == 3


def test_intervals_become_first_and_last_certain_day(kg):
    data = view_data(kg)
    by_iri = {m["iri"]: m for m in data["memberships"]}
    old = by_iri[BIRMINGHAM + "membership/paul-dransfield-deputy-chief-executive"]
    new = by_iri[BIRMINGHAM + "membership/paul-dransfield-strategic-director-major-economic-programmes"]
    # ends "2016-01": held until 1 January 2016; begins "2016-01": counts from 31 January 2016
    assert (old["from"], old["to"]) == (None, day_number("2016-01-01"))
    assert (new["from"], new["to"]) == (day_number("2016-01-31"), None)
    assert old["end"] == {"iso": "2016-01", "words": "January 2016", "precision": "month"}


def test_focus_keeps_a_neighbourhood(kg):
    near = view_data(kg, focus="Jon Warlow", depth=1)
    labels = {n["label"] for n in near["nodes"]}
    assert "Jon Warlow" in labels and "Mark Rogers" not in labels
    assert near["nodes"][near["focus"]]["label"] == "Jon Warlow"
    wider = view_data(kg, focus="Jon Warlow", depth=3)
    assert len(wider["nodes"]) > len(near["nodes"])


# ----------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


class View:
    """A page opened from disk with the network cut off, recording what it tried to fetch."""

    def __init__(self, browser, path: Path, size=(1280, 800)):
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.page.route("**/*", self._route)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.wait("!!(window.orggraph && window.orggraph.ready)")

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def wait(self, expression: str, timeout: float = 30):
        # The page's CSP forbids eval, so poll with evaluate rather than wait_for_function.
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            self.page.wait_for_timeout(25)

    def move_slider(self, iso: str):
        self.page.locator("#slider").fill(str(day_number(iso)))
        self.wait(f"orggraph.day() === '{iso}' && !orggraph.pending()")

    def search(self, text: str):
        box = self.page.locator("#search")
        box.fill(text)
        box.press("Enter")
        self.wait("!orggraph.pending()")

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def birmingham_view(tmp_path_factory):
    path = tmp_path_factory.mktemp("view") / "birmingham.html"
    orggraph.export.export(orggraph.load(), "html", path, at="2016-02-15")
    return path


@pytest.mark.browser
def test_page_loads_offline_and_asks_for_nothing_outside(browser, birmingham_view):
    view = View(browser, birmingham_view)
    view.move_slider("2015-10-01")
    view.search("Warlow")
    assert view.blocked == []
    assert all(url.startswith("file:") for url in view.requests), view.requests
    assert view.errors == []
    assert view.page.evaluate("typeof network.getSelectedNodes") == "function"  # pyvis's global
    view.close()


@pytest.mark.browser
def test_slider_shows_who_held_what_on_the_day(browser, birmingham_view):
    view = View(browser, birmingham_view)
    assert view.text("#day-words") == "The organisation on 15 February 2016"
    view.move_slider("2015-10-01")
    assert view.text("#day-words") == "The organisation on 1 October 2015"
    post = view.page.evaluate(f"orggraph.nodeId('{DEPUTY_CHIEF_EXECUTIVE}')")
    assert view.page.evaluate(f"nodes.get({post}).label") == "Deputy Chief Executive\nPaul Dransfield"
    view.search("Paul Dransfield")
    assert view.text("#details-title") == "Paul Dransfield"
    assert "On 1 October 2015: Deputy Chief Executive, Corporate Leadership Team" in view.text("#details")

    view.move_slider("2016-02-15")
    assert view.page.evaluate(f"nodes.get({post})") is None  # abolished in January 2016
    on_day = view.text("#details .on-day")
    assert on_day.startswith("On 15 February 2016:")
    assert "Deputy Chief Executive" not in on_day and "Strategic Director" in on_day
    view.close()


@pytest.mark.browser
def test_every_day_shows_what_at_gives(browser, birmingham_view, kg):
    view = View(browser, birmingham_view)
    days = {"2014-01-01", "2015-10-01", "2016-02-15"}
    for date in kg.facts.change_dates():
        for day in (date.earliest(), date.latest()):
            days |= {(day + dt.timedelta(days=d)).isoformat() for d in (-1, 0, 1)}
    for day in sorted(days):
        view.page.evaluate(f"orggraph.setDay('{day}')")
        shown = view.page.evaluate("orggraph.visibleIris()")
        assert shown == sorted(orggraph.at(kg, day).nodes), day
    view.close()


@pytest.mark.browser
def test_search_selects_and_centres(browser, birmingham_view):
    view = View(browser, birmingham_view)
    view.page.locator("#search").fill("warlow")
    assert "Jon Warlow" in view.text("#search-results")
    view.page.locator("#search").press("Enter")
    view.wait("network.getSelectedNodes().length === 1")
    assert view.text("#details-title") == "Jon Warlow"
    view.page.wait_for_timeout(600)  # the centring animation
    selected = view.page.evaluate("network.getSelectedNodes()[0]")
    where = view.page.evaluate(f"network.getPositions([{selected}])[{selected}]")
    centre = view.page.evaluate("network.getViewPosition()")
    assert abs(where["x"] - centre["x"]) < 2 and abs(where["y"] - centre["y"]) < 2
    # a role finds its holders, a body finds itself
    view.page.locator("#search").fill("Chief Executive")
    assert "Mark Rogers" in view.text("#search-results")
    view.page.locator("#search").fill("improvement panel")
    assert "Birmingham Independent Improvement Panel" in view.text("#search-results")
    view.close()


@pytest.mark.browser
def test_clicking_a_node_shows_its_sources(browser, birmingham_view, kg):
    view = View(browser, birmingham_view)
    ceo = BIRMINGHAM + "post/chief-executive"
    node = view.page.evaluate(f"orggraph.nodeId('{ceo}')")
    spot = view.page.evaluate(f"network.canvasToDOM(network.getPositions([{node}])[{node}])")
    box = view.page.locator("#graph").bounding_box()
    view.page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    view.wait("!document.getElementById('details').hidden")
    assert view.text("#details-title") == "Chief Executive, Birmingham City Council"
    details = view.text("#details")
    membership = next(m for m in kg.facts.memberships if m.post == ceo)
    source = kg.facts.sources[membership.sources[0]]
    assert source.title in details and source.publisher in details and source.issued.words() in details
    assert "Mark Rogers" in details
    view.close()


@pytest.mark.browser
def test_network_layout_settles_then_only_shows_and_hides(browser, tmp_path):
    path = tmp_path / "network.html"
    orggraph.export.export(orggraph.load(), "html", path, at="2015-10-01", layout="network")
    view = View(browser, path)
    assert view.page.evaluate("network.physics.options.enabled") is False
    post = view.page.evaluate(f"orggraph.nodeId('{DEPUTY_CHIEF_EXECUTIVE}')")
    before = view.page.evaluate(f"network.getPositions([{post}])[{post}]")
    assert view.page.evaluate(f"!nodes.get({post}).hidden")
    view.move_slider("2016-02-15")
    assert view.page.evaluate(f"nodes.get({post}).hidden") is True
    view.move_slider("2015-10-01")
    assert view.page.evaluate(f"network.getPositions([{post}])[{post}]") == before
    view.close()


@pytest.mark.browser
def test_hostile_labels_show_as_text_and_run_nothing(browser, tmp_path):
    path = tmp_path / "hostile.html"
    orggraph.export.export(orggraph.load([HOSTILE]), "html", path, layout="network")
    view = View(browser, path)
    view.search("<img")
    assert view.text("#details-title") == "<img src=x onerror=alert(1)>"
    details = view.text("#details")
    assert "<svg onload=alert(3)>" in details
    assert "<img src=x onerror=\"window.__pwned='source'\">" in details
    assert "</script><script>window.__pwned='publisher'</script>" in details
    assert "</script><script>alert('body')</script>" in details
    legend_and_lists = view.text("#side")
    assert "<img" in legend_and_lists
    view.page.locator("#search").fill("script")
    assert "</script><script>alert('body')</script>" in view.text("#search-results")
    assert view.page.locator("img, svg, b, #details script").count() == 0
    assert view.page.locator("#details a").count() == 0  # a javascript: address is not a link
    assert view.page.evaluate("window.__pwned === undefined")
    assert view.dialogs == []
    # The Content-Security-Policy would block an injected handler, hiding a bug: there must be nothing to block.
    assert not [m for m in view.console if "Content Security Policy" in m]
    assert view.errors == []
    view.close()


@pytest.mark.browser
def test_screenshot_is_not_blank(browser, birmingham_view, tmp_path):
    from PIL import Image

    view = View(browser, birmingham_view, size=(1200, 750))
    view.page.wait_for_timeout(300)
    shot = tmp_path / "view.png"
    view.page.screenshot(path=str(shot))
    box = view.page.locator("#graph").bounding_box()
    view.close()
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")
    assert image.size == (1200, 750)
    graph = image.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))
    colours = graph.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50, "the graph area is (nearly) one colour"
    background = max(colours)[0] / (graph.width * graph.height)
    assert background < 0.97, f"{background:.1%} of the graph area is background"


def generated_page(tmp_path, **options):
    """The html export of a generated 600-person organisation (1,200 nodes and more)."""
    data = tmp_path / "large.nt"
    orggraph.generate(600, seed=3).serialize(data, format="nt", encoding="utf-8")
    path = tmp_path / "large.html"
    orggraph.export.export(orggraph.load([data]), "html", path, **options)
    return path


@pytest.mark.browser
@pytest.mark.slow
def test_a_large_network_starts_laid_out_without_physics_or_dashes(browser, tmp_path):
    """Above 1,000 nodes the network keeps its radial start (round, not a long strip), physics off, edges solid."""
    view = View(browser, generated_page(tmp_path, layout="network"))
    count = view.page.evaluate("orggraph.data.nodes.length")
    assert count > 1000
    assert view.page.evaluate("network.physics.options.enabled") is False
    assert view.page.evaluate("edges.get().filter(function (e) { return e.dashes; }).length") == 0
    positions = view.page.evaluate("network.getPositions(nodes.getIds())")  # hidden ones too
    assert len({(p["x"], p["y"]) for p in positions.values()}) == count  # spread out, none on top of another
    xs, ys = [p["x"] for p in positions.values()], [p["y"] for p in positions.values()]
    aspect = (max(xs) - min(xs)) / (max(ys) - min(ys))
    assert 0.25 < aspect < 4, f"the layout is {aspect:.1f} times as wide as it is tall"
    assert view.errors == []
    view.close()


PAINTED_PIXELS = """(() => {
  var canvas = document.querySelector('#graph canvas');
  var data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, painted = 0;
  for (var i = 3; i < data.length; i += 4) if (data[i]) painted++;
  return painted;
})()"""
HEIGHTS = "['#graph', '#side'].map(function (s) { return document.querySelector(s).getBoundingClientRect().height; })"


@pytest.mark.browser
@pytest.mark.parametrize("width", [400, 600, 700])
def test_a_narrow_window_shows_the_chart_above_the_panel_at_a_fixed_height(browser, birmingham_view, width):
    view = View(browser, birmingham_view, size=(width, 800))
    view.page.wait_for_timeout(600)
    graph, side = view.page.evaluate(HEIGHTS)
    view.page.wait_for_timeout(1200)  # vis checks its size every second: the chart must not grow
    assert view.page.evaluate(HEIGHTS) == [graph, side]
    assert 200 < graph <= 800 and side > 200
    assert view.page.evaluate(PAINTED_PIXELS) > 1000
    assert view.page.evaluate("document.documentElement.scrollWidth") <= width
    assert view.errors == []
    view.close()


@pytest.mark.browser
def test_a_resized_window_shows_the_chart_centred_again(browser, birmingham_view):
    wide = View(browser, birmingham_view)
    wide.page.wait_for_timeout(300)
    centre = wide.page.evaluate("network.getViewPosition()")
    wide.close()
    view = View(browser, birmingham_view, size=(400, 800))
    view.page.wait_for_timeout(300)
    view.page.set_viewport_size({"width": 1280, "height": 800})
    view.wait(f"Math.abs(network.getViewPosition().x - {centre['x']}) < 2 && "
              f"Math.abs(network.getViewPosition().y - {centre['y']}) < 2", timeout=5)
    view.close()


@pytest.mark.browser
def test_a_focus_keeps_the_holders_of_its_posts_and_opens_while_it_exists(browser, tmp_path):
    path = tmp_path / "deputy.html"
    orggraph.export.export(orggraph.load(), "html", path, focus="Deputy Chief Executive", depth=1)
    view = View(browser, path)
    assert DEPUTY_CHIEF_EXECUTIVE in view.page.evaluate("orggraph.visibleIris()")
    assert view.text("#details-title") == "Deputy Chief Executive"
    assert "not in the organisation" not in view.text("#details-kind")
    view.move_slider("2016-01-31")  # the Deputy Chief Executive is gone; Mark Rogers, out of the focus, still holds his post
    ceo = view.page.evaluate(f"orggraph.nodeId('{BIRMINGHAM}post/chief-executive')")
    assert view.page.evaluate(f"nodes.get({ceo}).label") == "Chief Executive, Birmingham City Council\nMark Rogers"
    assert view.text("#day-counts").startswith("2 people, 1 post, 1 body")
    view.close()


def related_line(view, start: str) -> str:
    return next(line for line in view.text("#details-body").splitlines() if line.startswith(start))


@pytest.mark.browser
def test_details_mark_the_posts_and_bodies_not_on_the_day(browser, birmingham_view):
    view = View(browser, birmingham_view)  # 15 February 2016: the Deputy Chief Executive was abolished in January
    view.page.evaluate(f"orggraph.select('{BIRMINGHAM}post/chief-executive')")
    line = related_line(view, "Reported to by: ")
    assert "Deputy Chief Executive (not on this day)" in line
    assert line.count("Deputy Chief Executive") == 1 and line.endswith("Deputy Chief Executive (not on this day)")
    view.search("Corporate Leadership Team")
    assert "Deputy Chief Executive (not on this day)" in related_line(view, "Has post: ")
    view.move_slider("2015-10-01")
    assert "Deputy Chief Executive;" in related_line(view, "Has post: ")
    view.close()


@pytest.mark.browser
@pytest.mark.slow
def test_rapid_slider_steps_draw_only_the_last_day(browser, tmp_path):
    view = View(browser, generated_page(tmp_path))
    view.page.evaluate("""(() => {
      var setData = network.setData;
      window.redraws = 0;
      network.setData = function (data) { window.redraws++; return setData.call(network, data); };
    })()""")
    slider = view.page.locator("#slider")
    slider.focus()
    start = view.page.evaluate("orggraph.data.initialDay")
    for _ in range(20):
        slider.press("ArrowLeft")
    view.wait("!orggraph.pending()")
    last = (dt.date(1970, 1, 1) + dt.timedelta(days=start - 20)).isoformat()
    assert view.page.evaluate("orggraph.day()") == last
    assert view.page.evaluate("window.redraws") <= 5
    drawn = view.page.evaluate("nodes.get().map(function (n) { return n.label; })")
    view.page.evaluate(f"orggraph.setDay('{last}')")  # drawn again for the same day: the same chart
    view.wait("!orggraph.pending()")
    assert view.page.evaluate("nodes.get().map(function (n) { return n.label; })") == drawn
    view.close()


@pytest.mark.browser
def test_a_day_outside_the_data_is_noted_in_the_header(browser, tmp_path):
    path = tmp_path / "early.html"
    orggraph.export.export(orggraph.load(), "html", path, at="2010-01-01")
    view = View(browser, path)
    assert view.text("#day-note") == (
        "Note: 2010-01-01 is before the first dated fact in the data (2014-12): whatever has no beginning date "
        "is counted as held then too, though no source says so.")
    view.move_slider("2015-10-01")
    assert not view.page.locator("#day-note").is_visible()
    view.close()


GAP_DATA = """@base <https://example.org/> .
@prefix og: <https://w3id.org/orggraph/ns#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<org/council> a org:FormalOrganization ; skos:prefLabel "Council" .
<post/a> a org:Post ; skos:prefLabel "Post A" ; org:postIn <org/council> .
<post/b> a org:Post ; skos:prefLabel "Post B" ; org:postIn <org/council> .
<role/r> a org:Role ; skos:prefLabel "Officer" .
<person/x> a foaf:Person ; foaf:name "Xena Gap" .
<person/y> a foaf:Person ; foaf:name "Yves Year" .
<person/z> a foaf:Person ; foaf:name "Zed Head" .
<m/x1> a org:Membership ; org:member <person/x> ; og:post <post/a> ; org:organization <org/council> ; org:role <role/r> ;
  org:memberDuring [ time:hasBeginning [ time:inXSDDate "2010-01-01"^^xsd:date ] ;
                     time:hasEnd [ time:inXSDDate "2011-01-01"^^xsd:date ] ] .
<m/x2> a org:Membership ; org:member <person/x> ; og:post <post/a> ; org:organization <org/council> ; org:role <role/r> ;
  org:memberDuring [ time:hasBeginning [ time:inXSDgYearMonth "2016-03"^^xsd:gYearMonth ] ;
                     time:hasEnd [ time:inXSDgYearMonth "2016-03"^^xsd:gYearMonth ] ] .
<m/y1> a org:Membership ; org:member <person/y> ; og:post <post/b> ; org:organization <org/council> ; org:role <role/r> ;
  org:memberDuring [ time:hasBeginning [ time:inXSDgYear "2016"^^xsd:gYear ] ;
                     time:hasEnd [ time:inXSDgYear "2016"^^xsd:gYear ] ] .
"""


def test_the_opening_day_is_one_on_which_the_focus_is_on_the_page_and_the_latest_change_is_whole(tmp_path):
    data = tmp_path / "gap.ttl"
    data.write_text(GAP_DATA, encoding="utf-8")
    kg = orggraph.load([data])

    def opening(**options):
        return dt.date(1970, 1, 1) + dt.timedelta(days=view_data(kg, **options)["initialDay"])

    # "2016" ends after "2016-03": the whole view opens at the end of 2016, as the command line does
    assert opening() == dt.date(2016, 12, 31) == orggraph.export.graph.default_day(kg)
    # "2016-03" to "2016-03" is never certain: Xena is on the page only in 2010, up to 1 January 2011
    assert opening(focus="Xena Gap", depth=1) == dt.date(2011, 1, 1)
    with pytest.raises(orggraph.OrggraphError, match="'Zed Head' has nothing to draw around it"):
        view_data(kg, focus="Zed Head")


def search_items(view, text: str) -> list[str]:
    view.page.locator("#search").fill(text)
    return view.page.locator("#search-results li").all_inner_texts()


@pytest.mark.browser
@pytest.mark.parametrize(("typed", "meant"), [
    ("Warlw", "Jon Warlow"),
    ("Dransfeld", "Paul Dransfield"),
    ("Wahid Nazir", "Waheed Nazir"),
    ("Piali Das Gupta", "Piali DasGupta"),
    ("mark rodgers", "Mark Rogers"),
])
def test_a_misspelt_name_offers_the_person_meant(browser, birmingham_view, typed, meant):
    view = View(browser, birmingham_view)
    items = search_items(view, typed)
    assert items[0] == f"No matches for \u201c{typed}\u201d."
    assert items[1] == "Did you mean:"
    offered = view.page.locator("#search-results button").all_inner_texts()
    assert 1 <= len(offered) <= 5 and offered[0].startswith(meant + " ·"), offered
    view.page.locator("#search-results button").first.click()
    view.wait("network.getSelectedNodes().length === 1")
    assert view.text("#details-title") == meant
    assert view.errors == [] and view.blocked == []
    view.close()


@pytest.mark.browser
def test_no_match_says_so_in_one_line_as_text(browser, birmingham_view):
    view = View(browser, birmingham_view)
    assert search_items(view, "zzqxv") == ["No matches for \u201czzqxv\u201d."]
    assert view.page.locator("#search-results button").count() == 0
    typed = "<b>qqq</b><img src=x onerror=\"window.__pwned=1\">"
    assert search_items(view, typed) == [f"No matches for \u201c{typed}\u201d."]
    assert view.page.locator("#search-results b, #search-results img").count() == 0
    assert view.page.evaluate("window.__pwned === undefined")
    view.page.locator("#search").press("Enter")  # nothing to select
    assert view.page.evaluate("document.getElementById('details').hidden")
    assert search_items(view, "") == []
    assert view.errors == [] and view.blocked == []
    view.close()


@pytest.mark.browser
def test_more_matches_than_shown_are_counted(browser, birmingham_view, kg):
    import re

    view = View(browser, birmingham_view)
    items = search_items(view, "a")
    assert view.page.locator("#search-results button").count() == 12
    more = re.fullmatch(r"and (\d+) more: type more of the name", items[-1])
    assert more, items[-1]
    total = 12 + int(more.group(1))
    labels = [n["label"] for n in view_data(kg)["nodes"]]
    assert sum("a" in label.lower() for label in labels) <= total <= len(labels)
    # a query with twelve or fewer matches shows them all and no count
    items = search_items(view, "Warlow")
    assert items == ["Jon Warlow · person"]
    view.close()
