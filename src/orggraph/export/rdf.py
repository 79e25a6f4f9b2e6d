"""Export the whole knowledge graph, ontology and data, as RDF.

Turtle, N-Triples and JSON-LD hold one graph: the union of every file.
TriG and N-Quads keep the named graphs: one per loaded file (named by the
file's URI), and the graphs a TriG or N-Quads input file named itself.

Examples
--------
>>> import orggraph, tempfile, pathlib
>>> from rdflib import Dataset
>>> target = pathlib.Path(tempfile.mkdtemp()) / "birmingham.trig"
>>> export_rdf(orggraph.load(), "trig", target)
>>> len(Dataset().parse(target, format="trig")) == len(orggraph.load().graph)
True
"""

from __future__ import annotations


from rdflib import Dataset, Graph

from ..errors import OrggraphError
from ..io import write_text

#: Format name -> rdflib serializer name. The quad formats keep named graphs.
FORMATS = {
    "turtle": "turtle",
    "trig": "trig",
    "nquads": "nquads",
    "ntriples": "nt",
    "jsonld": "json-ld",
}
QUAD_FORMATS = {"trig", "nquads"}


def export_rdf(kg, fmt: str, path=None) -> None:
    """Write the ontology and data as RDF to ``path``, or to standard output.

    Parameters
    ----------
    kg : KnowledgeGraph
        The loaded ontology and data.
    fmt : str
        ``"turtle"``, ``"trig"``, ``"nquads"``, ``"ntriples"`` or ``"jsonld"``.
    path : str or Path, optional
        The file to write, whole or not at all (an existing file is left as
        it was on error). Default: standard output.

    Raises
    ------
    OrggraphError
        An unknown format, or a file that cannot be written.

    Examples
    --------
    >>> import orggraph, tempfile, pathlib
    >>> from rdflib import Graph
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "birmingham.ttl"
    >>> export_rdf(orggraph.load(), "turtle", target)
    >>> len(Graph().parse(target)) == len(orggraph.load().graph)
    True
    """
    text = serialize(kg, fmt)
    write_text(text, path)


def serialize(kg, fmt: str) -> str:
    """The whole graph as text in one of :data:`FORMATS`.

    Examples
    --------
    >>> import orggraph
    >>> serialize(orggraph.load(), "ntriples").count(" .\\n") == len(orggraph.load().graph)
    True
    """
    if fmt not in FORMATS:
        raise OrggraphError(f"unknown RDF format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in QUAD_FORMATS:
        graph = Dataset()
        for named in kg.graph.graphs():
            if len(named):
                target = graph.graph(named.identifier)
                for triple in named:
                    target.add(triple)
    else:
        graph = Graph()
        for triple in kg.graph.triples((None, None, None)):
            graph.add(triple)
    for prefix, namespace in kg.graph.namespaces():
        graph.bind(prefix, namespace, override=False)
    return graph.serialize(format=FORMATS[fmt])


def _writer(fmt: str):
    def write(kg, path=None) -> None:
        export_rdf(kg, fmt, path)

    write.__doc__ = f"Write the whole graph as {fmt} to ``path`` or standard output."
    return write


#: Format name -> ``writer(kg, path_or_None)``, for :data:`orggraph.export.WRITERS`.
WRITERS = {fmt: _writer(fmt) for fmt in FORMATS}
