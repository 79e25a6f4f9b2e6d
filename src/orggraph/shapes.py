"""SHACL shapes checked on an Oxigraph store, each path's values read out of the store in one pass.

pySHACL checks a graph focus node by focus node through rdflib: 70 s at
10,000 people, more than a quarter of an hour at 100,000. For data on
Oxigraph, :func:`check` reads the shapes itself when they use only what it
understands, which is what ``ontology/shapes.ttl`` uses:

* node shapes with ``sh:targetClass``, and property shapes whose path is a
  property or ``[ sh:inversePath property ]``;
* ``sh:minCount``, ``sh:maxCount``, ``sh:class`` and ``sh:targetClass``
  (through ``rdfs:subClassOf`` in the data, as pySHACL does), ``sh:datatype``
  (for the datatypes Oxigraph stores as written), ``sh:nodeKind``, ``sh:in``
  (of IRIs), ``sh:node``, ``sh:or``, ``sh:xone``, ``sh:and``, ``sh:not``;
* ``sh:sparql`` constraints with ``sh:select``, run with ``$this`` bound to
  each focus node, as pySHACL runs them;
* one plain ``sh:message`` on every shape that reports, and ``sh:severity``.

It gives the results pySHACL gives (a test compares both on every broken
file). For shapes that use anything else it returns None, and
:func:`orggraph.validate.validate` runs pySHACL.

Examples
--------
>>> import pyoxigraph, rdflib
>>> store = pyoxigraph.Store()
>>> store.load(b"<http://e.org/ann> a <http://xmlns.com/foaf/0.1/Person> .", pyoxigraph.RdfFormat.TURTLE)
>>> shapes = rdflib.Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
...     [] a sh:NodeShape ; sh:targetClass foaf:Person ;
...        sh:property [ sh:path foaf:name ; sh:minCount 1 ; sh:message "a person needs a name" ] .''')
>>> [(r.focus.value, r.message) for r in check(store, shapes)]
[('http://e.org/ann', 'a person needs a name')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

#: What a shape may say for :func:`check` to read it (anything else in the SHACL namespace sends it to pySHACL).
_UNDERSTOOD = {SH.targetClass, SH.property, SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind,
               SH["in"], SH.node, SH["or"], SH.xone, SH["and"], SH["not"], SH.sparql, SH.message, SH.severity,
               SH.name, SH.description, SH.order, SH.group, SH.select, SH.prefixes, SH.declare}
_VALUE_COMPONENTS = (SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.node, SH["or"], SH.xone, SH["and"], SH["not"])
_OWL_CLASS = URIRef("http://www.w3.org/2002/07/owl#Class")
#: Datatypes whose literals Oxigraph keeps as written (it rewrites xsd:int as xsd:integer, for one).
_DATATYPES = {XSD.string, XSD.boolean, XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth, XSD.anyURI, RDF.langString}
_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result: focus node, path, value (pyoxigraph terms), message and severity."""

    focus: object
    path: str | None
    value: object | None
    message: str
    severity: str


@dataclass(frozen=True)
class _Compiled:
    path: object  # the sh:path node, or None for a node shape
    least: int | None
    most: int | None
    constraints: tuple  # (component, parameter): a class or datatype IRI, a set of terms, member shapes...
    properties: tuple  # property shapes of a node shape


class _Unsupported(Exception):
    """The shapes use something :func:`check` does not read."""


def check(store, shapes) -> list[ShapeResult] | None:
    """Check the union of a pyoxigraph store's graphs against a SHACL shapes graph (rdflib).

    Parameters
    ----------
    store : pyoxigraph.Store
    shapes : rdflib.Graph

    Returns
    -------
    list of ShapeResult, or None
        None when the shapes use a feature this module does not read (run pySHACL then).

    Examples
    --------
    >>> import pyoxigraph, rdflib
    >>> check(pyoxigraph.Store(), rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     [] a sh:NodeShape ; sh:targetNode <http://e.org/x> ; sh:closed true .''')) is None
    True
    """
    try:
        return _Checker(store, shapes).run()
    except _Unsupported:
        return None


class _Checker:
    def __init__(self, store, shapes):
        import pyoxigraph

        self.ox, self.store, self.shapes = pyoxigraph, store, shapes
        self.paths: dict = {}  # (property IRI, inverse) -> {focus term: [distinct values]}
        self.types: dict | None = None  # term -> set of class IRIs, superclasses included
        self.above: dict | None = None  # class IRI -> the classes above it, itself included
        self.results: list[ShapeResult] = []
        self.well_typed: dict = {}
        self.compiled: dict = {}

    # ------------------------------------------------------------ reading the shapes

    def run(self) -> list[ShapeResult]:
        for target in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            if next(self.shapes.subjects(target, None), None) is not None:
                raise _Unsupported(target)
        for cls in set(self.shapes.subjects(RDF.type, RDFS.Class)) | set(self.shapes.subjects(RDF.type, _OWL_CLASS)):
            if any(str(predicate).startswith(str(SH)) for predicate in self.shapes.predicates(cls)):
                raise _Unsupported("implicit class target")
        targeted = []
        for shape in set(self.shapes.subjects(SH.targetClass, None)):
            if self.shapes.value(shape, SH.path) is not None:
                raise _Unsupported("a property shape with a target")
            self._understood(shape, reports=True)
            for property_shape in self.shapes.objects(shape, SH.property):
                self._understood(property_shape, reports=True)
            targeted.append((shape, list(self.shapes.objects(shape, SH.targetClass))))
        for shape, classes in targeted:  # all read before any is run: an unsupported shape stops it all
            self._node_shape(shape, classes)
            self.paths.clear()  # one class's values in memory at a time; a path two classes share is read twice
        return self.results

    def _understood(self, shape, reports=False, within=()) -> None:
        """Raise _Unsupported unless :func:`check` reads every part of this shape and the shapes it names.

        A shape that reports (a target's node shape, or one of its property shapes) needs one plain
        ``sh:message``: pySHACL writes messages of its own where there is none, and picks any one of several.
        """
        if shape in within:
            raise _Unsupported("a shape that refers to itself")
        within = (*within, shape)
        for predicate, value in self.shapes.predicate_objects(shape):
            if str(predicate).startswith(str(SH)) and predicate not in _UNDERSTOOD:
                raise _Unsupported(predicate)
            if predicate == SH.datatype and value not in _DATATYPES:
                raise _Unsupported(f"sh:datatype {value}")  # Oxigraph rewrites some (xsd:int as xsd:integer)
            if predicate == SH["in"] and any(isinstance(m, Literal) for m in Collection(self.shapes, value)):
                raise _Unsupported("sh:in with literals")  # "a" and "a"^^xsd:string: one term to Oxigraph, two to rdflib
        path = self.shapes.value(shape, SH.path)
        if path is not None:
            self._path(path)
        messages = list(self.shapes.objects(shape, SH.message))
        if reports and self._reports(shape) and (len(messages) != 1 or messages[0].language):
            raise _Unsupported("a reporting shape without exactly one plain sh:message")
        if list(self.shapes.objects(shape, SH.sparql)) and not (reports and path is None):
            raise _Unsupported("sh:sparql other than on a target's node shape")
        for constraint in self.shapes.objects(shape, SH.sparql):
            said = set(self.shapes.predicates(constraint)) - {RDF.type, RDFS.label, RDFS.comment}
            messages = list(self.shapes.objects(constraint, SH.message))
            if said != {SH.select, SH.message, SH.prefixes} or len(messages) != 1 or messages[0].language:
                raise _Unsupported("an sh:sparql constraint other than sh:select, sh:prefixes and one sh:message")
        for nested in self._nested(shape):
            if not (reports and (shape, SH.property, nested) in self.shapes):  # those are checked as reporting
                self._understood(nested, within=within)

    def _reports(self, shape) -> bool:
        return any(self.shapes.value(shape, c) is not None for c in (SH.minCount, SH.maxCount, *_VALUE_COMPONENTS))

    def _nested(self, shape):
        yield from self.shapes.objects(shape, SH.property)
        yield from self.shapes.objects(shape, SH.node)
        yield from self.shapes.objects(shape, SH["not"])
        for logical in (SH["or"], SH.xone, SH["and"]):
            for members in self.shapes.objects(shape, logical):
                yield from Collection(self.shapes, members)

    def _path(self, path) -> tuple[str, bool]:
        if isinstance(path, URIRef):
            return str(path), False
        inverse = self.shapes.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(list(self.shapes.predicate_objects(path))) == 1:
            return str(inverse), True
        raise _Unsupported("a path that is not a property or its inverse")

    # ------------------------------------------------------------ the data

    def _focus_nodes(self, classes) -> list:
        """Every instance of the classes or of their subclasses (rdfs:subClassOf in the data), once each."""
        rdf_type = self.ox.NamedNode(str(RDF.type))
        wanted = {str(c) for c in classes}
        found: dict = {}
        for cls in [c for c, above in self._superclasses().items() if above & wanted] + sorted(wanted):
            for quad in self.store.quads_for_pattern(None, rdf_type, self.ox.NamedNode(cls), None):
                found[quad.subject] = None
        return list(found)

    def _superclasses(self) -> dict:
        """class IRI -> itself and every class above it by rdfs:subClassOf (cycles included)."""
        if self.above is None:
            parents: dict = {}
            for quad in self.store.quads_for_pattern(None, self.ox.NamedNode(str(RDFS.subClassOf)), None, None):
                parents.setdefault(quad.subject.value, set()).add(quad.object.value)
            self.above = {}
            for cls in parents:
                above, todo = {cls}, [cls]
                while todo:
                    for parent in parents.get(todo.pop(), ()):
                        if parent not in above:
                            above.add(parent)
                            todo.append(parent)
                self.above[cls] = above
        return self.above

    def _values(self, path) -> dict:
        """focus term -> its distinct values on the path, over every graph."""
        key = self._path(path)
        table = self.paths.get(key)
        if table is None:
            table = self.paths[key] = {}
            iri, inverse = key
            for quad in self.store.quads_for_pattern(None, self.ox.NamedNode(iri), None, None):
                focus, value = (quad.object, quad.subject) if inverse else (quad.subject, quad.object)
                values = table.get(focus)
                if values is None:
                    table[focus] = [value]
                elif value not in values:
                    values.append(value)
        return table

    def _is_instance(self, term, cls: str) -> bool:
        if self.types is None:
            above, self.types = self._superclasses(), {}
            for quad in self.store.quads_for_pattern(None, self.ox.NamedNode(str(RDF.type)), None, None):
                if not isinstance(quad.object, self.ox.Literal):
                    self.types.setdefault(quad.subject, set()).update(above.get(quad.object.value, (quad.object.value,)))
        return cls in self.types.get(term, ())

    # ------------------------------------------------------------ checking

    def _node_shape(self, shape, classes) -> None:
        focus_nodes = self._focus_nodes(classes)
        message, severity = self._message(shape), self._severity(shape)
        for component, parameter in self._compiled(shape).constraints:  # one result per constraint that fails
            for focus in focus_nodes:
                if not self._holds(focus, component, parameter):
                    self._result(focus, None, focus, message, severity)
        for property_shape in self.shapes.objects(shape, SH.property):
            self._property_shape(property_shape, focus_nodes)
        for constraint in self.shapes.objects(shape, SH.sparql):
            self._sparql(constraint, focus_nodes, severity)

    def _property_shape(self, shape, focus_nodes) -> None:
        compiled = self._compiled(shape)
        table, (iri, inverse) = self._values(compiled.path), self._path(compiled.path)
        iri = None if inverse else iri  # pySHACL reports the path's blank node, which a Problem leaves out
        message, severity = self._message(shape), self._severity(shape)
        least, most, constraints = compiled.least, compiled.most, compiled.constraints
        for focus in focus_nodes:
            values = table.get(focus, ())
            if least is not None and len(values) < least:
                self._result(focus, iri, None, message, severity)
            if most is not None and len(values) > most:
                self._result(focus, iri, None, message, severity)
            for value in values:
                for component, parameter in constraints:
                    if not self._holds(value, component, parameter):
                        self._result(focus, iri, value, message, severity)

    def _compiled(self, shape) -> _Compiled:
        """A shape's path, counts and value constraints, read out of the shapes graph once."""
        found = self.compiled.get(shape)
        if found is None:
            constraints = []
            for component in _VALUE_COMPONENTS:
                for parameter in self.shapes.objects(shape, component):
                    if component in (SH["or"], SH.xone, SH["and"]):
                        parameter = tuple(Collection(self.shapes, parameter))
                    elif component == SH["in"]:
                        parameter = {self._term(member) for member in Collection(self.shapes, parameter)}
                    elif component in (SH["class"], SH.datatype, SH.nodeKind):
                        parameter = str(parameter)
                    constraints.append((component.rsplit("#", 1)[-1], parameter))  # "class", "or", ...
            least, most = self.shapes.value(shape, SH.minCount), self.shapes.value(shape, SH.maxCount)
            found = self.compiled[shape] = _Compiled(
                self.shapes.value(shape, SH.path), None if least is None else int(least),
                None if most is None else int(most), tuple(constraints), tuple(self.shapes.objects(shape, SH.property)))
        return found

    def _value_conforms(self, term, shape) -> bool:
        """Whether a node conforms to a shape (as a focus node: its own constraints and its property shapes)."""
        compiled = self._compiled(shape)
        if compiled.path is not None:
            return self._property_conforms(term, compiled)
        return (all(self._holds(term, component, parameter) for component, parameter in compiled.constraints)
                and all(self._property_conforms(term, self._compiled(p)) for p in compiled.properties))

    def _property_conforms(self, term, compiled) -> bool:
        values = self._values(compiled.path).get(term, ())
        if (compiled.least is not None and len(values) < compiled.least) or (
                compiled.most is not None and len(values) > compiled.most):
            return False
        return all(self._holds(value, component, parameter)
                   for value in values for component, parameter in compiled.constraints)

    def _holds(self, value, component: str, parameter) -> bool:
        ox = self.ox
        if component == "class":
            return not isinstance(value, ox.Literal) and self._is_instance(value, parameter)
        if component == "datatype":
            return isinstance(value, ox.Literal) and value.datatype.value == parameter and self._well_typed(value)
        if component == "nodeKind":
            kinds = {ox.NamedNode: "IRI", ox.BlankNode: "BlankNode", ox.Literal: "Literal"}
            return kinds.get(type(value), "") in parameter.rsplit("#", 1)[-1]
        if component == "in":
            return value in parameter
        if component == "node":
            return self._value_conforms(value, parameter)
        if component == "not":
            return not self._value_conforms(value, parameter)
        conforming = sum(self._value_conforms(value, member) for member in parameter)
        if component == "or":
            return conforming > 0
        if component == "xone":
            return conforming == 1
        return conforming == len(parameter)  # and

    def _well_typed(self, value) -> bool:
        """Whether a typed literal's text is valid for its datatype, as rdflib (and so pySHACL) judges it."""
        key = (value.value, value.datatype.value)
        if key not in self.well_typed:
            if key[1] in (str(XSD.string), str(RDF.langString)):
                self.well_typed[key] = True
            else:
                self.well_typed[key] = not Literal(key[0], datatype=URIRef(key[1])).ill_typed
        return self.well_typed[key]

    def _sparql(self, constraint, focus_nodes, severity) -> None:
        prefixes = {prefix: str(namespace) for prefix, namespace in self.shapes.namespaces()}  # as pySHACL falls back
        for holder in self.shapes.objects(constraint, SH.prefixes):
            for declaration in self.shapes.objects(holder, SH.declare):
                prefixes[str(self.shapes.value(declaration, SH.prefix))] = str(self.shapes.value(declaration, SH.namespace))
        query = str(self.shapes.value(constraint, SH.select))
        template = str(self.shapes.value(constraint, SH.message))
        this = self.ox.Variable("this")
        for focus in focus_nodes:
            seen = set()
            try:
                solutions = self.store.query(query, prefixes=prefixes, use_default_graph_as_union=True,
                                             substitutions={this: focus})
            except (SyntaxError, ValueError, RuntimeError, OSError) as error:  # e.g. $this not projected
                raise _Unsupported(f"sh:select pyoxigraph cannot run with $this bound: {error}") from None
            names = [variable.value for variable in solutions.variables]
            for row in solutions:
                bound = {name: row[name] for name in names if row[name] is not None}
                key = tuple(sorted((name, str(term)) for name, term in bound.items()))
                if key in seen:
                    continue
                seen.add(key)
                message = template
                for name, term in {**bound, "this": focus}.items():
                    message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _: getattr(term, "value", str(term)), message)
                path = bound.get("path")
                self._result(bound.get("this", focus), path.value if path is not None else None,
                             bound.get("value", focus), message, severity)

    # ------------------------------------------------------------ helpers

    def _result(self, focus, path, value, message, severity) -> None:
        self.results.append(ShapeResult(focus, path, value, message, severity))

    def _message(self, shape) -> str:
        messages = sorted(str(m) for m in self.shapes.objects(shape, SH.message))
        return messages[0] if messages else "does not satisfy the shapes"

    def _severity(self, shape) -> str:
        return _SEVERITIES.get(self.shapes.value(shape, SH.severity), "violation")

    def _term(self, term):
        ox = self.ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
