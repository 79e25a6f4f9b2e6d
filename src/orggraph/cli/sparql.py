"""Commands for SPARQL users: sparql, query, load, serve.

Each is a thin layer over :mod:`orggraph.sparql`, :mod:`orggraph.queries`,
:mod:`orggraph.stores` and :mod:`orggraph.server`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import OrggraphError
from ..kg import load
from ..queries import list_queries, run_query
from ..server import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT, SparqlServer
from ..sparql import GRAPH_FORMATS, RESULT_FORMATS, check_query, result_rows, serialize_result, sparql
from ..stores import describe_store, fill_oxigraph, parse_store, push
from ..vocab import BIRMINGHAM_BASE
from . import main
from .common import emit_rows, format_option, kg_options


def _read_query(text: str) -> str:
    """QUERY as given: a file's text when it names a file (or ``-`` for standard input), else itself."""
    if text == "-":
        return sys.stdin.read()
    path = Path(text)
    if "\n" not in text and len(text) < 1000 and path.suffix.lower() in (".rq", ".sparql"):
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise OrggraphError(f"{text}: cannot read the query file: {getattr(error, 'strerror', None) or error}") from None
    return text


def _pairs(values, option: str) -> dict:
    pairs = {}
    for value in values:
        name, sep, given = value.partition("=")
        if not sep or not name:
            raise click.UsageError(f"{option} takes NAME=VALUE, not {value!r}")
        pairs[name.strip()] = given
    return pairs


@main.command("sparql")
@click.argument("query")
@kg_options
@format_option(*dict.fromkeys(RESULT_FORMATS + GRAPH_FORMATS))
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Give variable ?NAME the value VALUE, as a plain string literal (repeatable); "
                   "bound as a term, never pasted into the query text. A NAME the query has no "
                   "variable for is refused.")
def sparql_command(kg, query, output_format, binds):
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) over the graph.

    QUERY is the query itself, a .rq or .sparql file, or - for standard input.
    The prefixes rdf, rdfs, xsd, owl, org, time, prov, skos, foaf, dcterms and
    og may be used without declaring them. SELECT and ASK results print as a
    table or as SPARQL CSV, TSV, JSON or XML; CONSTRUCT and DESCRIBE as Turtle
    (the default) or another RDF format (nt, json-ld, xml, n3, trig, nquads).

    Example: orggraph sparql "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } LIMIT 3"
    """
    text = _read_query(query)
    if output_format not in RESULT_FORMATS and check_query(text) in ("SELECT", "ASK"):  # before a long run
        raise OrggraphError(f"{output_format!r} is not a results format: use one of {', '.join(RESULT_FORMATS)}")
    result = sparql(kg, text, _pairs(binds, "--bind"))
    if result.type in ("SELECT", "ASK") and output_format == "table":
        rows = result_rows(result, kg)
        emit_rows(rows, "table", columns=["boolean"] if result.type == "ASK" else [str(v) for v in result.vars])
    else:
        click.echo(serialize_result(result, output_format), nl=False)


@main.command("query")
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the query (repeatable); see --list. IRIs may be relative to the "
                   "data's base (person/mark-rogers) or a name; dates are YYYY-MM-DD.")
@click.option("--list", "list_them", is_flag=True, help="List the named queries and their parameters, then stop.")
@kg_options
@format_option("table", "json", "csv")
def query_command(kg, name, params, list_them, output_format):
    """Run NAME, one of the named queries shipped with orggraph, with its parameters bound safely.

    Example: orggraph query holders --param role=post/chief-executive --param on=2016-02-15
    """
    if list_them:
        rows = [
            {"name": q.name, "title": q.title,
             "parameters": [f"{p.name} ({p.type})" + (f", e.g. {p.example}" if p.example else "") for p in q.parameters],
             "description": q.description}
            for q in list_queries()
        ]
        emit_rows(rows, output_format, columns=["name", "title", "parameters"] if output_format == "table" else None)
        return
    if not name:
        raise click.UsageError("give a query NAME, or --list to see them")
    rows = run_query(kg, name, _pairs(params, "--param"))
    if output_format == "table":  # IRIs of the bundled data as --param takes them: person/mark-rogers
        rows = [{k: v[len(BIRMINGHAM_BASE):] if v and v.startswith(BIRMINGHAM_BASE) else v for k, v in row.items()}
                for row in rows]
    emit_rows(rows, output_format)


@main.command("load")
@click.option("--data", "data", multiple=True, type=click.Path(),
              help="RDF file or folder to load (repeatable). Default: the bundled Birmingham dataset.")
@click.option("--store", required=True,
              help="Where to put it: 'oxigraph:PATH' (an Oxigraph database on disk, replaced whole) or "
                   "'sparql:URL' (a SPARQL server's query endpoint; written with SPARQL Update).")
@click.option("--base", default=None, help="Base IRI for relative IRIs in the data files.")
@click.option("--update-url", default=None, metavar="URL",
              help="sparql: the server's SPARQL Update endpoint, when it is not the query URL with /query "
                   "or /sparql changed to /update (GraphDB: the repository's /statements).")
@click.option("--replace", is_flag=True,
              help="sparql: clear the server's default graph first (without it, a server that holds data is left alone).")
def load_command(data, store, base, update_url, replace):
    """Read the data (checked exactly as every command checks it) and copy it into a store.

    Later commands then read that store with the same --store, without parsing
    the files again: queries run on the server for sparql:URL.

    Example: orggraph load --store oxigraph:orgs.db
    """
    # The count stats and validate give: a triple stated in two files is one triple (two quads on disk).
    if parse_store(store)[0] == "oxigraph":
        count = fill_oxigraph(store, list(data) or None, base)  # straight from the files: bounded memory
    else:
        kg = load(list(data) or None, base=base)
        push(kg, store, update_url=update_url, replace=replace)
        count = kg.triple_count()
    click.echo(f"Loaded {count} triples into {store}.")


@main.command("serve")
@kg_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface; the endpoint is read-only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.IntRange(min=1), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--max-results", type=click.IntRange(min=1), default=DEFAULT_MAX_RESULTS, show_default=True,
              help="Solutions (or triples) returned at most per query; a cut answer has the header X-Orggraph-Truncated.")
def serve_command(kg, host, port, timeout, max_results):
    """Serve the graph read-only: SPARQL 1.1 protocol at /sparql, query form at /, viewer at /view.html.

    Stop with Ctrl-C.

    Example: orggraph serve --port 8000
    """
    if describe_store(kg) == "sparql":
        raise OrggraphError("the graph is already on a SPARQL server: query that server directly")
    server = SparqlServer(kg, host=host, port=port, timeout=timeout, max_results=max_results).start()
    click.echo(f"Serving {kg.triple_count()} triples at {server.url} (SPARQL endpoint {server.url}sparql); "
               "Ctrl-C to stop.", err=True)
    server.serve_forever()
    click.echo("Stopped.", err=True)
