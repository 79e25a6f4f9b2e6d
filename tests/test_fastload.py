"""The fast path for large data: Oxigraph's bulk loader, the same strict checks, the same facts.

Everything here runs on small files by choosing ``store="oxigraph"`` (or by
lowering the size at which ``store="auto"`` switches), so the large-data code
is exercised without large data. Speed is measured in benchmarks/run.py.
"""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest
from broken_cases import BROKEN_FILES
from conftest import BROKEN, SMALL

import orggraph
from orggraph import LoadError
from orggraph.errors import StoreError
from orggraph import fastload
from orggraph import kg as kg_module
from orggraph.generate import write
from orggraph.kg import bundled_data_dir
from orggraph.stores import describe_store, oxigraph_store
from orggraph.vocab import BIRMINGHAM_BASE

UNLOADABLE = sorted(name for name, case in BROKEN_FILES.items() if case.check is None)
DATE_CASES = [name for name in UNLOADABLE if "date" in name]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A generated organisation as N-Triples and as Turtle (the two formats big data comes in)."""
    folder = tmp_path_factory.mktemp("synthetic")
    write(300, folder / "org.nt", seed=11)
    write(300, folder / "org.ttl", seed=11)
    return folder


@pytest.fixture(params=["oxigraph", "disk"])
def oxigraph_spec(request, tmp_path, monkeypatch):
    """Oxigraph in memory (one bulk load per file) or a database on disk, filled in batches.

    The batches are made tiny so that a small file crosses many of them, blank nodes included.
    """
    if request.param == "oxigraph":
        return "oxigraph"
    monkeypatch.setattr(fastload, "DISK_BATCH_QUADS", 97)
    monkeypatch.setattr(fastload, "DISK_BATCH_ABOVE_BYTES", 0)
    return f"oxigraph:{tmp_path / 'db'}"


def _facts_as_dicts(kg):
    facts = kg.facts
    return {field.name: getattr(facts, field.name) for field in dataclasses.fields(facts)}


@pytest.mark.parametrize("paths", ["bundled", "small", "org.nt", "org.ttl"])
def test_facts_from_oxigraph_equal_facts_from_rdflib(paths, synthetic, oxigraph_spec):
    files = {"bundled": None, "small": [SMALL]}.get(paths, [synthetic / paths])
    memory = orggraph.load(files, store="memory")
    if files is None and oxigraph_spec != "oxigraph":  # a new database is filled only from files given
        oxigraph = orggraph.load([bundled_data_dir()], store=oxigraph_spec, base=BIRMINGHAM_BASE)
    else:
        oxigraph = orggraph.load(files, store=oxigraph_spec)
    assert describe_store(memory) == "memory" and describe_store(oxigraph) == "oxigraph"
    assert _facts_as_dicts(oxigraph) == _facts_as_dicts(memory)
    assert len(oxigraph.facts.memberships) >= 2 and oxigraph.facts.events


def test_the_organisation_on_a_day_is_the_same_graph_on_both_stores(synthetic):
    files = [synthetic / "org.ttl"]
    on_memory = orggraph.at(orggraph.load(files, store="memory"), "2016-06-01")
    on_oxigraph = orggraph.at(orggraph.load(files, store="oxigraph"), "2016-06-01")
    assert on_memory.number_of_edges() > 300
    assert nx.utils.graphs_equal(on_memory, on_oxigraph)


def test_auto_keeps_small_data_in_memory_and_moves_large_data_to_oxigraph(synthetic, monkeypatch):
    assert describe_store(orggraph.load()) == "memory"
    assert describe_store(orggraph.load([synthetic / "org.nt"])) == "memory"
    size = (synthetic / "org.nt").stat().st_size
    monkeypatch.setattr(kg_module, "AUTO_OXIGRAPH_BYTES", size - 1)
    large = orggraph.load([synthetic / "org.nt"])
    assert describe_store(large) == "oxigraph"
    assert oxigraph_store(large).query("ASK { GRAPH ?g { ?p a <http://xmlns.com/foaf/0.1/Person> } }")


@pytest.mark.parametrize("name", DATE_CASES)
def test_bad_dates_are_reported_with_file_and_line_as_in_memory(name, oxigraph_spec):
    case = BROKEN_FILES[name]
    with pytest.raises(LoadError) as caught:
        orggraph.load([BROKEN / name], store=oxigraph_spec)
    error = caught.value
    assert error.path.endswith(name) and error.line == case.line
    for phrase in case.phrases:
        assert phrase in error.reason


@pytest.mark.parametrize("name", sorted(set(UNLOADABLE) - set(DATE_CASES) - {"unknown_file_type.csv"}))
def test_syntax_errors_name_file_and_line(name, oxigraph_spec):
    case = BROKEN_FILES[name]
    with pytest.raises(LoadError) as caught:
        orggraph.load([BROKEN / name], store=oxigraph_spec)
    error = caught.value
    assert error.path.endswith(name)
    assert "not UTF-8" in error.reason if name == "not_utf8.ttl" else error.reason.startswith("syntax error: ")
    # Oxigraph's RDF/XML parser gives no position; every other format is located exactly.
    assert error.line == (None if name.endswith(".rdf") else case.line)


def test_a_bad_date_deep_in_a_large_file_is_found_with_its_line(synthetic, tmp_path, oxigraph_spec):
    lines = (synthetic / "org.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    target = max(i for i, line in enumerate(lines) if "XMLSchema#date>" in line)
    lines[target] = lines[target].replace('"^^<http://www.w3.org/2001/XMLSchema#date>', '-99"^^<http://www.w3.org/2001/XMLSchema#date>')
    broken = tmp_path / "late.nt"
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        orggraph.load([broken], store=oxigraph_spec)
    assert caught.value.line == target + 1 and "malformed xsd:date" in caught.value.reason


def test_a_date_under_another_xsd_prefix_is_still_checked(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace("xsd:", "x:").replace("@prefix x: ", "@prefix x: ")
    assert "@prefix x:" in text
    bad = tmp_path / "other-prefix.ttl"
    bad.write_text(text.replace('"2015-12-01"^^x:date', '"2015-12-1"^^x:date'), encoding="utf-8")
    with pytest.raises(LoadError, match=r"malformed xsd:date '2015-12-1'"):
        orggraph.load([bad], store="oxigraph")


def test_a_failed_load_leaves_an_oxigraph_database_empty_not_half_full(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    with pytest.raises(LoadError):
        orggraph.load([BROKEN / "impossible_date.ttl"], store=spec)
    with pytest.raises(StoreError, match=r"the Oxigraph database at .*db is empty \(did a load into it fail\?\)"):
        orggraph.load(store=spec)  # not reopened as if complete, nor filled with other data
    assert orggraph.load([SMALL], store=spec).facts.people  # --data fills it again


def test_cli_reads_large_data_through_oxigraph(synthetic, run_cli, monkeypatch):
    monkeypatch.setattr(kg_module, "AUTO_OXIGRAPH_BYTES", 0)
    memory = run_cli("stats", "--data", synthetic / "org.ttl", "--store", "memory", "--format", "json")
    auto = run_cli("stats", "--data", synthetic / "org.ttl", "--format", "json")
    assert memory.exit_code == 0 and auto.exit_code == 0, auto.output
    assert auto.stdout == memory.stdout


def test_a_byte_order_mark_is_not_data_on_the_oxigraph_paths(tmp_path, oxigraph_spec):
    with_mark = tmp_path / "notepad.ttl"
    with_mark.write_bytes(b"\xef\xbb\xbf" + SMALL.read_bytes())
    assert _facts_as_dicts(orggraph.load([with_mark], store=oxigraph_spec)) == _facts_as_dicts(
        orggraph.load([with_mark], store="memory"))


def test_a_bad_date_after_a_byte_order_mark_is_on_its_own_line(tmp_path, oxigraph_spec):
    bad = tmp_path / "notepad.nt"
    bad.write_bytes(b'\xef\xbb\xbf<http://example.org/a> <http://example.org/b> "x" .\n'
                    b'<http://example.org/a> <http://purl.org/dc/terms/issued> "2016-1-1"^^<http://www.w3.org/2001/XMLSchema#date> .\n')
    with pytest.raises(LoadError) as caught:
        orggraph.load([bad], store=oxigraph_spec)
    assert caught.value.line == 2 and "malformed xsd:date '2016-1-1'" in caught.value.reason
