"""Validation: the SHACL shapes plus the integrity checks SHACL cannot express well.

:func:`validate` checks ``ontology/shapes.ttl`` over the ontology and data
together (no inference): with pySHACL for data in memory, with
:mod:`orggraph.shapes` (the same results, minutes faster at scale) for data on
Oxigraph. Then it checks, from
:attr:`KnowledgeGraph.facts <orggraph.kg.KnowledgeGraph.facts>`, what needs
dates or whole-graph reasoning: intervals that end before they begin, two
holders of a single-holder post at the same time, reporting-line cycles,
references to nodes that are never described, and memberships without a source;
and it warns of a data file that holds no triples.

Examples
--------
>>> import orggraph
>>> from orggraph.validate import validate
>>> report = validate(orggraph.load())
>>> report.ok, report.problems
(True, [])
"""

from __future__ import annotations

import functools
import re
import datetime as _dt
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, SH, XSD

from .kg import KnowledgeGraph, ontology_dir
from .vocab import OG

#: Properties whose object must be a node described somewhere in the graph.
REFERENCE_PROPERTIES = (
    ORG.member,
    ORG.organization,
    ORG.role,
    OG.post,
    ORG.postIn,
    ORG.reportsTo,
    ORG.unitOf,
    PROV.wasDerivedFrom,
)
_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_PREFIXES = {
    str(ORG): "org:",
    str(PROV): "prov:",
    str(OG._NS): "og:",
    "http://www.w3.org/2006/time#": "time:",
    "http://xmlns.com/foaf/0.1/": "foaf:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://purl.org/dc/terms/": "dcterms:",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data.

    Attributes
    ----------
    severity : str
        ``"violation"`` (the data breaks the contract), ``"warning"`` or ``"info"``.
    focus : str
        IRI of the node concerned (for a blank node, the named node that holds it).
    label : str
        The focus node's label, for people to read.
    message : str
        What is wrong and what to write instead.
    check : str
        ``"shacl"`` or the name of the integrity check that found it.
    path : str or None
        IRI of the property concerned, where there is one.
    file : str or None
        The data file that describes the focus node, where it can be found.
    line : int or None
        The line in that file where the focus node is described, where found.
    """

    severity: str
    focus: str
    label: str
    message: str
    check: str
    path: str | None = None
    file: str | None = None
    line: int | None = None

    def where(self) -> str:
        """``file:line``, ``file`` or ``""``."""
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        where = f"{self.where()}: " if self.file else ""
        return f"{where}{self.severity}: {self.label} <{self.focus}>: {self.message}"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: the problems found, worst first.

    ``ok`` is true when there are no violations (warnings do not fail).
    """

    triples: int
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem is a violation."""
        return not self.violations

    @property
    def violations(self) -> list[Problem]:
        """The problems that break the data model contract."""
        return [p for p in self.problems if p.severity == "violation"]

    def summary(self) -> str:
        """One line: ``valid: N triples, no problems`` or ``invalid: ...``.

        >>> ValidationReport(10).summary()
        'valid: 10 triples, no problems'
        """
        if not self.problems:
            return f"valid: {self.triples} triples, no problems"
        counts = {}
        for problem in self.problems:
            counts[problem.severity] = counts.get(problem.severity, 0) + 1
        listed = ", ".join(f"{n} {severity}{'s' if n != 1 else ''}" for severity, n in counts.items())
        return f"{'valid' if self.ok else 'invalid'}: {self.triples} triples, {listed}"

    def as_rows(self) -> list[dict]:
        """The problems as plain dicts (for JSON or tables)."""
        return [asdict(p) for p in self.problems]


def validate(kg: KnowledgeGraph, shapes: str | Path | None = None) -> ValidationReport:
    """Check a knowledge graph against the shapes and the integrity checks.

    Parameters
    ----------
    kg : KnowledgeGraph
        The loaded ontology and data.
    shapes : str or Path, optional
        A SHACL shapes file. Default: the bundled ``ontology/shapes.ttl``.

    Returns
    -------
    ValidationReport
        Every problem with its severity, node, message, file and line; ``.ok``
        is true when none is a violation.

    Examples
    --------
    >>> import orggraph
    >>> report = validate(orggraph.load())
    >>> report.summary().startswith("valid: ")
    True
    """
    integrity = _integrity_problems(kg)
    checked = {(p.focus, p.path) for p in integrity}
    shacl = [p for p in _shacl_problems(kg, shapes) if (p.focus, p.path) not in checked]
    locator = _Locator(kg)
    problems = [locator.locate(p) for p in shacl + integrity] + _empty_files(kg)
    order = {"violation": 0, "warning": 1, "info": 2}
    problems.sort(key=lambda p: (order.get(p.severity, 3), p.file or "", p.line or 0, p.focus, p.message))
    return ValidationReport(kg.triple_count(), problems)


# ---------------------------------------------------------------- SHACL


@functools.lru_cache(maxsize=4)
def _shapes_graph(path: Path) -> Graph:
    from .errors import LoadError

    try:
        return Graph().parse(path, format="turtle")
    except Exception as error:  # rdflib's parsers raise many unrelated types
        raise LoadError(path, f"cannot read the SHACL shapes: {error}") from None


def _shacl_problems(kg: KnowledgeGraph, shapes) -> list[Problem]:
    facts = kg.facts
    problems = []
    for focus, path, value, message, severity in _shacl_results(kg, shapes):
        if value is not None and not isinstance(value, BNode) and value != focus:
            message += f" (found {_show(value)})"
        named = _named(kg.graph, focus)
        problems.append(
            Problem(severity, named, facts.label(named), message, "shacl", str(path) if isinstance(path, URIRef) else None)
        )
    return problems


def _shacl_results(kg: KnowledgeGraph, shapes) -> list[tuple]:
    """(focus, path, value, message, severity) of each SHACL result, as rdflib terms.

    On an Oxigraph store, :mod:`orggraph.shapes` checks the shapes it can read
    (the bundled ones among them) in seconds where pySHACL takes minutes;
    otherwise pySHACL checks them.
    """
    from pyshacl import validate as shacl_validate

    from .shapes import check
    from .stores import oxigraph_store, to_rdflib

    shapes_path = Path(shapes) if shapes else ontology_dir() / "shapes.ttl"
    shapes_graph = _shapes_graph(shapes_path.resolve())
    store = oxigraph_store(kg)
    found = check(store, shapes_graph) if store is not None else None
    if found is not None:
        return [(to_rdflib(r.focus), URIRef(r.path) if r.path else None, None if r.value is None else to_rdflib(r.value),
                 r.message, r.severity) for r in found]
    # One plain graph of ontology and data: pySHACL would validate each named
    # graph of a Dataset on its own, and its ont_graph mixing copies only class
    # and property axioms, not the ontology's individuals (og:council,
    # og:section151Officer) that sh:class and sh:in checks need to see.
    union = Graph()
    for subject, predicate, obj in kg.graph.triples((None, None, None)):
        if store is not None and isinstance(obj, Literal) and obj.datatype == XSD.string:
            obj = Literal(str(obj))  # oxrdflib types every plain literal; RDF 1.1 and rdflib's parser do not
        union.add((subject, predicate, obj))
    _, results, _ = shacl_validate(
        union,
        shacl_graph=shapes_graph,
        inference="none",
        inplace=True,
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    return [
        (results.value(result, SH.focusNode), results.value(result, SH.resultPath), results.value(result, SH.value),
         str(results.value(result, SH.resultMessage) or "does not satisfy the shapes"),
         _SEVERITIES.get(results.value(result, SH.resultSeverity), "violation"))
        for result in results.objects(None, SH.result)  # not the sh:detail results nested in them
    ]


def _named(graph, node, depth: int = 4) -> str:
    """The IRI of a node, or for a blank node, of the named node that holds it."""
    while isinstance(node, BNode) and depth:
        holder = next(iter(graph.subjects(None, node)), None)
        if holder is None:
            break
        node, depth = holder, depth - 1
    return str(node)


def _show(value) -> str:
    if isinstance(value, Literal):
        plain = value.datatype in (None, XSD.string)  # a simple literal: rdflib leaves its datatype out, oxrdflib not
        return f'"{value}"' + ("" if plain else f"^^{_qname(value.datatype)}")
    return f"<{value}>"


def _qname(iri) -> str:
    text = str(iri)
    for namespace, prefix in _PREFIXES.items():
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    if text.startswith("http://www.w3.org/2001/XMLSchema#"):
        return "xsd:" + text.rsplit("#", 1)[1]
    return f"<{text}>"


# ---------------------------------------------------------------- integrity checks


def _integrity_problems(kg: KnowledgeGraph) -> list[Problem]:
    facts = kg.facts
    problems = []

    def problem(focus, message, check, path=None):
        problems.append(Problem("violation", focus, facts.label(focus), message, check, str(path) if path else None))

    for m in facts.memberships:
        if m.interval.is_backwards():
            problem(
                m.iri,
                f"its period ends ({m.interval.end}) before it begins ({m.interval.begin})",
                "interval-backwards",
                ORG.memberDuring,
            )
        if not m.sources:
            problem(m.iri, "has no source: add prov:wasDerivedFrom <source>", "membership-without-source", PROV.wasDerivedFrom)

    for post, first, second in _concurrent_holders(facts):
        problem(
            second.iri,
            f"{facts.label(second.member)} ({second.interval}) holds the single-holder post "
            f"'{facts.label(post)}' at the same time as {facts.label(first.member)} ({first.interval}); "
            "if the post may have several holders, say og:singleHolder false",
            "two-holders-single-post",
            OG.post,
        )

    for cycle in _reporting_cycles(facts):
        names = " → ".join(facts.label(p) for p in cycle + cycle[:1])
        problem(cycle[0], f"reporting lines form a cycle: {names}", "reporting-cycle", ORG.reportsTo)

    for subject, predicate, obj in _dangling_references(kg):
        focus = _named(kg.graph, subject)
        problem(
            focus,
            f"{_qname(predicate)} points to <{obj}>, which is never described (it has no rdf:type anywhere)",
            "dangling-reference",
            predicate,
        )
    return problems


def _empty_files(kg: KnowledgeGraph) -> list[Problem]:
    """A warning for each data file that holds no triples (nothing to check is not the same as nothing wrong).

    Files that can name their own graphs (TriG, N-Quads, JSON-LD) are not looked at.
    """
    ontology = ontology_dir().resolve()
    problems = []
    for path in kg.files:
        if ontology in Path(path).resolve().parents or Path(path).suffix.lower() in (".trig", ".nq", ".jsonld", ".json-ld"):
            continue
        name = URIRef(Path(path).resolve().as_uri())
        if next(iter(kg.graph.graph(name)), None) is None:
            problems.append(Problem("warning", str(name), Path(path).name,
                                    "holds no triples: is it the file you meant?", "empty-file", file=_display(Path(path))))
    return problems


def _concurrent_holders(facts):
    """(post, earlier membership, later membership) for each overlapping pair on a single-holder post."""
    by_post = {}
    for m in facts.memberships:
        if m.post and m.post in facts.posts and facts.posts[m.post].single_holder:
            by_post.setdefault(m.post, []).append(m)
    for post, held in sorted(by_post.items()):
        held.sort(key=lambda m: (m.interval.begin.earliest() if m.interval.begin else _dt.date.min, m.iri))
        for i, first in enumerate(held):
            for second in held[i + 1:]:
                if first.member != second.member and first.interval.overlaps(second.interval):
                    yield post, first, second


def _reporting_cycles(facts) -> list[list[str]]:
    """One cycle per strongly connected group of posts that report to each other."""
    lines = nx.DiGraph()
    for post in facts.posts.values():
        lines.add_edges_from((post.iri, boss) for boss in post.reports_to)
    cycles = []
    for component in nx.strongly_connected_components(lines):
        start = min(component)
        if len(component) > 1 or lines.has_edge(start, start):
            edges = nx.find_cycle(lines.subgraph(component), source=start)
            cycles.append([edge[0] for edge in edges])
    return sorted(cycles)


def _dangling_references(kg: KnowledgeGraph):
    """(subject, property, object) for each reference to an IRI that has no rdf:type anywhere."""
    from .stores import oxigraph_store, to_rdflib

    store = oxigraph_store(kg)
    if store is not None:  # the same, read out of Oxigraph in one pass per property (20 s through rdflib at 100,000 people)
        from pyoxigraph import NamedNode

        typed = {quad.subject for quad in store.quads_for_pattern(None, NamedNode(str(RDF.type)), None, None)}
        return sorted({(to_rdflib(quad.subject), predicate, URIRef(quad.object.value))
                       for predicate in REFERENCE_PROPERTIES
                       for quad in store.quads_for_pattern(None, NamedNode(str(predicate)), None, None)
                       if isinstance(quad.object, NamedNode) and quad.object not in typed})
    graph = kg.graph
    seen = set()
    for predicate in REFERENCE_PROPERTIES:
        for subject, obj in graph.subject_objects(predicate):
            if isinstance(obj, URIRef) and (subject, predicate, obj) not in seen and (obj, RDF.type, None) not in graph:
                seen.add((subject, predicate, obj))
    return sorted(seen)


# ---------------------------------------------------------------- files and lines


class _Locator:
    """Finds the file, and the line in it, where a node is described."""

    def __init__(self, kg: KnowledgeGraph):
        self.graph = kg.graph
        self.files = {URIRef(Path(f).resolve().as_uri()): Path(f) for f in kg.files}
        self.lines: dict[Path, list[str]] = {}

    def locate(self, problem: Problem) -> Problem:
        node = URIRef(problem.focus)
        for graph in self.graph.graphs():
            path = self.files.get(graph.identifier)
            if path is not None and (node, None, None) in graph:
                return replace(problem, file=_display(path), line=self._line(path, problem.focus))
        # TriG and N-Quads files name their own graphs: look for the node in their text.
        for path in self.files.values():
            if path.suffix.lower() in (".trig", ".nq"):
                line = self._line(path, problem.focus)
                if line:
                    return replace(problem, file=_display(path), line=line)
        return problem

    def _line(self, path: Path, iri: str) -> int | None:
        if path not in self.lines:
            try:
                self.lines[path] = path.read_text(encoding="utf-8").splitlines()
            except OSError:
                self.lines[path] = []
        local = re.split(r"[/#]", iri.rstrip("/"))[-1]
        for number, line in enumerate(self.lines[path], start=1):
            match = re.match(r"<([^>]+)>|[A-Za-z][\w.-]*:([\w.-]+)|:([\w.-]+)", line)
            if not match:
                continue
            written = match.group(1)
            if written is not None and written and iri.endswith(written):
                return number
            if written is None and local and local in (match.group(2), match.group(3)):
                return number
        return None


def _display(path: Path) -> str:
    """A path relative to the working folder when it lies inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
