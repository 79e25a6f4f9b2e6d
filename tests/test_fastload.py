"""The fast path for large data: Oxigraph's bulk loader, the same strict checks, the same facts.

Everything here runs on small files by choosing ``store="oxigraph"`` (or by
lowering the size at which ``store="auto"`` switches), so the large-data code
is exercised without large data. Speed is measured in benchmarks/run.py.
"""

from __future__ import annotations

import dataclasses
import gc
import threading
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from broken_cases import BROKEN_FILES
from rdflib import Literal, URIRef
from conftest import BROKEN, SMALL

import orggraph
from orggraph import LoadError
from orggraph.errors import DateError, StoreError
from orggraph import fastload
from orggraph import kg as kg_module
from orggraph.dates import PartialDate
from orggraph.generate import write
from orggraph.kg import bundled_data_dir
from orggraph.stores import describe_store, fill_oxigraph, oxigraph_store
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


@pytest.fixture(params=["oxigraph", "disk", "disk-whole"])
def oxigraph_spec(request, tmp_path, monkeypatch):
    """Oxigraph in memory or a database on disk, each file in one bulk load parsed beside the date scan; or a
    database on disk filled in batches.

    Every file, however small, is parsed beside the scan; the batches are made small so that a generated file
    crosses several of them, blank nodes included.
    """
    if request.param == "oxigraph":
        monkeypatch.setattr(fastload, "BESIDE_ABOVE_BYTES", 0)
        return "oxigraph"
    if request.param == "disk-whole":
        monkeypatch.setattr(fastload, "BESIDE_ABOVE_BYTES", 0)
        return f"oxigraph:{tmp_path / 'db'}"
    monkeypatch.setattr(fastload, "DISK_BATCH_QUADS", 997)
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


def test_a_failed_load_leaves_the_database_at_path_as_it_was(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    with pytest.raises(LoadError):
        orggraph.load([BROKEN / "impossible_date.ttl"], store=spec)
    with pytest.raises(StoreError, match=r"no Oxigraph database at .*db"):
        orggraph.load(store=spec)  # nothing half-filled to reopen as if complete
    assert [p.name for p in tmp_path.iterdir()] == []  # nor a loading folder left behind
    people = orggraph.load([SMALL], store=spec).facts.people
    gc.collect()  # close that database (a graph and its store hold each other): a process opens a path once
    with pytest.raises(LoadError):
        orggraph.load([BROKEN / "impossible_date.ttl"], store=spec)
    assert orggraph.load(store=spec).facts.people == people  # a failed reload keeps the data that was there


def test_a_failed_orggraph_load_keeps_the_database_it_would_have_replaced(tmp_path, run_cli):
    spec = f"oxigraph:{tmp_path / 'db'}"
    assert run_cli("load", "--store", spec, "--data", SMALL).exit_code == 0
    failed = run_cli("load", "--store", spec, "--data", BROKEN / "impossible_date.ttl")
    assert failed.exit_code == 1 and "impossible_date.ttl" in failed.stderr
    kept = run_cli("stats", "--store", spec, "--format", "json")
    assert kept.exit_code == 0 and kept.stdout == run_cli("stats", "--data", SMALL, "--format", "json").stdout


def test_blank_nodes_of_two_files_stay_apart(tmp_path, oxigraph_spec):
    folder = tmp_path / "two"
    folder.mkdir()
    write(40, folder / "a.nt", seed=1, base="https://a.example/")  # both files label their intervals _:i1, _:i2 ...
    write(40, folder / "b.nt", seed=2, base="https://b.example/")
    assert _facts_as_dicts(orggraph.load([folder], store=oxigraph_spec)) == _facts_as_dicts(
        orggraph.load([folder], store="memory"))


def test_orggraph_load_checks_small_data_as_every_command_does(tmp_path, run_cli):
    illtyped = tmp_path / "illtyped.ttl"
    illtyped.write_text(SMALL.read_text(encoding="utf-8") + '\n<https://example.org/x> <https://example.org/n> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', encoding="utf-8")
    for command in (("stats", "--data", illtyped), ("load", "--store", f"oxigraph:{tmp_path / 'db'}", "--data", illtyped)):
        result = run_cli(*command)
        assert result.exit_code == 1 and "'abc' is not a valid xsd:integer" in result.stderr, result.output


def test_an_untyped_date_in_the_default_graph_of_n_quads_is_refused(tmp_path, oxigraph_spec):
    quads = tmp_path / "default.nq"
    quads.write_text('<https://example.org/i> <http://www.w3.org/2006/time#inXSDDate> "2016-01-01" .\n', encoding="utf-8")
    with pytest.raises(LoadError, match="must be typed xsd:date"):
        orggraph.load([quads], store=oxigraph_spec)


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


def test_both_stores_read_awkward_data_the_same_way(tmp_path):
    """Several roles on one membership, a plain 'false' singleHolder, a membership without dates."""
    data = tmp_path / "awkward.ttl"
    data.write_text("""
@prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix og: <https://w3id.org/orggraph/ns#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/p> a foaf:Person ; foaf:name "P" .
<http://example.org/b> a org:Organization ; skos:prefLabel "B" .
<http://example.org/post> a org:Post ; skos:prefLabel "Post" ; org:postIn <http://example.org/b> ; og:singleHolder "false" ;
    org:role <http://example.org/role/zeta>, <http://example.org/role/alpha> .
<http://example.org/m> a org:Membership ; org:member <http://example.org/p> ; org:organization <http://example.org/b> ;
    og:post <http://example.org/post> ;
    org:role <http://example.org/role/zeta>, <http://example.org/role/alpha>, <http://example.org/role/mid> .
""", encoding="utf-8")
    memory, oxigraph = orggraph.load([data], store="memory"), orggraph.load([data], store="oxigraph")
    assert _facts_as_dicts(oxigraph) == _facts_as_dicts(memory)
    assert memory.facts.memberships[0].role == "http://example.org/role/alpha"
    assert memory.facts.posts["http://example.org/post"].single_holder is False


def test_progress_follows_oxigraph_through_the_file_to_its_end(synthetic, monkeypatch):
    monkeypatch.setattr(fastload, "BESIDE_ABOVE_BYTES", 0)
    path = synthetic / "org.nt"
    seen = []
    fastload.bulk_load_files(pyoxigraph.Store(), fastload.data_files_by_size([path]),
                             progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert seen[-1] == (size, size)
    assert all(total == size for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)  # never back


def test_the_read_offset_is_that_of_the_other_descriptor_for_the_file_and_never_goes_back(tmp_path):
    path = tmp_path / "data.nt"
    path.write_bytes(b"x" * 1000)
    linux = Path("/proc/self/fdinfo").is_dir()  # elsewhere there is nothing to read: always 0
    with open(path, "rb") as ours:
        offset = fastload._ReadOffset(path, besides=ours.fileno())
        assert offset() == 0  # nobody else has it open yet
        with open(path, "rb", buffering=0) as theirs:
            theirs.read(300)
            assert offset() == (300 if linux else 0)
            theirs.seek(100)
            assert offset() == (300 if linux else 0)  # never back
            theirs.read(400)
            assert offset() == (500 if linux else 0)
        assert offset() == (1000 if linux else 0)  # seen, then closed: it was read to the end


def test_a_syntax_error_found_on_the_loading_thread_is_a_load_error_here(tmp_path, monkeypatch):
    monkeypatch.setattr(fastload, "BESIDE_ABOVE_BYTES", 0)
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://example.org/a> <http://example.org/b> "x" .\n<http://example.org/a> <http://example.org/b> .\n')
    with pytest.raises(LoadError) as caught:
        orggraph.load([bad], store="oxigraph")
    assert caught.value.line == 2 and "syntax error" in caught.value.reason


@pytest.mark.parametrize("value, datatype", [
    ("2016-01-04", "date"), ("2016-02-30", "date"), ("2015-02-29", "date"), ("2016-02-29", "date"), ("0000-01-01", "date"),
    ("02016-01-04", "date"), ("-2016-01-04", "date"), ("2016-1-4", "date"), ("2016-01", "date"), ("2016-01-04Z", "date"),
    ("2016-13", "gYearMonth"), ("2016-00", "gYearMonth"), ("2016-01", "gYearMonth"), ("2016-01-04", "gYearMonth"),
    ("2016", "gYear"), ("16", "gYear"), ("10000", "gYear"), ("2016-01-04T10:00:00", "dateTime"),
    ("2016-01-04", "dateTime"), ("2016-02-30T00:00:00Z", "dateTimeStamp"),
])
def test_the_quick_date_check_agrees_with_reading_the_literal(value, datatype):
    full = "dateTime" if datatype == "dateTimeStamp" else datatype
    try:
        with kg_module._quiet_rdflib_literals():
            PartialDate.from_literal(Literal(value, datatype=URIRef("http://www.w3.org/2001/XMLSchema#" + full)))
        expected = None
    except DateError as error:
        expected = str(error)
    assert fastload._date_problem(value, datatype) == expected


@pytest.mark.parametrize("beside", [True, False])
def test_a_first_line_longer_than_the_scan_buffer_still_finds_the_prefixes(tmp_path, monkeypatch, beside):
    monkeypatch.setattr(fastload, "CHUNK", 64)
    monkeypatch.setattr(fastload, "BESIDE_ABOVE_BYTES", 0 if beside else 2**40)
    bad = tmp_path / "long.ttl"
    bad.write_text("@prefix dt: <http://www.w3.org/2001/XMLSchema#> . # " + "x" * 200 + "\n"
                   '<http://example.org/a> <http://purl.org/dc/terms/issued> "2016-1-1"^^dt:date .\n')
    with pytest.raises(LoadError) as caught:
        orggraph.load([bad], store="oxigraph")
    assert caught.value.line == 2 and "malformed xsd:date '2016-1-1'" in caught.value.reason


def test_an_interrupt_waits_for_oxigraph_before_anything_touches_the_store(synthetic, monkeypatch):
    def interrupted(self, each_block=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(fastload, "BESIDE_ABOVE_BYTES", 0)
    monkeypatch.setattr(fastload._CheckingReader, "scan_to_end", interrupted)
    store = pyoxigraph.Store()
    with pytest.raises(KeyboardInterrupt):
        fastload.bulk_load_files(store, fastload.data_files_by_size([synthetic / "org.nt"]))
    assert not [t for t in threading.enumerate() if t.name.startswith("orggraph load")]
    assert len(store) > 5000  # Oxigraph finished the file: the caller may now clear it safely


def test_a_bad_date_in_single_quotes_is_found_as_in_memory(tmp_path, oxigraph_spec):
    bad = tmp_path / "quotes.ttl"
    bad.write_text("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                   "<http://example.org/a> <http://example.org/b> \"O'Brien\" .\n"
                   "<http://example.org/a> <http://purl.org/dc/terms/issued> '2016-1-1'^^xsd:date .\n")
    for store in (oxigraph_spec, "memory"):
        with pytest.raises(LoadError) as caught:
            orggraph.load([bad], store=store)
        assert caught.value.line == 3 and "'2016-1-1'" in caught.value.reason, store


def test_a_prefix_for_xml_schema_declared_further_down_is_used_from_there(tmp_path, oxigraph_spec, monkeypatch):
    monkeypatch.setattr(fastload, "CHUNK", 256)  # the declaration is read some blocks after the start
    lines = ["@prefix ex: <http://example.org/> ."] + [f"ex:a{n} ex:b \"{n}\" ." for n in range(40)]
    lines += ["@prefix dt: <http://www.w3.org/2001/XMLSchema#> .", 'ex:a ex:issued "2016-1-1"^^dt:date .']
    bad = tmp_path / "late.ttl"
    bad.write_text("\n".join(lines) + "\n")
    for store in (oxigraph_spec, "memory"):
        with pytest.raises(LoadError) as caught:
            orggraph.load([bad], store=store)
        assert caught.value.line == len(lines) and "'2016-1-1'" in caught.value.reason, store


def test_an_interrupted_load_of_a_database_on_disk_leaves_no_folder_behind(synthetic, tmp_path, monkeypatch):
    def interrupted(self, each_block=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(fastload, "BESIDE_ABOVE_BYTES", 0)
    monkeypatch.setattr(fastload._CheckingReader, "scan_to_end", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fill_oxigraph(f"oxigraph:{tmp_path / 'db'}", [synthetic / "org.nt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither the database nor its .loading-* folder
