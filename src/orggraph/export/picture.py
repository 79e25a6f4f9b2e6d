"""A static picture of the view: PNG or SVG, for articles and slides.

Both formats come from the interactive view of :mod:`orggraph.export.html`,
opened from disk in headless Chromium (driven by Playwright) with every
request to another host refused, exactly as a reader would see it on the
chosen day and layout (``at``, ``focus``, ``depth``, ``layout``):

- ``png``: a screenshot of the page, 1600 × 1000 pixels, with the title,
  the day, the chart fitted to its area and the legend; the slider and the
  search box are left out.
- ``svg``: a vector drawing of the same layout, built from the positions,
  shapes, colours and label lines vis-network computed in the page: boxes,
  ellipses and lines with their labels as SVG text (escaped like any XML
  text, so a label can never become markup), under the title and the day.
  Each node is a group whose ``title`` holds its whole label (post and
  holders on separate lines), which browsers show on hover.

Chromium is looked for in ``$ORGGRAPH_CHROMIUM``, then as ``chromium``,
``chromium-browser``, ``google-chrome`` or ``google-chrome-stable`` on the
``PATH``, then as Playwright's own download. Without one, or without the
``playwright`` package, the export stops with one message saying what to
install.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from ..errors import OrggraphError
from ..io import write_bytes, write_text
from .html import render_html

#: Size of the PNG in CSS pixels (and of the page the SVG is laid out in).
PICTURE_SIZE = (1600, 1000)
#: How long the view may take to settle, in seconds.
SETTLE_TIMEOUT = 180
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
_SVG = "http://www.w3.org/2000/svg"
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

# What the page knows after drawing: every shown node and edge as vis laid them out.
_READ_LAYOUT = """() => {
  function lines(n) {
    var found = (n.labelModule && n.labelModule.lines) || [];
    if (!found.length) return String(n.options.label || "").split("\\n").map(function (t) { return { text: t, height: 0 }; });
    return found.map(function (l) {
      return { text: l.blocks.map(function (b) { return b.text; }).join(""), height: l.height };
    });
  }
  var out = { nodes: [], edges: [] };
  nodes.forEach(function (d) {
    if (d.hidden) return;
    var n = network.body.nodes[d.id];
    if (!n) return;
    var o = n.options;
    out.nodes.push({ id: d.id, x: n.x, y: n.y, shape: o.shape, width: n.shape.width, height: n.shape.height,
      size: o.size, fill: o.color.background, border: o.color.border, borderWidth: o.borderWidth,
      radius: (o.shapeProperties && o.shapeProperties.borderRadius) || 0,
      fontColor: o.font.color, fontSize: o.font.size, label: String(o.label || ""), lines: lines(n) });
  });
  edges.forEach(function (d) {
    if (d.hidden) return;
    var e = network.body.edges[d.id];
    if (!e || !e.from || !e.to) return;
    var smooth = e.options.smooth || {};
    out.edges.push({ from: d.from, to: d.to, color: e.options.color.color, width: e.options.width,
      dashes: e.options.dashes, arrowFrom: !!(e.options.arrows && e.options.arrows.from && e.options.arrows.from.enabled),
      curve: smooth.enabled && smooth.type === "cubicBezier" ? smooth.roundness : null });
  });
  out.title = document.getElementById("title").textContent;
  out.day = document.getElementById("day-words").textContent;
  out.counts = document.getElementById("day-counts").textContent;
  out.legend = Array.prototype.map.call(document.querySelectorAll("#legend li"), function (li) {
    var swatch = li.querySelector(".swatch");
    return { text: li.textContent, fill: swatch.style.backgroundColor, border: swatch.style.borderColor,
      round: swatch.classList.contains("round") };
  });
  return out;
}"""

# For the PNG: keep the title, the day, the chart and the legend; fit the chart to its area.
_PICTURE_MODE = """() => {
  ["time", "search-box", "details", "status"].forEach(function (id) {
    var e = document.getElementById(id);
    if (e) e.style.display = "none";
  });
  network.unselectAll();
  network.setSize("100%", "100%");
  network.redraw();
  network.fit({ animation: false });
  return new Promise(function (done) { requestAnimationFrame(function () { requestAnimationFrame(done); }); });
}"""


def _chromium() -> str:
    """The Chromium executable to use, or an OrggraphError saying how to get one."""
    given = os.environ.get("ORGGRAPH_CHROMIUM")
    if given:
        if Path(given).is_file() and os.access(given, os.X_OK):
            return given
        raise OrggraphError(f"ORGGRAPH_CHROMIUM is set to {given}, which is not an executable file")
    for name in _BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    with contextlib.suppress(Exception):
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.executable_path
        if own and Path(own).is_file():
            return own
    raise OrggraphError(
        "png and svg export need Chromium and none was found: install it (Debian: apt-get install chromium) "
        "or set ORGGRAPH_CHROMIUM to a Chromium or Chrome executable")


@contextlib.contextmanager
def _view(kg, at, focus, depth, layout):
    """The view opened in headless Chromium, offline, settled; yields the Playwright page."""
    page_text = render_html(kg, at=at, focus=focus, depth=depth, layout=layout)  # bad options fail before Chromium
    executable = _chromium()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise OrggraphError("png and svg export need the playwright Python package: pip install playwright") from None
    with tempfile.TemporaryDirectory(prefix="orggraph-picture-") as folder:
        page_path = Path(folder) / "view.html"
        page_path.write_text(page_text, encoding="utf-8")
        with sync_playwright() as p:
            try:
                browser = p.chromium.launch(executable_path=executable, headless=True, args=_ARGS)
            except PlaywrightError as error:
                first = str(error).strip().splitlines()[0] if str(error).strip() else "it did not start"
                raise OrggraphError(f"could not start Chromium ({executable}): {first}") from None
            try:
                page = browser.new_page(viewport={"width": PICTURE_SIZE[0], "height": PICTURE_SIZE[1]})
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                           else route.abort())
                errors = []
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(page_path.as_uri())
                waited = 0
                while not page.evaluate("!!(window.orggraph && window.orggraph.ready)"):
                    if errors:
                        raise OrggraphError(f"the view failed in Chromium: {errors[0]}")
                    if waited > SETTLE_TIMEOUT * 1000:
                        raise OrggraphError(f"the view did not settle within {SETTLE_TIMEOUT} s")
                    page.wait_for_timeout(50)
                    waited += 50
                yield page
            finally:
                browser.close()


def write_png(kg, path=None, at=None, focus=None, depth=2, layout="chart") -> None:
    """Write a PNG picture of the view (1600 × 1000) to ``path`` (atomically), or to standard output.

    Parameters are those of :func:`orggraph.export.html.write_html`: the day
    ``at``, an optional ``focus`` with ``depth``, and the ``layout``.

    Raises
    ------
    OrggraphError
        A bad option, no Chromium or Playwright, or a file that cannot be
        written; an existing file is then left as it was.

    Examples
    --------
    >>> import orggraph, tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "clt.png"
    >>> write_png(orggraph.load(), target, at="2016-02-15")
    >>> target.read_bytes()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    with _view(kg, at, focus, depth, layout) as page:
        page.evaluate(_PICTURE_MODE)
        image = page.screenshot(type="png")
    write_bytes(image, path, "the png export")


def write_svg(kg, path=None, at=None, focus=None, depth=2, layout="chart") -> None:
    """Write an SVG drawing of the view's layout to ``path`` (atomically), or to standard output.

    Parameters are those of :func:`orggraph.export.html.write_html`.

    Raises
    ------
    OrggraphError
        As for :func:`write_png`.

    Examples
    --------
    >>> import orggraph, tempfile, pathlib
    >>> from xml.etree import ElementTree
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "clt.svg"
    >>> write_svg(orggraph.load(), target, at="2015-10-01")
    >>> svg = "{http://www.w3.org/2000/svg}"
    >>> nodes = ElementTree.parse(target).getroot().findall(f"{svg}g/{svg}g/{svg}title")
    >>> "Deputy Chief Executive\\nPaul Dransfield" in {title.text for title in nodes}
    True
    """
    with _view(kg, at, focus, depth, layout) as page:
        drawing = page.evaluate(_READ_LAYOUT)
    text = _svg_text(drawing)
    write_text(text, path)


# ---------------------------------------------------------------- drawing the SVG


def _extent(node) -> tuple[float, float]:
    """Half width and half height of a node's shape."""
    if node["shape"] in ("box", "ellipse"):
        return node["width"] / 2, node["height"] / 2
    size = node["size"] or 10
    return size, size


def _inside(node, x, y) -> bool:
    half_w, half_h = _extent(node)
    dx, dy = x - node["x"], y - node["y"]
    if node["shape"] in ("ellipse", "dot"):
        return (dx / half_w) ** 2 + (dy / half_h) ** 2 <= 1
    return abs(dx) <= half_w and abs(dy) <= half_h


def _path_points(edge, start, end) -> list[tuple[float, float]]:
    """The control points of an edge from ``start`` to ``end``: two for a line, four for vis's vertical curve."""
    (x1, y1), (x2, y2) = start, end
    if edge["curve"] is None:
        return [start, end]
    bend = edge["curve"] * (y1 - y2)
    return [start, (x1, y1 - bend), (x2, y2 + bend), end]


def _point(points, t) -> tuple[float, float]:
    if len(points) == 2:
        (x1, y1), (x2, y2) = points
        return x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    u = 1 - t
    return (u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
            u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3)


def _arrow(points, node, width) -> str:
    """The points of an arrowhead where the edge enters ``node`` at its start."""
    low, high = 0.0, 0.5
    if _inside(node, *_point(points, high)):
        return ""
    for _ in range(30):  # the first point of the path outside the node's shape
        middle = (low + high) / 2
        if _inside(node, *_point(points, middle)):
            low = middle
        else:
            high = middle
    tip = _point(points, high)
    behind = _point(points, min(1.0, high + 0.02))
    angle = math.atan2(tip[1] - behind[1], tip[0] - behind[0])
    length = 8 + 2 * width
    corners = [tip]
    for turn in (2.6, -2.6):
        corners.append((tip[0] + length * math.cos(angle + turn), tip[1] + length * math.sin(angle + turn)))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


def _svg_text(drawing: dict) -> str:
    """The SVG document for a layout read from the page."""
    nodes = {n["id"]: n for n in drawing["nodes"]}
    padding, header = 24, 78
    if nodes:
        left = min(n["x"] - _extent(n)[0] for n in nodes.values())
        right = max(n["x"] + _extent(n)[0] for n in nodes.values())
        top = min(n["y"] - _extent(n)[1] for n in nodes.values())
        bottom = max(n["y"] + _extent(n)[1] + (0 if n["shape"] in ("box", "ellipse") else
                                                sum(line["height"] or n["fontSize"] for line in n["lines"]) + 4)
                     for n in nodes.values())
    else:
        left = right = top = bottom = 0
    legend_rows = math.ceil(len(drawing["legend"]) / 6)
    width = max(right - left + 2 * padding, 640)
    height = bottom - top + 2 * padding + header + legend_rows * 22 + 10
    dx, dy = padding - left, padding + header - top

    svg = ElementTree.Element("svg", {
        "xmlns": _SVG, "version": "1.1", "width": f"{width:.0f}", "height": f"{height:.0f}",
        "viewBox": f"0 0 {width:.0f} {height:.0f}", "font-family": _FONT})
    ElementTree.SubElement(svg, "title").text = f"{drawing['title']} — {drawing['day']}"
    ElementTree.SubElement(svg, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})

    def text(parent, x, y, content, **attributes):
        element = ElementTree.SubElement(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **attributes})
        ElementTree.SubElement(element, "tspan").text = content
        return element

    text(svg, padding, 30, drawing["title"], **{"font-size": "20", "font-weight": "600", "fill": "#1d2330"})
    text(svg, padding, 54, drawing["day"], **{"font-size": "16", "font-weight": "600", "fill": "#1d2330"})
    text(svg, padding, 72, drawing["counts"], **{"font-size": "13", "fill": "#555555"})

    edges = ElementTree.SubElement(svg, "g", {"class": "edges", "fill": "none"})
    for edge in drawing["edges"]:
        source, target = nodes.get(edge["from"]), nodes.get(edge["to"])
        if source is None or target is None:
            continue
        points = _path_points(edge, (source["x"] + dx, source["y"] + dy), (target["x"] + dx, target["y"] + dy))
        d = f"M{points[0][0]:.1f},{points[0][1]:.1f} " + (
            f"L{points[1][0]:.1f},{points[1][1]:.1f}" if len(points) == 2 else
            "C" + " ".join(f"{x:.1f},{y:.1f}" for x, y in points[1:]))
        attributes = {"d": d, "stroke": edge["color"], "stroke-width": f"{edge['width']:g}"}
        if isinstance(edge["dashes"], list):
            attributes["stroke-dasharray"] = " ".join(f"{v:g}" for v in edge["dashes"])
        elif edge["dashes"]:
            attributes["stroke-dasharray"] = "5 5"
        ElementTree.SubElement(edges, "path", attributes)
        if edge["arrowFrom"]:
            moved = {**source, "x": source["x"] + dx, "y": source["y"] + dy}
            head = _arrow(points, moved, edge["width"])
            if head:
                ElementTree.SubElement(edges, "polygon", {"points": head, "fill": edge["color"]})

    nodes_group = ElementTree.SubElement(svg, "g", {"class": "nodes"})
    for node in drawing["nodes"]:
        group = ElementTree.SubElement(nodes_group, "g", {"class": "node"})
        ElementTree.SubElement(group, "title").text = node["label"]  # the whole label, unwrapped, as a tooltip
        x, y = node["x"] + dx, node["y"] + dy
        half_w, half_h = _extent(node)
        paint = {"fill": node["fill"], "stroke": node["border"], "stroke-width": f"{node['borderWidth']:g}"}
        shape = node["shape"]
        if shape in ("ellipse", "dot"):
            ElementTree.SubElement(group, "ellipse", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "rx": f"{half_w:.1f}",
                                                      "ry": f"{half_h:.1f}", **paint})
        elif shape == "diamond":
            corners = [(x, y - half_h), (x + half_w, y), (x, y + half_h), (x - half_w, y)]
            ElementTree.SubElement(group, "polygon", {"points": " ".join(f"{a:.1f},{b:.1f}" for a, b in corners),
                                                      **paint})
        else:
            ElementTree.SubElement(group, "rect", {"x": f"{x - half_w:.1f}", "y": f"{y - half_h:.1f}",
                                                   "width": f"{2 * half_w:.1f}", "height": f"{2 * half_h:.1f}",
                                                   "rx": f"{node['radius']:g}", **paint})
        lines = [line for line in node["lines"] if line["text"]]
        if not lines:
            continue
        heights = [line["height"] or node["fontSize"] * 1.2 for line in lines]
        label_top = y - sum(heights) / 2 if shape in ("box", "ellipse") else y + half_h + 4
        label = ElementTree.SubElement(group, "text", {
            "text-anchor": "middle", "font-size": f"{node['fontSize']:g}", "fill": node["fontColor"]})
        offset = label_top
        for line, line_height in zip(lines, heights):
            ElementTree.SubElement(label, "tspan", {
                "x": f"{x:.1f}", "y": f"{offset + line_height / 2:.1f}", "dominant-baseline": "central",
            }).text = line["text"]
            offset += line_height

    legend = ElementTree.SubElement(svg, "g", {"class": "legend", "font-size": "12", "fill": "#1d2330"})
    legend_top = height - legend_rows * 22 - 4
    for i, item in enumerate(drawing["legend"]):
        column, row = i % 6, i // 6
        x, y = padding + column * 150, legend_top + row * 22
        ElementTree.SubElement(legend, "rect", {
            "x": f"{x:.1f}", "y": f"{y - 6:.1f}", "width": "16", "height": "12", "rx": "6" if item["round"] else "2",
            "fill": item["fill"], "stroke": item["border"], "stroke-width": "2"})
        text(legend, x + 22, y, item["text"], **{"dominant-baseline": "central"})

    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(svg, encoding="unicode") + "\n"


#: Format name -> writer, joined into :data:`orggraph.export.WRITERS`.
WRITERS = {"png": write_png, "svg": write_svg}
