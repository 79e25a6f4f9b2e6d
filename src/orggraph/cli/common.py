"""Options shared by every command, and output helpers. No logic of its own."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys

import click

from ..kg import load


def kg_options(command):
    """Add ``--data``/``--store``/``--base`` and pass the loaded graph as ``kg``."""

    @click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(),
        help="RDF file or folder to load (repeatable). Default: the bundled Birmingham dataset.",
    )
    @click.option(
        "--store",
        default="memory",
        show_default=True,
        help="Where the graph lives: 'memory'.",
    )
    @click.option(
        "--base",
        default=None,
        help="Base IRI for relative IRIs in the data files.",
    )
    @functools.wraps(command)
    def wrapper(*args, data, store, base, **kwargs):
        kg = load(list(data) or None, store=store, base=base)
        return command(*args, kg=kg, **kwargs)

    return wrapper


def format_option(*choices, default="table"):
    """``--format`` with the given choices."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format: " + ", ".join(choices) + ".",
    )


def emit_rows(rows: list[dict], output_format: str, columns: list[str] | None = None, title: str | None = None):
    """Print rows (dicts of plain values) as a rich table, JSON or CSV."""
    columns = columns or (list(rows[0]) if rows else [])
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif output_format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        click.echo(buffer.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column.replace("_", " "))
        for row in rows:
            table.add_row(*(_cell(row.get(k)) for k in columns))
        Console(file=sys.stdout, width=_width()).print(table)
        if not rows:
            click.echo("(nothing)")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _width() -> int | None:
    return None if sys.stdout.isatty() else 120
