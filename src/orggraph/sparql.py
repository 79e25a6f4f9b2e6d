"""Run SPARQL over a knowledge graph, whatever store holds it, and write the results out.

:func:`sparql` checks the query first, so a typing mistake is reported with
its line and column whatever the store; values given as ``bindings`` are
bound as terms (rdflib's ``initBindings`` in memory; for Oxigraph and remote
servers written into the query as escaped terms, token by token, and the
result parsed again), never pasted in as raw text.

Examples
--------
>>> import orggraph
>>> kg = orggraph.load()
>>> query = "SELECT ?name ?p WHERE { ?p foaf:name ?name } LIMIT 1"
>>> result = sparql(kg, query, {"name": "Mark Rogers"})
>>> print(serialize_result(result, "tsv"), end="")  # doctest: +NORMALIZE_WHITESPACE
?name ?p
"Mark Rogers" <https://w3id.org/orggraph/id/birmingham/person/mark-rogers>
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re

import functools

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from .errors import OrggraphError, QueryError, QuerySyntaxError
from .stores import describe_store, login_hint

#: Prefixes every query may use without declaring them.
PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "og": "https://w3id.org/orggraph/ns#",
}
#: Output formats for SELECT and ASK results.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: Output formats for CONSTRUCT and DESCRIBE results (rdflib serializer names).
GRAPH_FORMATS = ("turtle", "nt", "json-ld", "xml", "n3", "trig", "nquads")


def check_query(query: str) -> str:
    """Parse ``query``; return its form (``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"``, ``"DESCRIBE"``).

    Oxigraph's parser does the checking (it is quick, and reports line and
    column), by running the query over an empty store: nothing is evaluated
    against any data, though an ASK is evaluated at once (a SERVICE in it is
    called). Whether a text that is no query is an update is found out
    without fetching anything (see ``_is_update``), so a LOAD fetches nothing.

    Raises
    ------
    QuerySyntaxError
        The query does not parse; the message gives line and column.
    QueryError
        The text is a SPARQL Update: orggraph only reads.

    Examples
    --------
    >>> check_query("ASK { ?s ?p ?o }")
    'ASK'
    >>> check_query("SELECT * WHERE {\\n  ?s ?p }")
    Traceback (most recent call last):
    ...
    orggraph.errors.QuerySyntaxError: SPARQL syntax error at line 2, column 10: expected one of LATERAL, SERVICE, [_]
    """
    import pyoxigraph

    try:
        result = pyoxigraph.Store().query(query, prefixes=PREFIXES)
    except SyntaxError as error:
        if not _is_update(query):
            raise _syntax_error(error) from None
        if _nothing_but_declarations(query):  # parses as an empty update, which is not what was meant
            raise QueryError("the query is empty: give SELECT, ASK, CONSTRUCT or DESCRIBE") from None
        raise QueryError("this is a SPARQL Update; orggraph only runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE)") from None
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"the query cannot run: {error}") from None
    if isinstance(result, pyoxigraph.QueryBoolean):
        return "ASK"
    if isinstance(result, pyoxigraph.QuerySolutions):
        return "SELECT"
    return "DESCRIBE" if re.search(r"\bDESCRIBE\b", _strip_strings(query), re.IGNORECASE) else "CONSTRUCT"


_DECLARATION = re.compile(r"(?i)\b(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)")


def _is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update, found out without fetching anything.

    Oxigraph's parser is asked by running the text on an empty scratch store,
    but only when nothing in it can reach out (no LOAD, no SERVICE, no ``\\u``
    escape that could spell them). Then rdflib's parser, which only reads
    (and takes relative IRIs without a base).
    """
    import pyoxigraph

    lowered = text.lower()
    if not any(word in lowered for word in ("load", "service", "\\u")):
        try:
            pyoxigraph.Store().update(text, prefixes=PREFIXES)
            return True
        except (SyntaxError, OSError, ValueError, RuntimeError):
            pass
    return rdflib_parse_nodes(text, update=True) is not None


#: Texts longer than this (in characters) are not given to rdflib's SPARQL parser, which is slow on them.
RDFLIB_LONGEST = 100_000


def rdflib_parse_nodes(text: str, update: bool = False) -> list | None:
    """Every node of rdflib's parse of ``text`` as a query (or an update), in the order written;
    None when rdflib cannot read it, or it is over :data:`RDFLIB_LONGEST` characters.

    Only parsed, never run: what the text names is neither fetched nor changed.

    Examples
    --------
    >>> from rdflib import Variable
    >>> [str(n) for n in rdflib_parse_nodes("SELECT ?x WHERE { ?x ?p 1 }") if isinstance(n, Variable)]
    ['x', 'x', 'p']
    >>> rdflib_parse_nodes("SELECT ?x WHERE {") is None
    True
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if len(text) > RDFLIB_LONGEST:
        return None
    try:
        tree = (parseUpdate if update else parseQuery)(text)
    except Exception:  # pyparsing's ParseException, or anything else rdflib's parser trips on
        return None
    nodes, pending = [], [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if isinstance(node, dict):  # rdflib's CompValue
            pending.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):  # pyparsing's ParseResults
            pending.extend(reversed(list(node)))
    return nodes


def _nothing_but_declarations(text: str) -> bool:
    """True when ``text`` (which parses as SPARQL) holds only PREFIX/BASE lines, comments and spaces."""
    return not re.sub(r"#[^\n]*", "", _DECLARATION.sub("", text)).strip()


def _syntax_error(error: SyntaxError) -> QuerySyntaxError:
    """Oxigraph's ``error at 2:3: expected ...`` as a QuerySyntaxError with 1-based line and column."""
    message = str(error)
    match = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", message, re.DOTALL)
    if not match:
        return QuerySyntaxError(message.strip().splitlines()[0])
    return QuerySyntaxError(match.group(3).strip().splitlines()[0], int(match.group(1)), int(match.group(2)))


def _strip_strings(query: str) -> str:
    return "".join(m.group(0) for m in _TOKEN.finditer(query) if m.lastgroup in ("other", "var", "iri"))


def as_term(value):
    """A Python value as an RDF term: IRIs stay IRIs, dates become xsd:date, the rest literals.

    Examples
    --------
    >>> as_term(_dt.date(2016, 1, 4)).n3()
    '"2016-01-04"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> as_term("Mark Rogers")
    rdflib.term.Literal('Mark Rogers')
    """
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return Literal(value.isoformat(), datatype=XSD.date)
    return Literal(value)


def sparql(kg, query: str, bindings: dict | None = None):
    """Run a SPARQL query on ``kg`` and return the rdflib result, fully read.

    Parameters
    ----------
    kg : KnowledgeGraph
        In any store (memory, oxigraph, sparql).
    query : str
        SELECT, ASK, CONSTRUCT or DESCRIBE. The prefixes in :data:`PREFIXES`
        need not be declared.
    bindings : dict, optional
        Variable name (without ``?``) to value; values are bound as RDF terms
        (see :func:`as_term`), so no value can change the query.

    Returns
    -------
    rdflib.query.Result
        ``.type`` is the query form; ``.vars`` and ``.bindings`` for SELECT,
        ``.askAnswer`` for ASK, ``.graph`` for CONSTRUCT/DESCRIBE.

    Raises
    ------
    QuerySyntaxError
        The query does not parse.
    QueryError
        The query cannot run, or ``bindings`` names a variable the query does
        not have (a binding that would be ignored, so that every row answered).

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> q = "SELECT ?p WHERE { ?p foaf:name ?name }"
    >>> [row.p.split("/")[-1] for row in sparql(kg, q, {"name": "Mark Rogers"})]
    ['mark-rogers']
    >>> sparql(kg, q, {"nam": "Mark Rogers"})
    Traceback (most recent call last):
    ...
    orggraph.errors.QueryError: cannot bind ?nam: the query has no such variable; its variables: ?p, ?name
    """
    check_query(query)
    terms = {str(name).lstrip("?$"): as_term(value) for name, value in (bindings or {}).items()}
    _check_names(query, terms)
    for term in terms.values():
        term_to_sparql(term)  # the same refusal of broken IRIs and language tags whatever the store
    if terms and describe_store(kg) != "memory":
        # Oxigraph substitutes only projected variables and a remote server has no
        # initBindings: write the terms into the query, escaped, token by token.
        query = substitute(query, terms)
        terms = {}
    try:
        prepared = _prepared(query) if describe_store(kg) == "memory" else query
        result = kg.graph.query(prepared, initNs=PREFIXES, initBindings=terms or None)
        if isinstance(result, tuple):  # rdflib's SPARQL client returns (status, message, None) for an HTTP error
            status, message = result[0], str(result[1]).removeprefix("HTTP Error ")
            raise QueryError(f"{kg.graph.store.query_endpoint} refused the query: HTTP {message}{login_hint(status)}")
        if result.type == "SELECT":
            result.bindings = list(result.bindings)
            result.vars = _in_query_order(query, result.vars)
        if describe_store(kg) == "oxigraph":
            _drop_xsd_string(result)
        return result
    except OrggraphError:
        raise
    except Exception as error:  # rdflib, pyoxigraph and HTTP clients raise many types
        if describe_store(kg) == "sparql" and error.__context__ is not None:
            # rdflib's SPARQL client hides every HTTP failure behind one vague ValueError
            cause = error.__context__
            reason = getattr(cause, "reason", None) or cause
            hint = login_hint(getattr(cause, "code", None))
            raise QueryError(f"{kg.graph.store.query_endpoint} did not answer: {reason}{hint}") from None
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise QueryError(f"the query failed: {message}") from None


def query_variables(query: str) -> list[str]:
    """The variables ``query`` names (``?x`` or ``$x``, anywhere in it), without the sign, as first named.

    rdflib's SPARQL parser decides what is a variable. A query it cannot parse
    (SPARQL it does not know, such as LATERAL, which Oxigraph runs, or one
    over :data:`RDFLIB_LONGEST` characters) is read token by token instead,
    strings, IRIs and comments skipped.

    Parameters
    ----------
    query : str
        A SPARQL query; it is not checked here (see :func:`check_query`).

    Returns
    -------
    list of str
        Each variable once.

    Examples
    --------
    >>> query_variables('SELECT ?p WHERE { ?p foaf:name $name FILTER(?p != <urn:x?y>) } # ?comment')
    ['p', 'name']
    >>> query_variables("SELECT ?a WHERE { ?a ?p ?c . ?a ?q ?b FILTER(?a<?b&&?b>?c) }")
    ['a', 'p', 'c', 'q', 'b']
    """
    nodes = rdflib_parse_nodes(query)
    if nodes is None:
        return _scanned_variables(query)
    return list(dict.fromkeys(str(node) for node in nodes if isinstance(node, Variable)))


def _scanned_variables(query: str) -> list[str]:
    """The variables of ``query`` as a token scan finds them (quick; strings, IRIs and comments skipped)."""
    return list(dict.fromkeys(m.group(0)[1:] for m in _TOKEN.finditer(query) if m.lastgroup == "var"))


def _check_names(query: str, terms: dict) -> None:
    """Refuse a binding for a variable ``query`` does not have (it would be ignored, and every row answered),
    or has only where the token scan cannot see it to put the value in (``?a<?b&&?b>?c``)."""
    # The scan settles the usual case at once; rdflib's parser is asked only about the names it misses.
    scanned = _scanned_variables(query)
    missing = [name for name in terms if name not in scanned]
    if not missing:
        return
    variables = query_variables(query)
    for name in missing:
        if name in variables:  # seen by the parser, read by the scan as part of an IRI: bound on no store but rdflib's
            raise QueryError(f"cannot bind ?{name}: it is written against '<' or '>', which reads as an IRI "
                             f"<...>; put spaces around the comparison (?{'y' if name == 'x' else 'x'} < ?{name})")
    listed = ", ".join(f"?{name}" for name in variables) or "none"
    raise QueryError(f"cannot bind ?{missing[0]}: the query has no such variable; its variables: {listed}")


_SELECT_STAR = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)


def _in_query_order(query: str, variables):
    """For ``SELECT *``, the variables in the order the query first names them, as Jena gives them.

    rdflib returns them in set order (different from run to run) and Oxigraph
    alphabetically; an explicit projection is kept as written.
    """
    if not variables or not _SELECT_STAR.search(_strip_strings(query)):
        return variables
    named = [m.group(0)[1:] for m in _TOKEN.finditer(query) if m.lastgroup == "var"]
    first = {name: place for place, name in reversed(list(enumerate(named)))}
    return sorted(variables, key=lambda v: (first.get(str(v), len(named)), str(v)))


def _drop_xsd_string(result) -> None:
    """Write Oxigraph's ``"x"^^xsd:string`` as ``"x"``, as rdflib does: the same literal, the same output."""

    def plain(term):
        return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term

    if result.type == "SELECT":
        result.bindings = [{var: plain(value) for var, value in row.items()} for row in result.bindings]
    elif result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = list(result.graph)
        result.graph.remove((None, None, None))
        for s, p, o in triples:
            result.graph.add((s, p, plain(o)))


@functools.lru_cache(maxsize=64)
def _prepared(query: str):
    """rdflib's parse of a query, kept: parsing a long query takes rdflib a second."""
    return prepareQuery(query, initNs=PREFIXES)


# ------------------------------------------------------------------ safe substitution

_TOKEN = re.compile(
    r'''(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')'''
    r'''|(?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')'''
    r'''|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
    r'''|(?P<comment>\#[^\n\r]*)'''
    r'''|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)'''
    r'''|(?P<other>(?:[^"'<#?$\\]|\\.)+|.)''',  # a backslash escapes a character of a prefixed name: ex:a\'b
    re.DOTALL,
)
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LANGUAGE = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")


def term_to_sparql(term) -> str:
    """A term written as SPARQL text that cannot end early, whatever it holds.

    Raises
    ------
    QueryError
        An IRI with characters no IRI may hold, a malformed language tag, or a blank node.

    Examples
    --------
    >>> print(term_to_sparql(Literal('a "quote" } and\\na newline')))
    "a \\"quote\\" } and\\na newline"
    >>> term_to_sparql(URIRef("http://example.org/a>b"))
    Traceback (most recent call last):
    ...
    orggraph.errors.QueryError: not a usable IRI: 'http://example.org/a>b'
    """
    if isinstance(term, URIRef):
        if _BAD_IRI.search(str(term)):
            raise QueryError(f"not a usable IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + escape_string(str(term)) + '"'
        if term.language:
            if not _LANGUAGE.match(term.language):
                raise QueryError(f"not a language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^{term_to_sparql(URIRef(term.datatype))}"
        return text
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals")


def escape_string(text: str) -> str:
    """Escape a string for a double-quoted SPARQL or Turtle literal (ECHAR escapes).

    Examples
    --------
    >>> print(escape_string('say "}" and a\\nnewline'))
    say \\"}\\" and a\\nnewline
    """
    return (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


def substitute(query: str, bindings: dict) -> str:
    """Replace the variables named in ``bindings`` by their terms, token by token.

    Strings, IRIs and comments are skipped, so ``?on`` inside a string is
    left alone. Used for remote servers, where ``initBindings`` has no
    standard equivalent.

    Examples
    --------
    >>> print(substitute('SELECT ?x WHERE { ?x ?p ?v . FILTER(?v != "?v") }', {"v": Literal("a } b")}))
    SELECT ?x WHERE { ?x ?p "a } b" . FILTER("a } b" != "?v") }
    """
    written = {name: term_to_sparql(as_term(value)) for name, value in bindings.items()}
    out = []
    clause, depth = None, 0  # "select" (its variables) or "modifier" (GROUP/ORDER BY); parentheses open there
    for match in _TOKEN.finditer(query):
        token = match.group(0)
        if match.lastgroup == "other":
            clause, depth = _clause_state(token, clause, depth)
        elif match.lastgroup == "var" and token[1:] in written:
            term = written[token[1:]]
            if clause is None or (depth > 0 and not re.search(r"\bAS\s*$", out[-1] if out else "", re.I)):
                token = term  # in a pattern, or inside an expression such as (STRLEN(?v) AS ?n)
            elif depth == 0:  # a term alone is neither a projection nor a grouping or ordering condition
                token = f"({term} AS {token})" if clause == "select" else f"({term})"
        out.append(token)
    text = "".join(out)
    check_query(text)
    return text


def _clause_state(text: str, clause: str | None, depth: int) -> tuple[str | None, int]:
    """Follow SELECT's variables and GROUP BY/ORDER BY through query text outside strings, IRIs and variables."""
    for word in re.finditer(r"(?i)\bSELECT\b|\b(?:GROUP|ORDER)\s+BY\b|\b(?:WHERE|HAVING|LIMIT|OFFSET|VALUES)\b|[{}()]", text):
        found = word.group(0).upper()
        if found == "SELECT":
            clause, depth = "select", 0
        elif found.endswith("BY"):
            clause, depth = "modifier", 0
        elif clause is None:
            continue
        elif found == "(":
            depth += 1
        elif found == ")":
            depth -= 1
        elif depth == 0:  # WHERE, {, }, HAVING, LIMIT, OFFSET or VALUES ends the clause
            clause = None
    return clause, depth


# ------------------------------------------------------------------ output


def serialize_result(result, output_format: str) -> str:
    """Write a result as text: SELECT/ASK as csv, tsv, json or xml; graphs in an RDF format.

    JSON and XML are the SPARQL 1.1 Query Results formats; TSV and CSV the
    SPARQL 1.1 CSV/TSV formats.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> print(serialize_result(sparql(kg, "ASK { ?p foaf:name 'Mark Rogers' }"), "json"))
    {"head": {}, "boolean": true}
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        fmt = "turtle" if output_format in ("table", "ttl") else output_format
        if fmt not in GRAPH_FORMATS:
            raise OrggraphError(f"{fmt!r} is not an RDF format: use one of {', '.join(GRAPH_FORMATS)}")
        for prefix, namespace in PREFIXES.items():
            result.graph.bind(prefix, namespace)
        return result.graph.serialize(format=fmt)
    if output_format == "tsv":
        return _tsv(result)
    if output_format == "csv":
        return _csv(result)
    if output_format in ("json", "xml"):
        data = result.serialize(format=output_format)
        return data.decode("utf-8") if isinstance(data, bytes) else data
    raise OrggraphError(f"{output_format!r} is not a results format: use one of csv, tsv, json, xml")


def _csv(result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.type == "ASK":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.askAnswer else "false"])
    else:
        writer.writerow([str(v) for v in result.vars])
        for row in result.bindings:
            writer.writerow([_csv_cell(row.get(Variable(v))) for v in result.vars])
    return buffer.getvalue()


def _csv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _tsv(result) -> str:
    if result.type == "ASK":
        return "?boolean\n" + ("true" if result.askAnswer else "false") + "\n"
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.bindings:
        lines.append("\t".join(_tsv_cell(row.get(Variable(v))) for v in result.vars))
    return "\n".join(lines) + "\n"


def _tsv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return term_to_sparql(term)


def result_rows(result, kg=None) -> list[dict]:
    """SELECT/ASK rows as dicts of short display strings (for tables).

    IRIs are shortened with the graph's prefixes; literals show their text.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> result_rows(sparql(kg, "SELECT ?p ?n WHERE { ?p foaf:name ?n }", {"n": "Mark Rogers"}), kg)
    [{'p': 'https://w3id.org/orggraph/id/birmingham/person/mark-rogers', 'n': 'Mark Rogers'}]
    """
    if result.type == "ASK":
        return [{"boolean": "true" if result.askAnswer else "false"}]
    names = kg.graph.namespace_manager if kg is not None else None
    rows = []
    for row in result.bindings:
        rows.append({str(v): _display(row.get(Variable(v)), names) for v in result.vars})
    return rows


def _display(term, names) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        if names is not None:
            try:
                prefix, _, local = names.compute_qname(str(term), generate=False)
                return f"{prefix}:{local}"
            except (KeyError, ValueError, Exception):  # rdflib raises several types for 'no prefix'
                pass
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def result_json(result) -> dict:
    """SPARQL 1.1 Query Results JSON as a Python object.

    Examples
    --------
    >>> import orggraph
    >>> result_json(sparql(orggraph.load(), "ASK { }"))
    {'head': {}, 'boolean': True}
    """
    return json.loads(serialize_result(result, "json"))
