"""Loading the knowledge graph: the ontology plus one or more RDF datasets.

Examples
--------
>>> import orggraph
>>> kg = orggraph.load()
>>> len(kg.graph) > 500
True
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import re
import sys
import threading
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, TIME, XSD

from .dates import PartialDate
from .errors import DateError, LoadError, OrggraphError
from .vocab import BIRMINGHAM_BASE

_HERE = Path(__file__).resolve().parent
_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
}
_DATE_TYPES = {XSD.date, XSD.gYearMonth, XSD.gYear, XSD.dateTime}
#: Properties whose value must be a typed literal of one of these datatypes.
_DATE_PROPERTIES = {
    TIME.inXSDDate: {XSD.date},
    TIME.inXSDgYearMonth: {XSD.gYearMonth},
    TIME.inXSDgYear: {XSD.gYear},
    TIME.inXSDDateTimeStamp: {XSD.dateTimeStamp, XSD.dateTime},
    PROV.startedAtTime: _DATE_TYPES,
    PROV.endedAtTime: _DATE_TYPES,
    DCTERMS.issued: _DATE_TYPES,
}


def _resource_dir(name: str) -> Path:
    """Where a bundled folder lives: the source checkout, else inside the installed wheel."""
    for candidate in (_HERE.parents[1] / name, _HERE / "_bundled" / name):
        if candidate.is_dir():
            return candidate
    raise OrggraphError(f"the bundled {name}/ folder is missing from this installation")


def ontology_dir() -> Path:
    """The folder holding ``orggraph.ttl`` and ``shapes.ttl``.

    Examples
    --------
    >>> sorted(p.name for p in ontology_dir().glob("*.ttl"))
    ['orggraph.ttl', 'shapes.ttl']
    """
    return _resource_dir("ontology")


def bundled_data_dir() -> Path:
    """The folder of the bundled Birmingham City Council dataset.

    Examples
    --------
    >>> (bundled_data_dir() / "people.ttl").is_file()
    True
    """
    return _resource_dir("data") / "birmingham"


class KnowledgeGraph:
    """The ontology and the data, one named graph per file, queried as their union.

    ``kg.graph`` is an rdflib :class:`~rdflib.Dataset` whose default graph is
    the union of all files, so SPARQL over it sees everything.
    """

    def __init__(self, dataset: Dataset, files: list[Path]):
        self.graph = dataset
        self.files = files

    def query(self, query: str, **bindings):
        """Run SPARQL over the whole graph; keyword arguments become ``initBindings``.

        >>> kg = load()
        >>> from rdflib import Literal
        >>> q = "SELECT ?p WHERE { ?p foaf:name ?name }"
        >>> [str(r.p) for r in kg.query(q, name=Literal("Mark Rogers"))]
        ['https://w3id.org/orggraph/id/birmingham/person/mark-rogers']
        """
        return self.graph.query(query, initBindings=bindings or None)

    @functools.cached_property
    def facts(self):
        """The people, bodies, posts, memberships, events and sources, read once."""
        from .facts import extract

        return extract(self)

    def triple_count(self) -> int:
        """How many distinct triples the graph holds: ``len(kg.graph)``, without a full count on Oxigraph.

        On the Oxigraph store ``len(kg.graph)`` counts every distinct triple with
        SPARQL (seconds at a few million triples); this reads the store's own
        count of quads instead and subtracts the triples stated in more than one
        file, which only needs the quads outside the largest file looked at.

        Examples
        --------
        >>> kg = load()
        >>> kg.triple_count() == len(kg.graph) == load(store="oxigraph").triple_count()
        True
        """
        from .stores import _distinct_triples, oxigraph_store

        store = oxigraph_store(self)
        return len(self.graph) if store is None else _distinct_triples(store, self.files)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self.files)} files, {self.triple_count()} triples>"


def data_files(paths) -> list[Path]:
    """Expand files and folders into the RDF files they hold, in a stable order.

    Raises
    ------
    LoadError
        A path is missing, a folder holds no RDF files, or a file's type is unknown.

    Examples
    --------
    >>> [p.name for p in data_files([bundled_data_dir()])][:3]
    ['bodies.ttl', 'events.ttl', 'memberships.ttl']
    """
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in _FORMATS and p.is_file())
            if not found:
                raise LoadError(path, "no RDF files (.ttl, .trig, .nt, .nq, .jsonld, .rdf) in this folder")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in _FORMATS:
                raise LoadError(path, f"unknown RDF file type {path.suffix!r}; use one of {', '.join(sorted(_FORMATS))}")
            files.append(path)
        else:
            raise LoadError(path, "no such file or folder")
    return files


#: Data larger than this (bytes, all files together) goes into the embedded Oxigraph store
#: when ``load`` is left to choose; smaller data is parsed by rdflib into memory.
AUTO_OXIGRAPH_BYTES = 8 * 2**20


def load(paths=None, store: str = "auto", base: str | None = None) -> KnowledgeGraph:
    """Load the ontology and RDF data into a :class:`KnowledgeGraph`.

    Parameters
    ----------
    paths : list of str or Path, optional
        RDF files or folders of them. Default: the bundled Birmingham dataset.
    store : str
        ``"auto"`` (the default: rdflib in memory for data up to
        :data:`AUTO_OXIGRAPH_BYTES`, the embedded Oxigraph store in memory for
        larger data), ``"memory"`` (rdflib), ``"oxigraph"`` (Oxigraph in
        memory), ``"oxigraph:PATH"`` (an Oxigraph database on disk, filled from
        the files when ``paths`` is given; without them PATH must already hold
        one, made by ``orggraph load``) or ``"sparql:URL"`` (a SPARQL server's
        query endpoint); see :mod:`orggraph.stores`.
    base : str, optional
        Base IRI for relative IRIs in the data files. Default: the Birmingham
        base for the bundled data, the file's own location otherwise.

    Raises
    ------
    LoadError
        A file is missing, cannot be parsed, or holds a malformed date; the
        message names the file and line.
    StoreError
        ``oxigraph:PATH`` without ``paths``, and no database (or an empty one,
        or a damaged one) at PATH; with ``paths``, a database at PATH that a
        graph in this process or another process (a server) is using.

    Examples
    --------
    >>> kg = load()
    >>> [p.name for p in kg.files if p.parent.name == "birmingham"]
    ['bodies.ttl', 'events.ttl', 'memberships.ttl', 'people.ttl', 'posts.ttl', 'roles.ttl', 'sources.ttl']
    >>> from orggraph.stores import describe_store
    >>> describe_store(kg), describe_store(load(store="oxigraph"))
    ('memory', 'oxigraph')
    """
    if store not in ("auto", "memory", "oxigraph"):
        from .stores import open_store

        return open_store(store, paths, base)
    ontology, data, files = _files_to_load(paths)
    if store == "auto":
        store = _store_by_size(ontology, files)
    if store == "oxigraph":
        import pyoxigraph

        from .stores import _oxigraph_dataset

        oxigraph = pyoxigraph.Store()
        _fill_from_files(oxigraph, paths, base)
        return KnowledgeGraph(_oxigraph_dataset(oxigraph), ontology + data)
    from .progress import progress_bar

    dataset = Dataset(default_union=True)
    with progress_bar("Loading", total=sum(size for _, size in files), unit="bytes") as progress:
        done = 0
        for path, size in files:
            file_base = base or (BIRMINGHAM_BASE if paths is None and path in data else None)
            _parse_file(dataset, path, file_base)
            done += size
            progress(done)
    return KnowledgeGraph(dataset, ontology + data)


def _store_by_size(ontology, files) -> str:
    """What ``store="auto"`` picks, from :func:`_files_to_load`'s answer: ``"memory"``, or ``"oxigraph"`` over
    :data:`AUTO_OXIGRAPH_BYTES` of data."""
    return "oxigraph" if sum(size for _, size in files[len(ontology):]) > AUTO_OXIGRAPH_BYTES else "memory"


def _files_to_load(paths):
    """The ontology file, the data files (default: the bundled data), and all of them with their sizes."""
    data = data_files([bundled_data_dir()] if paths is None else paths)
    ontology = [ontology_dir() / "orggraph.ttl"]  # not shapes.ttl: shapes describe data, they are not data
    return ontology, data, [(path, path.stat().st_size) for path in ontology + data]


def _fill_from_files(oxigraph, paths, base=None, on_disk=False) -> None:
    """Replace an Oxigraph store's content with the ontology and files (:mod:`orggraph.fastload`).

    A database on disk is filled in batches when the data is over 1 GB, so that memory stays bounded
    whatever its size (smaller data goes in one bulk load each file, two to three times as fast).

    On any error the store is left empty, so a half-filled database is never reopened as if complete.
    """
    from . import fastload
    from .progress import progress_bar

    ontology, data, files = _files_to_load(paths)
    _import_beside("oxrdflib")  # what kg.graph wraps the store in: a third of a second, spent while Oxigraph loads
    oxigraph.clear()
    try:
        with progress_bar("Loading", total=sum(size for _, size in files), unit="bytes") as progress:
            batched = on_disk and sum(size for _, size in files) > fastload.DISK_BATCH_ABOVE_BYTES
            fastload.bulk_load_files(oxigraph, files, base, progress, set(data) if paths is None else set(),
                                     batch_quads=fastload.DISK_BATCH_QUADS if batched else None)
        oxigraph.flush()
    except BaseException:
        oxigraph.clear()
        raise


def _import_beside(name: str) -> None:
    """Start importing a module on a thread of its own (a failure is left for the real import to report)."""

    def load():
        with contextlib.suppress(ImportError):
            importlib.import_module(name)

    if name not in sys.modules:
        threading.Thread(target=load, name=f"import {name}", daemon=True).start()


def _parse_file(dataset: Dataset, path: Path, base: str | None) -> None:
    fmt = _FORMATS[path.suffix.lower()]
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark, as Notepad writes, is not data
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        raise LoadError(path, f"not UTF-8 text ({error.reason} at byte {error.start})", line) from None
    except OSError as error:
        raise LoadError(path, error.strerror) from None
    name = URIRef(path.resolve().as_uri())
    target = dataset if fmt in ("trig", "nquads") else dataset.graph(name)
    try:
        with _quiet_rdflib_literals():
            target.parse(data=text, format=fmt, publicID=base or name)
    except Exception as error:  # rdflib's parsers raise many unrelated types
        reason, line = _describe_parse_error(error, text)
        if line is None and fmt in ("nt", "nquads"):
            line = _first_bad_line(text, fmt)
        raise LoadError(path, reason, line) from None
    _check_literals(target, path, text)


@contextlib.contextmanager
def _quiet_rdflib_literals():
    """Mute rdflib's logged traceback for ill-typed literals; :func:`_check_literals` reports them."""
    logger = logging.getLogger("rdflib.term")
    was_disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was_disabled


def _first_bad_line(text: str, fmt: str):
    """The first line of an N-Triples/N-Quads text that does not parse on its own."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            with _quiet_rdflib_literals():
                Dataset().parse(data=line, format=fmt)
        except Exception:  # the same parser errors as above
            return number
    return None


def _describe_parse_error(error: Exception, text: str):
    """A one-line reason and a line number out of an rdflib parser exception."""
    line = getattr(error, "lines", None)
    if line is not None:
        line += 1  # rdflib's notation3 parser counts lines from zero
        why = getattr(error, "_why", None) or str(error)
        return f"syntax error: {why}", line
    message = str(error).strip().splitlines()[0].rstrip(" :") if str(error).strip() else type(error).__name__
    position = re.match(r"<[^>]*>:(\d+):\d+: (.*)", message)  # RDF/XML (expat)
    if position:
        return f"cannot parse: {position.group(2)}", int(position.group(1))
    match = re.search(r"line (\d+)", message)
    return f"cannot parse: {message}", int(match.group(1)) if match else None


def _check_literals(graph, path: Path, text: str) -> None:
    """Reject malformed, ill-typed or untyped date values, naming file and line.

    When there are several, the one nearest the top of the file is reported.
    """
    problems = []
    for _, predicate, obj in graph.triples((None, None, None)):
        allowed = _DATE_PROPERTIES.get(predicate)
        if not isinstance(obj, Literal):
            if allowed:
                problems.append((f"{_short(predicate)} must be a dated literal, not {obj}", str(obj)))
            continue
        if allowed and obj.datatype not in allowed:
            kinds = " or ".join(sorted(_short(d) for d in allowed))
            problems.append((
                f"{_short(predicate)} value {str(obj)!r} must be typed {kinds}"
                + (f", not {_short(obj.datatype)}" if obj.datatype else " (it has no datatype)"),
                str(obj),
            ))
        elif obj.datatype in _DATE_TYPES:
            try:
                PartialDate.from_literal(obj)
            except DateError as error:
                problems.append((str(error), str(obj)))
        elif getattr(obj, "ill_typed", False):
            problems.append((f"{str(obj)!r} is not a valid {_short(obj.datatype)}", str(obj)))
    if problems:
        located = sorted(((_line_of(text, value), message) for message, value in problems), key=lambda p: p[0] or 0)
        line, message = located[0]
        raise LoadError(path, message, line)


def _line_of(text: str, value: str):
    """The line where a value first appears, quoted if possible."""
    for needle in (f'"{value}"', value):
        index = text.find(needle)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None


def _short(iri) -> str:
    iri = str(iri)
    for prefix, ns in (("xsd", str(XSD)), ("time", str(TIME)), ("prov", str(PROV)), ("dcterms", str(DCTERMS))):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
