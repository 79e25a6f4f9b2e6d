"""The organisation on one day as a graph file: GraphML, GEXF, node-link JSON, CSV or Mermaid.

Each writer takes the graph of :func:`orggraph.at` for a day (``at``, default
the day the latest change took full effect) and writes it for another tool:

- ``graphml`` and ``gexf`` (Gephi, yEd, Cytoscape): every attribute kept;
  lists (sources) become space-separated IRIs, an interval becomes
  ``interval_begin`` and ``interval_end``, missing values are left out.
- ``json``: networkx node-link data (``nodes`` and ``links``, as d3 expects),
  with lists and intervals as JSON.
- ``csv``: a zip archive holding ``nodes.csv`` and ``edges.csv`` (one file,
  so it is written whole or not at all; the command line writes it to a
  file, ``-o FILE.zip``, or to a pipe, never to a terminal).
- ``mermaid``: an org chart (``flowchart TD``) of bodies and posts with their
  holders, along units, posts in bodies and reporting lines, to paste into
  Markdown.

Examples
--------
>>> import orggraph, tempfile, pathlib, networkx as nx
>>> target = pathlib.Path(tempfile.mkdtemp()) / "birmingham.graphml"
>>> write_graph(orggraph.load(), "graphml", target, at="2016-02-15")
>>> G = nx.read_graphml(target)
>>> G.nodes["https://w3id.org/orggraph/id/birmingham/person/mark-rogers"]["label"]
'Mark Rogers'
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import zipfile

import networkx as nx

from ..dates import parse_day
from ..errors import OrggraphError
from ..facts import BODY, PERSON, POST
from ..io import write_bytes, write_text
from ..timeslice import HOLDS, POST_IN, REPORTS_TO, UNIT_OF, at as _at

#: The formats this module writes.
FORMATS = ("graphml", "gexf", "json", "csv", "mermaid")
NODE_COLUMNS = ["id", "kind", "label", "body_kind", "party"]
EDGE_COLUMNS = ["source", "target", "key", "relation", "role", "role_label", "interval_begin", "interval_end",
                "appointment", "membership", "sources"]


def default_day(kg) -> _dt.date:
    """The day the latest change took full effect (today when nothing is dated).

    Examples
    --------
    >>> import orggraph
    >>> default_day(orggraph.load())
    datetime.date(2016, 3, 31)
    """
    span = kg.facts.dated_span()
    return span[1].latest() if span else _dt.date.today()


def graph_on(kg, at=None) -> nx.MultiDiGraph:
    """:func:`orggraph.at` for ``at``, or for :func:`default_day` when not given.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> graph_on(kg).graph, graph_on(kg, "2015-10-01").graph
    ({'date': '2016-03-31'}, {'date': '2015-10-01'})
    """
    return _at(kg, parse_day(at) if at is not None else default_day(kg))


def flat(G) -> nx.MultiDiGraph:
    """A copy with only strings, numbers and booleans as attributes, for GraphML and GEXF.

    Lists become space-separated text, an interval dict becomes
    ``interval_begin``/``interval_end``, and None values are dropped.

    Examples
    --------
    >>> import orggraph
    >>> F = flat(orggraph.at(orggraph.load(), "2016-02-15"))
    >>> sorted({type(v).__name__ for *_, d in F.edges(data=True) for v in d.values()})
    ['str']
    """
    def clean(data):
        out = {}
        for key, value in data.items():
            if isinstance(value, dict):
                for part, inner in value.items():
                    if inner is not None:
                        out[f"{key}_{part}"] = str(inner)
            elif isinstance(value, (list, tuple, set)):
                out[key] = " ".join(str(v) for v in value)
            elif value is not None:
                out[key] = value
        return out

    F = nx.MultiDiGraph(**clean(G.graph))
    F.add_nodes_from((n, clean(d)) for n, d in G.nodes(data=True))
    F.add_edges_from((u, v, k, clean(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return F


def _text(writer) -> str:
    buffer = io.BytesIO()
    writer(buffer)
    return buffer.getvalue().decode("utf-8")


def graphml(G) -> str:
    """GraphML text of the flattened graph (:func:`flat`).

    Examples
    --------
    >>> import orggraph, io, networkx as nx
    >>> text = graphml(orggraph.at(orggraph.load(), "2016-02-15"))
    >>> G = nx.read_graphml(io.BytesIO(text.encode()))
    >>> G.nodes["https://w3id.org/orggraph/id/birmingham/person/jon-warlow"]["label"]
    'Jon Warlow'
    """
    return _text(lambda out: nx.write_graphml(flat(G), out, encoding="utf-8"))


def gexf(G) -> str:
    """GEXF 1.2 text of the flattened graph (:func:`flat`).

    Examples
    --------
    >>> import orggraph, io, networkx as nx
    >>> text = gexf(orggraph.at(orggraph.load(), "2016-02-15"))
    >>> G = nx.read_gexf(io.BytesIO(text.encode()))
    >>> G.nodes["https://w3id.org/orggraph/id/birmingham/person/jon-warlow"]["label"]
    'Jon Warlow'
    """
    return _text(lambda out: nx.write_gexf(flat(G), out, encoding="utf-8"))


def node_link_json(G) -> str:
    """networkx node-link JSON (``nodes``, ``links``) with attributes as JSON values.

    Examples
    --------
    >>> import orggraph, json
    >>> data = json.loads(node_link_json(orggraph.at(orggraph.load(), "2016-02-15")))
    >>> sorted(data)[:3], data["directed"]
    (['directed', 'graph', 'links'], True)
    """
    return json.dumps(nx.node_link_data(G, edges="links"), indent=1, ensure_ascii=False) + "\n"


def csv_zip(G) -> bytes:
    """A zip archive holding ``nodes.csv`` and ``edges.csv``.

    Examples
    --------
    >>> import orggraph, zipfile, io
    >>> data = csv_zip(orggraph.at(orggraph.load(), "2016-02-15"))
    >>> zipfile.ZipFile(io.BytesIO(data)).namelist()
    ['nodes.csv', 'edges.csv']
    """
    F = flat(G)

    def table(columns, rows) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()

    nodes = [{"id": n, **d} for n, d in sorted(F.nodes(data=True))]
    edges = [{"source": u, "target": v, "key": k, **d} for u, v, k, d in sorted(F.edges(keys=True, data=True))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nodes.csv", table(NODE_COLUMNS, nodes))
        archive.writestr("edges.csv", table(EDGE_COLUMNS, edges))
    return buffer.getvalue()


def mermaid_label(text: str) -> str:
    """A label Mermaid shows as written: quotes, brackets, tags and entities become entity codes.

    Examples
    --------
    >>> mermaid_label('<img src=x onerror=alert(1)> "A & B" #1')
    '#lt;img src=x onerror=alert#40;1#41;#gt; #quot;A #amp; B#quot; #35;1'
    """
    codes = {"#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", '"': "#quot;", "(": "#40;", ")": "#41;",
             "[": "#91;", "]": "#93;", "{": "#123;", "}": "#125;", "|": "#124;", "`": "#96;"}
    text = re.sub(r"\s+", " ", str(text)).strip()
    return "".join(codes.get(c, c) for c in text)


def mermaid(G) -> str:
    """An org chart of bodies and posts (with holders) as a Mermaid ``flowchart TD``.

    Bodies link down to their units and to posts in them that report to no
    other post; posts link down to the posts that report to them. People
    appear inside their posts; a post nobody holds says "vacant".

    Examples
    --------
    >>> import orggraph
    >>> chart = mermaid(orggraph.at(orggraph.load(), "2015-10-01"))
    >>> chart.splitlines()[0]
    'flowchart TD'
    >>> any("Deputy Chief Executive<br/>Paul Dransfield" in line for line in chart.splitlines())
    True
    """
    kinds = dict(G.nodes(data="kind"))
    holders: dict[str, list[str]] = {}
    for u, v, relation in G.edges(data="relation"):
        if relation == HOLDS:
            holders.setdefault(v, []).append(G.nodes[u]["label"])
    lines_up = {(u, v) for u, v, r in G.edges(data="relation") if r == REPORTS_TO and kinds[u] == POST}
    has_boss = {u for u, _ in lines_up}
    links = set()
    for u, v, relation in G.edges(data="relation"):
        if relation == UNIT_OF and kinds[u] == BODY:
            links.add((v, u, "---"))
        elif relation == POST_IN and u not in has_boss:
            links.add((v, u, "-.-"))
        elif relation == REPORTS_TO:
            links.add((v, u, "-->"))
    shown = sorted({n for a, b, _ in links for n in (a, b)} | {n for n, k in kinds.items() if k == POST})
    ids = {n: f"n{i}" for i, n in enumerate(shown)}
    out = ["flowchart TD"]
    for n in shown:
        label = mermaid_label(G.nodes[n]["label"])
        if kinds[n] == POST:
            who = ", ".join(sorted(holders.get(n, []))) or "vacant"
            out.append(f'    {ids[n]}["{label}<br/>{mermaid_label(who)}"]')
        elif kinds[n] == PERSON:
            out.append(f'    {ids[n]}(["{label}"])')
        else:
            out.append(f'    {ids[n]}[["{label}"]]')
    for a, b, arrow in sorted(links):
        out.append(f"    {ids[a]} {arrow} {ids[b]}")
    return "\n".join(out) + "\n"


_TEXT_WRITERS = {"graphml": graphml, "gexf": gexf, "json": node_link_json, "mermaid": mermaid}


def write_graph(kg, fmt: str, path=None, at=None) -> None:
    """Write the organisation on day ``at`` in ``fmt`` to ``path`` (atomically) or standard output.

    Parameters
    ----------
    kg : KnowledgeGraph
    fmt : {"graphml", "gexf", "json", "csv", "mermaid"}
    path : str or Path, optional
        The file to write. Default: standard output (``csv`` writes the zip's bytes there).
    at : datetime.date or str, optional
        The day (``YYYY-MM-DD``). Default: :func:`default_day`.

    Raises
    ------
    DateError
        ``at`` is not a day.
    OrggraphError
        An unknown format, or a file that cannot be written.

    Examples
    --------
    >>> import orggraph, tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "chart.mmd"
    >>> write_graph(orggraph.load(), "mermaid", target, at="2016-02-15")
    >>> target.read_text().startswith("flowchart TD")
    True
    """
    if fmt not in FORMATS:
        raise OrggraphError(f"unknown graph format {fmt!r}: use one of {', '.join(FORMATS)}")
    G = graph_on(kg, at)
    if fmt == "csv":
        write_bytes(csv_zip(G), path, "the csv export (a zip)")
    else:
        write_text(_TEXT_WRITERS[fmt](G), path)


def _writer(fmt: str):
    def write(kg, path=None, at=None) -> None:
        write_graph(kg, fmt, path, at=at)

    write.__doc__ = f"Write the organisation on a day as {fmt} to ``path`` or standard output."
    return write


#: Format name -> ``writer(kg, path_or_None, at=None)``, for :data:`orggraph.export.WRITERS`.
WRITERS = {fmt: _writer(fmt) for fmt in FORMATS}
