"""The ``import`` group: published formats into orggraph RDF, with a summary at the end."""

from __future__ import annotations

import contextlib

import click

from ..importers.organogram import import_organogram
from ..importers.popolo import import_popolo
from . import main


@main.group("import")
def import_group():
    """Read published data (UK organograms, Popolo JSON) into orggraph RDF.

    Each command writes RDF in the orggraph data model and prints what it read,
    repaired and skipped.
    """


@contextlib.contextmanager
def _progress_bar(description: str):
    """A rich progress bar on stderr (only on a terminal); yields ``update(done, total, phase)``."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(description, total=None)

        def update(done, total, phase):
            bar.update(task, completed=done, total=total, description=f"{description}: {phase}")

        yield update


@import_group.command("organogram")
@click.argument("senior", type=click.Path(dir_okay=False))
@click.argument("junior", type=click.Path(dir_okay=False), required=False)
@click.option("--date", "snapshot_date", required=True,
              help="The snapshot date the files describe, YYYY-MM-DD (usually 31 March or 30 September).")
@click.option("--out", required=True, type=click.Path(),
              help="RDF file (.ttl, .nt, .rdf, .jsonld) or folder to write; snapshots of the same organisation "
                   "already in it, earlier or later, are merged with this one.")
def organogram_command(senior, junior, snapshot_date, out):
    """Import a data.gov.uk organogram: SENIOR staff CSV and optional JUNIOR staff CSV.

    Posts are kept by their Post Unique Reference across snapshots; a person
    who stays in a post keeps one membership running from the first to the
    last snapshot that lists them there.

    Reporting lines that form a cycle are refused, with the posts in it
    named, and nothing is written: which line is wrong cannot be guessed.

    Example: orggraph import organogram hta-2011-03-31-senior.csv
    hta-2011-03-31-junior.csv --date 2011-03-31 --out hta/
    """
    with _progress_bar("Importing organogram") as progress:
        summary = import_organogram(senior, junior, date=snapshot_date, out=out, progress=progress)
    click.echo(summary.report())


@import_group.command("popolo")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--out", required=True, type=click.Path(),
              help="RDF file (.ttl, .nt, .rdf, .jsonld) or folder to write; data already in the file is kept "
                   "and this file's data added. A file already holding data under this file's base IRI (an "
                   "earlier import of it) is refused and left as it was.")
@click.option("--base", default=None,
              help="Base IRI for the nodes. Default: the one an orggraph export recorded, else "
                   "https://w3id.org/orggraph/id/popolo/<file-name>/.")
@click.option("--publisher", default=None, help="Who published the file, recorded on its source document.")
@click.option("--issued", default=None, help="When the file was published: YYYY, YYYY-MM or YYYY-MM-DD.")
def popolo_command(path, out, base, publisher, issued):
    """Import a Popolo JSON file (EveryPolitician ep-popolo-v1.0.json or plain Popolo).

    Persons, organizations, posts, memberships (dates kept at their
    precision), events, areas, identifiers and source URLs.

    Like import organogram, an existing --out file keeps what it holds and
    gains this file's data. Importing the same file into it again is refused,
    since the two versions would mix; write to a new file instead, or give
    --base to keep both.

    Example: orggraph import popolo ep-popolo-v1.0.json --publisher EveryPolitician
    --issued 2016 --out alderney.ttl
    """
    click.echo(import_popolo(path, out, base, publisher=publisher, issued=issued).report())
