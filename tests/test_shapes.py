"""The SHACL shapes checked on Oxigraph (orggraph.shapes) give what pySHACL gives on the same data.

Data in memory is checked by pySHACL; data on Oxigraph by orggraph.shapes,
when it can read the shapes. Each test loads the same file both ways and
compares the whole reports.
"""

from __future__ import annotations

import dataclasses

import pyoxigraph
import pytest
import rdflib
from broken_cases import BROKEN_FILES
from conftest import BROKEN, SMALL

import orggraph
from orggraph.kg import ontology_dir
from orggraph.shapes import check
from orggraph.stores import oxigraph_store
from orggraph.validate import _shapes_graph, validate

SHAPES = ontology_dir() / "shapes.ttl"


def _reports(path, shapes=None):
    """The validation report of the file loaded in memory (pySHACL) and on Oxigraph (orggraph.shapes)."""
    memory, oxigraph = (validate(orggraph.load([path], store=store), shapes) for store in ("memory", "oxigraph"))
    return memory, oxigraph


def _blank_nodes_unnamed(problems):
    """The problems with a blank node's label (which each store makes up) in place of its id."""
    return [dataclasses.replace(p, focus="_:b", label="_:b") if ":" not in p.focus else p for p in problems]


def _with_faults(tmp_path, *edits) -> object:
    text = SMALL.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "faulty.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(n for n, case in BROKEN_FILES.items() if case.check))
def test_every_broken_file_gets_the_same_report_from_both_engines(name):
    memory, oxigraph = _reports(BROKEN / name)
    assert oxigraph.problems == memory.problems and len(memory.problems) == 1
    assert oxigraph.summary() == memory.summary()


def test_the_bundled_shapes_are_read_by_orggraph_shapes_not_handed_to_pyshacl():
    kg = orggraph.load([BROKEN / "unit_without_has_unit.ttl"], store="oxigraph")
    results = check(oxigraph_store(kg), _shapes_graph(SHAPES.resolve()))
    assert results is not None
    [result] = results
    assert result.message.startswith("a unit and its parent must both say so: org:unitOf <https://example.org/small/")


def test_many_faults_at_once_get_the_same_report(tmp_path):
    path = _with_faults(
        tmp_path,
        ('foaf:name "Ben Smith" .', 'foaf:name "Ben Smith" ; og:party <org/small-council>, <org/place-directorate> .'),
        ("og:bodyKind og:directorate ;", "og:bodyKind og:directorship ;"),  # sh:class against the ontology
        ("og:appointment og:substantive ;", "og:appointment og:permanent ;"),  # sh:in
        ("foaf:page <https://example.org/small/annual-report.pdf>", 'foaf:page "annual-report.pdf"'),  # sh:nodeKind
        ('dcterms:issued "2016-03"^^xsd:gYearMonth', 'dcterms:issued "2016-03-01T09:00:00"^^xsd:dateTime'),  # sh:or
        ('org:role <role/director> ;\n    org:reportsTo', 'org:role <role/director> ; og:singleHolder "false" ;\n'
                                                        '    org:reportsTo'),  # sh:datatype
        ("org:reportsTo <post/chief-executive> ;", "org:reportsTo <person/ada-jones> ;"),  # sh:class
        ("org:role <role/chief-executive> ;\n    og:post", "org:role <role/chief-executive>, <role/director> ;\n"
                                                          "    og:post"),  # sh:maxCount
        ('time:inXSDgYear "2014"^^xsd:gYear ]', 'time:inXSDgYear "2014"^^xsd:gYear ; time:inXSDDate "2014-01-01"^^xsd:date ]'),
        ("org:member <person/ada-jones> ;", "org:member <org/small-council> ;"),  # a body as a member
        ("    org:unitOf <org/small-council> .", "    org:unitOf <org/place-directorate> ."),  # sh:sparql both ways
    )
    memory, oxigraph = _reports(path)
    assert oxigraph.problems == memory.problems
    assert len({p.message for p in memory.problems}) >= 10
    assert not memory.ok and memory.summary() == oxigraph.summary()


def test_a_subclass_of_the_class_a_shape_asks_for_conforms_on_both(tmp_path):
    # og:StatutoryRole is an rdfs:subClassOf org:Role in the ontology: a membership may name one as its role.
    path = _with_faults(tmp_path, ("org:role <role/director> ;\n    og:post",
                                   "org:role og:headOfPaidService ;\n    og:post"))
    memory, oxigraph = _reports(path)
    assert memory.ok and oxigraph.problems == memory.problems


def test_faults_in_blank_nodes_are_reported_on_the_named_node_that_holds_them(tmp_path):
    path = _with_faults(
        tmp_path,
        ('time:inXSDDate "2015-12-01"^^xsd:date ] ]', 'time:inXSDDate "2015-12-01"^^xsd:date ; '
                                                     'time:inXSDgYear "2015"^^xsd:gYear ] ]'),
        ("<event/place-restructure> a org:ChangeEvent ;",
         "[] a org:Membership ; org:member <person/nobody> ; org:organization <org/small-council> ; "
         "org:role <role/director> ; prov:wasDerivedFrom <source/annual-report> .\n"
         "<event/place-restructure> a org:ChangeEvent ;"),
    )
    memory, oxigraph = _reports(path)
    assert _blank_nodes_unnamed(oxigraph.problems) == _blank_nodes_unnamed(memory.problems)
    assert any(p.focus.endswith("membership/ada-jones-chief-executive") and "exactly one date" in p.message
               for p in memory.problems)
    assert any(p.check == "dangling-reference" and "person/nobody" in p.message for p in memory.problems)


def test_shapes_it_cannot_read_go_to_pyshacl_with_the_same_report(tmp_path):
    shapes = tmp_path / "closed.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
<#person> a sh:NodeShape ; sh:targetClass foaf:Person ; sh:closed true ;
    sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;
    sh:message "a person says nothing but a name" ;
    sh:property [ sh:path foaf:name ] .
""", encoding="utf-8")
    assert check(pyoxigraph.Store(), rdflib.Graph().parse(shapes)) is None
    path = _with_faults(tmp_path, ('foaf:name "Ben Smith" .', 'foaf:name "Ben Smith" ; foaf:nick "Ben" .'))
    memory, oxigraph = _reports(path, shapes)
    assert oxigraph.problems == memory.problems
    assert [p.label for p in memory.problems if p.check == "shacl"] == ["Ben Smith"]


def test_a_reporting_shape_without_a_message_goes_to_pyshacl():
    shapes = rdflib.Graph().parse(format="turtle", data="""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
[] a sh:NodeShape ; sh:targetClass foaf:Person ; sh:property [ sh:path foaf:name ; sh:minCount 1 ] .
""")
    assert check(pyoxigraph.Store(), shapes) is None


def test_a_failed_sh_node_is_one_problem_on_both_not_pyshacls_nested_detail_as_well(tmp_path):
    path = _with_faults(tmp_path, ("org:postIn <org/place-directorate> ;", "org:postIn <role/director> ;"))
    memory, oxigraph = _reports(path)
    assert oxigraph.problems == memory.problems
    assert [p.message for p in memory.problems] == [
        "a post must be in a body: org:postIn <body> (one or more) (found <https://example.org/small/role/director>)"]


PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <https://example.org/ex#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
PEOPLE = PREFIXES + """
ex:Councillor rdfs:subClassOf foaf:Person . ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:A .
<https://example.org/p/a> a foaf:Person ; foaf:name "A" ; foaf:knows <https://example.org/p/b> ; ex:kind <https://example.org/k> .
<https://example.org/p/b> a ex:Councillor ; foaf:knows <https://example.org/p/a> .
<https://example.org/k> a ex:A .
"""

READ_BY_ORGGRAPH = {
    "a target's subclass": """ex:S sh:targetClass foaf:Person ;
        sh:property [ sh:path foaf:name ; sh:minCount 1 ; sh:message "needs a name" ] .""",
    "a node-level constraint beside a property shape": """ex:S sh:targetClass foaf:Person ; sh:nodeKind sh:IRI ;
        sh:class ex:Nothing, foaf:Person ; sh:message "node" ;
        sh:property [ sh:path foaf:name ; sh:minCount 1 ; sh:message "needs a name" ] .""",
    "a cycle of subclasses": """ex:S sh:targetClass foaf:Person ;
        sh:property [ sh:path ex:kind ; sh:class ex:B ; sh:message "kind" ] .""",
    "an inverse path": """ex:S sh:targetClass foaf:Person ;
        sh:property [ sh:path [ sh:inversePath foaf:knows ] ; sh:maxCount 0 ; sh:message "known" ] .""",
    "sh:sparql with prefixes from the shapes file": """ex:S sh:targetClass foaf:Person ; sh:sparql [
        sh:select "SELECT $this ?x WHERE { $this foaf:knows ?x . FILTER NOT EXISTS { ?x foaf:name ?n } }" ;
        sh:prefixes ex:none ; sh:message "knows <{?x}>, who has no name" ] .""",
}
HANDED_TO_PYSHACL = {
    "sh:select without $this": """ex:S sh:targetClass foaf:Person ; sh:sparql [
        sh:select "SELECT ?value WHERE { $this foaf:knows ?value }" ; sh:prefixes ex:none ; sh:message "m" ] .""",
    "a shape that refers to itself": """ex:S sh:targetClass foaf:Person ;
        sh:property [ sh:path foaf:knows ; sh:node ex:T ; sh:message "m" ] .
        ex:T sh:property [ sh:path foaf:knows ; sh:node ex:T ] .""",
    "two messages": """ex:S sh:targetClass foaf:Person ;
        sh:property [ sh:path foaf:knows ; sh:minCount 1 ; sh:message "zeta", "alpha" ] .""",  # pySHACL picks any one
    "an implicit class target": """foaf:Person a rdfs:Class ;
        sh:property [ sh:path foaf:name ; sh:minCount 1 ; sh:message "m" ] .""",
    "a datatype Oxigraph rewrites": """ex:S sh:targetClass foaf:Person ;
        sh:property [ sh:path foaf:age ; sh:datatype xsd:int ; sh:message "m" ] .""",
    "a deactivated constraint": """ex:S sh:targetClass foaf:Person ; sh:sparql [ sh:deactivated true ;
        sh:select "SELECT $this WHERE { $this foaf:knows ?x }" ; sh:prefixes ex:none ; sh:message "m" ] .""",
}


@pytest.mark.parametrize("case", sorted(READ_BY_ORGGRAPH) + sorted(HANDED_TO_PYSHACL))
def test_custom_shapes_get_the_same_report_whichever_engine_reads_them(tmp_path, case):
    shapes, data = tmp_path / "shapes.ttl", tmp_path / "people.ttl"
    shapes.write_text(PREFIXES + READ_BY_ORGGRAPH.get(case, HANDED_TO_PYSHACL.get(case)), encoding="utf-8")
    data.write_text(PEOPLE, encoding="utf-8")
    kg = orggraph.load([data], store="oxigraph")
    read = check(oxigraph_store(kg), rdflib.Graph().parse(shapes))
    assert (read is not None) == (case in READ_BY_ORGGRAPH)
    memory, oxigraph = _reports(data, shapes)
    assert oxigraph.problems == memory.problems
    reported = {"a target's subclass", "a node-level constraint beside a property shape", "an inverse path",
                "sh:sparql with prefixes from the shapes file", "sh:select without $this", "an implicit class target"}
    assert bool([p for p in memory.problems if p.check == "shacl"]) == (case in reported)
