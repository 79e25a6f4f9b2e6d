"""Popolo import and export: the real EveryPolitician and Australian files, round trips, bad input.

Expected counts come from reading the JSON here with the json module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, ORG, RDF, TIME, XSD

import orggraph
from orggraph.cli import main
from orggraph.export.popolo import popolo_document
from orggraph.importers.popolo import import_popolo
from orggraph.timeslice import members
from orggraph.validate import validate

ALDERNEY = Path(__file__).parent / "fixtures" / "popolo" / "alderney_states-ep-popolo-v1.0.json"
TASMANIA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "popolo-au-councils" / \
    "tas_local_councillor_popolo.json"
REAL_FILES = [ALDERNEY, pytest.param(TASMANIA, marks=[pytest.mark.slow, pytest.mark.skipif(
    not TASMANIA.exists(), reason="../shared/realdata is not beside the checkout")])]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("path", REAL_FILES)
def test_real_file_counts(tmp_path, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    out = tmp_path / "out.ttl"
    result = run("import", "popolo", path, "--out", out, "--publisher", "test", "--issued", "2016")
    assert result.exit_code == 0, result.output
    g = Graph().parse(out)
    assert len(set(g.subjects(RDF.type, FOAF.Person))) == len(data["persons"])
    assert len(set(g.subjects(RDF.type, ORG.Membership))) == len(data["memberships"])
    referenced = {m["organization_id"] for m in data["memberships"]} | {
        m["on_behalf_of_id"] for m in data["memberships"] if m.get("on_behalf_of_id")}
    assert len(set(g.subjects(RDF.type, ORG.Organization))) == len({o["id"] for o in data["organizations"]} | referenced)
    roles = {str(r) for m in g.subjects(RDF.type, ORG.Membership) for r in g.objects(g.value(m, ORG.role), None)
             if isinstance(r, Literal)}
    assert roles == {m.get("role") or "member" for m in data["memberships"]}
    report = validate(orggraph.load([out]))
    assert report.ok, report.summary()


def test_alderney_dates_keep_their_precision_and_terms_come_from_events(tmp_path):
    data = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    (term,) = [e for e in data["events"] if e["classification"] == "legislative period"]
    out = tmp_path / "alderney.ttl"
    import_popolo(ALDERNEY, out)
    g = Graph().parse(out)
    assert set(g.objects(None, TIME.inXSDDate)) == {Literal(term["start_date"], datatype=XSD.date)}
    assert set(g.objects(None, TIME.inXSDgYearMonth)) == {Literal(term["end_date"], datatype=XSD.gYearMonth)}
    kg = orggraph.load([out])
    states = next(o["name"] for o in data["organizations"] if o["classification"] == "legislature")
    # a month-precision end "2016-11" counts until 1 November 2016 only
    assert len(members(kg, states, "2016-11-01")) == len(data["memberships"])
    assert members(kg, states, "2016-11-02") == []
    assert members(kg, states, "2014-11-21") == []


def test_missing_provenance_is_reported_by_validate_not_invented(tmp_path):
    out = tmp_path / "alderney.ttl"
    import_popolo(ALDERNEY, out)
    report = validate(orggraph.load([out]))
    assert not report.ok
    assert {p.message.split(":")[0] for p in report.violations} == {
        "a source needs a publisher, as text", "a source needs one date of issue"}


def test_the_import_says_which_provenance_options_were_missing(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["import", "popolo", str(ALDERNEY), "--issued", "2016", "--out", f"{tmp_path}/new/"])
    assert result.exit_code == 0, result.output
    assert "not recorded: the file's publisher (give --publisher;" in result.output
    assert (tmp_path / "new" / "alderney_states-ep-popolo-v1.0.ttl").is_file()  # the folder was made
    result = runner.invoke(main, ["import", "popolo", str(ALDERNEY), "--issued", "2016", "--publisher", "EveryPolitician",
                                  "--out", str(tmp_path / "alderney.ttl")])
    assert result.exit_code == 0 and "not recorded" not in result.output


def _plain_popolo(folder: Path) -> Path:
    """A two-councillor Popolo file: other data than Alderney's."""
    doc = {"persons": [{"id": "p1", "name": "Ada"}, {"id": "p2", "name": "Bo"}],
           "organizations": [{"id": "council", "name": "Example Council", "classification": "council"}],
           "memberships": [{"person_id": p, "organization_id": "council", "start_date": "2014"} for p in ("p1", "p2")]}
    source = folder / "plain.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    return source


def test_out_keeps_the_data_already_in_the_file(tmp_path, run_cli):
    """Alderney imported into a file holding other Popolo data gives one file with both, as organogram merges."""
    plain, out = _plain_popolo(tmp_path), tmp_path / "councils.ttl"
    plain_alone, alderney_alone = tmp_path / "plain-alone.ttl", tmp_path / "alderney-alone.ttl"
    assert run_cli("import", "popolo", plain, "--out", plain_alone).exit_code == 0
    assert run_cli("import", "popolo", ALDERNEY, "--out", alderney_alone).exit_code == 0
    assert run_cli("import", "popolo", plain, "--out", out).exit_code == 0
    result = run_cli("import", "popolo", ALDERNEY, "--out", out)
    assert result.exit_code == 0, result.output
    kept = len(Graph().parse(plain_alone))
    assert f"merged with the data already in {out} ({kept} triples kept)" in result.output
    assert isomorphic(Graph().parse(out), Graph().parse(plain_alone) + Graph().parse(alderney_alone))
    alderney = json.loads(ALDERNEY.read_text(encoding="utf-8"))
    people = {p.label for p in orggraph.load([out]).facts.people.values()}
    assert people == {"Ada", "Bo"} | {p["name"] for p in alderney["persons"]}


def test_importing_the_same_file_into_out_again_is_refused_and_out_is_left_as_it_was(tmp_path, run_cli):
    out = tmp_path / "alderney.ttl"
    assert run_cli("import", "popolo", ALDERNEY, "--out", out).exit_code == 0
    before = out.read_bytes()
    result = run_cli("import", "popolo", ALDERNEY, "--out", out, "--publisher", "EveryPolitician")
    assert result.exit_code == 1
    assert f"{out} already holds data under the base IRI https://w3id.org/orggraph/id/popolo/" in result.output
    assert "--base" in result.output and "Traceback" not in result.output
    assert out.read_bytes() == before
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left beside it
    # under another base the second import is other data, and is added
    result = run_cli("import", "popolo", ALDERNEY, "--out", out, "--base", "https://example.org/again/")
    assert result.exit_code == 0, result.output
    assert len(orggraph.load([out]).facts.people) == 2 * len(json.loads(ALDERNEY.read_text(encoding="utf-8"))["persons"])


def test_an_out_file_that_is_not_rdf_is_an_error_and_left_as_it_was(tmp_path, run_cli):
    out = tmp_path / "notes.ttl"
    out.write_text("these are my notes, not Turtle\n", encoding="utf-8")
    result = run_cli("import", "popolo", ALDERNEY, "--out", out)
    assert result.exit_code == 1
    assert f"{out}: cannot read the data already in it" in result.output
    assert out.read_text(encoding="utf-8") == "these are my notes, not Turtle\n"


@pytest.mark.parametrize("path", REAL_FILES)
def test_round_trip_import_export_import_gives_the_same_graph(tmp_path, path):
    first, exported, second = tmp_path / "first.ttl", tmp_path / "export.json", tmp_path / "second.ttl"
    assert run("import", "popolo", path, "--out", first, "--publisher", "P", "--issued", "2016-05").exit_code == 0
    result = run("export", "--format", "popolo", "--data", first, "-o", exported)
    assert result.exit_code == 0, result.output
    assert run("import", "popolo", exported, "--out", second).exit_code == 0
    assert isomorphic(Graph().parse(first), Graph().parse(second))


def test_plain_popolo_with_partial_dates_posts_and_sources(tmp_path):
    doc = {
        "persons": [{"id": "p1", "name": "Ada", "identifiers": [{"scheme": "wikidata", "identifier": "Q1"}],
                     "sources": [{"url": "https://example.org/ada", "note": "profile"}]},
                    {"id": "p2", "name": "Bo"}],
        "organizations": [{"id": "council", "name": "Example Council", "classification": "council"},
                          {"id": "cabinet", "name": "Cabinet", "classification": "executive",
                           "parent_id": "council"}],
        "posts": [{"id": "leader", "label": "Leader of the Council", "organization_id": "council", "role": "Leader"}],
        "memberships": [{"person_id": "p1", "organization_id": "council", "post_id": "leader", "role": "Leader",
                         "start_date": "2014", "end_date": "2016-05"},
                        {"person_id": "p2", "organization_id": "council", "post_id": "leader", "role": "Leader",
                         "start_date": "2016-05-09"}],
    }
    source = tmp_path / "plain.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "plain.ttl"
    import_popolo(source, out, publisher="Example", issued="2017")
    kg = orggraph.load([out])
    assert validate(kg).ok, validate(kg).summary()
    exported = popolo_document(kg)
    dates = sorted((m["person_id"], m.get("start_date"), m.get("end_date")) for m in exported["memberships"])
    assert dates == [("p1", "2014", "2016-05"), ("p2", "2016-05-09", None)]
    assert exported["persons"][0]["identifiers"] == [{"identifier": "Q1", "scheme": "wikidata"}]
    assert exported["persons"][0]["sources"] == [{"url": "https://example.org/ada"}]
    assert exported["organizations"][0]["parent_id"] == "council"


@pytest.mark.parametrize("content,message", [
    ('{"persons": [', "not JSON"),
    ('[1, 2]', "not a Popolo file"),
    ('{"persons": [{"name": "No Id"}]}', "persons[0] has no 'id'"),
    ('{"persons": [{"id": "a", "name": "A"}], "memberships": [{"person_id": "a", "organization_id": "o", '
     '"start_date": "2016-1-1"}]}', "memberships[0].start_date"),
])
def test_bad_popolo_is_one_clear_error_and_writes_nothing(tmp_path, content, message):
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = run("import", "popolo", source, "--out", out)
    assert result.exit_code == 1
    assert message in result.output and "bad.json" in result.output
    assert not out.exists()


def test_birmingham_exports_to_popolo_and_imports_back(tmp_path):
    exported, back = tmp_path / "birmingham.json", tmp_path / "birmingham.ttl"
    assert run("export", "--format", "popolo", "-o", exported).exit_code == 0
    doc = json.loads(exported.read_text(encoding="utf-8"))
    kg = orggraph.load()
    assert len(doc["memberships"]) == len(kg.facts.memberships)
    assert len(doc["persons"]) == len(kg.facts.people)
    assert run("import", "popolo", exported, "--out", back).exit_code == 0
    again = orggraph.load([back])
    assert {p.label for p in again.facts.people.values()} == {p.label for p in kg.facts.people.values()}
    assert sorted(str(m.interval) for m in again.facts.memberships) == sorted(
        str(m.interval) for m in kg.facts.memberships)
    # every body keeps its kind: orggraph's own kinds come back from "classification"
    assert {b.label: b.kind for b in again.facts.bodies.values()} == {b.label: b.kind for b in kg.facts.bodies.values()}


def test_values_of_the_wrong_type_are_an_error_not_a_traceback(tmp_path):
    source = tmp_path / "odd.json"
    source.write_text('{"persons": [{"id": "a", "name": "A", "other_names": 5}]}', encoding="utf-8")
    result = run("import", "popolo", source, "--out", tmp_path / "out.ttl")
    assert result.exit_code == 1 and "odd.json" in result.output
