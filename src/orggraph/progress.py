"""Progress bars on stderr for work that can take more than a couple of seconds.

A bar appears only on a terminal and only once the work has run for
:data:`DELAY` seconds, so small jobs, tests, pipes and log files see nothing.

Examples
--------
>>> with progress_bar("Counting", total=3) as update:
...     for done in range(1, 4):
...         update(done)
"""

from __future__ import annotations

import contextlib
import time

#: Seconds of work before a bar is drawn.
DELAY = 2.0


@contextlib.contextmanager
def progress_bar(description: str, total: int | None = None, unit: str = "", delay: float = DELAY, console=None):
    """A rich progress bar on stderr; yields ``update(done, total=None)``.

    Parameters
    ----------
    description : str
        What is being done, shown left of the bar.
    total : int, optional
        How much work there is, if known (it may also be given to ``update``).
    unit : str
        ``"bytes"`` to show sizes and speed in bytes; otherwise counts.
    delay : float
        Draw nothing until the work has taken this many seconds.
    console : rich.console.Console, optional
        Where to draw. Default: stderr, and only when it is a terminal.

    Examples
    --------
    >>> with progress_bar("Loading", total=10, unit="bytes") as update:
    ...     update(10)
    """
    started_at = time.monotonic()
    bar = task = None  # made (and rich imported) only once the work has taken ``delay`` seconds

    def update(done, new_total=None):
        nonlocal bar, task, total
        total = total if new_total is None else new_total
        if bar is None:
            if time.monotonic() - started_at < delay:
                return
            bar = _bar(unit, console)
            task = bar.add_task(description, total=total)
            bar.start()
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def _bar(unit: str, console):
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn, TransferSpeedColumn)

    console = console or Console(stderr=True)
    counts = (DownloadColumn(), TransferSpeedColumn()) if unit == "bytes" else (MofNCompleteColumn(),)
    return Progress(TextColumn("{task.description}"), BarColumn(), *counts, TimeElapsedColumn(), TimeRemainingColumn(),
                    console=console, transient=True, disable=not console.is_terminal)
