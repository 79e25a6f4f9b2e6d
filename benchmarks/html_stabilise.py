"""Benchmark: the HTML view at about 100, 1,000 and 5,000 nodes in headless Chromium.

For each size a synthetic organisation (orggraph.generate) is exported as a
page in both layouts, then opened from disk in Debian's chromium. Reported:
export time, file size, and the time from navigation to a settled view:
for ``network`` until vis fires ``stabilizationIterationsDone`` (physics is
then switched off), for ``chart`` until the first drawing of the laid-out
chart. Also the time one move of the slider takes to redraw.

    .venv/bin/python benchmarks/html_stabilise.py [NODES ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from pathlib import Path

import orggraph
from orggraph.export.html import view_data, write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
NODES_PER_PERSON = 2.13  # generate(): people, plus about as many posts and a few bodies


def organisation(nodes: int, folder: Path):
    """A knowledge graph of roughly ``nodes`` people, posts and bodies."""
    path = folder / f"synthetic-{nodes}.nt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        orggraph.generate(max(10, round(nodes / NODES_PER_PERSON)), seed=1).serialize(path, format="nt")
    return orggraph.load([path])


def wait(page, expression, timeout=120):
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        page.wait_for_timeout(20)


def measure(browser, path: Path) -> tuple[float, float]:
    """Seconds from navigation to a settled view, and seconds for one slider move to redraw."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(path.as_uri(), wait_until="commit")
    wait(page, "!!(window.orggraph && window.orggraph.ready)")
    settled = page.evaluate("orggraph.readyMs") / 1000
    middle = page.evaluate("orggraph.data.changes[Math.floor(orggraph.data.changes.length / 2)].day")
    start = page.evaluate("performance.now()")
    page.evaluate(f"orggraph.setDay(new Date({middle} * 86400000).toISOString().slice(0, 10))")
    wait(page, "!orggraph.pending()")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    moved = (page.evaluate("performance.now()") - start) / 1000
    page.close()
    return settled, moved


def main(sizes):
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for size in sizes:
            kg = organisation(size, folder)
            kg.facts  # read the RDF once, outside the export timing
            nodes = len(view_data(kg)["nodes"])
            for layout in ("chart", "network"):
                target = folder / f"view-{size}-{layout}.html"
                start = time.perf_counter()
                write_html(kg, target, layout=layout)
                exported = time.perf_counter() - start
                settled, moved = measure(browser, target)
                rows.append((nodes, layout, exported, target.stat().st_size / 1e6, settled, moved))
                print(f"  {nodes} nodes, {layout}: settled in {settled:.2f} s", file=sys.stderr, flush=True)
        browser.close()
    print(f"{'nodes':>6} {'layout':>8} {'export s':>9} {'file MB':>8} {'settled s':>10} {'slider s':>9}")
    for nodes, layout, exported, size, settled, moved in rows:
        print(f"{nodes:>6} {layout:>8} {exported:>9.2f} {size:>8.2f} {settled:>10.2f} {moved:>9.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])
