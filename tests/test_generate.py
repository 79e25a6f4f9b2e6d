"""Synthetic organisations: deterministic, shaped as promised, and valid in our data model."""

import collections
import datetime

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import FOAF, ORG, RDF

import orggraph
from orggraph.cli import main
from orggraph.errors import OrggraphError
from orggraph.generate import generate, write
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


# ------------------------------------------------------------------ write() and the CLI


@pytest.mark.parametrize("suffix,fmt", [(".nt", "nt"), (".ttl", "turtle")])
def test_written_file_is_the_generated_graph(tmp_path, suffix, fmt):
    path = tmp_path / f"org{suffix}"
    count = write(80, path, seed=4)
    written = Graph().parse(path, format=fmt)
    assert count == len(written)
    assert written.isomorphic(generate(80, seed=4))


def test_same_seed_writes_the_same_bytes(tmp_path):
    write(60, tmp_path / "a.nt", seed=9)
    write(60, tmp_path / "b.nt", seed=9)
    write(60, tmp_path / "c.nt", seed=10)
    assert (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()
    assert (tmp_path / "a.nt").read_bytes() != (tmp_path / "c.nt").read_bytes()


def test_write_reports_progress_up_to_the_number_of_people(tmp_path):
    calls = []
    write(2500, tmp_path / "org.nt", progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (1000, 2500) and calls[-1] == (2500, 2500)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_unknown_suffix_is_refused_and_nothing_is_written(tmp_path):
    with pytest.raises(OrggraphError, match=r"org\.csv: cannot write \.csv; use \.nt or \.ttl"):
        write(20, tmp_path / "org.csv")
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_a_file_that_loads_and_validates(tmp_path):
    out = tmp_path / "org.ttl"
    result = CliRunner().invoke(main, ["generate", "--people", "120", "--seed", "7", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().startswith(f"Wrote {out}: 120 people, ")
    assert Graph().parse(out).isomorphic(generate(120, seed=7))
    checked = CliRunner().invoke(main, ["validate", str(out)])
    assert checked.exit_code == 0, checked.output


def test_cli_refuses_too_few_people_and_bad_suffix(tmp_path):
    small = CliRunner().invoke(main, ["generate", "--people", "3", "--out", str(tmp_path / "x.nt")])
    assert small.exit_code == 2 and "--people" in small.stderr
    bad = CliRunner().invoke(main, ["generate", "--people", "20", "--out", str(tmp_path / "x.json")])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: ") and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.json").exists()
