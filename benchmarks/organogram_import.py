"""Benchmark: import a generated organogram of N senior rows (default 100,000).

Prints rows, seconds and rows per second. The generator makes a deterministic
tree: each post reports to post (i - 1) // 4, with the published columns and a
mix of named, vacant and withheld holders, so the importer does its full work.

    .venv/bin/python benchmarks/organogram_import.py [ROWS]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

from orggraph.importers.organogram import SENIOR_COLUMNS, import_organogram


def write_organogram(path, rows: int) -> None:
    """Write a senior-staff CSV with ``rows`` posts in the published layout."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SENIOR_COLUMNS)
        for i in range(rows):
            name = "Vacant" if i % 17 == 5 else "N/D" if i % 11 == 3 else f"Person {i}"
            writer.writerow([
                f"P{i}", name, f"SCS{1 + i % 3}", f"Job title {i}", "Function", "Department of Examples",
                "Generated Agency", f"Unit {i % 200}", "", "", "XX" if i == 0 else f"P{(i - 1) // 4}",
                "0", "1.0", "70000", "74999", "", "Policy", "", "1",
            ])


def main(rows: int = 100_000) -> float:
    folder = Path(tempfile.mkdtemp())
    senior = folder / "generated-senior.csv"
    write_organogram(senior, rows)
    start = time.perf_counter()
    import_organogram(senior, date="2020-03-31", out=folder / "generated.ttl")
    seconds = time.perf_counter() - start
    print(f"rows: {rows}\nseconds: {seconds:.1f}\nrows per second: {rows / seconds:.0f}")
    return seconds


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
