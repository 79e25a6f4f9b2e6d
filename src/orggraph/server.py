"""A read-only SPARQL 1.1 endpoint over the knowledge graph.

The protocol is Oxigraph's own server (``oxigraph serve-read-only``, from the
``oxigraph`` package), run as a child process on a private loopback port: a
compiled, multi-threaded implementation that cancels a query past its time
limit. In front of it sits a small HTTP server of ours that

* serves ``/`` (a query form that works offline) and ``/view.html`` (the
  interactive viewer of :mod:`orggraph.export.html`, also offline);
* checks ``/sparql`` queries (GET, or POST as a form or an
  ``application/sparql-query`` body) with :func:`orggraph.sparql.check_query`,
  refuses updates (403, LOAD included, never run) and ``SERVICE`` (400: the
  endpoint makes no requests of its own), answers syntax errors with their line and column
  (400), lets queries use the prefixes of :data:`orggraph.sparql.PREFIXES`
  undeclared, as ``orggraph sparql`` does, and passes them to Oxigraph;
* reads the answer as a stream and stops after ``max_results`` solutions or
  triples (the response then carries ``X-Orggraph-Truncated: true``);
* answers 503 when Oxigraph gave up on a query past ``timeout`` seconds and
  502 with Oxigraph's reason when a query failed otherwise (Oxigraph itself
  then sends a broken 200), and writes the results in the
  format the client asked for: SPARQL JSON, XML, CSV or TSV; Turtle,
  N-Triples, JSON-LD or RDF/XML.

Examples
--------
>>> import orggraph, urllib.request, urllib.parse, json
>>> with SparqlServer(orggraph.load(), port=0) as server:
...     q = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> ASK { ?p a foaf:Person }"
...     with urllib.request.urlopen(server.url + "sparql?" + urllib.parse.urlencode({"query": q})) as response:
...         print(json.load(response)["boolean"])
True
"""

from __future__ import annotations

import contextlib
import errno
import html
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rdflib import Graph, Variable
from rdflib.query import Result

from .errors import OrggraphError, QueryError, QuerySyntaxError, StoreError
from .export.html import render_html
from .sparql import PREFIXES, check_query, rdflib_parse_nodes, serialize_result
from .stores import to_rdflib

#: Defaults for ``orggraph serve``: seconds a query may run, solutions or triples per answer.
DEFAULT_TIMEOUT = 5
DEFAULT_MAX_RESULTS = 10_000

_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
_RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_GRAPH_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
_ACCEPT_ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "nt",
    "application/x-turtle": "turtle",
}
#: What Oxigraph writes at the end of an answer it stopped at its time limit.
_CANCELLED = "The SPARQL operation has been cancelled"
_NO_SERVICE = b"SERVICE is not allowed: this endpoint only answers from its own data\n"
_READ_ONLY = b"this endpoint is read-only: updates are refused\n"
#: One token of SPARQL's lexical grammar; only ``word`` (keywords, names, numbers) can hold a keyword.
#: Not :data:`orggraph.sparql._TOKEN`, which keeps text between strings, IRIs and variables in one
#: piece for putting values in: this one splits it into words, and was checked against Oxigraph's parser.
_TOKEN = re.compile(r"""
    \#[^\r\n]*                                        # a comment
  | <[^<>"{}|^`\\\x00-\x20]*>                         # an IRI
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
  | "(?:[^"\\]|\\.)*" | '(?:[^'\\]|\\.)*'             # strings
  | [?$][\w\u00B7\u0300-\u036F\u203F\u2040]*          # a variable (SPARQL's name characters)
  | @[A-Za-z]+(?:-[A-Za-z0-9]+)*                      # a language tag
  | (?P<word>(?:[\w\u00B7\u0300-\u036F\u203F\u2040.:%-]|\\.)+)   # a keyword, name or number
  | .
""", re.VERBOSE | re.DOTALL)
#: A word where Oxigraph may read the keyword SERVICE: it matches keywords without a word boundary
#: (``1SERVICE``, ``trueSERVICE``) and may end a name at a dot (``ex:a.1.SERVICE``). The group is the
#: rest of the word, which may be the endpoint (``SERVICEex:remote``).
_SERVICE_WORD = re.compile(r"(?is)(?:.*\.)?(?:[0-9e+-]*|true|false)SERVICE(?:SILENT)?(.*)")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_FORMAT_PARAMETER = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
                     "nt": "nt", "ntriples": "nt", "n-triples": "nt", "json-ld": "json-ld", "jsonld": "json-ld"}


def find_oxigraph() -> str:
    """The ``oxigraph`` server program (from the ``oxigraph`` package): beside this Python, else on PATH.

    Raises
    ------
    StoreError
        Neither place has it; the message says how to install it.

    Examples
    --------
    >>> import subprocess
    >>> subprocess.run([find_oxigraph(), "--version"], capture_output=True, text=True).stdout.split()[0]
    'oxigraph'
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the SPARQL server needs Oxigraph's server program: pip install oxigraph")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody is listening on now (the system picks it; someone may take it later).

    Examples
    --------
    >>> import socket
    >>> port = free_port()
    >>> with socket.create_server(("127.0.0.1", port)) as listener:
    ...     listener.getsockname()[1] == port
    True
    """
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class SparqlServer:
    """The endpoint: Oxigraph on a private port plus our front on ``host:port``.

    Parameters
    ----------
    kg : KnowledgeGraph
        What to serve; copied into a temporary Oxigraph database.
    host, port : str, int
        Where the front listens; port 0 picks a free one (see ``.url``).
    timeout : int
        Whole seconds a query may run (Oxigraph counts in seconds).
    max_results : int
        Solutions (or triples) returned at most per query.

    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, kg, host="127.0.0.1", port=8000, timeout=DEFAULT_TIMEOUT, max_results=DEFAULT_MAX_RESULTS):
        if int(timeout) != timeout or timeout < 1 or max_results < 1:
            raise OrggraphError("--timeout must be a whole number of seconds, at least 1, and --max-results at least 1")
        self.kg = kg
        self.host, self.port = host, port
        self.timeout, self.max_results = int(timeout), int(max_results)
        self._folder = None
        self._process = None
        self._front = None
        self._viewer = None
        self._thread = None

    @property
    def url(self) -> str:
        """The front's address, ending in ``/``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def start(self) -> SparqlServer:
        """Listen on ``host:port``, copy the data into Oxigraph, start it, and start answering.

        Raises
        ------
        OrggraphError
            The port is taken (or the address is not this machine's); nothing is left running.
        StoreError
            Oxigraph's server program is missing or does not start.
        """
        import pyoxigraph

        from .stores import _copy_into_oxigraph

        oxigraph = find_oxigraph()
        try:  # listen first: a busy port is reported at once, before any copying
            self._front = _Front((self.host, self.port), _Handler, self)
        except OSError as error:
            raise OrggraphError(
                f"cannot listen on {self.host}:{self.port}: {error.strerror or error}"
                + (" (another server is using it: choose another --port)" if error.errno == errno.EADDRINUSE else "")
            ) from None
        self.port = self._front.server_address[1]
        try:
            self._folder = tempfile.mkdtemp(prefix="orggraph-serve-")
            store = pyoxigraph.Store(os.path.join(self._folder, "db"))
            _copy_into_oxigraph(store, self.kg.graph)
            del store  # close it: the server opens the folder itself
            self._viewer = render_html(self.kg).encode("utf-8")
            self.backend_port = free_port()
            self._process = subprocess.Popen(
                [oxigraph, "serve-read-only", "--location", os.path.join(self._folder, "db"),
                 "--bind", f"127.0.0.1:{self.backend_port}", "--union-default-graph",
                 "--timeout-s", str(self.timeout)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,  # Ctrl-C reaches us only; stop() ends Oxigraph in order
                preexec_fn=_ended_with_this_process(),
            )
            self._wait_for_backend()
        except BaseException:  # Ctrl-C while copying included: leave no process or folder behind
            self.stop()
            raise
        self._thread = threading.Thread(target=self._front.serve_forever, name="orggraph-serve", daemon=True)
        self._thread.start()
        return self

    def _wait_for_backend(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                reason = self._process.stderr.read().decode("utf-8", "replace").strip().splitlines()
                raise StoreError("Oxigraph's server stopped at once: " + (reason[-1] if reason else "no reason given"))
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.backend_port), timeout=1).close()
                return
            time.sleep(0.05)
        raise StoreError("Oxigraph's server did not start within 30 seconds")

    def serve_forever(self):
        """Block until interrupted (Ctrl-C or SIGTERM), then stop cleanly."""
        import signal

        def interrupt(*_):
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, interrupt)
        try:
            while self._process.poll() is None:
                time.sleep(0.5)
            raise StoreError("Oxigraph's server stopped unexpectedly")
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.stop()

    def stop(self):
        """Stop listening, stop Oxigraph and delete its temporary database."""
        if self._front is not None:
            if self._thread is not None:  # shutdown() waits for serve_forever: only call it once that runs
                self._front.shutdown()
                self._thread = None
            self._front.server_close()
            self._front = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process.stderr.close()
            self._process = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------ one query

    def answer(self, query: str, accept: str, requested: str | None):
        """(status, content type, body bytes, extra headers) for one query."""
        if _uses_service(query):  # before check_query, which evaluates an ASK (and so its SERVICE) at once
            return 400, "text/plain; charset=utf-8", _NO_SERVICE, {}
        try:
            check_query(query)
        except QuerySyntaxError as error:
            return 400, "text/plain; charset=utf-8", f"{error}\n".encode(), {}
        except QueryError as error:
            return 403 if "Update" in str(error) else 400, "text/plain; charset=utf-8", f"{error}\n".encode(), {}
        query = _PROLOGUE + query
        connection = http.client.HTTPConnection("127.0.0.1", self.backend_port, timeout=self.timeout + 15)
        try:
            connection.request(
                "POST", "/query", body=query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query; charset=utf-8",
                         "Accept": "application/sparql-results+json, application/n-triples"},
            )
            response = connection.getresponse()
            if response.status != 200:
                text = response.read(2000).decode("utf-8", "replace").strip()
                return response.status if response.status < 500 else 502, "text/plain; charset=utf-8", text.encode(), {}
            kind = response.getheader("Content-Type", "")
            stream = _Tail(response)
            try:
                result, truncated = self._read(stream, kind)
            except SyntaxError:  # Oxigraph stopped the answer partway and wrote why at its end
                return self._stopped(_reason(stream.end))
        except TimeoutError:
            return 503, "text/plain; charset=utf-8", b"the query could not be answered in time", {}
        except (OSError, http.client.HTTPException):  # refused, reset or cut off: Oxigraph is gone
            return 502, "text/plain; charset=utf-8", b"the query failed: Oxigraph's server stopped answering", {}
        finally:
            connection.close()
        graph = result.type == "CONSTRUCT"
        fmt = _negotiate(accept, requested, graph)
        if fmt is None:
            offered = ", ".join((_GRAPH_TYPES if graph else _RESULT_TYPES).values())
            return 406, "text/plain; charset=utf-8", f"no acceptable format; this query can give: {offered}".encode(), {}
        body = serialize_result(result, fmt).encode("utf-8")
        content_type = (_GRAPH_TYPES if graph else _RESULT_TYPES)[fmt]
        headers = {"X-Orggraph-Truncated": "true"} if truncated else {}
        return 200, f"{content_type}; charset=utf-8", body, headers

    def _stopped(self, reason: str):
        """The answer when Oxigraph stopped a query partway, for ``reason`` (its own words, or '')."""
        if reason == _CANCELLED:
            return 503, "text/plain; charset=utf-8", (
                f"the query was stopped after the time limit of {self.timeout:g} seconds".encode()), {}
        return 502, "text/plain; charset=utf-8", f"the query failed: {reason or 'Oxigraph cut its answer short'}".encode(), {}

    def _read(self, response, kind):
        import pyoxigraph

        limit = self.max_results
        if "n-triples" in kind:
            graph = Graph()
            count = 0
            for triple in pyoxigraph.parse(response, format=pyoxigraph.RdfFormat.N_TRIPLES):
                if count == limit:
                    break
                graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
                count += 1
            truncated = count == limit and _more(response)
            result = Result("CONSTRUCT")
            result.graph = graph
            for prefix, namespace in PREFIXES.items():
                graph.bind(prefix, namespace)
            return result, truncated
        parsed = pyoxigraph.parse_query_results(response, format=pyoxigraph.QueryResultsFormat.JSON)
        if isinstance(parsed, pyoxigraph.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(parsed)
            return result, False
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in parsed.variables]
        rows = []
        truncated = False
        for solution in parsed:
            if len(rows) == limit:
                truncated = True
                break
            rows.append({var: to_rdflib(solution[str(var)]) for var in result.vars if solution[str(var)] is not None})
        result.bindings = rows
        return result, truncated


def _more(response) -> bool:
    """Whether anything but whitespace is left in a stream (more triples past the limit)."""
    with contextlib.suppress(OSError, http.client.HTTPException):
        return bool(response.read(4096).strip())
    return False


class _Tail:
    """A stream read through, keeping its last bytes: where Oxigraph writes why it stopped an answer."""

    def __init__(self, stream):
        self._stream = stream
        self.end = b""

    def read(self, size=-1):
        """Read on, remembering the last 4 KB."""
        data = self._stream.read(size)
        self.end = (self.end + data)[-4096:]
        return data


def _reason(end: bytes) -> str:
    """The line Oxigraph wrote after its last result when it stopped an answer, or '' if there is none.

    Results end in ``[`` or ``}`` (JSON) or a newline (N-Triples); Oxigraph's reasons start with a letter.
    """
    reason = re.split(r"[\[}\n]", end.decode("utf-8", "replace").rstrip())[-1].strip()
    return reason if reason[:1].isalpha() else ""


def _ended_with_this_process():
    """What ``Popen`` runs in Oxigraph's process before it starts, so that it ends when ours does; or None.

    Killed outright (SIGKILL), ``orggraph serve`` cannot stop Oxigraph itself,
    which would go on holding its port. On Linux the child asks the kernel
    for SIGTERM when its parent goes (``PR_SET_PDEATHSIG``). The kernel sends
    it when the starting *thread* ends, so this is only done from the main
    thread: a server started from a worker thread is stopped by ``stop()``.
    """
    if not sys.platform.startswith("linux") or threading.current_thread() is not threading.main_thread():
        return None
    import ctypes
    import signal

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: the child only calls it
    set_parent_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>
    return lambda: prctl(set_parent_death_signal, signal.SIGTERM)


def _uses_service(query: str) -> bool:
    """Whether Oxigraph may read a SERVICE clause in ``query``, and so fetch a URL.

    Only a query holding the word is looked at; SPARQL lets ``\\u`` escapes
    stand anywhere, so its text is also read with them decoded.

    * Token by token: a word holding SERVICE counts when an endpoint (a
      variable, an IRI or a prefixed name, after an optional SILENT) and
      then ``{`` follow it; strings, comments, variables and names that
      merely hold the word (``service:``, ``ex:serviceDesk``) do not.
    * Then rdflib's parser, where it can read the query: any SERVICE in it
      counts. A token scan cannot tell every name apart from what follows.
    * Where rdflib cannot read it: an "IRI" holding the word and a ``)``
      counts, since after a value Oxigraph reads ``<`` as less-than and the
      rest as more query (``FILTER(1<2)SERVICEex:x#>``).
    """
    texts = [text for text in dict.fromkeys((query, _CODEPOINT.sub(_codepoint, query))) if "service" in text.lower()]
    if not texts:
        return False
    tokens = [[t[0] for t in _TOKEN.finditer(text) if not t[0].isspace() and not t[0].startswith("#")] for text in texts]
    for found in tokens:
        for at, token in enumerate(found):
            word = _SERVICE_WORD.fullmatch(token)
            if word and _service_clause(([word[1]] if word[1] else []) + found[at + 1:at + 4]):
                return True
    read = _services_rdflib_reads(texts[-1])
    if read is not None:
        return read
    return any(token.startswith("<") and ")" in token and "service" in token.lower() for found in tokens for token in found)


def _services_rdflib_reads(text: str) -> bool | None:
    """Whether rdflib's parser finds a SERVICE in ``text``; None when it cannot read it (or it is too long to try)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    nodes = rdflib_parse_nodes(text)
    if nodes is None:
        return None
    return any(isinstance(node, CompValue) and node.name == "ServiceGraphPattern" for node in nodes)


def _service_clause(rest: list[str]) -> bool:
    """Whether the tokens after the word SERVICE make a clause: ``[SILENT] endpoint {``."""
    if rest and rest[0].upper() == "SILENT":
        rest = rest[1:]
    return len(rest) >= 2 and rest[1] == "{" and (rest[0][0] in "?$<" or ":" in rest[0])


def _codepoint(escape) -> str:
    """The character a ``\\uXXXX`` or ``\\UXXXXXXXX`` escape stands for (one past Unicode stays as it is)."""
    value = int(escape[1] or escape[2], 16)
    return chr(value) if value <= 0x10FFFF else escape[0]


def _negotiate(accept: str, requested: str | None, graph: bool) -> str | None:
    """The output format: a ``format`` parameter wins, then the Accept header (q-values honoured)."""
    table = _GRAPH_TYPES if graph else _RESULT_TYPES
    if requested:
        fmt = _FORMAT_PARAMETER.get(requested.lower(), requested.lower())
        return fmt if fmt in table else None
    by_type = {v: k for k, v in table.items()}
    choices = []
    for position, part in enumerate((accept or "*/*").split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                with contextlib.suppress(ValueError):
                    q = float(p[2:])
        choices.append((-q, position, media.lower()))
    for negative_q, _, media in sorted(choices):
        if negative_q == 0:
            continue
        if media in by_type:
            return by_type[media]
        alias = _ACCEPT_ALIASES.get(media)
        if alias in table:
            return alias
        if media in ("*/*", "application/*", "text/*", "text/html"):
            return "turtle" if graph else "json"
    return None


class _Front(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # socketserver's 5 resets connections when many clients arrive at once

    def __init__(self, address, handler, endpoint):
        self.endpoint = endpoint
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "orggraph"
    disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms for an ACK

    def log_message(self, *args):  # quiet: a server under load must not spend its time on stderr
        pass

    def do_GET(self):
        path, _, raw_query = self.path.partition("?")
        params = urllib.parse.parse_qs(raw_query, keep_blank_values=True)
        endpoint = self.server.endpoint
        if path == "/":
            return self._send(200, "text/html; charset=utf-8", _form(endpoint).encode("utf-8"))
        if path == "/view.html":
            return self._send(200, "text/html; charset=utf-8", endpoint._viewer)
        if path == "/sparql":
            return self._sparql(params)
        self._send(404, "text/plain; charset=utf-8", b"not found: the SPARQL endpoint is /sparql\n")

    def do_POST(self):
        path = self.path.partition("?")[0]
        if path != "/sparql":
            return self._send(404, "text/plain; charset=utf-8", b"not found: the SPARQL endpoint is /sparql\n")
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1_000_000:
            return self._send(413, "text/plain; charset=utf-8", b"query too long\n", close=True)
        body = self.rfile.read(length).decode("utf-8", "replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(self.path.partition("?")[2], keep_blank_values=True)
        if content_type == "application/sparql-query":
            params["query"] = [body]
        elif content_type == "application/sparql-update":
            params["update"] = [body]
        elif content_type == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            return self._send(415, "text/plain; charset=utf-8",
                              b"send the query as application/sparql-query or as a form field 'query'\n")
        self._sparql(params)

    def do_PUT(self):
        self._refuse()

    do_DELETE = do_PATCH = do_PUT

    def _refuse(self):
        self._send(405, "text/plain; charset=utf-8", b"this endpoint is read-only\n", {"Allow": "GET, POST"})

    def _sparql(self, params):
        if "update" in params:
            return self._send(403, "text/plain; charset=utf-8", _READ_ONLY)
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            return self._send(400, "text/plain; charset=utf-8", b"give exactly one 'query' parameter\n")
        requested = (params.get("format") or params.get("output") or [None])[0]
        try:
            status, content_type, body, headers = self.server.endpoint.answer(
                queries[0], self.headers.get("Accept", "*/*"), requested
            )
        except QueryError as error:  # an answer orggraph cannot pass on (an RDF 1.2 triple term)
            status, content_type, headers, body = 422, "text/plain; charset=utf-8", {}, f"{error}\n".encode()
        except Exception as error:  # one bad answer must not take the connection or the server down
            status, content_type, headers = 500, "text/plain; charset=utf-8", {}
            body = f"internal error: {type(error).__name__}: {error}".encode()
        self._send(status, content_type, body, headers)

    def _send(self, status, content_type, body: bytes, headers=None, close=False):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


_EXAMPLE = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX og: <https://w3id.org/orggraph/ns#>

SELECT ?name ?postLabel WHERE {
  ?m org:member ?person ; og:post ?post .
  ?person foaf:name ?name .
  ?post skos:prefLabel ?postLabel .
}
ORDER BY ?name
LIMIT 50"""


def _form(endpoint) -> str:
    viewer = '<p><a href="/view.html">Open the interactive viewer</a> (the organisation over time).</p>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>orggraph SPARQL endpoint</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; max-width: 70em; }}
textarea {{ width: 100%; height: 16em; font-family: monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }} td, th {{ border: 1px solid #ccc; padding: .2em .5em; text-align: left; }}
#status {{ color: #a00; white-space: pre-wrap; }}
</style></head><body>
<h1>orggraph SPARQL endpoint</h1>
<p>The SPARQL 1.1 endpoint is <code>/sparql</code> (GET or POST, read-only). Queries stop after
{endpoint.timeout:g} seconds and return at most {endpoint.max_results} results.</p>
{viewer}
<form id="form" method="post" action="/sparql">
<textarea name="query" id="query" spellcheck="false">{html.escape(_EXAMPLE)}</textarea>
<p><label>Results as <select name="format" id="format">
<option value="">table (here)</option><option value="json">JSON</option><option value="xml">XML</option>
<option value="csv">CSV</option><option value="tsv">TSV</option><option value="turtle">Turtle</option></select></label>
<button type="submit">Run query</button></p>
</form>
<div id="status"></div><div id="results"></div>
<script>
document.getElementById("form").addEventListener("submit", async (event) => {{
  if (document.getElementById("format").value) return;  // a file download: let the form post
  event.preventDefault();
  const status = document.getElementById("status"), out = document.getElementById("results");
  status.textContent = "Running…"; out.textContent = "";
  const response = await fetch("/sparql", {{method: "POST",
    headers: {{"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle"}},
    body: document.getElementById("query").value}});
  const text = await response.text();
  if (!response.ok) {{ status.textContent = "Error " + response.status + ": " + text; return; }}
  status.textContent = response.headers.get("X-Orggraph-Truncated") ? "Results cut at the limit." : "";
  if (!(response.headers.get("Content-Type") || "").includes("json")) {{
    const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre); return; }}
  const data = JSON.parse(text);
  if ("boolean" in data) {{ out.textContent = String(data.boolean); return; }}
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) {{ const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }}
  for (const row of data.results.bindings) {{
    const tr = table.insertRow();
    for (const v of data.head.vars) tr.insertCell().textContent = row[v] ? row[v].value : "";
  }}
  out.appendChild(table);
}});
</script>
</body></html>
"""
