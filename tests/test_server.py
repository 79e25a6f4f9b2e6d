"""`orggraph serve` as a real process on a loopback port, asked by real clients.

The server is started once for the module (``--port 0``: it says where it
listens on its first line), with a small result limit and time limit so both
can be seen to work. Answers are compared with the same query run in memory.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pyparsing import ParseException
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.plugins.sparql import prepareQuery

import orggraph
from orggraph.server import _reason
from orggraph.sparql import PREFIXES, sparql

ORGGRAPH = str(Path(sys.executable).parent / "orggraph")
MAX_RESULTS = 40
TIMEOUT = 2
NAMES = "SELECT ?person ?name WHERE { ?person a foaf:Person ; foaf:name ?name } ORDER BY ?name"
PREFIXED_NAMES = "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n" + NAMES
CONSTRUCT = ("CONSTRUCT { ?post skos:prefLabel ?label ; org:reportsTo ?boss } "
             "WHERE { ?post a org:Post ; skos:prefLabel ?label . OPTIONAL { ?post org:reportsTo ?boss } }")
#: Counting a three-way cross product of every triple: about 10^9 rows, far past any time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SPARQL_JSON = "application/sparql-results+json"
NO_SERVICE = "SERVICE is not allowed: this endpoint only answers from its own data\n"


class Served:
    """A running ``orggraph serve``; ``url`` ends in ``/``."""

    def __init__(self, *options):
        self.process = subprocess.Popen(
            [ORGGRAPH, "serve", "--port", "0", *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        line = self.process.stderr.readline()  # "Serving N triples at http://127.0.0.1:PORT/ ..."
        match = re.search(r"at (http://\S+/) ", line)
        if not match:
            self.process.kill()
            raise AssertionError(f"orggraph serve did not start: {line}{self.process.stderr.read()}")
        self.url = match.group(1)
        self.endpoint = self.url + "sparql"

    def stop(self, sig=signal.SIGINT, timeout=30):
        """Send ``sig`` and return (exit status, rest of stderr)."""
        self.process.send_signal(sig)
        try:
            _, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return self.process.returncode, err


@pytest.fixture(scope="module")
def server():
    served = Served("--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS))
    yield served
    served.stop()


@pytest.fixture
def listener():
    """A loopback HTTP server that records each request reaching it: what a SERVICE or LOAD would call.

    Yields its URL (ending in ``/``) and the list of ``"METHOD /path"`` it received.
    """
    received = []

    class Record(BaseHTTPRequestHandler):
        def answer(self):
            received.append(f"{self.command} {self.path}")
            self.send_response(204)
            self.end_headers()

        do_GET = do_POST = answer

        def log_message(self, *args):
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Record) as listening:
        threading.Thread(target=listening.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{listening.server_address[1]}/", received
        listening.shutdown()


@pytest.fixture(scope="module")
def memory_kg():
    return orggraph.load()


def http(url, data=None, headers=None, method=None):
    """(status, headers, body text) of one request; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def get(server, query, accept=SPARQL_JSON, **params):
    return http(server.endpoint + "?" + urllib.parse.urlencode({"query": query, **params}), headers={"Accept": accept})


def post_query(server, query, accept=SPARQL_JSON):
    return http(server.endpoint, query.encode(), {"Content-Type": "application/sparql-query", "Accept": accept})


def oxigraph_of(served):
    """(process id, port) of the Oxigraph server behind a running ``orggraph serve``."""
    line = subprocess.run(["ps", "-ww", "-o", "pid=,args=", "--ppid", str(served.process.pid)],
                          capture_output=True, text=True).stdout.strip()
    pid, port = re.match(r"(\d+) .*--bind 127\.0\.0\.1:(\d+)", line).groups()
    return int(pid), int(port)


def memory_names(memory_kg):
    return [(str(row.person), str(row.name)) for row in sparql(memory_kg, NAMES)]


def json_names(text):
    return [(b["person"]["value"], b["name"]["value"]) for b in json.loads(text)["results"]["bindings"]]


# ------------------------------------------------------------------ the protocol


def test_sparqlwrapper_json_gives_the_memory_answer(server, memory_kg):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.endpoint)
    client.setQuery(PREFIXED_NAMES)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    names = [(b["person"]["value"], b["name"]["value"]) for b in data["results"]["bindings"]]
    assert names == memory_names(memory_kg)
    assert ("https://w3id.org/orggraph/id/birmingham/person/mark-rogers", "Mark Rogers") in names


def test_sparqlwrapper_xml_gives_the_memory_answer(server, memory_kg):
    from SPARQLWrapper import XML, SPARQLWrapper

    client = SPARQLWrapper(server.endpoint)
    client.setQuery(PREFIXED_NAMES)
    client.setReturnFormat(XML)
    document = client.query().convert()  # xml.dom.minidom, parsed by SPARQLWrapper
    names = []
    for result in document.getElementsByTagName("result"):
        cells = {b.getAttribute("name"): b.firstChild.firstChild.data for b in result.getElementsByTagName("binding")}
        names.append((cells["person"], cells["name"]))
    assert names == memory_names(memory_kg)


def test_sparqlwrapper_ask(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.endpoint)
    client.setReturnFormat(JSON)
    client.setQuery("PREFIX foaf: <http://xmlns.com/foaf/0.1/> ASK { ?p foaf:name 'Mark Rogers' }")
    assert client.query().convert()["boolean"] is True
    client.setQuery("PREFIX foaf: <http://xmlns.com/foaf/0.1/> ASK { ?p foaf:name 'Nobody At All' }")
    assert client.query().convert()["boolean"] is False


def test_get_post_form_and_post_body_agree(server, memory_kg):
    expected = memory_names(memory_kg)
    status, headers, text = get(server, NAMES)
    assert status == 200 and headers["Content-Type"].startswith(SPARQL_JSON)
    assert json_names(text) == expected
    form = urllib.parse.urlencode({"query": NAMES}).encode()
    status, _, text = http(server.endpoint, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                   "Accept": SPARQL_JSON})
    assert status == 200 and json_names(text) == expected
    status, _, text = post_query(server, NAMES)
    assert status == 200 and json_names(text) == expected


def test_results_by_accept_header(server, memory_kg):
    expected = memory_names(memory_kg)
    status, headers, text = get(server, NAMES, accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["person", "name"] and [tuple(r) for r in rows[1:]] == expected

    status, headers, text = get(server, NAMES, accept="text/tab-separated-values")
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    lines = text.splitlines()
    assert lines[0] == "?person\t?name"
    assert lines[1:] == [f"<{iri}>\t{Literal(name).n3()}" for iri, name in expected]

    status, headers, text = get(server, NAMES, accept="application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(text)
    found = [(r.find("r:binding[@name='person']/r:uri", ns).text, r.find("r:binding[@name='name']/r:literal", ns).text)
             for r in root.iterfind("r:results/r:result", ns)]
    assert found == expected


def test_accept_with_quality_values_and_format_parameter(server):
    status, headers, _ = get(server, "ASK {}", accept="text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    status, headers, text = get(server, "ASK {}", accept="text/html", format="csv")
    assert status == 200 and text.splitlines() == ["boolean", "true"]
    status, _, text = get(server, "ASK {}", accept="image/png")
    assert status == 406 and "sparql-results+json" in text


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
])
def test_construct_in_rdf_formats(server, memory_kg, accept, rdflib_format):
    status, headers, text = post_query(server, CONSTRUCT, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    served = Graph().parse(data=text, format=rdflib_format)
    expected = sparql(memory_kg, CONSTRUCT).graph
    assert len(served) == len(expected) > 20
    assert isomorphic(served, expected)


def test_the_usual_prefixes_need_no_declaring_and_declared_ones_still_work(server):
    for query in (NAMES, PREFIXED_NAMES, "PREFIX foaf: <http://example.org/other#> SELECT * WHERE { ?p foaf:name ?n }"):
        status, _, text = get(server, query)
        assert status == 200, text
    assert json.loads(get(server, "PREFIX foaf: <http://example.org/other#> ASK { ?p foaf:name ?n }")[2])["boolean"] is False


# ------------------------------------------------------------------ read-only, errors, limits


def test_updates_are_refused_every_way(server):
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> 'c' }"
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(server.endpoint)
    client.setMethod(POST)
    client.setQuery(insert)  # SPARQLWrapper sees an update and sends it as 'update='
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as refused:
        client.query()
    assert "403" in str(refused.value) or "read-only" in str(refused.value)

    update = {"Content-Type": "application/sparql-update"}
    assert http(server.endpoint, insert.encode(), update)[0] == 403
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert http(server.endpoint, urllib.parse.urlencode({"update": insert}).encode(), form)[0] == 403
    status, _, text = get(server, insert)  # an update sent as a query
    assert status == 403 and "SPARQL Update" in text
    assert http(server.endpoint, b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, method="PUT")[0] == 405
    assert http(server.endpoint, method="DELETE")[0] == 405
    assert json.loads(get(server, "ASK { <http://example.org/a> ?p ?o }")[2])["boolean"] is False


def test_service_is_refused_and_nothing_is_fetched(server, listener):
    url, received = listener
    for query in [
        f"SELECT * WHERE {{ SERVICE <{url}select> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url}ask> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <{url}silent> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?s ?p ?o optional {{ service <{url}lower-case> {{ ?s ?p ?x }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}subquery> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{url}exists> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o .SERVICE<{url}no-spaces>{{?s ?p ?x}} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE<{url}after-a-number>{{?s ?p ?x}} }}",
        f"PREFIX remote: <{url}> SELECT * WHERE {{ ?s ?p ?o SERVICE remote:prefixed {{ ?s ?p ?x }} }}",
        f"SELECT * WHERE {{ BIND(<{url}variable> AS ?endpoint) SERVICE ?endpoint {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ ?s ?p "SERVICE" # SERVICE\n SERVICE <{url}after-a-string-and-a-comment> {{ ?s ?p ?o }} }}',
        # after a value '<' is less-than to Oxigraph, though it looks like the start of an IRI
        f"PREFIX ev: <{url}> SELECT * WHERE {{ FILTER(1<2)SERVICEev:after-a-comparison#>\n{{ ?a ?b ?c }} }}",
        f"PREFIX ev: <{url}> SELECT * WHERE {{ FILTER(1<2)SERVICE\\u0020ev:escaped#>\n{{ ?a ?b ?c }} }}",
        # SPARQL's name characters beyond \\w: a middle dot, a combining accent
        f"PREFIX ev: <{url}> ASK {{ SERVICE ev:middle·dot {{ ?s ?p ?o }} }}",
        f"PREFIX ev: <{url}> ASK {{ SERVICE ev:acce\u0301nt {{ ?s ?p ?o }} }}",
    ]:
        assert get(server, query)[::2] == (400, NO_SERVICE), query
        assert post_query(server, query)[::2] == (400, NO_SERVICE), query
    for update in (f"LOAD <{url}load>", f"LOAD SILENT <{url}load-silent> INTO GRAPH <{url}g>",
                   f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}update> {{ ?s ?p ?o }} }}"):
        status, _, text = get(server, update)  # refused as an update, which is read and never run
        assert status in (400, 403) and ("SPARQL Update" in text or "SERVICE" in text), text
    assert received == []
    urllib.request.urlopen(url + "control", timeout=10).close()  # what reaches the listener is recorded
    assert received == ["GET /control"]


def test_the_word_service_in_strings_iris_comments_and_names_is_no_service(server):
    for query in [
        'SELECT * WHERE { ?s ?p "SERVICE" }',
        "SELECT * WHERE { ?s ?p 'service <http://127.0.0.1:1/> { ?s ?p ?o }' }",
        'SELECT * WHERE { ?s ?p """a "SERVICE" <http://127.0.0.1:1/> { ?s ?p ?o }""" }',
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1  # SERVICE <http://127.0.0.1:1/> { ?s ?p ?o }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:Service ?o ; ex:download ?load }",
        'ASK { ?s ?p "x"@en-service }',
        "PREFIX loader: <http://example.org/l/> SELECT * WHERE { ?s a loader:Thing } LIMIT 1",
        "PREFIX service: <http://example.org/s/> SELECT * WHERE { ?s a service:Desk } LIMIT 1",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:v1.serviceDesk ?o } LIMIT 1",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o < <http://example.org/service>) } LIMIT 1",
        "SELECT * WHERE { ?s ?p <http://dbpedia.org/resource/Service_(economics)> } LIMIT 1",
    ]:
        status, _, text = get(server, query)
        assert status == 200, (query, text)


def test_a_query_rdflib_cannot_parse_is_screened_for_service_too(server):
    lateral = ("SELECT ?name ?x WHERE { ?p foaf:name ?name LATERAL { SELECT ?x WHERE { BIND(?name AS ?x) } LIMIT 1 } } "
               "ORDER BY ?name LIMIT 1")
    with pytest.raises(ParseException):  # LATERAL is SPARQL 1.2: Oxigraph reads it, rdflib does not
        prepareQuery(lateral, initNs=PREFIXES)
    status, _, text = get(server, lateral)
    assert status == 200 and len(json.loads(text)["results"]["bindings"]) == 1
    fetching = lateral.replace("BIND(?name AS ?x)", "SERVICE <http://127.0.0.1:1/> { ?x ?y ?z }")
    assert get(server, fetching)[::2] == (400, NO_SERVICE)


def test_syntax_error_is_400_with_line_and_column(server):
    status, headers, text = get(server, "SELECT * WHERE {\n  ?s ?p }")
    assert status == 400 and "line 2, column" in text


def test_an_rdf_1_2_triple_term_in_an_answer_is_a_clear_refusal_not_an_internal_error(server):
    status, _, text = get(server, "SELECT ?t WHERE { BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) }")
    assert (status, text.strip()) == (422, "the answer holds an RDF 1.2 triple term (<<( subject predicate object )>>), "
                                           "which orggraph cannot pass on")
    assert get(server, "ASK { ?s ?p ?o }")[0] == 200  # and the server answers on


def test_bad_requests_are_4xx(server):
    assert http(server.endpoint)[0] == 400  # no query
    assert http(server.endpoint, b"query=x", {"Content-Type": "text/plain"})[0] == 415
    assert http(server.url + "nothing-here")[0] == 404


def test_result_size_limit(server):
    status, headers, text = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers["X-Orggraph-Truncated"] == "true"
    assert len(json.loads(text)["results"]["bindings"]) == MAX_RESULTS
    status, headers, text = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert status == 200 and headers["X-Orggraph-Truncated"] == "true"
    assert len(Graph().parse(data=text, format="nt")) == MAX_RESULTS
    status, headers, text = get(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_RESULTS}")
    assert status == 200 and "X-Orggraph-Truncated" not in headers
    assert len(json.loads(text)["results"]["bindings"]) == MAX_RESULTS


def runaway_in_background(server):
    """Post RUNAWAY on a thread of its own; returns the thread and the dict that gets its ``answer`` and ``seconds``."""
    outcome = {}

    def runaway():
        started = time.monotonic()
        outcome["answer"] = post_query(server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    return thread, outcome


@pytest.mark.slow
def test_runaway_query_is_stopped_and_others_are_answered_meanwhile(server):
    thread, outcome = runaway_in_background(server)
    time.sleep(0.3)  # let it start
    answered_while_running = []
    while thread.is_alive():
        status, _, text = get(server, "ASK { ?p foaf:name 'Mark Rogers' }")
        answered_while_running.append((status, json.loads(text)["boolean"] if status == 200 else text))
        if len(answered_while_running) >= 3:
            break
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert answered_while_running and set(answered_while_running) == {(200, True)}
    status, _, text = outcome["answer"]
    assert status == 503 and f"time limit of {TIMEOUT} seconds" in text
    assert outcome["seconds"] < 60  # stopped, not run to the end (which would take hours)
    assert get(server, "ASK {}")[0] == 200  # and the server is still there


def test_oxigraphs_reason_for_stopping_is_read_from_its_own_answer(server):
    _, port = oxigraph_of(server)
    failing = "{ ?s ?p ?o SERVICE ?nowhere { ?a ?b ?c } }"  # an unbound endpoint: Oxigraph fails without fetching
    for accept, query in ((SPARQL_JSON, f"SELECT * WHERE {failing}"),
                          ("application/n-triples", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {failing}")):
        status, _, body = http(f"http://127.0.0.1:{port}/query", query.encode(),
                               {"Content-Type": "application/sparql-query", "Accept": accept})
        assert status == 200  # Oxigraph's broken 200: the reason comes at the end of the body
        assert _reason(body.encode()) == "The variable encoding the service name is unbound"
    status, _, body = http(f"http://127.0.0.1:{port}/query", b"ASK {}", {"Content-Type": "application/sparql-query",
                                                                        "Accept": SPARQL_JSON})
    assert status == 200 and _reason(body.encode()) == ""  # a whole answer holds no reason


@pytest.mark.slow
def test_a_failure_that_is_not_a_timeout_is_not_called_one():
    served = Served("--timeout", "60")
    try:
        oxigraph, _ = oxigraph_of(served)
        thread, outcome = runaway_in_background(served)
        time.sleep(0.5)  # let Oxigraph start on it
        os.kill(oxigraph, signal.SIGKILL)  # Oxigraph dies mid-query, long before the time limit
        thread.join(timeout=60)
        status, _, text = outcome["answer"]
        assert (status, text) == (502, "the query failed: Oxigraph's server stopped answering")
        assert outcome["seconds"] < 30
        assert served.process.wait(timeout=30) == 1  # and orggraph serve sees Oxigraph gone, and stops
    finally:
        _, err = served.stop()
    assert "Oxigraph's server stopped unexpectedly" in err and "Traceback" not in err


# ------------------------------------------------------------------ pages


def test_query_form_and_viewer_are_self_contained(server):
    status, headers, page = http(server.url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<form id="form" method="post" action="/sparql">' in page and "/view.html" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from elsewhere
    status, _, viewer = http(server.url + "view.html")
    assert status == 200 and viewer.startswith("<!DOCTYPE html>") and "Mark Rogers" in viewer
    assert not re.search(r"""<script[^>]+src=["']?(https?:)?//""", viewer)


@pytest.mark.browser
def test_query_form_runs_a_query_in_a_browser_offline(server):
    from playwright.sync_api import sync_playwright

    from test_export_html import ARGS, CHROMIUM

    outside = []

    def only_loopback(route):
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", only_loopback)
            page.goto(server.url)
            page.fill("#query", "SELECT ?name WHERE { ?p foaf:name ?name FILTER(?name = 'Mark Rogers') }")
            page.click("button[type=submit]")
            page.wait_for_selector("#results table", timeout=30_000)
            assert page.inner_text("#results table").split() == ["name", "Mark", "Rogers"]
            page.fill("#query", "SELECT * WHERE { ?s ?p }")
            page.click("button[type=submit]")
            page.wait_for_function("document.getElementById('status').textContent.includes('Error 400')")
            page.goto(server.url + "view.html")
            page.wait_for_function("!!(window.orggraph && window.orggraph.ready)", timeout=30_000)
            assert outside == []
        finally:
            browser.close()


# ------------------------------------------------------------------ the process


def test_busy_port_is_one_line_error(server, run_cli):
    port = urllib.parse.urlsplit(server.url).port
    result = run_cli("serve", "--port", port)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use (another server is using it: choose another --port)"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(sig):
    served = Served()
    assert get(served, "ASK {}")[0] == 200
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(served.process.pid)],
                              capture_output=True, text=True).stdout.split()
    assert children  # Oxigraph's server
    status, err = served.stop(sig)
    assert status == 0 and "Traceback" not in err and err.strip().endswith("Stopped.")
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(served.url, timeout=5)


def test_oxigraph_ends_when_orggraph_serve_is_killed_outright():
    served = Served()
    oxigraph, _ = oxigraph_of(served)
    with open(f"/proc/{oxigraph}/cmdline", "rb") as arguments:
        words = arguments.read().decode().split("\0")
    folder = Path(words[words.index("--location") + 1]).parent  # left behind, as nobody is there to delete it
    served.process.kill()  # SIGKILL: orggraph serve has no chance to stop Oxigraph itself
    served.process.communicate(timeout=30)

    def running(pid):
        try:
            with open(f"/proc/{pid}/status") as status:
                return not any(line.split()[:2] == ["State:", "Z"] for line in status)  # a zombie has ended
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 20
    while running(oxigraph) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(oxigraph), "Oxigraph outlived orggraph serve and still holds its port"
    shutil.rmtree(folder, ignore_errors=True)
