"""Large RDF files straight into the embedded Oxigraph store, with the loader's strict date checks.

rdflib's in-memory store is the bottleneck on big data (about a minute for
100,000 people); Oxigraph's bulk loader parses and indexes the same file in a
few seconds. :func:`bulk_load_files` gives :meth:`pyoxigraph.Store.bulk_load`
each file's path, on a thread of its own, and meanwhile

* reports how far Oxigraph has read (for a progress bar), and
* reads the file itself to find every literal typed ``xsd:date``,
  ``xsd:gYearMonth``, ``xsd:gYear`` or ``xsd:dateTime`` in the text and check
  it, so a malformed date is a :class:`~orggraph.errors.LoadError` naming file
  and line, as on the in-memory path. Each distinct value is checked once.

The two run on both cores at once. A file under 1 MB, one that starts with a
byte-order mark, or a big one loaded into a database on disk in batches, is
handed to Oxigraph through the same reader instead, which checks the dates on
the way.

After loading, date properties (``time:inXSDDate``, ``prov:startedAtTime``, ...)
are checked for the right datatype with SPARQL inside Oxigraph, so nothing is
copied into Python but the offending values.

Examples
--------
>>> import pyoxigraph, orggraph
>>> store = pyoxigraph.Store()
>>> files = data_files_by_size([bundled_data_dir()])
>>> bulk_load_files(store, files, base=BIRMINGHAM_BASE)
>>> len(store) > 500
True
"""

from __future__ import annotations

import os
import re
import threading
from itertools import islice
from pathlib import Path

from rdflib import Literal, URIRef

from .dates import PartialDate
from .errors import DateError, LoadError
from .kg import _DATE_PROPERTIES, _quiet_rdflib_literals, _short, bundled_data_dir, data_files  # noqa: F401  (bundled_data_dir: example)
from .vocab import BIRMINGHAM_BASE  # noqa: F401  (used by the example)

_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOM = b"\xef\xbb\xbf"
_PRECISION_OF_NAME = {"date": "day", "gYearMonth": "month", "gYear": "year"}
#: Bytes handed to the parser at a time.
CHUNK = 8 * 2**20
#: Files from this size up are parsed by Oxigraph on a thread of its own while their dates are checked here
#: (see :func:`_load_beside_scan`); a smaller one is read through the checking reader, as a thread and
#: its 8 MB buffer would cost more than they save.
BESIDE_ABOVE_BYTES = 2**20
#: Quads per call of Oxigraph's bulk loader when loading large files into a database on disk
#: (see :func:`bulk_load_files`), and the size of data from which that is done.
DISK_BATCH_QUADS = 500_000
DISK_BATCH_ABOVE_BYTES = 2**30


def _formats():
    import pyoxigraph as ox

    return {
        ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
        ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".n3": ox.RdfFormat.N3,
        ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
        ".jsonld": ox.RdfFormat.JSON_LD, ".json-ld": ox.RdfFormat.JSON_LD,
    }


#: Formats whose date literals the reader can find in the text (``"..."^^<xsd#date>`` or ``xsd:date``);
#: for the others every date literal is checked in the store after loading.
_SCANNED = {".ttl", ".turtle", ".trig", ".nt", ".nq", ".n3"}
_QUAD_SUFFIXES = {".trig", ".nq"}
_TURTLE_LIKE = {".ttl", ".turtle", ".trig", ".n3"}  # prefixes, and literals in single quotes


def data_files_by_size(paths) -> list[tuple[Path, int]]:
    """The RDF files under ``paths`` (as :func:`~orggraph.kg.data_files` finds them) with their sizes.

    Examples
    --------
    >>> [(p.name, n > 0) for p, n in data_files_by_size([bundled_data_dir()])][:2]
    [('bodies.ttl', True), ('events.ttl', True)]
    """
    return [(path, path.stat().st_size) for path in data_files(paths)]


def bulk_load_files(store, files, base=None, progress=None, bundled=(), batch_quads=None) -> None:
    """Load files into a :class:`pyoxigraph.Store`, one named graph per file (TriG/N-Quads keep theirs).

    Oxigraph's bulk loader sorts a million quads per thread at a time: at a
    million people that peaks at 2.2 GB whatever the store. With
    ``batch_quads`` the file is parsed once (so its blank nodes stay the same
    nodes) and handed to the bulk loader that many quads at a time, which
    bounds the memory (0.9 GB at a million people with 500,000) at the cost of
    making a Python object per quad (two to three times as slow).

    Parameters
    ----------
    store : pyoxigraph.Store
        Where the triples go; on error it may hold part of the data.
    files : list of (Path, int)
        Files and their sizes in bytes, as :func:`data_files_by_size` gives them.
    base : str, optional
        Base IRI for relative IRIs. Default: each file's own ``file:`` IRI.
    progress : callable, optional
        Called as ``progress(bytes_done, bytes_total)`` as the files are read.
    bundled : collection of Path
        Files whose relative IRIs resolve against the Birmingham base when ``base`` is None.
    batch_quads : int, optional
        Load in batches of this many quads (for a database on disk, :data:`DISK_BATCH_QUADS`).

    Raises
    ------
    LoadError
        A file cannot be read or parsed, or holds a malformed or ill-typed
        date; the message names the file and, where known, the line.

    Examples
    --------
    >>> import pyoxigraph
    >>> store = pyoxigraph.Store()
    >>> bulk_load_files(store, data_files_by_size([bundled_data_dir()]), base=BIRMINGHAM_BASE)
    >>> bool(store.query("ASK { GRAPH ?g { ?p a <http://xmlns.com/foaf/0.1/Person> } }"))
    True
    """
    import pyoxigraph as ox

    formats = _formats()
    total = sum(size for _, size in files)
    done = 0
    for path, size in files:
        suffix = path.suffix.lower()
        name = path.resolve().as_uri()
        graph = None if suffix in _QUAD_SUFFIXES else ox.NamedNode(name)
        file_base = base or (BIRMINGHAM_BASE if path in bundled else name)
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise LoadError(path, error.strerror) from None
        with handle:
            report = (lambda n: progress(done + n, total)) if progress else (lambda n: None)
            reader = _CheckingReader(handle, suffix in _SCANNED, report, turtle=suffix in _TURTLE_LIKE)
            try:
                if batch_quads:
                    _load_in_batches(store, reader, formats[suffix], file_base, graph, batch_quads)
                elif size < BESIDE_ABOVE_BYTES or handle.read(len(_BOM)) == _BOM:  # Oxigraph would refuse a BOM
                    handle.seek(0)
                    store.bulk_load(reader, formats[suffix], base_iri=file_base, to_graph=graph)
                else:
                    handle.seek(0)
                    _load_beside_scan(store, path, reader, formats[suffix], file_base, graph)
            except SyntaxError as error:
                raise LoadError(path, *_describe_syntax_error(error, suffix)) from None
            except UnicodeDecodeError as error:
                raise LoadError(path, f"not UTF-8 text ({error.reason})", reader.line_of_undecodable()) from None
            except (OSError, ValueError) as error:
                if reader.problem is None:
                    raise LoadError(path, f"cannot parse: {error}") from None
        problems = [reader.problem] if reader.problem else []
        problems += _typed_date_problems(store, graph, path) if suffix not in _SCANNED else []
        problems += _property_problems(store, graph, path)
        if problems:
            line, message = min(problems, key=lambda p: p[0] or 0)
            raise LoadError(path, message, line)
        done += size
        if progress:
            progress(done, total)


def _load_beside_scan(store, path, reader, rdf_format, base, graph) -> None:
    """Oxigraph parses the file by its path on a thread of its own, while this one checks its dates with ``reader``.

    Oxigraph lets go of the GIL while it loads from a path, so the two use
    both cores and the dates cost no waiting; given a Python reader instead,
    Oxigraph would take the GIL back for every 2 KB it reads. Progress is
    how far Oxigraph has read the file. Oxigraph cannot be stopped midway:
    interrupted (Ctrl-C), this waits for it to finish the file before it
    raises, so that nothing clears or removes the store under it (a second
    interrupt stops waiting).
    """
    failure: list[BaseException] = []

    def load():
        try:
            store.bulk_load(path=str(path), format=rdf_format, base_iri=base, to_graph=graph)
        except BaseException as error:  # noqa: BLE001  (raised again below, in the caller's thread)
            failure.append(error)

    parsed = _ReadOffset(path, besides=reader.handle.fileno())
    worker = threading.Thread(target=load, name=f"orggraph load {path.name}", daemon=True)
    worker.start()
    try:
        if reader.scan:
            reader.scan_to_end(lambda: reader.report(parsed()))
        while worker.is_alive():
            worker.join(0.05)
            reader.report(parsed())
    except BaseException:
        while worker.is_alive():
            worker.join(0.05)
        raise
    if failure:
        raise failure[0]


class _ReadOffset:
    """How far another thread has read a file, never going back: its own descriptor's offset, from ``/proc`` (Linux).

    0 until that descriptor is seen (always, where the system does not tell);
    the file's size once the descriptor has been seen and closed again.
    """

    def __init__(self, path: Path, besides: int):
        self.target, self.besides, self.size = os.path.realpath(path), str(besides), os.path.getsize(path)
        self.fd, self.furthest = None, 0

    def __call__(self) -> int:
        try:
            if self.fd is None or os.readlink(f"/proc/self/fd/{self.fd}") != self.target:
                self.fd = next(fd for fd in os.listdir("/proc/self/fd")
                               if fd != self.besides and _link(f"/proc/self/fd/{fd}") == self.target)
            with open(f"/proc/self/fdinfo/{self.fd}") as info:
                offset = int(info.readline().split()[1])  # "pos:\t<offset>"
        except (OSError, StopIteration, ValueError, IndexError):
            gone, self.fd = self.fd is not None, None
            offset = self.size if gone or self.furthest else 0  # seen, then closed: read to the end
        self.furthest = max(self.furthest, offset)
        return self.furthest


def _link(path: str) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


def _load_in_batches(store, reader, rdf_format, base, graph, size) -> None:
    """Parse once and bulk-load ``size`` quads at a time, into ``graph`` unless the format names its own."""
    import pyoxigraph as ox

    quads = ox.parse(reader, rdf_format, base_iri=base, rename_blank_nodes=True)  # as bulk_load: _:b of two files differ
    while True:
        if graph is None:
            batch = list(islice(quads, size))
        else:
            batch = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in islice(quads, size)]
        if not batch:
            return
        store.bulk_extend(batch)


def _describe_syntax_error(error: SyntaxError, suffix: str):
    """A one-line reason and the line, out of Oxigraph's parser error."""
    message = re.sub(r"^Parser error (at|between) .*?: ", "", error.msg or str(error))
    line = error.lineno
    if suffix in (".nt", ".nq") and error.offset == 1 and line and line > 1:
        line -= 1  # a statement without its final dot is only noticed at the start of the next line
    if message.startswith("Invalid UTF-8"):
        return f"not UTF-8 text ({message.split(': ', 1)[-1]})", line
    return f"syntax error: {message}", line


class _CheckingReader:
    """A binary file read through ``read`` (by the parser, or beside it): counts bytes and checks date literals.

    Only whole lines are checked (the rest waits for the next read), so a
    literal is never cut in two; lines are counted only when a problem is found.
    """

    #: A typed date literal in the given quotes (Turtle also allows single ones), with the prefixes of XML Schema.
    _LITERAL = (rb"%(q)s([^%(q)s\\\n]*)%(q)s\^\^(?:<http://www\.w3\.org/2001/XMLSchema#|%(names)s)"
                rb"(date|gYearMonth|gYear|dateTimeStamp|dateTime)\b")
    _PREFIX = re.compile(rb"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<http://www\.w3\.org/2001/XMLSchema#>",
                         re.IGNORECASE)

    def __init__(self, handle, scan: bool, report, turtle: bool = False):
        self.handle = handle
        self.scan = scan
        self.turtle = turtle  # prefixes and single quotes may be used (not in N-Triples or N-Quads)
        self.report = report
        self.read_bytes = 0
        self.checked_upto = 0  # file offset up to which the text has been scanned
        self.tail = b""
        self.buffer = b""
        self.position = 0
        self.problem = None
        self.pattern = None
        self.prefixes: set = set()  # the names declared so far for XML Schema's namespace
        self.checked: set = set()  # date literals seen, as findall gives them
        self.wrong: dict = {}  # those of them that are not proper dates -> why
        self.skipped = 0  # bytes of a byte-order mark at the start, not given to the parser

    def read(self, size=-1):
        if self.position >= len(self.buffer):  # the parser asks for ~2 KB at a time: read and scan 8 MB
            self.buffer = self.handle.read(CHUNK)
            self.position = 0
            if not self.read_bytes and self.buffer.startswith(_BOM):
                self.position = self.skipped = len(_BOM)  # as Notepad writes; not data (the in-memory path agrees)
            self.read_bytes += len(self.buffer)
            if self.scan and self.problem is None:
                self._scan(self.buffer[self.position:], final=not self.buffer)
            self.report(self.read_bytes)
        start = self.position
        self.position = len(self.buffer) if size is None or size < 0 else start + size
        return self.buffer[start:self.position]

    def scan_to_end(self, each_block) -> None:
        """Check the dates of the rest of the file, handing it to nobody; ``each_block()`` is called after each 8 MB.

        The file is read into one buffer again and again, not into new bytes
        each time: fresh memory is dear (on a virtual machine, touching a new
        page can cost more than scanning it).
        """
        buffer = bytearray(CHUNK)
        kept = 0  # bytes of an unfinished line, carried to the front of the buffer
        while self.problem is None:
            if kept == len(buffer):  # a line longer than the buffer
                buffer.extend(bytes(len(buffer)))
            with memoryview(buffer) as view:
                read = self.handle.readinto(view[kept:])
            end = kept + read
            cut = buffer.rfind(b"\n", 0, end) + 1 if read else end
            self._check(buffer, cut)
            buffer[:end - cut] = buffer[cut:end]
            kept = end - cut
            each_block()
            if not read:
                return

    def _scan(self, chunk: bytes, final: bool) -> None:
        text = self.tail + chunk
        cut = len(text) if final else text.rfind(b"\n") + 1
        self.tail = text[cut:]
        self._check(text, cut)

    def _check(self, text, end: int) -> None:
        """Check the date literals in ``text[:end]`` (whole lines: bytes or a bytearray), after what was checked."""
        if not end:  # no whole line yet: the prefixes are looked for in the first one there is
            return
        turtle = self.turtle
        if self.pattern is None or turtle and text.find(b"2001/XMLSchema#>", 0, end) >= 0:  # a prefix for it
            declared = set(self._PREFIX.findall(text, 0, end)) if turtle else set()
            if self.pattern is None or not declared <= self.prefixes:
                self.prefixes |= declared
                names = b"(?:" + b"|".join(re.escape(p) + b":" for p in sorted(self.prefixes) or [b"xsd"]) + b")"
                self.pattern, self.single_quoted = (re.compile(self._LITERAL % {b"q": quote, b"names": names})
                                                    for quote in (b'"', b"'"))
        start = self.checked_upto
        # The distinct (value, datatype) pairs are collected in C; only a bad one is looked for match by match.
        # Single quotes (Turtle only) are looked for only where the text has them before a datatype.
        patterns = [self.pattern] + ([self.single_quoted] if turtle and text.find(b"'^^", 0, end) >= 0 else [])
        found = set().union(*(pattern.findall(text, 0, end) for pattern in patterns))
        for key in found.difference(self.checked):
            self.checked.add(key)
            message = _date_problem(*(part.decode("utf-8", "replace") for part in key))
            if message:
                self.wrong[key] = message
        if not found.isdisjoint(self.wrong):
            match = min((match for pattern in patterns for match in pattern.finditer(text, 0, end)
                         if match.group(1, 2) in self.wrong), key=lambda match: match.start())
            self.problem = (self._line_at(start + match.start()), self.wrong[match.group(1, 2)])
        self.checked_upto = start + end

    def _line_at(self, offset: int) -> int:
        """The line holding byte ``offset`` (read again from the start: only done for an error)."""
        position = self.handle.tell()
        self.handle.seek(0)
        line = self.handle.read(self.skipped + offset).count(b"\n") + 1
        self.handle.seek(position)
        return line

    def line_of_undecodable(self):
        position = self.handle.tell()
        self.handle.seek(0)
        for number, raw in enumerate(self.handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                self.handle.seek(position)
                return number
        self.handle.seek(position)
        return None


def _date_problem(value: str, datatype: str) -> str | None:
    """Why a date literal is wrong, or None when it is a canonical, possible date."""
    if datatype == "dateTimeStamp":
        datatype = "dateTime"
    precision = _PRECISION_OF_NAME.get(datatype)
    try:  # laid out as it should be (the usual case): only whether the day can be, without an rdflib Literal
        if precision and PartialDate.from_layout(value, precision):
            return None
    except DateError as error:
        return str(error)
    try:
        with _quiet_rdflib_literals():
            PartialDate.from_literal(Literal(value, datatype=URIRef(_XSD + datatype)))
    except DateError as error:
        return str(error)
    return None


def _typed_date_problems(store, graph, path) -> list:
    """Every date literal of a file the reader could not scan (RDF/XML, JSON-LD), checked in the store."""
    where = f"GRAPH <{graph.value}>" if graph is not None else ""  # TriG/N-Quads: every graph, the default one too
    types = ", ".join(f"<{_XSD}{t}>" for t in ("date", "gYearMonth", "gYear", "dateTime"))
    query = f"SELECT DISTINCT ?o WHERE {{ {where} {{ ?s ?p ?o }} FILTER(isLiteral(?o) && datatype(?o) IN ({types})) }}"
    problems = []
    for row in store.query(query, use_default_graph_as_union=graph is None):
        value = row["o"]
        message = _date_problem(value.value, value.datatype.value.rsplit("#", 1)[1])
        if message:
            problems.append((_locate(path, value.value), message))
    return problems


def _property_problems(store, graph, path) -> list:
    """Date properties whose value is not a literal of an allowed datatype, found by SPARQL in the store."""
    where = f"GRAPH <{graph.value}>" if graph is not None else ""  # TriG/N-Quads: every graph, the default one too
    problems = []
    for prop, allowed in _DATE_PROPERTIES.items():
        types = ", ".join(f"<{t}>" for t in allowed)
        query = (f"SELECT ?o WHERE {{ {where} {{ ?s <{prop}> ?o }} "
                 f"FILTER(!isLiteral(?o) || !(datatype(?o) IN ({types}))) }} LIMIT 1")
        for row in store.query(query, use_default_graph_as_union=graph is None):
            value = row["o"]
            text = value.value
            if not hasattr(value, "datatype"):
                message = f"{_short(prop)} must be a dated literal, not {text}"
            else:
                kinds = " or ".join(sorted(_short(d) for d in allowed))
                datatype = value.datatype.value
                plain = datatype in (_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
                message = (f"{_short(prop)} value {text!r} must be typed {kinds}"
                           + (" (it has no datatype)" if plain else f", not {_short(datatype)}"))
            problems.append((_locate(path, text), message))
    return problems


def _locate(path, value: str):
    """The line where ``value`` first appears in the file, quoted if possible (read line by line)."""
    for needle in (f'"{value}"', value):
        encoded = needle.encode("utf-8")
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if encoded in line:
                    return number
    return None
