"""Where a knowledge graph lives: in memory, in an Oxigraph store on disk, or in a SPARQL server.

A store is named by a short string, the value of ``--store`` on every command:

``auto``
    the default: ``memory`` for data up to 8 MB, ``oxigraph`` above
    (see :data:`orggraph.kg.AUTO_OXIGRAPH_BYTES`).
``memory``
    rdflib in memory; the files are parsed on every run.
``oxigraph``
    an embedded Oxigraph store in memory, filled by Oxigraph's bulk loader
    (:mod:`orggraph.fastload`): a few seconds for 100,000 people where rdflib
    takes about a minute.
``oxigraph:PATH``
    an embedded Oxigraph database in the folder PATH, read through oxrdflib.
    ``orggraph load`` (or any command given ``--data``) parses the files into
    it; later runs open it without parsing anything. Without ``--data``, a
    PATH that holds no database, or an empty one, is an error: a mistyped
    PATH must not quietly become a new database of other data. A database
    another process holds (a running ``orggraph serve``) is opened read-only
    beside it, and refilling it is refused until that process stops.
``sparql:URL``
    any SPARQL 1.1 server; URL is its query endpoint. ``orggraph load`` pushes
    the data there with SPARQL Update; queries then run on the server. A
    server that asks for a login gets HTTP Basic credentials from
    ``$ORGGRAPH_SPARQL_USER`` and ``$ORGGRAPH_SPARQL_PASSWORD`` (the environment,
    not the command line, where other users of the machine could read them).

Examples
--------
>>> import tempfile, orggraph
>>> folder = tempfile.mkdtemp()
>>> fill_oxigraph(f"oxigraph:{folder}/db") > 500  # what 'orggraph load --store oxigraph:PATH' does
True
>>> kg = orggraph.load(store=f"oxigraph:{folder}/db")
>>> describe_store(kg)
'oxigraph'
>>> kg.query("ASK { ?p a foaf:Person }").askAnswer
True
"""

from __future__ import annotations

import base64
import functools
import gc
import io
import json
import os
import re
import shutil
import tempfile
import traceback
import urllib.error
import urllib.parse
import urllib.request
import weakref
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from .errors import OrggraphError, QueryError, StoreError
from .kg import KnowledgeGraph, _files_to_load, _fill_from_files, _store_by_size, load

#: Triples per SPARQL Update request when pushing to a server.
PUSH_CHUNK = 5000

#: Environment variables holding HTTP Basic credentials for ``sparql:`` stores.
USER_VARIABLE, PASSWORD_VARIABLE = "ORGGRAPH_SPARQL_USER", "ORGGRAPH_SPARQL_PASSWORD"

#: The Oxigraph databases open in this process, by folder, as the oxrdflib stores over them.
#: RocksDB lets a process open a database once, so loading the same PATH again (a notebook
#: cell run twice) shares the open one; an entry goes when the last graph using it does.
_OPEN_DATABASES: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def parse_store(spec: str) -> tuple[str, str]:
    """Split a store name into its kind and where it is.

    Raises
    ------
    OrggraphError
        Not ``memory``, ``oxigraph:PATH`` or ``sparql:http(s)://...``.

    Examples
    --------
    >>> parse_store("oxigraph:/tmp/db")
    ('oxigraph', '/tmp/db')
    >>> parse_store("sparql:http://127.0.0.1:3030/ds/query")
    ('sparql', 'http://127.0.0.1:3030/ds/query')
    >>> parse_store("memory")
    ('memory', '')
    """
    kind, _, where = str(spec).partition(":")
    if kind == "memory" and not where:
        return kind, ""
    if kind == "oxigraph" and where:
        return kind, os.path.expanduser(where)  # the shell leaves a ~ after 'oxigraph:' alone
    if kind == "sparql" and urlsplit(where).scheme in ("http", "https") and urlsplit(where).netloc:
        return kind, where
    raise OrggraphError(
        f"unknown store {spec!r}: use 'auto', 'memory', 'oxigraph', 'oxigraph:PATH' or 'sparql:http://HOST/ENDPOINT'"
    )


def describe_store(kg) -> str:
    """``"memory"``, ``"oxigraph"`` or ``"sparql"``: what holds ``kg.graph``.

    Examples
    --------
    >>> import orggraph
    >>> describe_store(orggraph.load())
    'memory'
    """
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = kg.graph.store
    if isinstance(store, SPARQLStore):
        return "sparql"
    if type(store).__name__ == "OxigraphStore":
        return "oxigraph"
    return "memory"


def oxigraph_store(kg):
    """The :class:`pyoxigraph.Store` behind an ``oxigraph:`` graph, else None.

    Examples
    --------
    >>> import tempfile, orggraph
    >>> spec = f"oxigraph:{tempfile.mkdtemp()}/db"
    >>> pushed = push(orggraph.load(), spec)
    >>> store = oxigraph_store(orggraph.load(store=spec))
    >>> len(store) > 500, oxigraph_store(orggraph.load()) is None
    (True, True)
    """
    return kg.graph.store._inner if describe_store(kg) == "oxigraph" else None


def open_store(spec: str, paths=None, base: str | None = None):
    """Open a non-memory store as a :class:`~orggraph.kg.KnowledgeGraph` (what ``load`` calls).

    Parameters
    ----------
    spec : str
        ``oxigraph:PATH`` or ``sparql:URL`` (see :func:`parse_store`).
    paths : list, optional
        Files or folders to read into an Oxigraph store (replacing what it
        held, or making a new database at PATH). Without them, PATH must
        hold a database that is not empty (made by :func:`fill_oxigraph`, that is
        ``orggraph load``, or by :func:`push`). A SPARQL server is never written to here: see :func:`push`.
    base : str, optional
        Base IRI for relative IRIs in the files.

    Raises
    ------
    StoreError
        Without ``paths``: no Oxigraph database at PATH, or an empty one.

    Examples
    --------
    >>> import tempfile, orggraph
    >>> folder = tempfile.mkdtemp()
    >>> push(orggraph.load(), f"oxigraph:{folder}/db") > 500
    True
    >>> open_store(f"oxigraph:{folder}/db").query("ASK { ?p foaf:name 'Mark Rogers' }").askAnswer
    True
    >>> open_store(f"oxigraph:{folder}/bd")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orggraph.errors.StoreError: no Oxigraph database at .../bd: make one with 'orggraph load --store oxigraph:.../bd [--data FILES]', ...
    """
    kind, where = parse_store(spec)
    if kind == "oxigraph":
        if paths is not None:
            _fill_beside(where, paths, base)
        store, read_only = _open_existing_oxigraph(where)
        # a read-only view of another process's database is a snapshot: not shared with later loads
        return KnowledgeGraph(_oxigraph_dataset(store, None if read_only else where), _files_in(store))
    if kind == "sparql":
        if paths is not None:
            raise OrggraphError(
                "--data cannot be read into a SPARQL server by this command: push it first with "
                f"'orggraph load --store {spec} --data ...'"
            )
        return _RemoteKnowledgeGraph(_remote_dataset(where), [])
    raise OrggraphError(f"unknown store {spec!r}: use 'memory', 'oxigraph:PATH' or 'sparql:URL'")


def fill_oxigraph(spec: str, paths=None, base: str | None = None) -> int:
    """Make or replace the Oxigraph database ``oxigraph:PATH`` straight from files; return its triple count.

    What ``orggraph load --store oxigraph:PATH`` does: the files are checked
    as every command checks data of their size and bulk-loaded (in batches when large), so
    memory stays bounded (1.4 GB at a million people) instead of holding
    the data in memory first as :func:`push` does. The database is closed on
    return; open it with ``load(store=spec)``.

    Parameters
    ----------
    spec : str
        ``oxigraph:PATH``.
    paths : list, optional
        Files or folders. Default: the bundled Birmingham data.
    base : str, optional
        Base IRI for relative IRIs in the files.

    Examples
    --------
    >>> import tempfile, orggraph
    >>> spec = f"oxigraph:{tempfile.mkdtemp()}/db"
    >>> fill_oxigraph(spec) == orggraph.load().triple_count()
    True
    >>> orggraph.load(store=spec).query("ASK { ?p foaf:name 'Mark Rogers' }").askAnswer
    True
    """
    kind, where = parse_store(spec)
    if kind != "oxigraph":
        raise OrggraphError(f"{spec!r} is not an Oxigraph database: write oxigraph:PATH")
    ontology, _, files = _files_to_load(paths)
    if _store_by_size(ontology, files) == "memory":
        load(paths, store="memory", base=base)  # small data: the checks every command makes on it (rdflib's too)
    _fill_beside(where, paths, base)
    store, _ = _open_existing_oxigraph(where)
    return _distinct_triples(store, _files_in(store))


def _fill_beside(where: str, paths, base) -> None:
    """Fill a new database in a folder beside ``where``, then put it in ``where``'s place.

    Until the load has finished, the database at ``where`` (if any) is left as
    it was: a load that fails, or a process killed halfway through a long
    batched load, never leaves a half-filled database to be reopened as if
    complete (a killed one leaves its ``.loading-*`` folder behind).
    """
    target = Path(os.path.realpath(where))  # through a symbolic link: the folder it names is replaced, not the link
    _refuse_to_replace_other_files(where)
    _refuse_if_in_use(where)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        loading = Path(tempfile.mkdtemp(prefix=f"{target.name}.loading-", dir=target.parent))
    except OSError as error:
        raise StoreError(f"cannot make the Oxigraph store {where}: {error.strerror}") from None
    store = None
    try:
        store, _ = _open_oxigraph(str(loading))
        _fill_from_files(store, paths, base, on_disk=True)
        store = None  # the database closes when its last reference goes (pyoxigraph has no close())
        _refuse_if_in_use(where)  # again: a long load leaves time for a server to start on it
        previous = None
        try:
            if target.exists():
                previous = loading.with_name(loading.name.replace(".loading-", ".replaced-"))
                target.rename(previous)
            loading.rename(target)
        except OSError as error:
            raise StoreError(f"cannot put the new database in place of {where}: {error.strerror}") from None
    except BaseException as error:
        # Close the database before removing its folder, or its own background work (after the clear()
        # on failure) puts files back in it. The frames of the traceback hold it too.
        traceback.clear_frames(error.__traceback__)
        store = None
        shutil.rmtree(loading, ignore_errors=True)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def push(kg, spec: str, update_url: str | None = None, replace: bool = False) -> int:
    """Copy every triple of ``kg`` into the store ``spec``; return how many were sent.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to copy, usually loaded in memory.
    spec : str
        ``oxigraph:PATH`` (replaced whole, one named graph per file kept) or
        ``sparql:URL`` (written to the server's default graph with SPARQL Update).
    update_url : str, optional
        The server's SPARQL Update endpoint. Default: see :func:`default_update_url`.
    replace : bool
        For ``sparql:``: clear the server's default graph first. Without it a
        server that already holds data is left alone and StoreError is raised,
        since pushing twice would duplicate the blank-node intervals.

    Examples
    --------
    >>> import tempfile, orggraph
    >>> n = push(orggraph.load(), f"oxigraph:{tempfile.mkdtemp()}/db")
    >>> n > 500
    True
    """
    kind, where = parse_store(spec)
    if kind == "oxigraph":
        _refuse_to_replace_other_files(where)
        _refuse_if_in_use(where)
        store, _ = _open_oxigraph(where)
        return _copy_into_oxigraph(store, kg.graph)
    if kind == "sparql":
        return _push_sparql(kg.graph, where, update_url or default_update_url(where), replace)
    raise OrggraphError("'orggraph load' needs --store oxigraph:PATH or --store sparql:URL")


def default_update_url(query_url: str) -> str:
    """The update endpoint beside a query endpoint, by the common servers' conventions.

    A final ``/query`` or ``/sparql`` becomes ``/update`` (Oxigraph, Fuseki);
    a GraphDB repository ``.../repositories/REPO`` gets ``/statements``;
    any other URL is taken to accept updates itself (as Fuseki's ``/ds``
    does). Servers with other conventions need ``update_url`` given to :func:`push`.

    Examples
    --------
    >>> default_update_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/update'
    >>> default_update_url("http://localhost:7200/repositories/orgs")
    'http://localhost:7200/repositories/orgs/statements'
    >>> default_update_url("http://127.0.0.1:3030/ds")
    'http://127.0.0.1:3030/ds'
    """
    for ending in ("/query", "/sparql"):
        if query_url.endswith(ending):
            return query_url[: -len(ending)] + "/update"
    if re.search(r"/repositories/[^/]+/?$", query_url):
        return query_url.rstrip("/") + "/statements"
    return query_url


# ------------------------------------------------------------------ Oxigraph


def _open_oxigraph(path: str, read_only_if_busy: bool = False):
    """The pyoxigraph store of the database at ``path`` (made if need be) and whether it is read-only.

    A database a graph in this process already uses is shared (RocksDB opens
    it once per process). If another process (an ``orggraph serve``) holds it:
    with ``read_only_if_busy`` it is opened read-only beside it, else StoreError.
    """
    import pyoxigraph

    wrapper = _OPEN_DATABASES.get(_key(path))
    if wrapper is not None:
        return wrapper._inner, False
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        return pyoxigraph.Store(path), False
    except (OSError, RuntimeError) as error:  # RuntimeError: RocksDB found the database damaged
        if not _is_lock_error(error):
            raise StoreError(f"cannot open the Oxigraph store {path}: {error}") from None
    if not read_only_if_busy:
        raise StoreError(_held_elsewhere_message(path))
    try:
        return pyoxigraph.Store.read_only(path), True
    except (OSError, RuntimeError) as error:
        raise StoreError(f"cannot open the Oxigraph store {path} (in use by another process): {error}") from None


def _key(path: str) -> str:
    return str(Path(path).resolve())


def _is_lock_error(error) -> bool:
    """Whether RocksDB refused a database because a process (this one or another) holds its LOCK file."""
    return "/LOCK" in str(error)


def _held_elsewhere_message(path: str) -> str:
    return (f"the Oxigraph database at {path} is in use by another process (an 'orggraph serve'?): "
            "stop it before writing to the database")


#: The files of an Oxigraph database's folder: RocksDB's, and what Oxigraph's bulk loader writes there.
_DATABASE_FILE = re.compile(r"CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+"
                            r"|\d+\.(sst|log|blob)|bulk-\d+\.sst|.*\.dbtmp")


def _refuse_to_replace_other_files(path: str) -> None:
    """StoreError unless ``path`` is free to become a database: absent, an empty folder or an Oxigraph database.

    Making or replacing a database replaces the whole folder, so a file, or
    a folder that is not a database (someone's data, the folder they work
    in), is never taken. A database is known by the two files RocksDB, under
    Oxigraph, writes first in its folder, ``CURRENT`` and ``IDENTITY``, and
    by holding nothing but files of the kinds RocksDB and Oxigraph's bulk
    loader write (a crashed load's leftovers included).
    """
    target = Path(path)
    if not target.exists():
        return
    here = Path.cwd()
    if target.resolve() in (here, *here.parents):
        raise StoreError(f"oxigraph:{path} is the folder you are working in, or holds it: "
                         "give the database a folder of its own, e.g. oxigraph:db")
    if not target.is_dir():
        raise StoreError(f"oxigraph:{path} is a file, not an Oxigraph database: give the database a folder of its own")
    entries = sorted(entry.name for entry in target.iterdir())
    if not entries:
        return
    others = [name for name in entries if not _DATABASE_FILE.fullmatch(name)]
    if others or not {"CURRENT", "IDENTITY"} <= set(entries):
        shown = others or entries
        listed = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
        raise StoreError(f"oxigraph:{path} holds files that are not an Oxigraph database's ({listed}), and a "
                         "database takes its folder whole: give it a new or empty folder")


def _refuse_if_in_use(path: str) -> None:
    """StoreError if a graph in this process, or another process, is using the database at ``path``.

    A database that cannot be opened for other reasons (damaged, another
    Oxigraph version's) passes: replacing it is how it is mended.
    """
    import pyoxigraph

    if _key(path) in _OPEN_DATABASES:
        gc.collect()  # a graph that is only garbage in a reference cycle does not count
        if _key(path) in _OPEN_DATABASES:
            raise StoreError(f"the Oxigraph database at {path} is open in this process, by a graph loaded from it: "
                             "let go of that graph (del kg) before replacing the database")
    if not (Path(path) / "CURRENT").is_file():
        return
    try:
        pyoxigraph.Store(path)  # closed again at once: only its lock is wanted
    except (OSError, RuntimeError) as error:
        if _is_lock_error(error):
            raise StoreError(_held_elsewhere_message(path)) from None


def _open_existing_oxigraph(path: str):
    """Open the Oxigraph database at ``path`` (as :func:`_open_oxigraph`), refusing a path that holds none or an empty one."""
    load = f"'orggraph load --store oxigraph:{path} [--data FILES]'"
    # RocksDB, under Oxigraph, keeps a CURRENT file in every database folder; without it
    # pyoxigraph would make a new database here, in whatever folder the path names.
    if not (Path(path) / "CURRENT").is_file():
        raise StoreError(f"no Oxigraph database at {path}: make one with {load}, or give this command "
                         "--data FILES to fill a new one")
    store, read_only = _open_oxigraph(path, read_only_if_busy=True)
    if _is_empty(store):
        raise StoreError(f"the Oxigraph database at {path} is empty (did a load into it fail?): fill it with {load}")
    return store, read_only


def _distinct_triples(store, files) -> int:
    """The distinct triples of a pyoxigraph store's union graph, from its (fast) count of quads.

    A triple stated in several graphs is one quad per graph; those copies are
    subtracted. Every triple outside the graph of the largest file is looked
    up once, so the cost is that of the smaller files.
    """
    import pyoxigraph

    sizes = {Path(f).resolve().as_uri(): (Path(f).stat().st_size if Path(f).is_file() else 0) for f in files}
    graphs = [pyoxigraph.DefaultGraph(), *store.named_graphs()]
    largest = max(graphs, key=lambda g: sizes.get(getattr(g, "value", None), -1))
    copies, seen = 0, set()
    for graph in graphs:
        if graph == largest:
            continue
        for quad in store.quads_for_pattern(None, None, None, graph):
            triple = (quad.subject, quad.predicate, quad.object)
            if triple not in seen:
                seen.add(triple)
                copies += sum(1 for _ in store.quads_for_pattern(*triple, None)) - 1
    return len(store) - copies


def _is_empty(store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, None)), None) is None


def _copy_into_oxigraph(store, dataset: Dataset) -> int:
    """Replace the store's content with every quad of an rdflib dataset."""
    import pyoxigraph

    buffer = io.BytesIO()
    dataset.serialize(buffer, format="nquads")
    store.clear()
    store.bulk_load(buffer.getvalue(), pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    return buffer.getvalue().count(b"\n")


def _oxigraph_dataset(store, path: str | None = None) -> Dataset:
    """An rdflib Dataset over a pyoxigraph store; ``path`` registers an on-disk one as open in this process."""
    from oxrdflib import OxigraphStore

    from .sparql import PREFIXES  # sparql imports this module

    wrapper = _OPEN_DATABASES.get(_key(path)) if path is not None else None
    if wrapper is None or wrapper._inner is not store:
        wrapper = OxigraphStore(store=store)
        if path is not None:
            _OPEN_DATABASES[_key(path)] = wrapper
    dataset = Dataset(store=wrapper, default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def _files_in(store) -> list[Path]:
    """The files the store was loaded from: its named graphs are their file: IRIs."""
    from urllib.parse import unquote

    files = [Path(unquote(urlsplit(g.value).path)) for g in store.named_graphs() if g.value.startswith("file:")]
    return sorted(files, key=lambda p: (p.parent.name == "birmingham", str(p)))


# ------------------------------------------------------------------ SPARQL servers


def credentials() -> tuple[str, str] | None:
    """The HTTP Basic user and password for ``sparql:`` stores, from the environment, or None.

    Examples
    --------
    >>> import os
    >>> os.environ[USER_VARIABLE], os.environ[PASSWORD_VARIABLE] = "editor", "s3cret"
    >>> credentials()
    ('editor', 's3cret')
    >>> del os.environ[USER_VARIABLE], os.environ[PASSWORD_VARIABLE]
    """
    user = os.environ.get(USER_VARIABLE)
    return (user, os.environ.get(PASSWORD_VARIABLE, "")) if user else None


def _login_headers() -> dict[str, str]:
    found = credentials()
    if found is None:
        return {}
    return {"Authorization": "Basic " + base64.b64encode(":".join(found).encode("utf-8")).decode("ascii")}


def login_hint(status) -> str:
    """What to do about an HTTP status that asks for a login (401, 403), else ``""``.

    Examples
    --------
    >>> login_hint(500)
    ''
    >>> login_hint(401) if credentials() is None else "(a login is set)"
    ': set ORGGRAPH_SPARQL_USER and ORGGRAPH_SPARQL_PASSWORD to log in'
    """
    if status not in (401, 403):
        return ""
    if credentials() is None:
        return f": set {USER_VARIABLE} and {PASSWORD_VARIABLE} to log in"
    return f": check {USER_VARIABLE} and {PASSWORD_VARIABLE}"


def _post_update(update_url: str, text: str) -> None:
    request = urllib.request.Request(
        update_url,
        data=text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update; charset=utf-8", **_login_headers()},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read(300).decode("utf-8", "replace").strip().splitlines()
        raise StoreError(f"{update_url} refused the update: HTTP {error.code} {detail[0] if detail else error.reason}"
                         f"{login_hint(error.code)}") from None
    except (urllib.error.URLError, OSError) as error:
        raise StoreError(f"cannot reach {update_url}: {getattr(error, 'reason', error)}") from None


def _remote_dataset(query_url: str) -> Dataset:
    """A dataset whose queries go to the server as they are (default_union: no default-graph-uri is sent).

    Queries are POSTed as a form: the named queries run to several kilobytes, which in a GET's
    URL some servers refuse (Oxigraph's answers 400 Bad Request).
    """
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    # the login as a header of ours: rdflib's own auth= takes only ASCII passwords
    store = SPARQLStore(query_endpoint=query_url, returnFormat="json", method="POST_FORM", headers=_login_headers())
    return Dataset(store=store, default_union=True)


class _RemoteKnowledgeGraph(KnowledgeGraph):
    """A graph on a SPARQL server: SPARQL runs there; the time-aware API reads one copy of it.

    The copy is fetched once, with one CONSTRUCT, since blank nodes (the
    intervals of memberships) cannot be asked about one by one over the protocol.
    """

    @functools.cached_property
    def facts(self):
        from .facts import extract

        return extract(KnowledgeGraph(_download(self.graph.store.query_endpoint), []))


def _ask_server(query_url: str, query: str, accept: str) -> str:
    """POST one query (SPARQL protocol, as a form) and return the answer's text."""
    request = urllib.request.Request(
        query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept, **_login_headers()},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        raise StoreError(f"{query_url} refused the query: HTTP {error.code} {error.reason}{login_hint(error.code)}") from None
    except (urllib.error.URLError, OSError) as error:
        raise StoreError(f"cannot reach {query_url}: {getattr(error, 'reason', error)}") from None


def _download(query_url: str) -> Graph:
    """Every triple of the server's default graph, in one N-Triples answer."""
    text = _ask_server(query_url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
    graph = Graph()
    try:
        graph.parse(data=text, format="nt")
    except Exception as error:  # rdflib's parsers raise many types
        raise StoreError(f"{query_url} sent triples that do not parse as N-Triples: {error}") from None
    return graph


def _remote_is_empty(query_url: str) -> bool:
    text = _ask_server(query_url, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    try:
        return not json.loads(text)["boolean"]
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"{query_url} is not a SPARQL query endpoint: it did not answer ASK with SPARQL JSON") from None


def _push_sparql(dataset: Dataset, query_url: str, update_url: str, replace: bool) -> int:
    if replace:
        _post_update(update_url, "CLEAR SILENT DEFAULT")
    elif not _remote_is_empty(query_url):
        raise StoreError(
            f"{query_url} already holds data; pass --replace to clear its default graph first "
            "(pushing twice would duplicate facts)"
        )
    sent = 0
    for chunk in _chunks_keeping_blank_nodes(dataset, PUSH_CHUNK):
        lines = "\n".join(" ".join(term.n3() for term in triple) + " ." for triple in chunk)
        _post_update(update_url, "INSERT DATA {\n" + lines + "\n}")
        sent += len(chunk)
    return sent


def _chunks_keeping_blank_nodes(dataset: Dataset, size: int):
    """Triples in chunks, every blank node's triples in one chunk (labels are per request)."""
    parent: dict = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    triples = list(set(dataset.triples((None, None, None))))
    for s, _, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            parent[root(s)] = root(o)
    groups: dict = {}
    for triple in triples:
        s, _, o = triple
        node = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        groups.setdefault(root(node) if node is not None else None, []).append(triple)
    chunk: list = []
    for key, group in groups.items():
        pieces = [group] if key is not None else [[t] for t in group]
        for piece in pieces:
            if chunk and len(chunk) + len(piece) > size:
                yield chunk
                chunk = []
            chunk.extend(piece)
    if chunk:
        yield chunk


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    """A pyoxigraph term as the rdflib term it stands for.

    Examples
    --------
    >>> import pyoxigraph
    >>> to_rdflib(pyoxigraph.Literal("2016", datatype=pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))).n3()
    '"2016"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise QueryError("the answer holds an RDF 1.2 triple term (<<( subject predicate object )>>), "
                         "which orggraph cannot pass on")
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
