"""The ``generate`` command: a synthetic organisation written straight to a file."""

from __future__ import annotations

import click

from ..generate import STREAM_FORMATS, SYNTHETIC_BASE, write
from ..progress import progress_bar
from . import main


@main.command("generate")
@click.option("--people", type=click.IntRange(min=10), required=True,
              help="How many people the organisation has (at least 10).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed and size always write the same file.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help=f"File to write: {' or '.join(STREAM_FORMATS)} ({', '.join(STREAM_FORMATS.values())}).")
@click.option("--base", default=SYNTHETIC_BASE, show_default=True, help="Base of every IRI in the file.")
def generate_command(people, seed, out, base):
    """Write a synthetic council in the orggraph data model, as many people as --people says.

    Units five to seven levels deep, posts with reporting lines (a few with
    two), ten years of dated memberships, about a fifth of people changing
    post, vacancies, restructures and sources. The triples stream to the file,
    so a million people need no more than a few hundred megabytes of memory.

    Example: orggraph generate --people 100000 --seed 1 --out org.nt
    """
    with progress_bar("Generating", total=people) as progress:
        triples = write(people, out, seed=seed, base=base, progress=progress)
    click.echo(f"Wrote {out}: {people:,} people, {triples:,} triples.", err=True)
