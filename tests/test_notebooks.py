"""The notebooks in notebooks/ run top to bottom, say what they promise, and are committed without outputs.

Each notebook is copied to a temporary folder and executed there by nbclient
with an IPython kernel started from this very Python (the project's venv), so
it tests the installed orggraph and writes nothing into the work tree.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_notebooks_are_there():
    assert {p.name for p in ALL} >= {"birmingham_leadership.ipynb", "your_own_organisation.ipynb"}


def _dirty_cells(notebook) -> list[int]:
    """Indexes of the code cells that hold outputs, an execution count or execution timings."""
    return [i for i, cell in enumerate(notebook.cells)
            if cell.cell_type == "code"
            and (cell.outputs or cell.execution_count is not None or "execution" in cell.metadata)]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    """Outputs are stripped before committing: no outputs, no execution counts (no pre-commit hook needed)."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    dirty = _dirty_cells(notebook)
    assert not dirty, (
        f"{path.name}: cells {dirty} hold outputs; clear them before committing "
        "(JupyterLab: Edit > Clear Outputs of All Cells; VS Code: Clear All Outputs), then save"
    )


def test_the_output_check_catches_an_executed_cell():
    clean = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"), nbformat.v4.new_code_cell("1 + 1")])
    assert _dirty_cells(clean) == []
    counted = nbformat.v4.new_code_cell("1 + 1", execution_count=3)
    printed = nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", text="1\n")])
    timed = nbformat.v4.new_code_cell("pass", metadata={"execution": {"iopub.status.idle": "2026-11-23T10:00:00Z"}})
    dirty = nbformat.v4.new_notebook(cells=[*clean.cells, counted, printed, timed])
    assert _dirty_cells(dirty) == [2, 3, 4]


def _kernel(tmp_path) -> KernelManager:
    """A kernel manager for an IPython kernel running on sys.executable, whatever kernels are installed."""
    spec_dir = tmp_path / "kernels" / "orggraph-venv"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "orggraph venv",
        "language": "python",
    }))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")], ensure_native_kernel=False)
    return KernelManager(kernel_name="orggraph-venv", kernel_spec_manager=specs)


def _execute(name, tmp_path):
    """Run a copy of notebooks/NAME in tmp_path; return the executed notebook."""
    work = tmp_path / "run"
    work.mkdir()
    copy = work / name
    shutil.copy(NOTEBOOKS / name, copy)
    notebook = nbformat.read(copy, as_version=4)
    client = NotebookClient(notebook, km=_kernel(tmp_path), timeout=120,
                            resources={"metadata": {"path": str(work)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, if a cell fails
    return notebook


def _outputs(notebook, mime):
    """Every output of type ``mime`` (text/plain, text/html, image/png), or stream text, in cell order."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if mime == "stream" and output.output_type == "stream":
                found.append(output.text)
            elif mime in output.get("data", {}):
                found.append(output.data[mime])
    return found


@pytest.fixture(scope="module")
def birmingham(tmp_path_factory):
    return _execute("birmingham_leadership.ipynb", tmp_path_factory.mktemp("birmingham"))


@pytest.mark.slow
def test_birmingham_notebook_runs_and_tells_the_story(birmingham):
    printed = "".join(_outputs(birmingham, "stream"))
    tables = "\n".join(_outputs(birmingham, "text/html"))
    # the bundled data validates, and so does it with the user's new fact
    assert printed.count("valid: ") == 2 and "invalid" not in printed
    # two org charts and the Gantt chart are drawn
    assert len(_outputs(birmingham, "image/png")) >= 2
    # the restructure summary names who joined and what was created
    for expected in ("Angela Probert (Strategic Director)", "Paul Dransfield: Deputy Chief Executive → Strategic Director",
                     "Corporate Resources directorate", "Director of Finance"):
        assert expected in tables
    # the oversight chain ends with the Secretary of State and who held the post
    assert "Secretary of State for Communities and Local Government" in tables and "Greg Clark" in tables
    # the prose after the chain says none of its memberships rests on one document: that must stay true
    assert "Facts on the chain resting on a single source: none" in printed
    # the SPARQL result and the user's new fact
    assert "Alex Example" in printed and "Strategic Director for People (Peter Hay)" in printed
    assert "New Director of Public Health appointed" in printed


@pytest.mark.slow
def test_birmingham_notebook_embeds_the_offline_view_in_an_iframe(birmingham):
    """The view is a srcdoc iframe holding the whole export page, escaped, with no outside address to load."""
    frames = [h for h in _outputs(birmingham, "text/html") if "<iframe srcdoc=" in h]
    assert len(frames) == 2
    for frame in frames:
        srcdoc = re.search(r'<iframe srcdoc="([^"]*)"', frame).group(1)
        assert "<" not in srcdoc and "&lt;!DOCTYPE html&gt;" in srcdoc  # escaped: the attribute cannot end early
        assert 'sandbox="allow-scripts"' in frame
        assert not re.search(r"(src|href)=&quot;https?:", srcdoc)  # nothing fetched from a CDN
    assert "Alex Example" in frames[1]


@pytest.mark.slow
def test_your_own_organisation_notebook_runs(tmp_path):
    notebook = _execute("your_own_organisation.ipynb", tmp_path)
    printed = "".join(_outputs(notebook, "stream"))
    broken, _, fixed = printed.partition("malformed xsd:gYearMonth")
    # the first graph fails for exactly the two mistakes, each located in the user's file
    assert "invalid: " in broken and "2 violations" in broken
    assert re.search(r"riverside\.ttl:\d+: violation: amira-khan-chief-executive .*has no source", broken)
    assert re.search(r"riverside\.ttl:\d+: violation: tom-baker-finance-director .*ends \(2022\) before it begins \(2023-03\)", broken)
    # then a typo in a date is a LoadError, and the fixed graph validates and answers questions
    assert re.search(r"riverside\.ttl:\d+: malformed xsd:gYearMonth '2023-3'", printed)
    assert "valid: " in fixed and "no problems" in fixed and "invalid" not in fixed
    assert "2023-03-15: Finance Director, Riverside Trust reports to Chief Executive, Riverside Trust; held by nobody certainly" in fixed
    assert "2023-05-15: Finance Director, Riverside Trust reports to Chief Executive, Riverside Trust; held by Tom Baker" in fixed


@pytest.mark.slow
@pytest.mark.browser
def test_birmingham_view_renders_inside_the_notebook_output(birmingham, tmp_path):
    """The notebook's iframe output, as a notebook front end shows it, draws the organisation in Chromium, offline."""
    from playwright.sync_api import sync_playwright

    frame_html = next(h for h in _outputs(birmingham, "text/html") if "<iframe srcdoc=" in h)
    host = tmp_path / "output.html"
    host.write_text(f"<!DOCTYPE html><html><body>{frame_html}</body></html>", encoding="utf-8")
    blocked, errors = [], []

    def route(request_route):
        if request_route.request.url.startswith(("file:", "about:")):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route("**/*", route)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(host.as_uri())
        page.wait_for_load_state("load")
        view = next(f for f in page.frames if f != page.main_frame)
        ready = "!!(window.orggraph && window.orggraph.ready)"
        for _ in range(600):
            if view.evaluate(ready):
                break
            page.wait_for_timeout(50)
        assert view.evaluate(ready), "the view inside the iframe never became ready"
        assert view.evaluate("orggraph.day()") == "2016-02-15"
        visible = view.evaluate("orggraph.visibleIris()")
        browser.close()
    assert "https://w3id.org/orggraph/id/birmingham/person/mark-rogers" in visible
    assert "https://w3id.org/orggraph/id/birmingham/person/paul-dransfield" in visible
    assert not blocked and not errors
