"""Commands over the whole graph: validate, stats, export."""

from __future__ import annotations

import functools
import json
import sys

import click

from ..errors import OrggraphError, ValidationFailed
from ..export import WRITERS, export
from ..stats import stats
from ..validate import validate
from . import main
from .common import emit_rows, format_option, kg_options, note_if_outside_the_data, output_width


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path())
@kg_options
@format_option("table", "json")
def validate_command(kg, output_format):
    """Check the data against the shapes and the integrity checks.

    PATHS are RDF files or folders to check (default: the bundled Birmingham
    dataset). Prints "valid: N triples, no problems", or every problem with
    its file, line and node, and exits with status 1 when any is a violation.
    """
    report = validate(kg)
    if output_format == "json":
        click.echo(json.dumps({"ok": report.ok, "triples": report.triples, "problems": report.as_rows()},
                              indent=2, ensure_ascii=False))
    elif report.problems:
        _print_problems(report.problems)
    if not report.ok:
        raise ValidationFailed(report.summary())
    if output_format != "json":
        click.echo(report.summary())


@main.command("stats")
@kg_options
@format_option("table", "json")
def stats_command(kg, output_format):
    """Count people, bodies, posts, roles, memberships, change events and sources, and the dates covered."""
    summary = stats(kg)
    if output_format == "json":
        click.echo(json.dumps(summary, indent=2))
    else:
        emit_rows([{"what": key.replace("_", " "), "value": value} for key, value in summary.items()], "table")


#: Export formats whose output is a whole web page, a picture or a zip, of no use on a terminal.
_NOT_FOR_A_TERMINAL = {"html": ("a whole web page", "view.html"), "png": ("a PNG picture", "view.png"),
                       "svg": ("an SVG picture", "view.svg"), "csv": ("a zip of nodes.csv and edges.csv", "graph.zip")}


def _no_page_on_a_terminal(command):
    """Refuse a page, picture or zip bound for a terminal (no -o, standard output a tty) before any data is loaded.

    Redirected (``> view.html``) or piped, standard output still gets it.
    """

    @functools.wraps(command)
    def wrapper(*args, output_format, output, **kwargs):
        if output is None and output_format in _NOT_FOR_A_TERMINAL and sys.stdout.isatty():
            what, example = _NOT_FOR_A_TERMINAL[output_format]
            raise OrggraphError(f"the {output_format} export is {what}, not for a terminal: give -o FILE "
                                f"(e.g. -o {example}) or redirect standard output to a file")
        return command(*args, output_format=output_format, output=output, **kwargs)

    return wrapper


@main.command("export")
@_no_page_on_a_terminal
@kg_options
@format_option(*WRITERS, default="turtle")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (whole or not at all); never one of the data files, nor one whose ending "
                   "names another format (.html for turtle). Default: standard output, except that html, png, "
                   "svg and csv (a zip) are not written to a terminal.")
@click.option("--at", "at", metavar="YYYY-MM-DD", default=None,
              help="html, png, svg, graphml, gexf, json, csv, mermaid: the day to show "
                   "(default: the day the latest change took full effect); organogram-csv: the "
                   "snapshot day (required).")
@click.option("--focus", metavar="NAME", default=None,
              help="html, png, svg: keep only what lies within --depth steps of this person, post or body.")
@click.option("--depth", type=click.IntRange(min=1), default=None,
              help="html, png, svg: steps from --focus (default 2).")
@click.option("--layout", type=click.Choice(["chart", "network"]), default=None,
              help="html, png, svg: 'chart' (org chart along units and reporting lines, the default) or "
                   "'network' (laid out once over all time, then fixed: a force layout up to 1,000 nodes).")
def export_command(kg, output_format, output, at, focus, depth, layout):
    """Write the data as RDF, an interactive view or picture, a graph file, Popolo or an organogram.

    turtle, trig, nquads, ntriples and jsonld hold the whole graph, ontology
    and data; the quad formats (trig, nquads) keep one named graph per loaded file.
    html is an interactive view for a browser, offline, with a time slider;
    png and svg are still pictures of that view on one day, drawn by headless
    Chromium (found on the PATH or in $ORGGRAPH_CHROMIUM). graphml, gexf,
    json (node-link), csv (a zip of nodes.csv and edges.csv) and mermaid (an
    org chart) hold the organisation on one day (--at); popolo is Popolo JSON
    of everything; organogram-csv is a UK senior-staff organogram for --at.
    """
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus NAME")
    export(kg, output_format, output, at=at, focus=focus, depth=depth, layout=layout)
    if at is not None:
        note_if_outside_the_data(kg, at)
    if not output:
        return
    if output_format == "html":
        click.echo(f"Wrote {output}: open it in a web browser (it works offline).", err=True)
    elif output_format in ("png", "svg"):
        click.echo(f"Wrote {output}: a picture of the {layout or 'chart'} view.", err=True)
    else:
        click.echo(f"Wrote {output} ({output_format}).", err=True)


def _print_problems(problems):
    """A table of problems; the file:line column is never wrapped, so it can be copied."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Problems")
    table.add_column("severity", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("node", overflow="fold")
    table.add_column("problem", overflow="fold", ratio=1)
    for problem in problems:
        table.add_row(problem.severity, problem.where(), problem.label, problem.message)
    Console(file=sys.stdout, width=output_width()).print(table)
