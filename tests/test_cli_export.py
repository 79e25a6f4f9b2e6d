"""``orggraph export`` as a user runs it: on a terminal (a real pseudo-terminal), redirected to a file."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

ORGGRAPH = str(Path(sys.executable).parent / "orggraph")


def run_on_a_terminal(*args) -> tuple[int, str, str]:
    """Run ``orggraph ARGS`` with standard output on a pseudo-terminal: (exit status, terminal text, stderr)."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([ORGGRAPH, *args], stdin=subprocess.DEVNULL, stdout=terminal,
                               stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "250"})
    os.close(terminal)
    shown = bytearray()
    while True:  # drain the terminal as it fills, or a long page would block the process
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the process has exited and closed its side
                chunk = b""
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(controller)
    stderr = process.stderr.read().decode()
    return process.wait(timeout=60), shown.decode(errors="replace"), stderr


@pytest.mark.parametrize("fmt, what, example", [("html", "a whole web page", "view.html"),
                                                ("png", "a PNG picture", "view.png"),
                                                ("svg", "an SVG picture", "view.svg"),
                                                ("csv", "a zip of nodes.csv and edges.csv", "graph.zip")])
def test_a_page_picture_or_zip_is_not_written_to_a_terminal(fmt, what, example):
    status, shown, stderr = run_on_a_terminal("export", "--format", fmt)
    assert status == 1
    assert stderr == (f"Error: the {fmt} export is {what}, not for a terminal: give -o FILE (e.g. -o {example}) "
                      "or redirect standard output to a file\n")
    assert shown == ""


def test_text_formats_still_go_to_the_terminal():
    status, shown, stderr = run_on_a_terminal("export", "--format", "mermaid", "--at", "2016-02-15")
    assert status == 0, stderr
    assert shown.startswith("flowchart TD")
    assert "Mark Rogers" in shown


def test_a_page_redirected_to_a_file_is_written_there(tmp_path):
    target = tmp_path / "view.html"
    with target.open("wb") as handle:
        result = subprocess.run([ORGGRAPH, "export", "--format", "html", "--at", "2016-02-15"], stdout=handle,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Mark Rogers" in page


def test_an_export_never_overwrites_a_file_the_data_came_from(run_cli, tmp_path):
    from conftest import SMALL

    data = tmp_path / "council.ttl"
    data.write_bytes(SMALL.read_bytes())
    for fmt in ("html", "turtle"):  # a slip of the ending, or of the name
        result = run_cli("export", "--format", fmt, "--data", tmp_path, "-o", data)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {data} is one of the files the data was loaded from: write the export to another file\n"
        assert data.read_bytes() == SMALL.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council.ttl"]


@pytest.mark.parametrize("fmt, name, message", [
    ("turtle", "view.html", "view.html ends in .html, which is for html files, but the export is turtle: "
                            "name it view.ttl or give --format html"),
    ("csv", "graph.csv", "graph.csv ends in .csv, which is for organogram-csv files, but the export is csv "
                         "(a zip of nodes.csv and edges.csv): name it graph.zip or give --format organogram-csv"),
    ("popolo", "people.ttl", "people.ttl ends in .ttl, which is for turtle files, but the export is popolo: "
                             "name it people.json or give --format turtle"),
])
def test_a_file_named_for_another_format_is_refused(run_cli, tmp_path, fmt, name, message):
    result = run_cli("export", "--format", fmt, "-o", tmp_path / name)
    assert result.exit_code == 1 and result.stderr == f"Error: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt, name", [("popolo", "people.json"), ("json", "graph.json"), ("turtle", "org.rdf"),
                                       ("ntriples", "org.NT"), ("mermaid", "chart.md"), ("trig", "dump"),
                                       ("ntriples", "org.ttl"), ("turtle", "org.trig"), ("ntriples", "org.nq")])
def test_a_file_named_for_its_format_or_for_none_is_written(run_cli, tmp_path, fmt, name):
    result = run_cli("export", "--format", fmt, "-o", tmp_path / name)
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).stat().st_size > 0
