"""The library of named SPARQL queries shipped with orggraph (the ``*.rq`` files beside this module).

Each file opens with comment lines::

    # title: Holders of a role on a day
    # description: ... (continued on lines indented after the '#')
    # param role: iri -- the role or post (example: role/strategic-director)

and is an ordinary SPARQL query whose parameters are unbound variables
(``?role``, ``?on``). :func:`run_query` binds them as RDF terms, never as
text, so the files also run unchanged in any SPARQL client once the
variables are given values.

Dates are compared as ``YYYY-MM-DD`` strings, like with like, so the queries
give the same answers on rdflib and on Oxigraph, with partial dates treated as
:meth:`orggraph.Interval.active_on` treats them.

Examples
--------
>>> import orggraph
>>> [q.name for q in list_queries()][:3]
['changes', 'holders', 'members']
>>> kg = orggraph.load()
>>> rows = run_query(kg, "holders", {"role": "post/chief-executive", "on": "2016-02-15"})
>>> [row["name"] for row in rows]
['Mark Rogers']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

from rdflib import Literal, URIRef

from ..dates import parse_day
from ..errors import NameNotFound, OrggraphError, QueryError
from ..sparql import _BAD_IRI, result_rows, sparql
from ..vocab import BIRMINGHAM_BASE

#: Parameter types a named query may declare.
PARAMETER_TYPES = ("iri", "date", "string", "integer")

_PARAM = re.compile(r"^param\s+(?P<name>\w+)\s*:\s*(?P<type>\w+)\s*(?:--\s*(?P<text>.*?))?\s*(?:\(example:\s*(?P<example>[^)]*)\))?\s*$")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query: the variable it binds, its type, what it means, an example."""

    name: str
    type: str
    description: str = ""
    example: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query from the library: its name (the file name), title, description, parameters and text."""

    name: str
    title: str
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    text: str = ""


def _parse(name: str, text: str) -> NamedQuery:
    fields: dict[str, str] = {}
    params = []
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:]
        if body[:2].isspace() and body.strip() and current:  # continuation line
            fields[current] += " " + body.strip()
            continue
        body = body.strip()
        match = _PARAM.match(body)
        if match:
            if match["type"] not in PARAMETER_TYPES:
                raise OrggraphError(f"query {name}: parameter {match['name']} has unknown type {match['type']!r}")
            params.append(Parameter(match["name"], match["type"], match["text"] or "", match["example"]))
            current = None
        elif ":" in body:
            current, _, value = body.partition(":")
            current = current.strip().lower()
            fields[current] = value.strip()
    return NamedQuery(name, fields.get("title", name), fields.get("description", ""), params, text)


def list_queries() -> list[NamedQuery]:
    """Every named query shipped in the package, by name.

    Examples
    --------
    >>> [q.name for q in list_queries()]
    ['changes', 'holders', 'members', 'movers', 'reporting-chain', 'sources-for-person', 'vacant-posts']
    >>> [p.name for p in get_query("holders").parameters]
    ['role', 'on']
    """
    folder = resources.files(__name__)
    found = [
        _parse(entry.name[: -len(".rq")], entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    ]
    return sorted(found, key=lambda q: q.name)


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; NameNotFound lists the others.

    Examples
    --------
    >>> get_query("holders").title
    'Holders of a role on a day'
    """
    queries = {q.name: q for q in list_queries()}
    if name not in queries:
        raise NameNotFound(f"no named query {name!r}; there are: {', '.join(sorted(queries))}")
    return queries[name]


def bind_parameters(kg, query: NamedQuery, values: dict) -> dict:
    """Check the given values against the query's parameters and turn them into RDF terms.

    IRIs may be absolute, relative to the data's base (``person/mark-rogers``),
    or a name that :func:`orggraph.names.resolve` knows. A relative IRI that
    names something under the bundled data's base is bound at once; any other,
    like a name, is looked up among the data's names, which reads the whole
    graph once (on a very large store, give the full IRI). Without a graph
    (``kg`` None) a relative IRI is taken against the bundled data's base.

    Raises
    ------
    OrggraphError
        A parameter the query does not have, or one it needs is missing;
        DateError for a bad date, NameNotFound for a name nobody has.

    Examples
    --------
    >>> bound = bind_parameters(None, get_query("members"), {"body": "org/corporate-leadership-team", "on": "2016-02-15"})
    >>> bound["on"].n3()
    '"2016-02-15"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise OrggraphError(
            f"query {query.name} has no parameter {unknown[0]!r}; its parameters: {', '.join(declared) or 'none'}"
        )
    missing = [p for p in query.parameters if p.name not in values]
    if missing:
        p = missing[0]
        example = f" (for example --param {p.name}={p.example})" if p.example else ""
        raise OrggraphError(f"query {query.name} needs --param {p.name}=...{example}")
    return {name: _term(kg, declared[name], str(value)) for name, value in values.items()}


def _term(kg, parameter: Parameter, value: str):
    if parameter.type == "date":
        return Literal(parse_day(value).isoformat(), datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    if parameter.type == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise OrggraphError(f"--param {parameter.name}: {value!r} is not a whole number") from None
    if parameter.type == "string":
        return Literal(value)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        if _BAD_IRI.search(value):  # before URIRef(), which would log a warning line of its own
            raise QueryError(f"not a usable IRI: {value!r}")
        return URIRef(value)
    if re.match(r"^[a-z]+/[A-Za-z0-9._~-]+$", value):
        bundled = URIRef(BIRMINGHAM_BASE + value)
        if kg is None or (bundled, None, None) in kg.graph:  # cheap: no index of names needed
            return bundled
    if kg is None:
        raise NameNotFound(f"--param {parameter.name}: {value!r} is not an IRI")
    from ..names import resolve

    return URIRef(resolve(kg, value))


def run_query(kg, name: str, values: dict | None = None, raw: bool = False):
    """Run a named query with its parameters bound safely.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str
        A name from :func:`list_queries`.
    values : dict
        Parameter name to value as text (``"2016-02-15"``, ``"person/mark-rogers"``, a name).
    raw : bool
        Return the rdflib result instead of display rows.

    Returns
    -------
    list of dict or rdflib.query.Result
        Rows of short display strings (IRIs as given by the graph's prefixes), or the result.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> rows = run_query(kg, "reporting-chain", {"person": "Piali DasGupta", "on": "2016-02-15"})
    >>> [(row["postLabel"], row["steps"], row["holderName"]) for row in rows]
    [('Assistant Chief Executive', '0', 'Piali DasGupta'), ('Chief Executive, Birmingham City Council', '1', 'Mark Rogers')]
    """
    query = get_query(name)
    result = sparql(kg, query.text, bind_parameters(kg, query, values or {}))
    return result if raw else result_rows(result)
