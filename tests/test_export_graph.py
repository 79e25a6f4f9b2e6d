"""Graph exports of the organisation on a day, read back with networkx, csv and zipfile."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pytest

import orggraph
from orggraph.export.graph import default_day, mermaid_label

ORGGRAPH = str(Path(sys.executable).parent / "orggraph")

BIRMINGHAM = "https://w3id.org/orggraph/id/birmingham/"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "labels.ttl"
DRANSFIELD = BIRMINGHAM + "person/paul-dransfield"
DEPUTY = BIRMINGHAM + "post/deputy-chief-executive"


def export(run_cli, tmp_path, fmt, name, *args):
    target = tmp_path / name
    result = run_cli("export", "--format", fmt, "-o", target, *args)
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_keep_nodes_edges_and_attributes(run_cli, tmp_path, kg, fmt, reader):
    path = export(run_cli, tmp_path, fmt, f"org.{fmt}", "--at", "2015-10-01")
    G = reader(path)
    expected = orggraph.at(kg, "2015-10-01")
    assert set(G.nodes) == set(expected.nodes)
    assert G.number_of_edges() == expected.number_of_edges()
    assert G.nodes[DRANSFIELD]["label"] == "Paul Dransfield" and G.nodes[DRANSFIELD]["kind"] == "person"
    holds = [d for u, v, d in G.edges(data=True) if u == DRANSFIELD and v == DEPUTY]
    assert holds and holds[0]["relation"] == "holds"
    assert holds[0]["interval_end"] == "2016-01" and "interval_begin" not in holds[0]
    assert holds[0]["sources"].split(" ") == [BIRMINGHAM + "source/bcc-2016-01-changes-to-our-leadership-team"]
    later = reader(export(run_cli, tmp_path, fmt, f"later.{fmt}", "--at", "2016-02-15"))
    assert DEPUTY not in later


def test_json_is_node_link_with_lists_kept(run_cli, tmp_path, kg):
    data = json.loads(export(run_cli, tmp_path, "json", "org.json", "--at", "2016-02-15").read_text())
    assert {"nodes", "links"} <= set(data)
    G = nx.node_link_graph(data, edges="links")
    assert set(G.nodes) == set(orggraph.at(kg, "2016-02-15").nodes)
    link = next(link for link in data["links"] if link["source"] == DRANSFIELD and link["relation"] == "holds")
    assert link["interval"] == {"begin": "2016-01", "end": None}
    assert isinstance(link["sources"], list)


def test_csv_is_a_zip_of_nodes_and_edges(run_cli, tmp_path, kg):
    path = export(run_cli, tmp_path, "csv", "org.zip", "--at", "2015-10-01")
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["nodes.csv", "edges.csv"]
        nodes = list(csv.DictReader(io.TextIOWrapper(archive.open("nodes.csv"), encoding="utf-8")))
        edges = list(csv.DictReader(io.TextIOWrapper(archive.open("edges.csv"), encoding="utf-8")))
    G = orggraph.at(kg, "2015-10-01")
    assert {row["id"] for row in nodes} == set(G.nodes)
    assert len(edges) == G.number_of_edges()
    row = next(r for r in edges if r["source"] == DRANSFIELD and r["target"] == DEPUTY)
    assert (row["relation"], row["role_label"], row["interval_end"]) == ("holds", "Deputy Chief Executive", "2016-01")


@pytest.mark.slow
def test_csv_piped_is_the_same_zip(tmp_path):
    piped = subprocess.run([ORGGRAPH, "export", "--format", "csv", "--at", "2015-10-01"], capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=120)
    assert piped.returncode == 0, piped.stderr
    written = tmp_path / "org.zip"
    subprocess.run([ORGGRAPH, "export", "--format", "csv", "--at", "2015-10-01", "-o", written], check=True,
                   capture_output=True, timeout=120)
    with zipfile.ZipFile(io.BytesIO(piped.stdout)) as from_pipe, zipfile.ZipFile(written) as from_file:
        assert from_pipe.namelist() == ["nodes.csv", "edges.csv"]
        assert [from_pipe.read(n) for n in from_pipe.namelist()] == [from_file.read(n) for n in from_file.namelist()]


def test_mermaid_org_chart_follows_reporting_lines(run_cli, kg):
    result = run_cli("export", "--format", "mermaid", "--at", "2015-10-01")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "flowchart TD"
    ids = {}
    for line in lines[1:]:
        if '["' in line:
            node, label = line.strip().split("[", 1)
            ids[label.strip('[]()"')] = node
    ceo = ids["Chief Executive, Birmingham City Council<br/>Mark Rogers"]
    deputy = ids["Deputy Chief Executive<br/>Paul Dransfield"]
    assert f"    {ceo} --> {deputy}" in lines
    assert f"    {ids['Birmingham City Council']} --- {ids['Corporate Leadership Team']}" in lines
    later = run_cli("export", "--format", "mermaid", "--at", "2016-02-15").output
    assert "Deputy Chief Executive" not in later
    assert "Strategic Director for Major Economic Programmes<br/>Paul Dransfield" in later


def test_mermaid_labels_are_escaped(run_cli):
    result = run_cli("export", "--data", HOSTILE, "--format", "mermaid", "--at", "2016-01-01")
    text = result.output
    assert "<img" not in text and "<svg" not in text and "</script" not in text
    assert "#lt;img src=x onerror=alert#40;1#41;#gt;" in text
    assert mermaid_label('a"b') == "a#quot;b"


def test_default_day_is_the_latest_change(run_cli, tmp_path, kg):
    assert default_day(kg).isoformat() == "2016-03-31"
    G = nx.read_graphml(export(run_cli, tmp_path, "graphml", "now.graphml"))
    assert set(G.nodes) == set(orggraph.at(kg, "2016-03-31").nodes)


def test_bad_day_leaves_no_file(run_cli, tmp_path):
    target = tmp_path / "org.graphml"
    target.write_text("old")
    result = run_cli("export", "--format", "graphml", "-o", target, "--at", "2016-1-1")
    assert result.exit_code == 1 and "write YYYY-MM-DD" in result.output
    assert target.read_text() == "old"
