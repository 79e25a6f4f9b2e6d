"""Exports of the knowledge graph, one module per format family.

:data:`WRITERS` maps a format name (what ``orggraph export --format`` takes) to
a function ``writer(kg, path_or_None)`` that writes the graph to ``path``
atomically, or to standard output when ``path`` is None. A new export format
adds its module here and its writers to :data:`WRITERS`; the CLI picks them up.

Examples
--------
>>> import orggraph, tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "birmingham.nq"
>>> export(orggraph.load(), "nquads", target)
>>> target.read_text().count(" .\\n") == len(orggraph.load().graph)
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import OrggraphError
from . import graph, html, organogram_csv, picture, popolo, rdf

#: Format name -> ``writer(kg, path_or_None, **options)``.
WRITERS: dict[str, Callable] = {
    **rdf.WRITERS,
    **html.WRITERS,
    **picture.WRITERS,
    **graph.WRITERS,
    **popolo.WRITERS,
    **organogram_csv.WRITERS,
}
#: The options each format takes besides the path (the others take none).
OPTIONS: dict[str, tuple[str, ...]] = {
    **{fmt: ("at", "focus", "depth", "layout") for fmt in ("html", *picture.WRITERS)},
    **{fmt: ("at",) for fmt in graph.WRITERS},
    "organogram-csv": ("at",),
}
#: File name endings that say what a file holds, and the formats that may be written under them
#: (the first is the one the ending names; N-Triples is also Turtle and N-Quads, Turtle also TriG);
#: a file with another ending may hold any format.
ENDINGS: dict[str, tuple[str, ...]] = {
    ".ttl": ("turtle", "ntriples"), ".trig": ("trig", "turtle", "ntriples"), ".nq": ("nquads", "ntriples"),
    ".nt": ("ntriples",), ".jsonld": ("jsonld",),
    ".html": ("html",), ".htm": ("html",), ".png": ("png",), ".svg": ("svg",), ".graphml": ("graphml",),
    ".gexf": ("gexf",), ".json": ("json", "popolo", "jsonld"), ".zip": ("csv",), ".csv": ("organogram-csv",),
    ".mmd": ("mermaid",), ".md": ("mermaid",),
}


def export(kg, fmt: str, path=None, **options) -> None:
    """Write the knowledge graph in format ``fmt`` to ``path`` (default: standard output).

    Parameters
    ----------
    kg : KnowledgeGraph
        The loaded ontology and data.
    fmt : str
        A key of :data:`WRITERS`, such as ``"turtle"`` or ``"trig"``.
    path : str or Path, optional
        The file to write (atomically). Default: standard output. Refused
        when it is one of the files ``kg`` was loaded from, or when its
        ending names another format (see :data:`ENDINGS`).
    **options
        What the format takes (see :data:`OPTIONS`): ``at`` (a day) for the
        graph formats, organogram-csv, html, png and svg; ``focus``, ``depth``
        and ``layout`` for html, png and svg.
        Options given as None are ignored.

    Examples
    --------
    >>> import orggraph
    >>> export(orggraph.load(), "docx")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrggraphError: unknown export format 'docx': use one of turtle, trig, nquads, ntriples, jsonld, html, png, svg, graphml, gexf, json, csv, mermaid, popolo, organogram-csv
    >>> export(orggraph.load(), "mermaid", at="2016-02-15")  # doctest: +ELLIPSIS
    flowchart TD
    ...
    """
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise OrggraphError(f"unknown export format {fmt!r}: use one of {', '.join(WRITERS)}") from None
    given = {name: value for name, value in options.items() if value is not None}
    unused = sorted(set(given) - set(OPTIONS.get(fmt, ())))
    if unused:
        raise OrggraphError(f"--{unused[0]} does not apply to the {fmt} export")
    if path is not None:
        _refuse_to_overwrite_data(kg, Path(path))
        _refuse_a_misleading_ending(fmt, Path(path))
    writer(kg, path, **given)


def _refuse_to_overwrite_data(kg, path: Path) -> None:
    """OrggraphError if ``path`` is one of the files the graph was loaded from."""
    if path.exists() and any(path.resolve() == Path(file).resolve() for file in kg.files):
        raise OrggraphError(f"{path} is one of the files the data was loaded from: write the export to another file")


def _refuse_a_misleading_ending(fmt: str, path: Path) -> None:
    """OrggraphError if the file's name ends as another format's files do (``x.ttl`` for html)."""
    allowed = ENDINGS.get(path.suffix.lower())
    if allowed is None or fmt in allowed:
        return
    own = next((ending for ending, formats in ENDINGS.items() if fmt in formats), None)
    rename = f"name it {path.with_suffix(own).name} or " if own else ""
    what = "csv (a zip of nodes.csv and edges.csv)" if fmt == "csv" else fmt
    raise OrggraphError(f"{path.name} ends in {path.suffix}, which is for {allowed[0]} files, but the export is "
                        f"{what}: {rename}give --format {allowed[0]}")
