"""Synthetic organisations: deterministic, shaped as promised, and valid in our data model."""

import collections
import datetime

import pytest
from rdflib.namespace import FOAF, ORG, RDF

import orggraph
from orggraph.generate import generate
from orggraph.validate import validate


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    path = tmp_path_factory.mktemp("gen") / "org.ttl"
    generate(400, seed=5).serialize(path, format="turtle", encoding="utf-8")
    return orggraph.load([path])


def test_same_seed_same_graph_other_seed_other_graph():
    assert generate(60, seed=1).isomorphic(generate(60, seed=1))
    assert not generate(60, seed=1).isomorphic(generate(60, seed=2))


@pytest.mark.parametrize("people", [10, 57, 400])
def test_exactly_the_requested_number_of_people(people):
    assert len(set(generate(people).subjects(RDF.type, FOAF.Person))) == people


def test_too_few_people_is_refused():
    with pytest.raises(ValueError, match="at least 10"):
        generate(3)


def test_loads_and_validates_without_problems(kg):
    report = validate(kg)
    assert report.ok and report.problems == []


def test_units_five_to_seven_levels_deep_under_one_council(kg):
    facts = kg.facts
    councils = [b for b in facts.bodies.values() if b.kind == "council"]
    assert len(councils) == 1

    def depth(body):
        level = 1
        while facts.bodies[body].unit_of:
            body = facts.bodies[body].unit_of[0]
            level += 1
        return level

    deepest = max(depth(b) for b in facts.bodies)
    assert 5 <= deepest <= 7


def test_reporting_lines_dates_moves_vacancies_restructures_and_sources(kg):
    facts = kg.facts
    assert sum(len(p.reports_to) > 1 for p in facts.posts.values()) >= 1
    precisions = collections.Counter(
        d.precision if d else "open" for m in facts.memberships for d in (m.interval.begin, m.interval.end)
    )
    assert {"day", "month", "year", "open"} <= set(precisions)
    posts_held = collections.Counter(m.member for m in facts.memberships if m.post)
    movers = sum(1 for n in posts_held.values() if n > 1) / len(facts.people)
    assert 0.15 <= movers <= 0.3
    G = orggraph.at(kg, datetime.date(2016, 6, 1))
    vacant = [n for n, k in G.nodes(data="kind") if k == "post" and not any(r == "holds" for *_, r in G.in_edges(n, data="relation"))]
    assert vacant
    assert len(facts.events) >= 3 and all(e.abolishes and e.creates and e.sources for e in facts.events)
    assert all(m.sources for m in facts.memberships) and all(p.sources for p in facts.posts.values())
    years = {d.year for m in facts.memberships for d in (m.interval.begin, m.interval.end) if d}
    assert {2010, 2019} <= years or max(years) - min(years) >= 9


def test_base_sets_every_iri():
    graph = generate(20, base="https://example.org/x/")
    assert all(str(s).startswith("https://example.org/x/") for s in graph.subjects(RDF.type, ORG.Post))
