"""png and svg: still pictures of the view, drawn by Debian's chromium through Playwright."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree

import pytest

import orggraph

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = FIXTURES / "hostile" / "labels.ttl"
SVG = "{http://www.w3.org/2000/svg}"


def svg_lines(path: Path) -> list[str]:
    """Every line of text in the drawing (a label of several lines gives several)."""
    return [t.text for t in ElementTree.parse(path).iter(f"{SVG}tspan")]


def svg_labels(path: Path) -> list[str]:
    """The whole label of every node drawn, from its group's title."""
    return [t.text for t in ElementTree.parse(path).getroot().findall(f"{SVG}g[@class='nodes']/{SVG}g/{SVG}title")]


# ----------------------------------------------------------------- without a browser


def test_without_chromium_it_is_one_clear_error(run_cli, tmp_path):
    target = tmp_path / "view.png"
    result = run_cli("export", "--format", "png", "-o", target, env={"ORGGRAPH_CHROMIUM": "", "PATH": str(tmp_path)})
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: png and svg export need Chromium and none was found: install it (Debian: apt-get install chromium) "
        "or set ORGGRAPH_CHROMIUM to a Chromium or Chrome executable"]
    result = run_cli("export", "--format", "svg", "-o", target.with_suffix(".svg"),
                     env={"ORGGRAPH_CHROMIUM": str(tmp_path / "chrome")})
    assert result.exit_code == 1 and "ORGGRAPH_CHROMIUM is set to" in result.output
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_bad_options_fail_before_chromium_starts(run_cli, tmp_path):
    target = tmp_path / "view.svg"
    result = run_cli("export", "--format", "svg", "-o", target, "--at", "2016-02-30")
    assert result.exit_code == 1 and "February 2016 has 29 days" in result.output and not target.exists()
    result = run_cli("export", "--format", "png", "-o", target.with_suffix(".png"), "--focus", "Mark Rodgers")
    assert result.exit_code == 1 and "closest: Mark Rogers" in result.output and list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_png_is_a_picture_of_the_day(run_cli, tmp_path):
    from PIL import Image, ImageChops

    pictures = {}
    for day in ("2015-10-01", "2016-02-15"):
        target = tmp_path / f"{day}.png"
        result = run_cli("export", "--format", "png", "-o", target, "--at", day)
        assert result.exit_code == 0, result.output
        assert f"Wrote {target}" in result.output
        pictures[day] = Image.open(io.BytesIO(target.read_bytes())).convert("RGB")
    image = pictures["2016-02-15"]
    assert image.size == (1600, 1000)
    colours = image.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50, "the picture is (nearly) one colour"
    assert max(colours)[0] / (image.width * image.height) < 0.97, "the picture is nearly all background"
    # before and after the January 2016 restructure are different pictures
    assert ImageChops.difference(pictures["2015-10-01"], image).getbbox() is not None


@pytest.mark.browser
def test_svg_draws_the_organisation_on_the_day(run_cli, tmp_path, kg):
    before, after = tmp_path / "before.svg", tmp_path / "after.svg"
    for day, target in (("2015-10-01", before), ("2016-02-15", after)):
        result = run_cli("export", "--format", "svg", "-o", target, "--at", day)
        assert result.exit_code == 0, result.output
    assert "The organisation on 1 October 2015" in svg_lines(before)
    assert "Deputy Chief Executive\nPaul Dransfield" in svg_labels(before)
    assert "The organisation on 15 February 2016" in svg_lines(after)
    labels = svg_labels(after)
    assert not [label for label in labels if label.startswith("Deputy Chief Executive")]
    assert "Strategic Director for Major Economic Programmes\nPaul Dransfield" in labels
    # every post of the day is drawn with its holders, as orggraph.at has them
    G = orggraph.at(kg, "2016-02-15")
    posts = {}
    for u, v, relation in G.edges(data="relation"):
        if relation == "holds":
            posts.setdefault(G.nodes[v]["label"], []).append(G.nodes[u]["label"])
    assert {f"{post}\n{', '.join(sorted(holders))}" for post, holders in posts.items()} <= set(labels)
    assert len(posts) > 10
    root = ElementTree.parse(after).getroot()
    assert len(root.findall(f"{SVG}g[@class='edges']/{SVG}path")) > 30
    assert root.findall(f"{SVG}g[@class='edges']/{SVG}polygon")  # reporting lines have arrowheads


@pytest.mark.browser
def test_svg_of_hostile_labels_is_text_only(run_cli, tmp_path):
    target = tmp_path / "hostile.svg"
    result = run_cli("export", "--format", "svg", "-o", target, "--data", HOSTILE, "--layout", "network")
    assert result.exit_code == 0, result.output
    root = ElementTree.parse(target).getroot()  # well-formed XML
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "rect", "g", "path", "polygon", "ellipse", "text", "tspan"}
    assert not [name for element in root.iter() for name in element.attrib if name.lower().startswith("on")]
    assert "<img src=x onerror=alert(1)>" in svg_labels(target)
