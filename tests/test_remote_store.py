"""A real remote store: Oxigraph's own server on loopback, filled by `orggraph load --store sparql:...`.

Every answer through ``--store sparql:URL`` (SPARQL, named queries, the
time-aware commands) must be the answer from ``--store memory``; so must the
embedded ``--store oxigraph:PATH``.
"""

from __future__ import annotations

import base64
import http.server
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import orggraph
from orggraph.queries import list_queries
from orggraph.server import free_port
from orggraph.stores import _download

pytestmark = pytest.mark.slow

OXIGRAPH = str(Path(sys.executable).parent / "oxigraph")
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "labels.ttl"
#: Query, and something its answer must hold (so that agreeing on nothing cannot pass).
QUERIES = [
    ("SELECT ?person ?name WHERE { ?person a foaf:Person ; foaf:name ?name } ORDER BY ?name", "Mark Rogers"),
    ("SELECT ?kind (COUNT(?body) AS ?n) WHERE { ?body og:bodyKind ?kind } GROUP BY ?kind ORDER BY ?kind", "#council"),
    ("SELECT ?m ?begin WHERE { ?m org:memberDuring/time:hasBeginning/time:inXSDgYearMonth ?begin } ORDER BY ?m",
     "waheed-nazir-strategic-director-economy"),
    ("ASK { ?p foaf:name 'Mark Rogers' }", "true"),
]
TIME_COMMANDS = [
    ["holders", "Strategic Director", "--at", "2016-02-15"],
    ["members", "Corporate Leadership Team", "--at", "2015-10-01"],
    ["reporting-line", "Piali DasGupta", "--at", "2016-02-15"],
    ["diff", "2015-10-01", "2016-02-15"],
    ["why", "Mark Rogers"],
    ["timeline", "Paul Dransfield"],
]


class OxigraphServer:
    """``oxigraph serve`` on a free loopback port over a fresh folder."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, self.process.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "Oxigraph's server did not start"
                time.sleep(0.05)
        self.query_url = f"http://127.0.0.1:{self.port}/query"
        self.store = f"sparql:{self.query_url}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stderr.close()


@pytest.fixture(scope="module")
def remote(tmp_path_factory, run_cli):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-server"))
    result = run_cli("load", "--store", server.store)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Loaded 921 triples into sparql:")  # the ontology and the Birmingham data
    yield server
    server.stop()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory, run_cli):
    store = f"oxigraph:{tmp_path_factory.mktemp('embedded') / 'db'}"
    result = run_cli("load", "--store", store)
    assert result.exit_code == 0, result.output
    # the count stats gives, though one triple is stated in two files (two quads on disk)
    assert result.output.startswith(f"Loaded 921 triples into {store}.")
    return store


def same_output(run_cli, args, store):
    here = run_cli(*args, "--store", "memory")
    there = run_cli(*args, "--store", store)
    assert here.exit_code == 0, here.output
    assert there.exit_code == 0, there.output
    if args[-1] == "json":  # the same JSON, whatever order its keys come in
        assert json.loads(there.stdout) == json.loads(here.stdout)
    else:
        assert there.stdout == here.stdout
    return here.stdout


@pytest.mark.parametrize("query, expected", QUERIES)
@pytest.mark.parametrize("output_format", ["csv", "json"])
def test_sparql_gives_the_memory_answer(run_cli, remote, embedded, query, expected, output_format):
    for store in (remote.store, embedded):
        out = same_output(run_cli, ["sparql", query, "--format", output_format], store)
        assert expected in out


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_named_queries_give_the_memory_answer(run_cli, remote, embedded, named):
    params = [f"--param={p.name}={p.example}" for p in named.parameters]
    for store in (remote.store, embedded):
        out = same_output(run_cli, ["query", named.name, *params, "--format", "csv"], store)
    assert len(out.splitlines()) > 1  # a header and at least one row: nothing vacuous


def test_named_query_parameters_are_bound_safely_on_the_server(run_cli, remote):
    hostile = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    result = run_cli("query", "holders", f"--param=role=http://example.org/{hostile}", "--param=on=2016-02-15",
                     "--store", remote.store)
    assert result.exit_code == 1 and "not a usable IRI" in result.output
    result = run_cli("sparql", "SELECT ?p WHERE { ?p foaf:name ?name }", f"--bind=name={hostile}",
                     "--format", "csv", "--store", remote.store)
    assert result.exit_code == 0 and result.stdout.splitlines() == ["p"]
    assert run_cli("sparql", "ASK { ?p foaf:name 'Mark Rogers' }", "--format", "csv",
                   "--store", remote.store).stdout.splitlines() == ["boolean", "true"]


@pytest.mark.parametrize("args", TIME_COMMANDS, ids=lambda a: a[0])
def test_time_aware_commands_give_the_memory_answer(run_cli, remote, args):
    out = same_output(run_cli, [*args, "--format", "json"], remote.store)
    assert out.strip() not in ("", "[]")


def triples(kg) -> Graph:
    """Every triple of every file, as one graph."""
    graph = Graph()
    for triple in kg.graph.triples((None, None, None)):
        graph.add(triple)
    return graph


def test_pushed_graph_is_the_loaded_graph(remote):
    assert isomorphic(_download(remote.query_url), triples(orggraph.load()))


def test_hostile_labels_survive_the_push(run_cli, tmp_path):
    server = OxigraphServer(tmp_path / "hostile")
    try:
        result = run_cli("load", "--store", server.store, "--data", HOSTILE)
        assert result.exit_code == 0, result.output
        assert isomorphic(_download(server.query_url), triples(orggraph.load([HOSTILE])))
    finally:
        server.stop()


def test_pushing_twice_is_refused_unless_replace(run_cli, tmp_path):
    server = OxigraphServer(tmp_path / "twice")
    try:
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert run_cli("load", "--store", server.store).exit_code == 0
        again = run_cli("load", "--store", server.store)
        assert again.exit_code == 1 and "already holds data; pass --replace" in again.output
        replaced = run_cli("load", "--store", server.store, "--replace", "--update-url",
                           f"http://127.0.0.1:{server.port}/update")
        assert replaced.exit_code == 0, replaced.output
        assert run_cli("sparql", count, "--format", "csv", "--store", server.store).stdout.split() == ["n", "921"]
    finally:
        server.stop()


def test_unreachable_server_is_one_line(run_cli):
    port = free_port()
    for args in (["load"], ["sparql", "ASK {}"], ["holders", "Chief Executive"]):
        result = run_cli(*args, "--store", f"sparql:http://127.0.0.1:{port}/query")
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [result.output.strip()]
        assert f"127.0.0.1:{port}/query" in result.output and "Connection refused" in result.output


class LoginGate:
    """An HTTP proxy on loopback that lets through to Oxigraph's server only requests with the right Basic login.

    Oxigraph's server has no logins of its own; the servers users run (Fuseki, GraphDB) do.
    """

    def __init__(self, upstream: str, user: str, password: str):
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode()
        self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(handler):
                body = handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
                self.seen.append(handler.headers.get("Authorization"))
                if handler.headers.get("Authorization") != expected:
                    handler.send_response(401)
                    handler.send_header("WWW-Authenticate", 'Basic realm="orgs"')
                    handler.send_header("Content-Length", "0")
                    handler.end_headers()
                    return
                forwarded = urllib.request.Request(upstream + handler.path, data=body, method="POST", headers={
                    k: v for k, v in handler.headers.items() if k.lower() in ("content-type", "accept")})
                try:
                    with urllib.request.urlopen(forwarded, timeout=120) as answer:
                        status, headers, payload = answer.status, answer.headers, answer.read()
                except urllib.error.HTTPError as error:
                    status, headers, payload = error.code, error.headers, error.read()
                handler.send_response(status)
                handler.send_header("Content-Type", headers.get("Content-Type", "text/plain"))
                handler.send_header("Content-Length", str(len(payload)))
                handler.end_headers()
                handler.wfile.write(payload)

            def log_message(handler, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.store = f"sparql:http://127.0.0.1:{self.server.server_address[1]}/query"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_server_that_asks_for_a_login_gets_it_from_the_environment(tmp_path, run_cli, monkeypatch):
    server = OxigraphServer(tmp_path / "behind-login")
    gate = LoginGate(f"http://127.0.0.1:{server.port}", "editor", "s3cret:wïth colon")
    try:
        monkeypatch.delenv("ORGGRAPH_SPARQL_USER", raising=False)
        refused = run_cli("load", "--store", gate.store)
        assert refused.exit_code == 1
        assert "HTTP 401" in refused.stderr and "set ORGGRAPH_SPARQL_USER and ORGGRAPH_SPARQL_PASSWORD" in refused.stderr

        monkeypatch.setenv("ORGGRAPH_SPARQL_USER", "editor")
        monkeypatch.setenv("ORGGRAPH_SPARQL_PASSWORD", "wrong")
        wrong = run_cli("sparql", "ASK { ?s ?p ?o }", "--store", gate.store)
        assert wrong.exit_code == 1 and "check ORGGRAPH_SPARQL_USER and ORGGRAPH_SPARQL_PASSWORD" in wrong.stderr

        monkeypatch.setenv("ORGGRAPH_SPARQL_PASSWORD", "s3cret:wïth colon")
        loaded = run_cli("load", "--store", gate.store)
        assert loaded.exit_code == 0 and loaded.output.startswith("Loaded 921 triples into sparql:")
        same_output(run_cli, ["query", "holders", "--param=role=role/strategic-director", "--param=on=2016-02-15",
                              "--format", "csv"], gate.store)
        same_output(run_cli, ["holders", "Strategic Director", "--at", "2016-02-15", "--format", "json"], gate.store)
        assert gate.seen and None in gate.seen  # the refused requests came without a login
    finally:
        gate.stop()
        server.stop()
