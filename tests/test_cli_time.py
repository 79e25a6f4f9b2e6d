"""The time-aware commands, run as a user runs them."""

import csv
import io
import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

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


@pytest.mark.parametrize("by_name, by_relative_iri", [
    (["holders", "Chief Executive, Birmingham City Council", "--at", "2016-02-15"],
     ["holders", "post/chief-executive", "--at", "2016-02-15"]),
    (["holders", "Strategic Director", "--in", "Corporate Leadership Team", "--at", "2016-02-15"],
     ["holders", "role/strategic-director", "--in", "org/corporate-leadership-team", "--at", "2016-02-15"]),
    (["members", "Corporate Leadership Team", "--at", "2016-02-15"],
     ["members", "org/corporate-leadership-team", "--at", "2016-02-15"]),
    (["reporting-line", "Piali DasGupta", "--at", "2016-02-15"],
     ["reporting-line", "person/piali-dasgupta", "--at", "2016-02-15"]),
    (["reports", "Mark Rogers", "--at", "2016-02-15"], ["reports", "<person/mark-rogers>", "--at", "2016-02-15"]),
    (["timeline", "Angela Probert"], ["timeline", "person/angela-probert"]),
    (["why", "Mark Rogers"], ["why", "person/mark-rogers"]),
    (["diff", "2015-10-01", "2016-02-15", "--in", "CLT"],
     ["diff", "2015-10-01", "2016-02-15", "--in", "org/corporate-leadership-team"]),
])
def test_an_iri_relative_to_the_data_base_names_what_a_label_names(by_name, by_relative_iri):
    expected = ok_json(*by_name)
    assert expected, "the example should find something"
    assert ok_json(*by_relative_iri) == expected


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
        (["reporting-line", "Piali DasGupta", "--at", "2010-01-01"],
         "'Piali DasGupta' is not in the organisation on 2010-01-01"),
        (["reports", "Piali DasGupta", "--at", "2010-01-01"], "'Piali DasGupta' is not in the organisation on 2010-01-01"),
        (["diff", "2015-10-01", "2016-02-30"], "impossible date '2016-02-30': February 2016 has 29 days"),
        (["holders", "Leader of the Council", "--at", "2016-2-15"], "2016-2-15"),
        (["members", "CLT", "--at", "10000-01-01"], "year out of range in '10000-01-01': write a year from 0001 to 9999"),
        (["members", "Corporate Leadership Tem"], "no body called 'Corporate Leadership Tem'; closest: Corporate Leadership Team"),
        (["reports", "Mark Rodgers"], "closest: Mark Rogers"),
        (["why", "Pialli Dasgupta"], "no person called 'Pialli Dasgupta'; closest: Piali DasGupta"),
        (["holders", "Strategic Director for", "--in", "CLT"], "'Strategic Director for' could mean"),
    ],
)
def test_errors_are_one_clear_line_and_non_zero_exit(args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output + result.stderr and result.stdout == ""


@pytest.mark.parametrize("args", [
    ["members", "CLT", "--at", "DAY"],
    ["holders", "Leader of the Council", "--at", "DAY"],
    ["reporting-line", "Piali DasGupta", "--at", "DAY"],
    ["reports", "Mark Rogers", "--at", "DAY"],
    ["diff", "DAY", "2016-02-15"],
    ["export", "--format", "organogram-csv", "--at", "DAY"],
    ["query", "holders", "--param", "role=post/chief-executive", "--param", "on=DAY"],
], ids=lambda args: args[0])
@pytest.mark.parametrize("value, message", [
    ("June 2016", "'June 2016' is not a date: write YYYY-MM-DD"),
    ("2016-06", "'2016-06' is not a full date: write YYYY-MM-DD"),
    ("2016", "'2016' is not a full date: write YYYY-MM-DD"),
])
def test_where_a_day_is_needed_a_bad_date_is_told_the_one_layout_accepted(args, value, message):
    # "June 2016" was told "write YYYY-MM-DD, YYYY-MM or YYYY", and then 2016-06 was refused
    result = run(*[arg.replace("DAY", value) for arg in args])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


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
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1 and result.stdout == ""


def test_depth_zero_is_a_usage_error():
    result = run("reports", "Mark Rogers", "--depth", "0")
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["reporting-line", "reports", "holders", "members", "timeline", "diff", "why"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "--format" in result.stdout and "--data" in result.stdout


# ---------------------------------------------------------------- readable tables

TABLE_COMMANDS = [
    ["why", "Mark Rogers"],
    ["diff", "2015-10-01", "2016-02-15", "--in", "Corporate Leadership Team"],
    ["reporting-line", "Piali DasGupta", "--at", "2016-02-15"],
    ["holders", "Leader of the Council", "--at", "2015-11-30"],
    ["members", "Independent Improvement Panel", "--at", "2015-06-01"],
    ["timeline", "Paul Dransfield"],
    ["reports", "Mark Rogers", "--at", "2016-02-15"],
]


def table(*args, columns=100):
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=lambda a: a[0])
def test_tables_fit_100_columns_and_show_no_iris(args):
    out = table(*args)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "https://" not in out and "w3id.org" not in out


def cells(out: str) -> list[list[str]]:
    """The rows of a table printed wide enough not to wrap: a cell's lines joined by newlines.

    A line whose first cell is empty continues the row above (the first column is never empty).
    """
    rows = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        parts = [p.strip() for p in line.strip("│").split("│")]
        if parts[0] or not rows:
            rows.append(parts)
        else:
            rows[-1] = [f"{old}\n{new}" if new else old for old, new in zip(rows[-1], parts)]
    return rows


def test_tables_cite_sources_by_title_publisher_and_date():
    crabtree = cells(table("why", "John Crabtree", columns=250))
    assert crabtree == [
        ["John Crabtree: Chair in Birmingham Hippodrome, dates not recorded",
         "Rogers on Kerslake (The Chamberlain Files, 2015-01-27)"],
        ["John Crabtree: Chair, Birmingham Independent Improvement Panel (Chair of the panel), from 2014-12",
         "Rogers on Kerslake (The Chamberlain Files, 2015-01-27)\n"
         "The Panel's assessment of Birmingham City Council's Progress… (Birmingham Independent Improvement Panel, 2016-01-11)\n"
         "Mugshots & Musings (Birmingham City Council, 2016-03)"],
    ]
    members = cells(table("members", "Independent Improvement Panel", "--at", "2015-06-01", columns=250))
    assert [row[:3] for row in members] == [
        ["Frances Done", "Panel member", "from 2014-12"],
        ["John Crabtree", "Chair, Birmingham Independent Improvement Panel (Chair of the panel)", "from 2014-12"],
        ["Keith Wakefield", "Panel member", "from 2014-12"],
        ["Steve Robinson", "Panel member", "from 2014-12"],
    ]
    assert members[0][3] == "Rogers on Kerslake (The Chamberlain Files, 2015-01-27)\nMugshots & Musings (Birmingham City Council, 2016-03)"
    clt = cells(table("members", "CLT", "--at", "2016-02-15", columns=250))
    assert ["Waheed Nazir", "Strategic Director for Economy, acting", "from 2016-01",
            "Changes to our leadership team (Birmingham City Council, 2016-01)"] in clt
    diff = cells(table("diff", "2015-10-01", "2016-02-15", "--in", "CLT", columns=400))
    leadership = "Changes to our leadership team (Birmingham City Council, 2016-01)"
    assert ["changed role", "Paul Dransfield", "Deputy Chief Executive → Strategic Director for Major Economic Programmes",
            "2016-01", leadership] in diff
    assert ["joined", "Waheed Nazir", "as Strategic Director for Economy", "2016-01", leadership] in diff
    assert ["abolished", "Deputy Chief Executive (post)", "", "2016-01", leadership] in diff
    assert ["line added", "Strategic Director for Finance and Legal Services (post)",
            "now reports to Chief Executive, Birmingham City Council", "", leadership] in diff
    assert ["line removed", "Deputy Chief Executive (post)",
            "no longer reports to Chief Executive, Birmingham City Council", "", leadership] in diff
    assert len(diff) == 19
    assert cells(table("holders", "Leader of the Council", "--at", "2015-11-30", columns=250)) == [
        ["Keith Wakefield", "Leader of the Council", "Leeds City Council", "not recorded",
         "Rogers on Kerslake (The Chamberlain Files, 2015-01-27)"]]
    assert "(nothing)" in table("holders", "Leader of the Council", "--in", "Birmingham City Council", "--at", "2015-11-30")
    assert cells(table("reporting-line", "Piali DasGupta", "--at", "2016-02-15")) == [
        ["1", "Assistant Chief Executive", "Piali DasGupta"], ["2", "Chief Executive, Birmingham City Council", "Mark Rogers"]]


def test_reports_table_names_post_holder_and_boss():
    rows = cells(table("reports", "Mark Rogers", "--at", "2016-02-15", columns=250))
    assert ["1", "Strategic Director for Major Economic Programmes", "Paul Dransfield", "Chief Executive, Birmingham City Council"] in rows
    assert len(rows) == 7


def test_json_keeps_iris_and_adds_citations():
    [row] = ok_json("holders", "Leader of the Council", "--in", "Birmingham City Council", "--at", "2016-01-15")
    assert row["person"] == B + "person/john-clancy" and row["person_label"] == "John Clancy"
    assert len(row["citations"]) == len(row["sources"]) == 3
    assert row["sources"][0].startswith(B + "source/")
    assert "The Panel's assessment of Birmingham City Council's Progress Towards Improvement" in " ".join(row["citations"])
    events = ok_json("timeline", "Paul Dransfield")
    assert all(e["citations"] and e["sources"] for e in events)


def test_labels_are_shown_as_text_not_read_as_markup(tmp_path):
    path = tmp_path / "markup.ttl"
    path.write_text(
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix og: <https://w3id.org/orggraph/ns#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> . @prefix time: <http://www.w3.org/2006/time#> .\n"
        "<https://example.org/p> a foaf:Person ; foaf:name \"[bold]Sam[/bold] Smith\" .\n"
        "<https://example.org/b> a org:Organization ; skos:prefLabel \"Board [/red]\" ; og:bodyKind og:council .\n"
        "<https://example.org/r> a org:Role ; skos:prefLabel \"Chair [interim]\" .\n"
        "<https://example.org/m> a org:Membership ; org:member <https://example.org/p> ; "
        "org:organization <https://example.org/b> ; org:role <https://example.org/r> ; "
        "org:memberDuring [ a time:Interval ] ; prov:wasDerivedFrom <https://example.org/s> .\n"
    )
    out = table("members", "Board [/red]", "--at", "2016-01-01", "--data", str(path), columns=250)
    assert "Members of Board [/red] on 2016-01-01" in out
    assert cells(out) == [["[bold]Sam[/bold] Smith", "Chair [interim]", "not recorded", "https://example.org/s"]]


def test_reporting_line_with_two_lines_shows_each_chain(tmp_path):
    import orggraph
    from orggraph.generate import write

    path = tmp_path / "generated.nt"
    write(200, path, seed=7)
    G = orggraph.at(orggraph.load([path]), "2015-06-01")
    person, chains = next((n, c) for n, kind in sorted(G.nodes(data="kind")) if kind == "person"
                          for c in [orggraph.reporting_line(G, n)] if len(c) > 1)
    args = ["reporting-line", person, "--at", "2015-06-01", "--data", str(path)]
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [(r["chain"], r["step"], r["label"]) for r in rows] == [
        (str(number), str(step), s.label) for number, chain in enumerate(chains, 1) for step, s in enumerate(chain, 1)]
    out = table(*args, columns=250)
    assert "┃ chain ┃ step ┃" in out
    assert [row[:3] for row in cells(out)] == [[r["chain"], r["step"], r["label"]] for r in rows]


@pytest.mark.parametrize("command", [
    ["members", "Corporate Leadership Team"],
    ["holders", "Strategic Director"],
    ["reporting-line", "Piali DasGupta"],
    ["reports", "Mark Rogers"],
])
def test_without_at_the_day_is_the_latest_change_not_today(command):
    # Open-ended holdings would count as held today; the data's last change (March 2016) is the honest default.
    default = run(*command, "--format", "json")
    latest = run(*command, "--format", "json", "--at", "2016-03-31")
    assert default.exit_code == 0, default.output
    assert json.loads(default.output) == json.loads(latest.output) != []
    assert "on 2016-03-31" in run(*command).output


@pytest.mark.parametrize("command", [("members", "Corporate Leadership Team"), ("holders", "Chief Executive"),
                                     ("reporting-line", "Corporate Leadership Team"), ("export", "--format", "mermaid")])
def test_a_day_outside_the_data_gets_a_note_after_the_answer(run_cli, command):
    before = run_cli(*command, "--at", "1990-01-01")
    assert before.exit_code == 0, before.output
    assert before.stderr == ("Note: 1990-01-01 is before the first dated fact in the data (2014-12): whatever has no "
                             "beginning date is counted as held then too, though no source says so.\n")
    after = run_cli(*command, "--at", "2030-01-01")
    assert after.exit_code == 0 and after.stderr.startswith("Note: 2030-01-01 is after the last dated fact in the data (2016-03)")
    within = run_cli(*command, "--at", "2016-02-15")
    assert within.exit_code == 0 and within.stderr == ""


def test_the_last_date_is_the_one_that_ends_last_not_the_one_that_begins_last(run_cli, tmp_path):
    # "2017" begins before the restructure of "2017-06" but ends after it: 2017-09-01 lies within the data
    data = tmp_path / "later-year.ttl"
    data.write_text((FIXTURES / "partial-dates.ttl").read_text(encoding="utf-8").replace(
        'time:inXSDgYear "2015"^^xsd:gYear', 'time:inXSDgYear "2017"^^xsd:gYear'), encoding="utf-8")
    within = run_cli("members", "Example Council", "--at", "2017-09-01", "--data", data)
    assert within.exit_code == 0 and "after the last dated fact" not in within.stderr, within.output
    after = run_cli("members", "Example Council", "--at", "2018-01-01", "--data", data)
    assert after.exit_code == 0 and after.stderr.startswith("Note: 2018-01-01 is after the last dated fact in the data (2017):")


def test_holdings_a_month_leaves_open_are_named_after_the_answer(run_cli):
    # on 2016-01-15 the January 2016 changes may or may not have taken effect: counted neither way, but said
    result = run_cli("members", "Corporate Leadership Team", "--at", "2016-01-15", "--format", "csv")
    assert result.exit_code == 0
    assert sorted(r["person_label"] for r in csv.DictReader(io.StringIO(result.stdout))) == [
        "Jacqui Kennedy", "Mark Rogers", "Peter Hay"]
    assert result.stderr.startswith(
        "Note: 6 more may have held on 2016-01-15, but their dates, known only to the month or year, leave it open: "
        "Angela Probert (Strategic Director for Integrated Support Services and Change, from 2016-01); ")
    assert result.stderr.endswith("; and 2 more.\n") and "Paul Dransfield (Deputy Chief Executive, until 2016-01)" in result.stderr
    holders = run_cli("holders", "Strategic Director", "--at", "2016-01-15")
    assert holders.stderr.startswith("Note: 4 more may have held on 2016-01-15") and "Waheed Nazir" in holders.stderr
    # Jon Warlow holds the Section 151 role by a membership of his own, so his new post is no news
    assert run_cli("holders", "Section 151 Officer", "--at", "2016-01-15").stderr == ""
    for day in ("2015-12-31", "2016-02-15"):  # before and after January: certain either way
        assert run_cli("members", "Corporate Leadership Team", "--at", day).stderr == ""
