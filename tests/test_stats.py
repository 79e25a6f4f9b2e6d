"""orggraph stats: counts and date range, through the API and the CLI."""

from __future__ import annotations

import json

import pytest
from conftest import SMALL

import orggraph
from orggraph.stats import stats


def test_small_council_counts(small_kg):
    assert stats(small_kg) == {
        "people": 2,
        "bodies": 2,
        "posts": 2,
        "roles": 5,  # chief executive, director, and the ontology's three statutory roles
        "memberships": 2,
        "change_events": 1,
        "sources": 1,
        "triples": len(small_kg.graph),
        "earliest": "2014",  # Ben Smith's start, known only to the year
        "latest": "2016-03",  # the source's date of issue
    }


def test_bundled_data_counts(kg):
    summary = stats(kg)
    facts = kg.facts
    assert summary["people"] == len(facts.people) > 10
    assert summary["memberships"] == len(facts.memberships) > 20
    assert summary["change_events"] >= 1 and summary["sources"] >= 5
    assert summary["earliest"] <= "2016-01" <= summary["latest"]


def test_cli_json_is_the_api(run_cli, small_kg):
    result = run_cli("stats", "--format", "json", "--data", SMALL)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == stats(small_kg)


def test_cli_table(run_cli):
    result = run_cli("stats", "--data", SMALL)
    assert result.exit_code == 0
    for text in ("people", "change events", "memberships", "2014", "2016-03"):
        assert text in result.stdout


def test_cli_bad_data_is_one_line(run_cli, tmp_path):
    result = run_cli("stats", "--data", tmp_path / "missing.ttl")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {tmp_path / 'missing.ttl'}: no such file or folder\n"


def test_triple_count_is_the_same_on_both_stores(kg):
    on_oxigraph = orggraph.load(store="oxigraph")
    assert stats(on_oxigraph)["triples"] == stats(kg)["triples"] == len(kg.graph) == len(on_oxigraph.graph)
    assert repr(on_oxigraph) == repr(kg)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_triple_stated_in_two_files_counts_once(tmp_path, store):
    (tmp_path / "one.nt").write_text("<http://e/a> <http://e/p> <http://e/b> .\n<http://e/a> <http://e/p> <http://e/c> .\n")
    (tmp_path / "two.nt").write_text("<http://e/a> <http://e/p> <http://e/b> .\n<http://e/x> <http://e/p> <http://e/y> .\n")
    alone = orggraph.load([tmp_path / "one.nt"], store=store)
    both = orggraph.load([tmp_path], store=store)
    assert both.triple_count() == len(both.graph) == alone.triple_count() + 1
