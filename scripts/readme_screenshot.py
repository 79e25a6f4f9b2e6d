"""Make docs/view.png, the README's picture of the interactive view.

The bundled Birmingham data in the org-chart layout on 15 February 2016
(after the January 2016 restructure of the Corporate Leadership Team), with
"Warlow" typed in the search box and Jon Warlow selected, so the picture
shows the slider, search, the details panel and its sources. Opened from
disk in headless Chromium with every outside request refused.

    .venv/bin/python scripts/readme_screenshot.py [OUTPUT.png]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import orggraph
from orggraph.export.html import write_html

ROOT = Path(__file__).resolve().parent.parent
SIZE = {"width": 1200, "height": 720}


def main(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("ORGGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        page_path = Path(folder) / "birmingham.html"
        write_html(orggraph.load(), page_path, at="2016-02-15", layout="chart")
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport=SIZE)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(page_path.as_uri())
        while not page.evaluate("!!(window.orggraph && window.orggraph.ready)"):
            page.wait_for_timeout(50)
        page.locator("#search").fill("Warlow")
        page.locator("#search").press("Enter")
        page.evaluate("network.fit({ animation: false })")  # the whole chart, Jon Warlow selected in it
        page.wait_for_timeout(300)
        target.write_bytes(page.screenshot(type="png"))
        browser.close()
    print(f"Wrote {target} ({target.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "view.png")
