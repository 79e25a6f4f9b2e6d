"""organogram-csv export: the published column layout, from imported organograms and from Birmingham."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

import orggraph
from orggraph.cli import main
from orggraph.importers.organogram import SENIOR_COLUMNS, import_organogram
from orggraph.timeslice import at

FIXTURES = Path(__file__).parent / "fixtures" / "organogram"


def export_csv(*args) -> list[dict]:
    result = CliRunner().invoke(main, ["export", "--format", "organogram-csv", *map(str, args)])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def published(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_header_is_the_published_senior_layout(tmp_path):
    result = CliRunner().invoke(main, ["export", "--format", "organogram-csv", "--at", "2016-02-15"])
    header = next(csv.reader(io.StringIO(result.output)))
    with open(FIXTURES.parent.parent.parent.parent / "shared" / "realdata" / "uk-organogram-hta" /
              "hta-2011-03-31-senior.csv", encoding="utf-8") as handle:
        real = next(csv.reader(handle))
    assert header == SENIOR_COLUMNS == real[:19]


def test_an_imported_snapshot_exports_back_as_published(tmp_path):
    for date in ("2011-03-31", "2011-09-30", "2012-09-30"):
        import_organogram(FIXTURES / f"hta-{date}-senior.csv", date=date, out=tmp_path)
    rows = export_csv("--at", "2011-09-30", "--data", tmp_path)
    original = published(FIXTURES / "hta-2011-09-30-senior.csv")
    columns = ["Post Unique Reference", "Name", "Reports to Senior Post", "Grade (or equivalent)"]

    def key(r):  # one person is named as most recently spelt: "Allan Marriott Smith" became "…Marriott-Smith"
        return tuple(r[c].replace("-", " ") if c == "Name" else r[c] for c in columns)

    assert sorted(map(key, rows)) == sorted(map(key, original))
    # and the export imports again as an organogram with the same holders
    again = tmp_path / "again"
    again.mkdir()
    (again / "export.csv").write_text(
        CliRunner().invoke(main, ["export", "--format", "organogram-csv", "--at", "2011-09-30",
                                  "--data", str(tmp_path)]).output, encoding="utf-8")
    summary = import_organogram(again / "export.csv", date="2011-09-30", out=again)
    assert summary.counts["senior posts"] == len(original)
    assert summary.counts["people"] == len({r["Name"] for r in original})


def test_withheld_and_vacant_posts_are_written_as_published(tmp_path):
    import_organogram(FIXTURES / "ago-2011-09-30-senior.csv", date="2011-09-30", out=tmp_path)
    rows = export_csv("--at", "2011-09-30", "--data", tmp_path)
    original = published(FIXTURES / "ago-2011-09-30-senior.csv")
    assert sorted((r["Post Unique Reference"], r["Name"]) for r in rows) == sorted(
        (r["Post Unique Reference"], r["Name"]) for r in original)
    assert export_csv("--at", "2012-06-30", "--data", tmp_path) == []


def test_birmingham_clt_exports_for_a_day():
    rows = export_csv("--at", "2016-02-15")
    G = at(orggraph.load(), "2016-02-15")
    held = {(G.nodes[v]["label"], G.nodes[u]["label"]) for u, v, r in G.edges(data="relation") if r == "holds"}
    assert {(r["Job Title"], r["Name"]) for r in rows} == held
    ceo = [r for r in rows if r["Post Unique Reference"] == "chief-executive"]
    assert [(r["Name"], r["Reports to Senior Post"]) for r in ceo] == [("Mark Rogers", "XX")]


def test_without_a_day_it_is_a_clear_error():
    result = CliRunner().invoke(main, ["export", "--format", "organogram-csv"])
    assert result.exit_code == 1 and "--at YYYY-MM-DD" in result.output


def test_each_holder_keeps_the_pay_band_published_while_they_held_the_post(tmp_path):
    """HTA post 1: Craig Muir's band in 2011, Alan Clamp's (lower) band in 2012 — not the post's latest for both."""
    for date in ("2011-03-31", "2011-09-30", "2012-09-30"):
        import_organogram(FIXTURES / f"hta-{date}-senior.csv", date=date, out=tmp_path)
    pay = ["Name", "Job Title", "Actual Pay Floor (£)", "Actual Pay Ceiling (£)"]
    for date in ("2011-03-31", "2012-09-30"):
        (exported,) = [r for r in export_csv("--at", date, "--data", tmp_path) if r["Post Unique Reference"] == "1"]
        (original,) = [r for r in published(FIXTURES / f"hta-{date}-senior.csv") if r["Post Unique Reference"] == "1"]
        assert [exported[c] for c in pay] == [original[c] for c in pay]
