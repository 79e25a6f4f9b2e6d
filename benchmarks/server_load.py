"""Benchmark: `orggraph serve` under load on loopback, with and without a runaway query.

Starts ``orggraph serve`` (the program beside this Python) on a free loopback
port over the bundled Birmingham data, then

1. sends QUERIES queries from CLIENTS concurrent clients (each its own
   keep-alive HTTP connection), a mix of the named queries with their example
   parameters, a name list, an ASK and a CONSTRUCT;
2. does the same again while one more client sends a runaway query (a count
   over a three-way cross product of every triple) again and again, each
   stopped by the server's time limit.

For each run: throughput, latency p50/p95/p99/max, and errors (anything but
HTTP 200 with a body that parses); for the second, also what the runaway
client got. Both runs are bounded: at most QUERIES queries and LIMIT seconds.

    .venv/bin/python benchmarks/server_load.py [--queries 1000] [--clients 20] [--limit 300] [--timeout 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from orggraph.queries import bind_parameters, list_queries
from orggraph.sparql import substitute

ORGGRAPH = str(Path(sys.executable).parent / "orggraph")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def query_mix() -> list[tuple[str, str, str]]:
    """(name, query text, Accept) for the load: every named query with its example values, and a few more."""
    mix = []
    for named in list_queries():
        values = {p.name: p.example for p in named.parameters}
        text = substitute(named.text, bind_parameters(None, named, values)) if values else named.text
        mix.append((named.name, text, "application/sparql-results+json"))
    mix += [
        ("names", "SELECT ?p ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name",
         "application/sparql-results+json"),
        ("ask", "ASK { ?p foaf:name 'Mark Rogers' }", "application/sparql-results+json"),
        ("names-csv", "SELECT ?name WHERE { ?p foaf:name ?name }", "text/csv"),
        ("construct", "CONSTRUCT { ?post skos:prefLabel ?l ; org:reportsTo ?b } "
                      "WHERE { ?post a org:Post ; skos:prefLabel ?l OPTIONAL { ?post org:reportsTo ?b } }",
         "text/turtle"),
    ]
    return mix


class Server:
    def __init__(self, timeout: int):
        self.process = subprocess.Popen([ORGGRAPH, "serve", "--port", "0", "--timeout", str(timeout)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        if not match:
            self.process.kill()
            sys.exit(f"orggraph serve did not start: {line}")
        self.host, self.port = match.group(1), int(match.group(2))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def ask(connection, text: str, accept: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": text}).encode()
    connection.request("POST", "/sparql", body=body,
                       headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
    response = connection.getresponse()
    return response.status, response.read()


def well_formed(accept: str, data: bytes) -> bool:
    if "json" in accept:
        parsed = json.loads(data)
        return "boolean" in parsed or bool(parsed["results"]["bindings"])
    return len(data) > 0


def run(server: Server, queries: int, clients: int, limit: float, runaway: bool, timeout: int) -> dict:
    mix = query_mix()
    lock = threading.Lock()
    issued = [0]
    latencies: list[float] = []
    errors: list[str] = []
    runaway_results: list[tuple[int, float]] = []
    deadline = time.monotonic() + limit
    done = threading.Event()

    def client(number: int):
        connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout + 30)
        while time.monotonic() < deadline:
            with lock:
                if issued[0] >= queries:
                    return
                index = issued[0]
                issued[0] += 1
            name, text, accept = mix[(index + number) % len(mix)]
            started = time.monotonic()
            try:
                status, data = ask(connection, text, accept)
                ok = status == 200 and well_formed(accept, data)
                problem = None if ok else f"{name}: HTTP {status} {data[:100]!r}"
            except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
                problem = f"{name}: {type(error).__name__}: {error}"
                connection.close()
                connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout + 30)
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)
        connection.close()

    def runaway_client():
        connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout + 30)
        while not done.is_set() and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status, _ = ask(connection, RUNAWAY, "application/sparql-results+json")
            except (OSError, http.client.HTTPException):
                status = -1
                connection.close()
                connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout + 30)
            runaway_results.append((status, time.monotonic() - started))
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    extra = threading.Thread(target=runaway_client) if runaway else None
    if extra:
        extra.start()
        time.sleep(0.2)  # the runaway is already running when the others start
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    done.set()
    if extra:
        extra.join()
    return {"latencies": latencies, "errors": errors, "wall": wall, "runaway": runaway_results}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(title: str, result: dict, timeout: int):
    lat = result["latencies"]
    print(f"\n{title}")
    print(f"  queries answered: {len(lat)} in {result['wall']:.2f} s  ->  {len(lat) / result['wall']:.0f} queries/s")
    if lat:
        ms = [x * 1000 for x in lat]
        print(f"  latency ms: p50 {percentile(ms, 50):.1f}  p95 {percentile(ms, 95):.1f}  "
              f"p99 {percentile(ms, 99):.1f}  max {max(ms):.1f}  mean {statistics.mean(ms):.1f}")
    print(f"  errors: {len(result['errors'])}")
    for problem in result["errors"][:5]:
        print(f"    {problem}")
    if result["runaway"]:
        statuses = sorted({s for s, _ in result["runaway"]})
        print(f"  runaway client: {len(result['runaway'])} runaway queries, HTTP {statuses}, each stopped after "
              f"{min(d for _, d in result['runaway']):.2f}-{max(d for _, d in result['runaway']):.2f} s "
              f"(time limit {timeout} s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000, help="queries per run (default 1000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--limit", type=float, default=300, help="seconds a run may take at most (default 300)")
    parser.add_argument("--timeout", type=int, default=5, help="the server's --timeout (default 5, as orggraph serve)")
    args = parser.parse_args()
    server = Server(args.timeout)
    try:
        # warm up: one of each query, so that the first run does not count start-up costs
        connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
        for _, text, accept in query_mix():
            ask(connection, text, accept)
        connection.close()
        print(f"orggraph serve on {server.host}:{server.port}; {len(query_mix())} kinds of query; "
              f"{args.queries} queries from {args.clients} clients per run")
        plain = run(server, args.queries, args.clients, args.limit, False, args.timeout)
        report("1. load alone", plain, args.timeout)
        loaded = run(server, args.queries, args.clients, args.limit, True, args.timeout)
        report("2. the same load while one more client sends runaway queries", loaded, args.timeout)
        if plain["latencies"] and loaded["latencies"]:
            ratio = percentile(loaded["latencies"], 95) / percentile(plain["latencies"], 95)
            print(f"\n  p95 with a runaway / p95 alone: {ratio:.2f}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
