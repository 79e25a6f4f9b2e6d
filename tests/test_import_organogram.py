"""Organogram import: real data.gov.uk files, their mess, merging snapshots, the CLI.

Expected counts are read from the CSV files here with the csv module, never
taken from the importer.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, XSD

import orggraph
from orggraph.cli import main
from orggraph.importers.organogram import import_organogram
from orggraph.timeslice import at, diff, members, reporting_line
from orggraph.validate import validate
from orggraph.vocab import OG

FIXTURES = Path(__file__).parent / "fixtures" / "organogram"
REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
WITHHELD = {"", "n/d"}
VACANT = {"vacant", "eliminated"}

SNAPSHOTS = {
    "ago": [("2011-03-31", "ago-2011-03-31-senior.csv", "ago-2011-03-31-junior.csv"),
            ("2011-09-30", "ago-2011-09-30-senior.csv", "ago-2011-09-30-junior.csv"),
            ("2013-12-31", "ago-2013-dec-senior.tsocsv.csv", "ago-2013-dec-junior.tsocsv.csv")],
    "hta": [("2011-03-31", "hta-2011-03-31-senior.csv", "hta-2011-03-31-junior.csv"),
            ("2011-09-30", "hta-2011-09-30-senior.csv", "hta-2011-09-30-junior.csv"),
            ("2012-09-30", "hta-2012-09-30-senior.csv", "hta-2012-09-30-junior.csv")],
}
ALL_FILES = [(org, *snap) for org, snaps in SNAPSHOTS.items() for snap in snaps]


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell.replace(",", ""))
    except ArithmeticError:
        return False
    return True


def senior_expectations(path: Path) -> dict:
    """Posts, people, vacancies, withheld names and reporting edges, counted from the CSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    refs = {r["Post Unique Reference"] for r in rows}
    names = [r["Name"].strip().strip("'").lower() for r in rows]
    return {
        "posts": len(refs),
        "people": len({n for n in names if n not in WITHHELD | VACANT}),
        "vacant": sum(n in VACANT for n in names),
        "withheld": sum(n in WITHHELD for n in names),
        "edges": sum(r["Reports to Senior Post"] in refs for r in rows),
        "unpaid": len({r["Post Unique Reference"] for r in rows
                       if not any(_is_number(r[c]) for c in ("Actual Pay Floor (£)", "Actual Pay Ceiling (£)"))}),
        "holders": {r["Post Unique Reference"]: r["Name"] for r in rows if r["Name"].lower() not in WITHHELD | VACANT},
    }


def junior_expectations(path: Path) -> tuple[int, Decimal]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    keys = {(r["Reporting Senior Post"], r["Grade"], r["Generic Job Title"]) for r in rows}
    return len(keys), sum(Decimal(r["Number of Posts in FTE"]) for r in rows)


def graph_of(path) -> Graph:
    g = Graph()
    g.parse(path)
    return g


def senior_posts(g: Graph) -> set:
    return {p for p in g.subjects(RDF.type, ORG.Post) if "/junior/" not in str(p)}


@pytest.mark.parametrize("org,date,senior,junior", ALL_FILES)
def test_each_real_file_imports_with_the_counts_of_the_csv(tmp_path, org, date, senior, junior):
    expected = senior_expectations(FIXTURES / senior)
    out = tmp_path / "out.ttl"
    summary = import_organogram(FIXTURES / senior, FIXTURES / junior, date=date, out=out)
    g = graph_of(out)
    posts = senior_posts(g)
    assert len(posts) == expected["posts"] == summary.counts["senior posts"]
    assert summary.counts["posts without a published pay band"] == expected["unpaid"]
    assert len(set(g.subjects(RDF.type, FOAF.Person))) == expected["people"] == summary.counts["people"]
    assert len(set(g.subjects(RDF.type, ORG.Membership))) == expected["people"]
    assert len(list(g.subjects(OG.vacantOn, None))) == expected["vacant"]
    assert len(list(g.subjects(OG.holderWithheldOn, None))) == expected["withheld"]
    assert len([(s, o) for s, o in g.subject_objects(ORG.reportsTo) if s in posts]) == expected["edges"]
    # every named holder holds the post with that reference
    for ref, name in expected["holders"].items():
        q = """SELECT ?name WHERE { ?m og:post ?post ; org:member ?p . ?p foaf:name ?name }"""
        post = next(p for p in posts if str(p).endswith(f"/post/{ref}"))
        names = {str(r.name) for r in g.query(q, initBindings={"post": post},
                                                initNs={"og": OG._NS, "org": ORG, "foaf": FOAF})}
        assert names == {name.strip()}
    junior_posts, fte = junior_expectations(FIXTURES / junior)
    counted = [p for p in g.subjects(RDF.type, ORG.Post) if "/junior/" in str(p)]
    assert len(counted) == junior_posts
    assert sum(Decimal(str(g.value(p, OG.fte))) for p in counted) == fte
    assert all(g.value(p, OG.singleHolder) == Literal(False) for p in counted)


def test_ago_2011_03_blank_names_are_withheld_not_people(tmp_path):
    out = tmp_path / "ago.ttl"
    summary = import_organogram(FIXTURES / "ago-2011-03-31-senior.csv", date="2011-03-31", out=out)
    g = graph_of(out)
    assert {str(n) for n in g.objects(None, FOAF.name)} == {"Peter Fish", "Sue Patten"}
    assert "blank name: holder treated as not disclosed" in summary.repairs


def test_messy_2013_upload_floats_index_column_and_grade_header(tmp_path):
    out = tmp_path / "ago.ttl"
    summary = import_organogram(FIXTURES / "ago-2013-dec-senior.tsocsv.csv", date="2013-12-31", out=out)
    g = graph_of(out)
    post = URIRef("https://w3id.org/orggraph/id/organogram/attorney-generals-office/post/AGO1")
    assert g.value(post, OG.grade) == Literal("SCS3")
    assert g.value(post, OG.payFloor) == Literal("130000", datatype=XSD.decimal)
    ago3 = URIRef(str(post)[:-1] + "3")
    assert g.value(ago3, OG.fte) == Literal("0.8", datatype=XSD.decimal)
    assert "unnamed index column ignored" in summary.repairs


def _rewrite(source: Path, target: Path, encoding="utf-8", edit=None, header_edit=None):
    with open(source, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if header_edit:
        rows[0] = [header_edit(h) for h in rows[0]]
    if edit:
        rows = [rows[0]] + edit(rows[1:])
    with open(target, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def test_the_real_mess_is_handled_deliberately(tmp_path):
    """xx top post, 'N/D' in quotes, Vacant, a misspelt Eliminated, a job share, '0' as reports-to, cp1252 £."""

    def edit(rows):
        by_ref = {r[0]: r for r in rows}
        by_ref["1"][8] = "xx"           # top post written in lower case
        by_ref["2"][1] = "'N/D'"        # withheld, quoted
        by_ref["3"][1] = "Vacant"
        by_ref["4"][1] = "Elimated"     # misspelt
        share = list(by_ref["5"])
        share[1] = "Jo Share"
        return rows + [share]

    senior = _rewrite(FIXTURES / "hta-2011-03-31-senior.csv", tmp_path / "hta-senior.csv", "cp1252", edit)
    out = tmp_path / "hta.ttl"
    result = CliRunner().invoke(main, ["import", "organogram", str(senior), "--date", "2011-03-31", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "not UTF-8: read as Windows-1252" in result.output
    assert "misspelt 'Eliminated'" in result.output
    assert "job share" in result.output
    assert "top post marker 'xx' read as 'XX'" in result.output
    g = graph_of(out)
    base = "https://w3id.org/orggraph/id/organogram/human-tissue-authority/"
    assert g.value(URIRef(base + "post/1"), ORG.reportsTo) is None
    assert (URIRef(base + "post/2"), OG.holderWithheldOn, Literal("2011-03-31", datatype=XSD.date)) in g
    assert len(list(g.objects(URIRef(base + "post/3"), OG.vacantOn))) == 1
    assert len(list(g.objects(URIRef(base + "post/4"), OG.vacantOn))) == 1
    names = {str(n) for n in g.objects(None, FOAF.name)}
    assert names == {"Craig Muir", "Alan Clamp", "Jo Share"}
    assert g.value(URIRef(base + "post/5"), OG.singleHolder) == Literal(False)
    holders = set(g.subjects(OG.post, URIRef(base + "post/5")))
    assert len(holders) == 2
    kg = orggraph.load([out])
    assert validate(kg).ok, validate(kg).summary()


def test_bom_mojibake_and_zero_reports_to(tmp_path):
    def edit(rows):
        for r in rows:
            if r[8] == "XX":
                r[8] = "0"
            r[11] = "Â£" + r[11]
        return rows

    senior = _rewrite(FIXTURES / "hta-2011-09-30-senior.csv", tmp_path / "s.csv", "utf-8-sig", edit,
                      header_edit=lambda h: h.replace("£", "Â£"))
    out = tmp_path / "hta.ttl"
    summary = import_organogram(senior, date="2011-09-30", out=out)
    assert "byte-order mark removed" in summary.repairs
    assert "broken encoding of '£' repaired" in summary.repairs
    assert "'0' in Reports to Senior Post read as the top post" in summary.repairs
    g = graph_of(out)
    post = URIRef("https://w3id.org/orggraph/id/organogram/human-tissue-authority/post/1")
    assert g.value(post, OG.payFloor) == Literal("110000", datatype=XSD.decimal)
    assert g.value(post, ORG.reportsTo) is None


def _titles(path: Path) -> dict:
    """Post Unique Reference -> Job Title, read from the CSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {r["Post Unique Reference"]: r["Job Title"] for r in csv.DictReader(handle)}


def _reporting_to(changes: dict):
    """An edit for :func:`_rewrite` setting 'Reports to Senior Post' (column 8) of the posts in ``changes``."""

    def edit(rows):
        for r in rows:
            r[8] = changes.get(r[0], r[8])
        return rows

    return edit


def test_a_reporting_cycle_is_refused_naming_its_posts_and_nothing_is_written(tmp_path, run_cli):
    """Post 1 (the top post) made to report to post 4, which reports to post 1."""
    source = FIXTURES / "hta-2012-09-30-senior.csv"
    senior = _rewrite(source, tmp_path / "cycle.csv", edit=_reporting_to({"1": "4"}))
    titles = _titles(source)
    out = tmp_path / "out"
    result = run_cli("import", "organogram", senior, "--date", "2012-09-30", "--out", f"{out}/")
    assert result.exit_code == 1, result.output
    assert "cycle.csv" in result.output and "cycle" in result.output
    assert f"\u201c{titles['1']}\u201d (post 1, line " in result.output
    assert f"\u201c{titles['4']}\u201d (post 4, line " in result.output
    assert f"\u201c{titles['5']}\u201d" not in result.output  # post 5 reports into the cycle, is not in it
    assert "Traceback" not in result.output and "Wrote" not in result.output
    assert not out.exists()


def test_a_reporting_cycle_is_refused_when_merging_too_and_the_output_is_kept(tmp_path, run_cli):
    import_organogram(FIXTURES / "hta-2011-09-30-senior.csv", date="2011-09-30", out=tmp_path)
    (path,) = tmp_path.glob("*.ttl")
    before = path.read_bytes()
    senior = _rewrite(FIXTURES / "hta-2012-09-30-senior.csv", tmp_path / "cycle.csv",
                      edit=_reporting_to({"1": "5", "5": "2", "2": "1"}))
    result = run_cli("import", "organogram", senior, "--date", "2012-09-30", "--out", tmp_path)
    assert result.exit_code == 1
    # the three posts of the cycle, in reporting order, back to where it began
    steps = [line.split(" (post ")[1].split(",")[0].split(")")[0] for line in result.output.split(" \u2192 ")]
    assert steps == ["1", "5", "2", "1"]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["cycle.csv", path.name])


def test_a_post_that_becomes_the_top_post_loses_its_old_reporting_line(tmp_path, run_cli):
    """Each snapshot alone has no cycle; keeping the older line of a post that now reports to no one would make one."""
    source = FIXTURES / "hta-2012-09-30-senior.csv"
    later = _rewrite(source, tmp_path / "later.csv", edit=_reporting_to({"1": "4", "4": "XX", "2": "4", "3": "4", "5": "4"}))
    base = "https://w3id.org/orggraph/id/organogram/human-tissue-authority/post/"
    for order in ([(source, "2012-09-30"), (later, "2013-03-31")], [(later, "2013-03-31"), (source, "2012-09-30")]):
        out = tmp_path / f"{order[0][1]}-first.ttl"
        for senior, date in order:
            assert run_cli("import", "organogram", senior, "--date", date, "--out", out).exit_code == 0
        g = graph_of(out)
        assert g.value(URIRef(base + "4"), ORG.reportsTo) is None
        assert g.value(URIRef(base + "1"), ORG.reportsTo) == URIRef(base + "4")
        result = run_cli("validate", out)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("cell,stored,message", [
    ("<script>alert(1)</script> \"O'Hara\"", "<script>alert(1)</script> \"O'Hara\"", None),
    ("\"Siobhan O'Hara\"", "Siobhan O'Hara", "quotes removed from name \u201c\"Siobhan O'Hara\"\u201d"),
    ("'\"Jo Bloggs\"'", "Jo Bloggs", "quotes removed from name \u201c'\"Jo Bloggs\"'\u201d"),
    ("Shaun 'Shaz' Griffin'", "Shaun 'Shaz' Griffin'", None),
])
def test_only_quotes_around_the_whole_name_are_removed(tmp_path, run_cli, cell, stored, message):
    def edit(rows):
        rows[0][1] = cell
        return rows

    senior = _rewrite(FIXTURES / "hta-2012-09-30-senior.csv", tmp_path / "names.csv", edit=edit)
    out = tmp_path / "out.ttl"
    result = run_cli("import", "organogram", senior, "--date", "2012-09-30", "--out", out)
    assert result.exit_code == 0, result.output
    assert stored in {str(n) for n in graph_of(out).objects(None, FOAF.name)}
    quote_lines = [line for line in result.output.splitlines() if "quotes removed" in line]
    if message is None:
        assert quote_lines == []
    else:
        (line,) = quote_lines
        assert message in line and "\\" not in line


def test_not_an_organogram_is_a_clear_error_and_writes_nothing(tmp_path):
    other = tmp_path / "councillors.csv"
    other.write_text("name,start_date,council\nJanet Drummond,,Break O'Day Council\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["import", "organogram", str(other), "--date", "2011-03-31", "--out", str(out)])
    assert result.exit_code == 1
    assert "councillors.csv" in result.output and "missing columns" in result.output
    assert "'Post Unique Reference'" in result.output and "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [other]


def test_junior_file_given_as_senior_says_so(tmp_path):
    result = CliRunner().invoke(main, ["import", "organogram", str(FIXTURES / "hta-2011-03-31-junior.csv"),
                                       "--date", "2011-03-31", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "looks like a junior-staff file" in result.output


def import_series(org: str, out: Path) -> Path:
    for date, senior, junior in SNAPSHOTS[org]:
        import_organogram(FIXTURES / senior, FIXTURES / junior, date=date, out=out)
    return out


def test_snapshots_merge_into_one_time_aware_graph(tmp_path):
    import_series("hta", tmp_path)
    (path,) = tmp_path.iterdir()
    kg = orggraph.load([path])
    report = validate(kg)
    assert report.ok, report.summary()
    intervals = sorted((m.post.rsplit("/", 1)[1], kg.facts.label(m.member), str(m.interval))
                       for m in kg.facts.memberships)
    # read from the CSVs: who is in which post at each date
    seen = {}
    for date, senior, _ in SNAPSHOTS["hta"]:
        for ref, name in senior_expectations(FIXTURES / senior)["holders"].items():
            seen.setdefault((ref, name.replace("-", " ")), []).append(date)
    dates = [d for d, _, _ in SNAPSHOTS["hta"]]
    expected = []
    for (ref, name), when in seen.items():
        runs = []
        for d in when:
            if runs and dates.index(d) == dates.index(runs[-1][-1]) + 1:
                runs[-1].append(d)
            else:
                runs.append([d])
        expected += [(ref, name, f"{run[0]} – {run[-1]}") for run in runs]
    # "Allan Marriott Smith" (2011) and "Allan Marriott-Smith" (2012) are one person, named as lately spelt
    assert [(r, n.replace("-", " "), i) for r, n, i in intervals] == sorted(expected)
    assert len(kg.facts.people) == len({n for _, n in seen})

    changes = diff(kg, "2011-09-30", "2012-09-30")
    by_kind = {(c.change, c.label) for c in changes if c.kind == "person"}
    assert by_kind == {("left", "Craig Muir"), ("joined", "Sarah Bedwell"), ("changed_role", "Alan Clamp")}
    assert [h.person_label for h in members(kg, "Human Tissue Authority", "2012-09-30")] == [
        "Alan Clamp", "Allan Marriott-Smith", "Sarah Bedwell", "Shaun Griffin", "Sue Gallone"]
    (line,) = reporting_line(at(kg, "2012-09-30"), "Sarah Bedwell")
    assert [step.label for step in line] == ["Director of Regulation", "Chief Executive"]
    assert line[1].holders[0]["label"] == "Alan Clamp"


def test_ago_series_through_the_cli(tmp_path):
    runner = CliRunner()
    for date, senior, junior in SNAPSHOTS["ago"]:
        result = runner.invoke(main, ["import", "organogram", str(FIXTURES / senior), str(FIXTURES / junior),
                                      "--date", date, "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    assert "merged with earlier snapshots: 2011-03-31, 2011-09-30" in result.output
    result = runner.invoke(main, ["diff", "2011-09-30", "2013-12-31", "--data", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    assert {(r["change"], r["label"]) for r in rows if r["kind"] == "person"} == {
        ("left", "Peter Fish"), ("joined", "Rowena Collins-Rice")}
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # the same snapshot twice is refused, and the output is left as it was
    before = next(tmp_path.iterdir()).read_bytes()
    result = runner.invoke(main, ["import", "organogram", str(FIXTURES / "ago-2011-09-30-senior.csv"),
                                  "--date", "2011-09-30", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "already holds the 2011-09-30 snapshot" in result.output
    assert next(tmp_path.iterdir()).read_bytes() == before


def test_a_snapshot_imported_out_of_order_splits_and_joins_runs(tmp_path):
    """Importing 2011-09-30 last must give the same memberships as importing in date order."""
    in_order, shuffled = tmp_path / "a.ttl", tmp_path / "b.ttl"
    import_series("hta", in_order)
    for index in (0, 2, 1):
        date, senior, junior = SNAPSHOTS["hta"][index]
        import_organogram(FIXTURES / senior, FIXTURES / junior, date=date, out=shuffled)
    facts_a, facts_b = (orggraph.load([p]).facts for p in (in_order, shuffled))
    assert sorted((m.iri, str(m.interval)) for m in facts_a.memberships) == sorted(
        (m.iri, str(m.interval)) for m in facts_b.memberships)


def test_the_summary_says_which_merged_snapshots_are_earlier_and_which_later(tmp_path):
    """Imported 2012, then 2011-03, then 2011-09: each summary names the others on the right side."""
    runner = CliRunner()
    outputs = []
    for index in (2, 0, 1):
        date, senior, junior = SNAPSHOTS["hta"][index]
        result = runner.invoke(main, ["import", "organogram", str(FIXTURES / senior), str(FIXTURES / junior),
                                      "--date", date, "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
        outputs.append([line.strip() for line in result.output.splitlines() if "merged with" in line])
    assert outputs == [
        [],
        ["merged with later snapshots: 2012-09-30"],
        ["merged with earlier snapshots: 2011-03-31", "merged with later snapshots: 2012-09-30"],
    ]


@pytest.mark.slow
@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not beside the checkout")
def test_the_unedited_published_files_import_too(tmp_path):
    for org, date, senior, junior in ALL_FILES:
        folder = REALDATA / f"uk-organogram-{org}"
        result = subprocess.run(
            [str(Path(sys.executable).parent / "orggraph"), "import", "organogram", str(folder / senior), str(folder / junior),
             "--date", date, "--out", str(tmp_path)], capture_output=True, text=True)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "attorney-generals-office-organogram.ttl", "human-tissue-authority-organogram.ttl"]


@pytest.mark.slow
def test_a_100000_row_organogram_imports(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "organogram_import", Path(__file__).parents[1] / "benchmarks" / "organogram_import.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    senior = tmp_path / "big.csv"
    bench.write_organogram(senior, 100_000)
    summary = import_organogram(senior, date="2020-03-31", out=tmp_path / "big.nt")
    assert summary.counts["senior posts"] == 100_000
    assert summary.counts["reporting lines"] == 99_999
