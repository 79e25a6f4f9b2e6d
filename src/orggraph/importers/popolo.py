"""Popolo JSON (plain, and EveryPolitician's ep-popolo-v1.0) into orggraph RDF.

How Popolo becomes RDF
----------------------
IRIs are ``<base><kind>/<popolo id>`` with kind ``person``, ``org``, ``post``,
``membership``, ``event``, ``area``; the base is ``--base``, else the one an
orggraph Popolo export recorded in ``meta``, else
``https://w3id.org/orggraph/id/popolo/<file-name-slug>/``.

* persons: ``foaf:Person``, ``foaf:name``, other names as ``skos:altLabel``
  (with their language), ``foaf:gender``, ``foaf:img``, ``foaf:mbox``.
* organizations: ``org:Organization``, ``skos:prefLabel``, the classification
  as ``dcterms:type`` and, where it maps, ``og:bodyKind`` (party ->
  politicalParty, legislature/council -> council, executive/cabinet -> cabinet,
  committee -> scrutinyCommittee); ``parent_id`` as ``org:subOrganizationOf``.
* posts: ``org:Post``, ``skos:prefLabel``, ``org:postIn``, ``org:role``.
* memberships: ``org:Membership`` with ``org:member``, ``org:organization``,
  ``org:role`` (the role text, "member" when absent), ``og:post``,
  ``og:onBehalfOf``, ``dcterms:spatial`` (area) and ``dcterms:temporal`` (the
  legislative period, an event). ``start_date``/``end_date`` keep their
  precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); a membership without its
  own dates takes those of its legislative period, as EveryPolitician means.
  A membership without ``id`` gets one from a hash of its content.
* events: ``prov:Activity`` with ``skos:prefLabel``, ``dcterms:type``,
  ``prov:startedAtTime``/``prov:endedAtTime``, ``prov:wasAssociatedWith`` the
  organization.
* identifiers: ``skos:notation`` typed by the scheme
  (``"Q7604031"^^<base>scheme/wikidata``).
* sources: the file itself is the ``og:SourceDocument`` every record is
  ``prov:wasDerivedFrom``; its publisher and date of issue are what the user
  states (``--publisher``, ``--issued``), never guessed, so ``orggraph
  validate`` reports them missing otherwise. A record's own source URLs are
  ``dcterms:source`` links (their notes are not kept).

Examples
--------
>>> import orggraph, tempfile
>>> from pathlib import Path
>>> FIXTURES = Path(orggraph.__file__).parents[2] / "tests" / "fixtures" / "popolo"
>>> out = Path(tempfile.mkdtemp()) / "alderney.ttl"
>>> summary = import_popolo(FIXTURES / "alderney_states-ep-popolo-v1.0.json", out)
>>> summary.counts["people"], summary.counts["memberships"]
(10, 10)
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME, XSD

from ..dates import PartialDate
from ..errors import DateError, OrggraphError
from ..io import atomic_write
from ..vocab import OG
from . import ImportSummary, output_path, slugify

#: Default base of IRIs for Popolo data; one folder per file.
POPOLO_BASE = "https://w3id.org/orggraph/id/popolo/"
#: Popolo organization classification -> og:bodyKind.
BODY_KINDS = {
    "party": OG.politicalParty,
    "legislature": OG.council,
    "council": OG.council,
    "executive": OG.cabinet,
    "cabinet": OG.cabinet,
    "committee": OG.scrutinyCommittee,
    # and orggraph's own kinds, as an orggraph Popolo export writes them
    **{kind.lower(): OG[kind] for kind in (
        "council", "directorate", "leadershipTeam", "cabinet", "politicalGroup", "politicalParty",
        "scrutinyCommittee", "independentPanel", "governmentDepartment", "combinedAuthority", "pensionFund",
        "charity", "partner", "programme", "publicBody", "company")},
}
#: Where an orggraph Popolo export records what a re-import needs.
META_KEY = "orggraph"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_KNOWN = {
    "persons": {"id", "name", "other_names", "identifiers", "sources", "gender", "image", "images", "email"},
    "organizations": {"id", "name", "other_names", "identifiers", "sources", "classification", "parent_id"},
    "posts": {"id", "label", "organization_id", "role", "sources"},
    "memberships": {"id", "person_id", "organization_id", "post_id", "role", "on_behalf_of_id", "start_date",
                    "end_date", "legislative_period_id", "area_id", "sources"},
    "events": {"id", "name", "classification", "start_date", "end_date", "organization_id"},
    "areas": {"id", "name", "type"},
}


def local_id(popolo_id) -> str:
    """A Popolo id as the last part of an IRI: '/' kept, anything unsafe percent-encoded.

    Examples
    --------
    >>> local_id("legislature/break_o'day_council")
    'legislature/break_o%27day_council'
    """
    return quote(str(popolo_id), safe="/-_.~")


def membership_id(record: dict) -> str:
    """A stable id for a membership that has none: a hash of its content.

    Examples
    --------
    >>> record = {"person_id": "p1", "organization_id": "council", "start_date": "2014"}
    >>> membership_id(record) == membership_id(dict(reversed(record.items())))
    True
    >>> membership_id(record).startswith("m"), len(membership_id(record))
    (True, 13)
    """
    return "m" + hashlib.sha1(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()[:12]


class _Reader:
    def __init__(self, path: Path, data: dict, base: str, summary: ImportSummary, provenance: dict):
        self.path, self.data, self.base, self.summary = path, data, base, summary
        self.g = Graph()
        self.g.bind("og", OG._NS)
        meta = {**((data.get("meta") or {}).get(META_KEY) or {}), **{k: v for k, v in provenance.items() if v}}
        self.file_source = URIRef(base + "source/file")
        self.g.add((self.file_source, RDF.type, OG.SourceDocument))
        self.g.add((self.file_source, DCTERMS.title, Literal(meta.get("source_title") or f"Popolo data {path.name}")))
        for key, prop in (("source_publisher", DCTERMS.publisher),):
            if meta.get(key):
                self.g.add((self.file_source, prop, Literal(meta[key])))
        if meta.get("source_issued"):
            self.g.add((self.file_source, DCTERMS.issued, self.date(meta["source_issued"], "date of issue of the file")))
        missing = [(what, option) for key, what, option in (("source_publisher", "publisher", "--publisher"),
                                                             ("source_issued", "date of issue", "--issued"))
                   if not meta.get(key)]
        if missing:
            summary.notes.append(f"not recorded: the file's {' and '.join(w for w, _ in missing)} (give "
                                 f"{' and '.join(o for _, o in missing)}; orggraph validate reports it missing)")

    def node(self, kind: str, popolo_id) -> URIRef:
        return URIRef(f"{self.base}{kind}/{local_id(popolo_id)}")

    def date(self, text, where: str) -> Literal:
        try:
            return PartialDate.parse(str(text)).to_literal()
        except DateError as error:
            raise OrggraphError(f"{self.path}: {where}: {error}") from None

    def url(self, text, where: str) -> URIRef | None:
        if isinstance(text, str) and _URL.match(text.strip()):
            return URIRef(text.strip())
        self.summary.skip("not a URL, left out", f"{where} ({text!r})")
        return None

    def records(self, key: str):
        records = self.data.get(key) or []
        if not isinstance(records, list):
            raise OrggraphError(f"{self.path}: '{key}' must be a list of objects")
        for index, record in enumerate(records):
            where = f"{key}[{index}]"
            if not isinstance(record, dict):
                raise OrggraphError(f"{self.path}: {where} must be an object, not {type(record).__name__}")
            for extra in sorted(set(record) - _KNOWN[key]):
                self.summary.skip(f"{key}: field '{extra}' not imported", where)
            yield where, record

    def common(self, node, record: dict, where: str) -> None:
        """Names, identifiers and sources, shared by every kind of record."""
        g = self.g
        for other in record.get("other_names") or []:
            if isinstance(other, dict) and other.get("name"):
                g.add((node, SKOS.altLabel, Literal(other["name"], lang=other.get("lang") or None)))
        for ident in record.get("identifiers") or []:
            if isinstance(ident, dict) and ident.get("identifier") not in (None, ""):
                scheme = URIRef(f"{self.base}scheme/{quote(str(ident.get('scheme') or 'unknown'), safe='-_.~')}")
                g.add((node, SKOS.notation, Literal(str(ident["identifier"]), datatype=scheme)))
        for n, source in enumerate(record.get("sources") or []):
            url = source.get("url") if isinstance(source, dict) else source
            page = self.url(url, f"{where}.sources[{n}]")
            if page is not None:
                g.add((node, DCTERMS.source, page))
        g.add((node, PROV.wasDerivedFrom, self.file_source))

    def role(self, text) -> URIRef:
        text = str(text or "member").strip() or "member"
        node = URIRef(f"{self.base}role/{slugify(text) or local_id(text)}")
        self.g.add((node, RDF.type, ORG.Role))
        self.g.add((node, SKOS.prefLabel, Literal(text)))
        return node

    def require_id(self, record, where):
        if record.get("id") in (None, ""):
            raise OrggraphError(f"{self.path}: {where} has no 'id'")
        return record["id"]

    def read(self) -> Graph:
        g, s = self.g, self.summary
        persons = {}
        for where, p in self.records("persons"):
            record_id = self.require_id(p, where)
            node = persons[str(record_id)] = self.node("person", record_id)
            g.add((node, RDF.type, FOAF.Person))
            g.add((node, FOAF.name, Literal(p.get("name") or str(p["id"]))))
            if not p.get("name"):
                s.repair("person without a name named by its id", where)
            if p.get("gender"):
                g.add((node, FOAF.gender, Literal(p["gender"])))
            for image in [p.get("image")] + [i.get("url") for i in p.get("images") or [] if isinstance(i, dict)]:
                if image:
                    url = self.url(image, f"{where}.image")
                    if url is not None:
                        g.add((node, FOAF.img, url))
            if p.get("email"):
                g.add((node, FOAF.mbox, URIRef("mailto:" + quote(str(p["email"]).strip(), safe="@.+-_~"))))
            self.common(node, p, where)

        organizations, parents = {}, []
        for where, o in self.records("organizations"):
            record_id = self.require_id(o, where)
            node = organizations[str(record_id)] = self.node("org", record_id)
            g.add((node, RDF.type, ORG.Organization))
            g.add((node, SKOS.prefLabel, Literal(o.get("name") or str(o["id"]))))
            classification = o.get("classification")
            if classification:
                g.add((node, DCTERMS.type, Literal(classification)))
                kind = BODY_KINDS.get(str(classification).lower())
                if kind is not None:
                    g.add((node, OG.bodyKind, kind))
            if o.get("parent_id"):
                parents.append((node, o["parent_id"], where))
            self.common(node, o, where)
        for node, parent, where in parents:
            g.add((node, ORG.subOrganizationOf, self.org_ref(parent, organizations, where)))

        posts = {}
        for where, p in self.records("posts"):
            record_id = self.require_id(p, where)
            node = posts[str(record_id)] = self.node("post", record_id)
            g.add((node, RDF.type, ORG.Post))
            g.add((node, SKOS.prefLabel, Literal(p.get("label") or p.get("role") or str(p["id"]))))
            if p.get("organization_id"):
                g.add((node, ORG.postIn, self.org_ref(p["organization_id"], organizations, where)))
            g.add((node, ORG.role, self.role(p.get("role") or p.get("label"))))
            self.common(node, p, where)

        events = {}
        for where, e in self.records("events"):
            record_id = self.require_id(e, where)
            node = events[str(record_id)] = self.node("event", record_id)
            g.add((node, RDF.type, PROV.Activity))
            g.add((node, SKOS.prefLabel, Literal(e.get("name") or str(e["id"]))))
            if e.get("classification"):
                g.add((node, DCTERMS.type, Literal(e["classification"])))
            for key, prop in (("start_date", PROV.startedAtTime), ("end_date", PROV.endedAtTime)):
                if e.get(key):
                    g.add((node, prop, self.date(e[key], f"{where}.{key}")))
            if e.get("organization_id"):
                g.add((node, PROV.wasAssociatedWith, self.org_ref(e["organization_id"], organizations, where)))

        areas = {}
        for where, a in self.records("areas"):
            record_id = self.require_id(a, where)
            node = areas[str(record_id)] = self.node("area", record_id)
            g.add((node, RDF.type, DCTERMS.Location))
            g.add((node, SKOS.prefLabel, Literal(a.get("name") or str(a["id"]))))
            if a.get("type"):
                g.add((node, DCTERMS.type, Literal(a["type"])))

        count = 0
        for where, m in self.records("memberships"):
            person = m.get("person_id")
            if person in (None, "") or str(person) not in persons:
                s.skip("membership without a person in the file (organizations as members are not imported)", where)
                continue
            if m.get("organization_id") in (None, ""):
                s.skip("membership without an organization", where)
                continue
            node = self.node("membership", m.get("id") or membership_id(m))
            count += 1
            g.add((node, RDF.type, ORG.Membership))
            g.add((node, ORG.member, persons[str(person)]))
            g.add((node, ORG.organization, self.org_ref(m["organization_id"], organizations, where)))
            g.add((node, ORG.role, self.role(m.get("role"))))
            if m.get("post_id"):
                if str(m["post_id"]) not in posts:
                    s.skip(f"post {m['post_id']!r} not in the file: the membership is kept without it", where)
                else:
                    g.add((node, OG.post, posts[str(m["post_id"])]))
            if m.get("on_behalf_of_id"):
                g.add((node, OG.onBehalfOf, self.org_ref(m["on_behalf_of_id"], organizations, where)))
            if m.get("area_id"):
                g.add((node, DCTERMS.spatial, self.node("area", m["area_id"])))
            begin, end = m.get("start_date"), m.get("end_date")
            period = m.get("legislative_period_id")
            if period:
                g.add((node, DCTERMS.temporal, self.node("event", period)))
                term = next((e for e in self.data.get("events") or [] if str(e.get("id")) == str(period)), None)
                if term is None:
                    s.skip(f"legislative period {period!r} not among the events", where)
                elif not begin and not end:
                    begin, end = term.get("start_date"), term.get("end_date")
            interval = BNode()  # always one period; unknown ends are left out
            g.add((node, ORG.memberDuring, interval))
            g.add((interval, RDF.type, TIME.Interval))
            if begin or end:
                for value, key, prop in ((begin, "start_date", TIME.hasBeginning), (end, "end_date", TIME.hasEnd)):
                    if value:
                        literal = self.date(value, f"{where}.{key}")
                        instant = BNode()
                        g.add((interval, prop, instant))
                        g.add((instant, RDF.type, TIME.Instant))
                        g.add((instant, _INSTANT_PROPERTY[literal.datatype], literal))
            self.common(node, m, where)
        s.counts.update({
            "people": len(persons),
            "organizations": len(organizations),
            "posts": len(posts),
            "memberships": count,
            "events": len(events),
            "areas": len(areas),
        })
        return g

    def org_ref(self, popolo_id, organizations, where) -> URIRef:
        if str(popolo_id) not in organizations:
            self.g.add((self.node("org", popolo_id), RDF.type, ORG.Organization))
            self.g.add((self.node("org", popolo_id), SKOS.prefLabel, Literal(str(popolo_id))))
            self.g.add((self.node("org", popolo_id), PROV.wasDerivedFrom, self.file_source))
            self.summary.repair("organization referred to but not in the file: added, named by its id", where)
            organizations[str(popolo_id)] = self.node("org", popolo_id)
        return organizations[str(popolo_id)]


_INSTANT_PROPERTY = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth, XSD.gYear: TIME.inXSDgYear}


def read_popolo(path, base: str | None = None, summary: ImportSummary | None = None, *,
                publisher: str | None = None, issued: str | None = None) -> Graph:
    """Read a Popolo JSON file into an rdflib graph in the orggraph data model.

    Parameters
    ----------
    path : str or Path
    base : str, optional
        Base IRI; default as the module explains.
    summary : ImportSummary, optional
        Filled with counts, repairs and what was left out.
    publisher, issued : str, optional
        Who published the file and when (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``),
        recorded on the file's source document.

    Raises
    ------
    OrggraphError
        Not JSON, not Popolo, a record without an id, or a malformed date
        (the message names the file and the record, e.g. ``memberships[3].start_date``).

    Examples
    --------
    >>> import orggraph
    >>> from pathlib import Path
    >>> path = Path(orggraph.__file__).parents[2] / "tests/fixtures/popolo/alderney_states-ep-popolo-v1.0.json"
    >>> g = read_popolo(path)
    >>> from rdflib.namespace import TIME
    >>> sorted({str(d) for d in g.objects(None, TIME.inXSDgYearMonth)})
    ['2016-11']
    """
    return _read_popolo(path, base, summary, publisher=publisher, issued=issued)[0]


def _read_popolo(path, base, summary, *, publisher, issued) -> tuple[Graph, str]:
    """:func:`read_popolo`, and the base IRI it chose."""
    path = Path(path)
    summary = summary if summary is not None else ImportSummary("")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise OrggraphError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise OrggraphError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise OrggraphError(f"{path}:{error.lineno}: not JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(data, dict) or not any(k in data for k in ("persons", "organizations", "memberships")):
        raise OrggraphError(f"{path}: not a Popolo file: expected an object with 'persons', 'organizations' "
                            "and 'memberships'")
    meta = (data.get("meta") or {}).get(META_KEY) or {}
    base = base or meta.get("base") or f"{POPOLO_BASE}{slugify(path.stem) or 'data'}/"
    if not base.endswith(("/", "#")):
        base += "/"
    provenance = {"source_publisher": publisher, "source_issued": issued}
    reader = _Reader(path, data, base, summary, provenance)
    try:
        return reader.read(), base
    except (TypeError, AttributeError, ValueError) as error:  # a value of the wrong JSON type
        raise OrggraphError(f"{path}: a value has the wrong type for Popolo ({error})") from None


def import_popolo(path, out, base: str | None = None, *, publisher: str | None = None,
                  issued: str | None = None) -> ImportSummary:
    """Import a Popolo JSON file and write it as RDF to ``out``, keeping what ``out`` already holds.

    As ``import_organogram`` merges snapshots, an existing ``out`` keeps its
    data and gains this file's. If it already holds data under this file's
    base IRI (an earlier import of the same file, or another file given the
    same base), the import is refused and ``out`` is left as it was: the two
    would mix into one set of nodes. The file is written whole or not at all.

    Parameters
    ----------
    path : str or Path
        Popolo JSON (EveryPolitician ep-popolo-v1.0.json or plain Popolo).
    out : str or Path
        RDF file to write (``.ttl``, ``.nt``, ``.rdf``, ``.jsonld``), or a
        folder (then ``<file-stem>.ttl`` inside it; a path ending in ``/`` is
        created when missing). Data already in the file is kept.
    base : str, optional
        Base IRI for the nodes; another one lets a second import of the same
        file go into the same ``out``.
    publisher, issued : str, optional
        Who published the file and when, for its source document.

    Returns
    -------
    ImportSummary

    Raises
    ------
    OrggraphError
        Bad Popolo (see :func:`read_popolo`), ``out`` not readable as RDF, or
        ``out`` already holding data under this file's base IRI.

    Examples
    --------
    >>> import orggraph, tempfile
    >>> from pathlib import Path
    >>> path = Path(orggraph.__file__).parents[2] / "tests/fixtures/popolo/alderney_states-ep-popolo-v1.0.json"
    >>> print(import_popolo(path, Path(tempfile.mkdtemp())).report())  # doctest: +ELLIPSIS
    Wrote .../alderney_states-ep-popolo-v1.0.ttl
      people: 10
      organizations: 2
      posts: 0
      memberships: 10
      events: 6
      areas: 1
      not recorded: the file's publisher and date of issue (give --publisher and --issued; orggraph validate reports it missing)
    Skipped:
      1 × organizations: field 'seats' not imported (organizations[1])

    Importing it into the same file again is refused, unless under another base:

    >>> out = Path(tempfile.mkdtemp()) / "islands.ttl"
    >>> _ = import_popolo(path, out)
    >>> import_popolo(path, out)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orggraph.errors.OrggraphError: .../islands.ttl already holds data under the base IRI https://w3id.org/orggraph/id/popolo/alderney-states-ep-popolo-v1-0/ ...
    >>> import_popolo(path, out, "https://example.org/alderney/").notes[-1]  # doctest: +ELLIPSIS
    'merged with the data already in .../islands.ttl (... triples kept)'
    """
    out = output_path(out, f"{Path(path).stem}.ttl")
    formats = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld"}
    if out.suffix.lower() not in formats:
        raise OrggraphError(f"{out}: cannot write RDF as {out.suffix or 'a file without extension'}; "
                            "use .ttl, .nt, .rdf or .jsonld")
    rdf_format = formats[out.suffix.lower()]
    summary = ImportSummary(str(out))
    graph, base = _read_popolo(path, base, summary, publisher=publisher, issued=issued)
    if out.exists():
        earlier = _earlier_output(out, rdf_format)
        if any(isinstance(s, URIRef) and str(s).startswith(base) for s in earlier.subjects(unique=True)):
            raise OrggraphError(
                f"{out} already holds data under the base IRI {base} (an earlier import of {Path(path).name}?) "
                "and is left as it was: to import the file again, write to a new file; to keep both "
                "imports in this one, give this one another --base"
            )
        graph += earlier
        summary.notes.append(f"merged with the data already in {out} ({len(earlier)} triples kept)")
    data = graph.serialize(format=rdf_format, encoding="utf-8")
    with atomic_write(out, "wb") as handle:
        handle.write(data)
    return summary


def _earlier_output(out: Path, rdf_format: str) -> Graph:
    """The RDF already in ``out``, to merge the import into."""
    earlier = Graph()
    try:
        earlier.parse(out, format=rdf_format)
    except Exception as error:  # each of rdflib's parsers raises errors of its own kinds
        raise OrggraphError(f"{out}: cannot read the data already in it to merge into it: {error}") from None
    return earlier
