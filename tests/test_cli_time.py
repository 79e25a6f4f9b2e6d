"""The time-aware commands, run as a user runs them."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from orggraph.cli import main

B = "https://w3id.org/orggraph/id/birmingham/"


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def ok_json(*args):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_members_of_the_clt_as_json():
    rows = ok_json("members", "CLT", "--at", "2016-02-15")
    assert sorted({r["person_label"] for r in rows}) == [
        "Angela Probert", "Jacqui Kennedy", "Jon Warlow", "Mark Rogers",
        "Paul Dransfield", "Peter Hay", "Piali DasGupta", "Waheed Nazir",
    ]
    assert all(r["person"].startswith(B + "person/") and r["sources"] for r in rows)


def test_holders_with_in_before_and_after_1_december_2015():
    after = ok_json("holders", "Leader of the Council", "--in", "Birmingham City Council", "--at", "2016-01-15")
    assert [(r["person_label"], r["begin"]) for r in after] == [("John Clancy", "2015-12-01")]
    assert ok_json("holders", "Leader of the Council", "--in", "Birmingham City Council", "--at", "2015-11-30") == []


def test_reporting_line_table_shows_each_post_and_holder():
    result = run("reporting-line", "Piali DasGupta", "--at", "2016-02-15")
    assert result.exit_code == 0
    assert "Assistant Chief Executive" in result.stdout and "Mark Rogers" in result.stdout
    assert result.stdout.index("Piali DasGupta │") < result.stdout.index("Mark Rogers")


def test_reporting_line_csv_has_chain_and_step():
    result = run("reporting-line", "Cllr John Crabtree", "--at", "2016-02-15", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["chain"], r["step"], r["holders"]) for r in rows] == [("1", "1", "John Crabtree"), ("1", "2", "Greg Clark")]


def test_reports_depth_one():
    rows = ok_json("reports", "Mark Rogers", "--depth", "1", "--at", "2016-02-15")
    assert rows and {r["depth"] for r in rows} == {1}
    assert "Piali DasGupta" in {h for r in rows for h in r["holders"]}


def test_diff_of_the_clt():
    rows = ok_json("diff", "2015-10-01", "2016-02-15", "--in", "Corporate Leadership Team")
    assert {"kind": "post", "label": "Deputy Chief Executive"}.items() <= next(
        r for r in rows if r["change"] == "abolished" and r["kind"] == "post" and r["label"] == "Deputy Chief Executive").items()
    [paul] = [r for r in rows if r["label"] == "Paul Dransfield"]
    assert (paul["change"], paul["before_roles"], paul["after_roles"]) == ("changed_role", ["Deputy Chief Executive"], ["Strategic Director"])


def test_timeline_and_why():
    events = ok_json("timeline", "Paul Dransfield")
    assert [(e["date"], e["precision"], e["event"]) for e in events][-2:] == [("2016-01", "month", "ended"), ("2016-01", "month", "began")]
    evidence = ok_json("why", "John Clancy", "Leader of the Council")
    assert evidence and all(e["title"] and e["publisher"] and e["issued"] for e in evidence)


@pytest.mark.parametrize(
    "args, message",
    [
        (["members", "CLT", "--at", "2016-02-30"], "impossible date '2016-02-30': February 2016 has 29 days"),
        (["diff", "2016-02-15", "2015-10-01"], "the date range is backwards: 2016-02-15 is after 2015-10-01"),
        (["timeline", "Mark Rodgers"], "closest: Mark Rogers"),
        (["why", "John Clancy", "Bishop"], "held no role or post called 'Bishop'"),
        (["holders", "Leader of the Council", "--in", "Nowhere Council"], "no body called 'Nowhere Council'"),
        (["reporting-line", "Piali DasGupta", "--at", "2010-01-01"], "is not in the organisation on 2010-01-01"),
    ],
)
def test_errors_are_one_clear_line_and_non_zero_exit(args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output + result.stderr and result.stdout == ""


def test_ambiguous_name_lists_both(tmp_path):
    path = tmp_path / "twins.ttl"
    path.write_text(
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "<https://example.org/p/1> a foaf:Person ; foaf:name \"Sam Smith\" .\n"
        "<https://example.org/p/2> a foaf:Person ; foaf:name \"Sam Smith\" .\n"
    )
    result = run("timeline", "Sam Smith", "--data", str(path))
    assert result.exit_code == 1
    assert "could mean 2 things" in result.stderr and "<https://example.org/p/1>" in result.stderr


def test_depth_zero_is_a_usage_error():
    result = run("reports", "Mark Rogers", "--depth", "0")
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["reporting-line", "reports", "holders", "members", "timeline", "diff", "why"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "--format" in result.stdout and "--data" in result.stdout
