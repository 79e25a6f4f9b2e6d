"""orggraph export in the RDF formats: the whole graph, read back by rdflib, written atomically."""

from __future__ import annotations

import pytest
from conftest import SMALL
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from orggraph.export import WRITERS, export
from orggraph.export.rdf import FORMATS, serialize

TRIPLE_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}
QUAD_FORMATS = {"trig": "trig", "nquads": "nquads"}


def union(kg) -> Graph:
    graph = Graph()
    for triple in kg.graph.triples((None, None, None)):
        graph.add(triple)
    return graph


def test_every_rdf_format_has_a_writer():
    assert set(FORMATS) == set(TRIPLE_FORMATS) | set(QUAD_FORMATS)
    assert set(FORMATS) <= set(WRITERS)


@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_triple_formats_hold_the_whole_graph(small_kg, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    export(small_kg, fmt, target)
    back = Graph().parse(target, format=TRIPLE_FORMATS[fmt])
    assert isomorphic(back, union(small_kg))
    assert (URIRef("https://w3id.org/orggraph/ns#SourceDocument"), None, None) in back  # the ontology too


@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_quad_formats_keep_one_named_graph_per_file(small_kg, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    export(small_kg, fmt, target)
    back = Dataset().parse(target, format=QUAD_FORMATS[fmt])
    for path in small_kg.files:
        name = URIRef(path.resolve().as_uri())
        assert isomorphic(back.graph(name), small_kg.graph.graph(name)), path
    assert len(back.graph(URIRef(SMALL.as_uri()))) < len(union(small_kg))


def test_bundled_data_round_trips_through_trig(kg):
    back = Dataset().parse(data=serialize(kg, "trig"), format="trig")
    merged = Graph()
    for graph in back.graphs():
        for triple in graph:
            merged.add(triple)
    assert isomorphic(merged, union(kg))


def test_cli_writes_stdout_without_a_path(run_cli, small_kg):
    result = run_cli("export", "--format", "ntriples", "--data", SMALL)
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.stdout, format="nt"), union(small_kg))


def test_cli_writes_a_file(run_cli, small_kg, tmp_path):
    target = tmp_path / "council.ttl"
    result = run_cli("export", "--data", SMALL, "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"Wrote {target} (turtle).\n"
    assert isomorphic(Graph().parse(target, format="turtle"), union(small_kg))


def test_failed_export_leaves_the_old_file_alone(run_cli, tmp_path):
    target = tmp_path / "council.ttl"
    target.write_text("previous export\n")
    result = run_cli("export", "--data", tmp_path / "missing.ttl", "-o", target)
    assert result.exit_code == 1
    assert target.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["council.ttl"]


def test_unwritable_target_is_one_line(run_cli, tmp_path):
    (tmp_path / "a-file").write_text("not a folder\n")
    target = tmp_path / "a-file" / "out.ttl"
    result = run_cli("export", "--data", SMALL, "-o", target)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write {target}: ")
    assert result.stderr.count("\n") == 1
    assert (tmp_path / "a-file").read_text() == "not a folder\n"


def test_a_folder_given_as_output_is_refused(run_cli, tmp_path):
    # '-o out/' reads as "into the folder out": writing a file called 'out' instead would surprise
    target = f"{tmp_path / 'out'}/"
    result = run_cli("export", "--data", SMALL, "-o", target)
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: that is a folder; give the file's name as well, as in {target}FILE\n"
    assert list(tmp_path.iterdir()) == []


def test_missing_folders_are_created(run_cli, tmp_path):
    target = tmp_path / "out" / "views" / "council.ttl"
    result = run_cli("export", "--data", SMALL, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert Graph().parse(target, format="turtle")


def test_unknown_format(run_cli, small_kg):
    result = run_cli("export", "--format", "docx", "--data", SMALL)
    assert result.exit_code == 2
    assert "'docx' is not one of" in result.output
    from orggraph.errors import OrggraphError

    with pytest.raises(OrggraphError, match="unknown export format 'docx'"):
        export(small_kg, "docx")
