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
