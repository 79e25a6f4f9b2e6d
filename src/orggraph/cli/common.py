"""Options shared by every command, and output helpers. No logic of its own."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys

import click

from ..kg import AUTO_OXIGRAPH_BYTES, load


def note_if_outside_the_data(kg, day) -> None:
    """Say on standard error when ``day`` lies before the data's first dated fact or after its last.

    Called once the answer is out, so that an error stays the only line.

    Facts without a beginning or an end are open on that side, so answers
    there rest on no source: a user asking about 1990 or 2030 is told so.
    """
    from ..dates import parse_day

    span = kg.facts.dated_span()
    if span is None:
        return
    (first, last), day = span, parse_day(day)
    if day < first.earliest():
        click.echo(f"Note: {day} is before the first dated fact in the data ({first.iso()}): whatever has no "
                   "beginning date is counted as held then too, though no source says so.", err=True)
    elif day > last.latest():
        click.echo(f"Note: {day} is after the last dated fact in the data ({last.iso()}): whatever has no end "
                   "date is counted as still held, though no source says so.", err=True)


def kg_options(command):
    """Add ``--data``/``--store``/``--base`` and pass the loaded graph as ``kg``.

    A command that also declares a ``paths`` argument (files or folders given
    without ``--data``, as in ``orggraph validate FILE``) has them loaded too.
    """

    @click.option(
        "--data",
        "data",
        multiple=True,
        type=click.Path(),
        help="RDF file or folder to load (repeatable). Default: the bundled Birmingham dataset.",
    )
    @click.option(
        "--store",
        default="auto",
        show_default=True,
        help="Where the graph lives: 'auto' (rdflib in memory for small data, the embedded Oxigraph store in "
        f"memory for data over {AUTO_OXIGRAPH_BYTES / 2**20:g} MB), 'memory' (rdflib, parsed from the files each "
        "run), 'oxigraph' (Oxigraph in memory), 'oxigraph:PATH' (an Oxigraph database on disk, made by "
        "'orggraph load', or filled from --data when given) or 'sparql:URL' (a SPARQL server's query endpoint, "
        "filled by 'orggraph load').",
    )
    @click.option(
        "--base",
        default=None,
        help="Base IRI for relative IRIs in the data files.",
    )
    @functools.wraps(command)
    def wrapper(*args, data, store, base, **kwargs):
        paths = list(kwargs.pop("paths", ())) + list(data)
        kg = load(paths or None, store=store, base=base)
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
        from rich.text import Text

        # Text, not str: labels come from data files and are never read as rich markup.
        table = Table(title=Text(title) if title else None, show_lines=False)
        for column in columns:
            table.add_column(column.replace("_", " "), overflow="fold")  # wrap, never cut a value short
        for row in rows:
            table.add_row(*(Text(_cell(row.get(k))) for k in columns))
        Console(file=sys.stdout, width=output_width()).print(table)
        if not rows:
            click.echo("(nothing)")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def output_width() -> int | None:
    """The terminal's width; for a file or pipe, ``$COLUMNS`` or else 120 columns."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 120
