"""Progress bars: drawn on a terminal once work has run past the delay, never otherwise."""

import io
import subprocess
import sys

from rich.console import Console

from orggraph.progress import progress_bar


def _run(console, delay):
    with progress_bar("Crunching", total=5, delay=delay, console=console) as update:
        for done in range(1, 6):
            update(done)


def test_a_terminal_sees_the_bar_once_the_delay_has_passed():
    out = io.StringIO()
    _run(Console(file=out, force_terminal=True, width=80), delay=0)
    assert "Crunching" in out.getvalue()


def test_short_work_draws_nothing_even_on_a_terminal():
    out = io.StringIO()
    _run(Console(file=out, force_terminal=True, width=80), delay=3600)
    assert out.getvalue() == ""


def test_a_pipe_or_file_never_sees_a_bar():
    out = io.StringIO()
    _run(Console(file=out, force_terminal=False, width=80), delay=0)
    assert out.getvalue() == ""


def test_short_work_does_not_even_import_rich():
    code = ("import sys\nfrom orggraph.progress import progress_bar\n"
            "with progress_bar('Crunching', total=2) as update:\n    update(1)\n    update(2)\n"
            "print('rich' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
