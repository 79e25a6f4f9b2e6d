"""orggraph validate: the shapes, the integrity checks, and their messages.

Every file in tests/broken/ is the valid small council with one fault; each
must fail for exactly that reason, with a message naming the file and line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from broken_cases import BROKEN_FILES
from conftest import BROKEN, SMALL

import orggraph
from orggraph.validate import Problem, ValidationReport, validate


def test_every_broken_file_has_an_expectation_and_there_are_enough():
    on_disk = {p.name for p in BROKEN.iterdir() if p.is_file()}
    assert on_disk == set(BROKEN_FILES)
    assert len(on_disk) >= 15


@pytest.mark.parametrize("name", sorted(BROKEN_FILES))
def test_broken_file_fails_with_a_clear_message(run_cli, name):
    case = BROKEN_FILES[name]
    result = run_cli("validate", BROKEN / name)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    where = f"{name}:{case.line}" if case.line else name
    assert where in result.output
    for phrase in case.phrases:
        assert phrase in result.output
    if case.check is None:  # cannot be loaded: a single line on stderr
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    else:
        assert "invalid:" in result.stderr


@pytest.mark.parametrize("name", sorted(n for n, c in BROKEN_FILES.items() if c.check))
def test_broken_file_fails_for_exactly_its_reason(run_cli, name):
    case = BROKEN_FILES[name]
    result = run_cli("validate", "--format", "json", BROKEN / name)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [(p["check"], p["line"], p["severity"]) for p in report["problems"]] == [(case.check, case.line, "violation")]
    assert report["problems"][0]["file"].endswith(name)


def test_broken_file_through_a_real_process():
    # rdflib logs a traceback for ill-typed literals unless the loader mutes it.
    process = subprocess.run(
        [Path(sys.executable).with_name("orggraph"), "validate", str(BROKEN / "impossible_date.ttl")],
        capture_output=True, text=True, check=False,
    )
    assert process.returncode == 1, process.stderr
    assert process.stdout == ""
    assert "Traceback" not in process.stderr and "ValueError" not in process.stderr
    assert process.stderr.strip().endswith("impossible_date.ttl:54: impossible date '2016-02-30': February 2016 has 29 days")


def test_missing_file(run_cli, tmp_path):
    result = run_cli("validate", tmp_path / "nowhere.ttl")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nowhere.ttl'}: no such file or folder\n"


def test_empty_folder(run_cli, tmp_path):
    result = run_cli("validate", tmp_path)
    assert result.exit_code == 1
    assert f"Error: {tmp_path}: no RDF files" in result.stderr


def test_small_council_is_valid(run_cli, small_kg):
    report = validate(small_kg)
    assert report.ok and report.problems == []
    result = run_cli("validate", SMALL)
    assert result.exit_code == 0, result.output
    assert result.output == f"valid: {len(small_kg.graph)} triples, no problems\n"


def test_json_report_of_a_valid_graph(run_cli, small_kg):
    result = run_cli("validate", "--format", "json", "--data", SMALL)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "triples": len(small_kg.graph), "problems": []}


def test_shipped_data_validates(run_cli, kg):
    report = validate(kg)
    assert report.problems == [], "\n".join(map(str, report.problems))
    result = run_cli("validate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: ")


def _variant(tmp_path, source: str, old: str, new: str):
    text = (BROKEN / source if source != "small" else SMALL).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.ttl"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return orggraph.load([path])


def test_a_post_with_several_holders_may_be_held_at_once(tmp_path):
    kg = _variant(
        tmp_path, "two_holders_single_post.ttl",
        'skos:prefLabel "Chief Executive of Small Council" ;',
        'skos:prefLabel "Chief Executive of Small Council" ; og:singleHolder false ;',
    )
    assert validate(kg).ok


def test_holders_who_may_not_overlap_are_not_reported(tmp_path):
    # Ada's end and Ben's start are both known only to the month: not certainly the same day.
    text = (BROKEN / "two_holders_single_post.ttl").read_text(encoding="utf-8")
    text = text.replace('time:inXSDDate "2016-02-01"^^xsd:date', 'time:inXSDgYearMonth "2016-02"^^xsd:gYearMonth')
    text = text.replace(
        'time:hasBeginning [ a time:Instant ; time:inXSDDate "2015-12-01"^^xsd:date ] ] ;',
        'time:hasBeginning [ a time:Instant ; time:inXSDDate "2015-12-01"^^xsd:date ] ;'
        ' time:hasEnd [ a time:Instant ; time:inXSDgYearMonth "2016-02"^^xsd:gYearMonth ] ] ;',
    )
    (tmp_path / "months.ttl").write_text(text, encoding="utf-8")
    assert validate(orggraph.load([tmp_path / "months.ttl"])).ok
    # Ends are inclusive: handing over on the day the successor starts is a day held by both.
    kg = _variant(
        tmp_path, "two_holders_single_post.ttl",
        'time:hasBeginning [ a time:Instant ; time:inXSDDate "2015-12-01"^^xsd:date ] ] ;',
        'time:hasBeginning [ a time:Instant ; time:inXSDDate "2015-12-01"^^xsd:date ] ;'
        ' time:hasEnd [ a time:Instant ; time:inXSDDate "2016-02-01"^^xsd:date ] ] ;',
    )
    assert [p.check for p in validate(kg).problems] == ["two-holders-single-post"]


def test_a_self_report_is_a_cycle(tmp_path):
    kg = _variant(tmp_path, "small", "org:reportsTo <post/chief-executive> ;", "org:reportsTo <post/director-of-place> ;")
    problems = validate(kg).problems
    assert [p.message for p in problems] == ["reporting lines form a cycle: Director of Place → Director of Place"]


def test_problems_in_named_graphs_are_located(tmp_path):
    text = (BROKEN / "interval_backwards.ttl").read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    path = tmp_path / "interval_backwards.trig"
    path.write_text(f"{head}\n\n<graph/one> {{\n{body}\n}}\n", encoding="utf-8")
    [problem] = validate(orggraph.load([path])).problems
    assert problem.check == "interval-backwards"
    assert (problem.file, problem.line) == (str(path), BROKEN_FILES["interval_backwards.ttl"].line + 1)


def test_a_warning_is_listed_but_does_not_fail(run_cli, tmp_path):
    kg = _variant(tmp_path, "small", "    og:bodyKind og:directorate ;\n", "")
    report = validate(kg)
    assert report.ok
    assert [(p.severity, p.label) for p in report.problems] == [("warning", "Place Directorate")]
    result = run_cli("validate", tmp_path / "variant.ttl")
    assert result.exit_code == 0
    assert "og:bodyKind" in result.stdout
    assert result.stdout.endswith(f"valid: {len(kg.graph)} triples, 1 warning\n")


def test_an_unknown_kind_of_body_is_a_violation(tmp_path):
    kg = _variant(tmp_path, "small", "og:bodyKind og:directorate ;", "og:bodyKind og:directorship ;")
    [problem] = validate(kg).problems
    assert problem.severity == "violation"
    assert "og:bodyKind must be one kind from og:BodyKinds" in problem.message
    assert "ns#directorship" in problem.message


def test_problem_text_and_report_summary():
    problem = Problem("violation", "https://e.org/m", "m", "has no source", "membership-without-source",
                      file="data/x.ttl", line=3)
    assert str(problem) == "data/x.ttl:3: violation: m <https://e.org/m>: has no source"
    report = ValidationReport(10, [problem, problem])
    assert not report.ok
    assert report.summary() == "invalid: 10 triples, 2 violations"


def test_validate_is_part_of_the_public_api():
    # the README's Python API calls orggraph.validate(kg), beside orggraph.at, orggraph.why ...
    report = orggraph.validate(orggraph.load())
    assert isinstance(report, ValidationReport) and report.ok
    assert "validate" in orggraph.__all__


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_data_file_with_no_triples_is_a_warning_not_a_silent_pass(run_cli, tmp_path, store):
    (tmp_path / "empty.ttl").write_text("", encoding="utf-8")
    (tmp_path / "prefixes.ttl").write_text("@prefix org: <http://www.w3.org/ns/org#> .\n# nothing yet\n", encoding="utf-8")
    (tmp_path / "council.ttl").write_bytes(SMALL.read_bytes())
    (tmp_path / "named.jsonld").write_text(  # JSON-LD may put its data in a graph of its own: not looked at
        '{"@id": "http://example.org/g1", "@graph": [{"@id": "http://example.org/note", '
        '"http://www.w3.org/2000/01/rdf-schema#comment": "a note"}]}', encoding="utf-8")
    result = run_cli("validate", tmp_path, "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output  # a warning does not fail
    report = json.loads(result.stdout)
    warned = sorted((p["label"], p["check"], p["severity"], p["message"]) for p in report["problems"])
    assert warned == [(name, "empty-file", "warning", "holds no triples: is it the file you meant?")
                      for name in ("empty.ttl", "prefixes.ttl")]
    assert report["ok"] is True
