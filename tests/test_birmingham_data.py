"""The Birmingham dataset itself, checked with SPARQL over what `orggraph export` writes.

These queries read the exported file back with a fresh rdflib graph, so they
test the data as any other tool would see it, independently of orggraph's own
time-aware functions. Dates are compared as text of like precision (never an
xsd:date against another type): a beginning known only to the month counts
from the following month, an end known only to the month counts until its
first day, as orggraph.dates.Interval does.
"""

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal

from orggraph.cli import main

BASE = "https://w3id.org/orggraph/id/birmingham/"

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX og: <https://w3id.org/orggraph/ns#>
"""

# ?m active on ?day (a plain "YYYY-MM-DD" string): certain under the partial-date rule.
ACTIVE_ON = """
    ?m org:memberDuring ?interval .
    OPTIONAL { ?interval time:hasBeginning ?b .
               OPTIONAL { ?b time:inXSDDate ?bd } OPTIONAL { ?b time:inXSDgYearMonth ?bm }
               OPTIONAL { ?b time:inXSDgYear ?by } }
    OPTIONAL { ?interval time:hasEnd ?e .
               OPTIONAL { ?e time:inXSDDate ?ed } OPTIONAL { ?e time:inXSDgYearMonth ?em }
               OPTIONAL { ?e time:inXSDgYear ?ey } }
    FILTER (!BOUND(?bd) || STR(?bd) <= ?day)
    FILTER (!BOUND(?bm) || STR(?bm) < SUBSTR(?day, 1, 7))
    FILTER (!BOUND(?by) || STR(?by) < SUBSTR(?day, 1, 4))
    FILTER (!BOUND(?ed) || ?day <= STR(?ed))
    FILTER (!BOUND(?em) || ?day <= CONCAT(STR(?em), "-01"))
    FILTER (!BOUND(?ey) || ?day <= CONCAT(STR(?ey), "-01-01"))
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "birmingham.trig"
    result = CliRunner().invoke(main, ["export", "--format", "trig", "-o", str(path)])
    assert result.exit_code == 0, result.output
    dataset = Dataset(default_union=True)
    dataset.parse(path, format="trig")
    return dataset


def names(dataset, query, **bindings):
    rows = dataset.query(PREFIXES + query, initBindings={k: Literal(v) for k, v in bindings.items()})
    return sorted(str(row[0]) for row in rows)


def test_clt_on_15_february_2016_is_eight_people(exported):
    query = """SELECT DISTINCT ?name WHERE {
        ?m org:organization <%sorg/corporate-leadership-team> ; org:member ?p .
        ?p foaf:name ?name . %s }""" % (BASE, ACTIVE_ON)
    assert names(exported, query, day="2016-02-15") == [
        "Angela Probert", "Jacqui Kennedy", "Jon Warlow", "Mark Rogers",
        "Paul Dransfield", "Peter Hay", "Piali DasGupta", "Waheed Nazir",
    ]


def test_clt_before_the_restructure(exported):
    query = """SELECT DISTINCT ?name WHERE {
        ?m org:organization <%sorg/corporate-leadership-team> ; org:member ?p .
        ?p foaf:name ?name . %s }""" % (BASE, ACTIVE_ON)
    assert names(exported, query, day="2015-10-01") == [
        "Jacqui Kennedy", "Mark Rogers", "Paul Dransfield", "Peter Hay",
    ]


@pytest.mark.parametrize("day, leader", [("2016-01-15", ["John Clancy"]), ("2015-12-01", ["John Clancy"]), ("2015-11-30", [])])
def test_leader_of_the_council(exported, day, leader):
    query = """SELECT DISTINCT ?name WHERE {
        ?m org:role <%srole/leader-of-the-council> ; org:organization <%sorg/birmingham-city-council> ;
           org:member ?p . ?p foaf:name ?name . %s }""" % (BASE, BASE, ACTIVE_ON)
    assert names(exported, query, day=day) == leader


def test_roles_nobody_holds_after_the_restructure(exported):
    query = """SELECT DISTINCT ?label WHERE {
        ?event a org:ChangeEvent ; og:abolishes ?role .
        ?role a org:Role ; skos:prefLabel ?label .
        FILTER NOT EXISTS { ?m org:role ?role . %s }
    }""" % ACTIVE_ON
    assert names(exported, query, day="2016-02-15") == [
        "Deputy Chief Executive",
        "Director of Finance",
        "Director of Legal and Democratic Services",
        "Interim Service Director for Delivery",
    ]


def test_every_membership_post_and_event_cites_a_described_source(exported):
    query = """SELECT ?thing WHERE {
        { ?thing a org:Membership } UNION { ?thing a org:Post } UNION { ?thing a org:ChangeEvent }
        FILTER NOT EXISTS { ?thing prov:wasDerivedFrom ?s .
                            ?s a og:SourceDocument ; dcterms:title ?t ; dcterms:publisher ?pub ; dcterms:issued ?d } }"""
    assert names(exported, query) == []


def test_section_151_officer_after_the_restructure(exported):
    query = """SELECT DISTINCT ?name WHERE {
        ?m org:role og:section151Officer ; org:member ?p . ?p foaf:name ?name . %s }""" % ACTIVE_ON
    assert names(exported, query, day="2016-02-15") == ["Jon Warlow"]


def test_improvement_panel_reports_to_the_secretary_of_state(exported):
    query = """SELECT ?name WHERE {
        <%sorg/birmingham-independent-improvement-panel> org:reportsTo ?post .
        ?m og:post ?post ; org:member ?p . ?p foaf:name ?name }""" % BASE
    assert names(exported, query) == ["Greg Clark"]


def test_partial_dates_keep_their_precision(exported):
    query = """SELECT ?value WHERE {
        <%smembership/piali-dasgupta-assistant-chief-executive> org:memberDuring/time:hasBeginning/time:inXSDgYearMonth ?value }""" % BASE
    assert names(exported, query) == ["2016-01"]
