"""Export to Popolo JSON: persons, organizations, posts, memberships, events, areas.

The inverse of :mod:`orggraph.importers.popolo`: ids are the last part of each
IRI (``<base>person/<id>``), the base and the file's own source document are
recorded in ``meta.orggraph``, so importing the export gives the same graph.
Data from elsewhere (the Birmingham set, organograms) exports too; ids that do
not follow the ``<base><kind>/<id>`` pattern are written as whole IRIs, and
restructures (``org:ChangeEvent``) become events classified ``change``.

Examples
--------
>>> import orggraph, json
>>> doc = popolo_document(orggraph.load())
>>> ceo = [m for m in doc["memberships"] if m.get("post_id") == "chief-executive"]
>>> [(m["person_id"], m["role"]) for m in ceo]
[('mark-rogers', 'Chief Executive')]
>>> doc["meta"]["orggraph"]["base"]
'https://w3id.org/orggraph/id/birmingham/'
"""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME

from ..dates import PartialDate
from ..facts import _instant_date
from ..io import write_text
from ..importers.popolo import BODY_KINDS, META_KEY
from ..vocab import OG

_KINDS = {"person": "person", "organization": "org", "post": "post", "membership": "membership",
          "event": "event", "area": "area"}
_BODY_TYPES = (ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit)
_CLASSIFICATION = {v: k for k, v in reversed(list(BODY_KINDS.items()))}


class _Ids:
    """Popolo ids from IRIs: the part after ``<base><kind>/``, with the most common base."""

    def __init__(self, iris):
        bases = Counter()
        for iri in iris:
            match = re.match(r"^(.*[/#])(person|org|post|membership|event|area)/(.+)$", str(iri))
            if match:
                bases[match.group(1)] += 1
        self.base = bases.most_common(1)[0][0] if bases else None

    def __call__(self, iri, kind: str) -> str:
        prefix = f"{self.base}{_KINDS[kind]}/"
        text = str(iri)
        return unquote(text[len(prefix):]) if self.base and text.startswith(prefix) else text


def _date(graph, instant) -> str | None:
    date = _instant_date(graph, instant) if instant is not None else None
    return date.iso() if date else None


def popolo_document(kg) -> dict:
    """The graph as a Popolo JSON document (a dict).

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    dict
        ``persons``, ``organizations``, ``posts``, ``memberships``, ``events``,
        ``areas`` and ``meta``; each list sorted by id.

    Examples
    --------
    >>> import orggraph
    >>> doc = popolo_document(orggraph.load())
    >>> [p["name"] for p in doc["persons"] if p["id"] == "jon-warlow"]
    ['Jon Warlow']
    >>> [(m["post_id"], m.get("start_date"), m.get("end_date"))
    ...  for m in doc["memberships"] if m["person_id"] == "paul-dransfield"]  # doctest: +NORMALIZE_WHITESPACE
    [('deputy-chief-executive', None, '2016-01'),
     ('strategic-director-major-economic-programmes', '2016-01', None)]
    """
    g = kg.graph
    people = set(g.subjects(RDF.type, FOAF.Person))
    bodies = {b for t in _BODY_TYPES for b in g.subjects(RDF.type, t)} - people
    posts = set(g.subjects(RDF.type, ORG.Post))
    memberships = {m for m in g.subjects(RDF.type, ORG.Membership) if g.value(m, ORG.member) is not None}
    activities = set(g.subjects(RDF.type, PROV.Activity)) | set(g.subjects(RDF.type, ORG.ChangeEvent))
    areas = set(g.subjects(RDF.type, DCTERMS.Location))
    ident = _Ids(people | bodies | posts | memberships | activities | areas)
    file_source = URIRef(f"{ident.base}source/file") if ident.base else None

    def text(node, prop):
        value = g.value(node, prop)
        return str(value) if value is not None else None

    def common(node, record: dict) -> dict:
        others = sorted(
            ({"name": str(o), **({"lang": o.language} if o.language else {})}
             for o in g.objects(node, SKOS.altLabel) if isinstance(o, Literal)),
            key=lambda o: (o["name"], o.get("lang", "")))
        if others:
            record["other_names"] = others
        identifiers = []
        for notation in g.objects(node, SKOS.notation):
            datatype = str(getattr(notation, "datatype", "") or "")
            if ident.base and datatype.startswith(f"{ident.base}scheme/"):
                identifiers.append({"identifier": str(notation), "scheme": unquote(datatype.rsplit("/", 1)[1])})
        if identifiers:
            record["identifiers"] = sorted(identifiers, key=lambda i: (i["scheme"], i["identifier"]))
        urls = {str(u) for u in g.objects(node, DCTERMS.source) if isinstance(u, URIRef)}
        for source in g.objects(node, PROV.wasDerivedFrom):
            page = g.value(source, FOAF.page)
            if source != file_source and page is not None:
                urls.add(str(page))
        if urls:
            record["sources"] = [{"url": u} for u in sorted(urls)]
        return record

    persons_out = []
    for p in people:
        record = {"id": ident(p, "person"), "name": text(p, FOAF.name) or ident(p, "person")}
        if text(p, FOAF.gender):
            record["gender"] = text(p, FOAF.gender)
        images = sorted(str(i) for i in g.objects(p, FOAF.img))
        if images:
            record["image"], record["images"] = images[0], [{"url": i} for i in images]
        mbox = text(p, FOAF.mbox)
        if mbox:
            record["email"] = unquote(mbox.removeprefix("mailto:"))
        persons_out.append(common(p, record))

    organizations_out = []
    for b in bodies:
        record = {"id": ident(b, "organization"), "name": text(b, SKOS.prefLabel) or ident(b, "organization")}
        kind = g.value(b, OG.bodyKind)
        classification = text(b, DCTERMS.type) or (
            _CLASSIFICATION.get(kind) or str(kind).rsplit("#", 1)[-1] if kind is not None else None)
        if classification:
            record["classification"] = classification
        parent = g.value(b, ORG.subOrganizationOf) or g.value(b, ORG.unitOf)
        if parent is not None:
            record["parent_id"] = ident(parent, "organization")
        organizations_out.append(common(b, record))

    posts_out = []
    for p in posts:
        record = {"id": ident(p, "post"), "label": text(p, SKOS.prefLabel) or ident(p, "post")}
        body = sorted(g.objects(p, ORG.postIn))
        if body:
            record["organization_id"] = ident(body[0], "organization")
        role = g.value(p, ORG.role)
        if role is not None:
            record["role"] = text(role, SKOS.prefLabel) or str(role)
        posts_out.append(common(p, record))

    memberships_out = []
    for m in memberships:
        record = {"id": ident(m, "membership"), "person_id": ident(g.value(m, ORG.member), "person")}
        for prop, key, kind in ((ORG.organization, "organization_id", "organization"), (OG.post, "post_id", "post"),
                                (OG.onBehalfOf, "on_behalf_of_id", "organization"), (DCTERMS.spatial, "area_id", "area"),
                                (DCTERMS.temporal, "legislative_period_id", "event")):
            value = g.value(m, prop)
            if value is not None:
                record[key] = ident(value, kind)
        role = g.value(m, ORG.role)
        if role is not None:
            record["role"] = text(role, SKOS.prefLabel) or str(role)
        interval = g.value(m, ORG.memberDuring)
        if interval is not None:
            for prop, key in ((TIME.hasBeginning, "start_date"), (TIME.hasEnd, "end_date")):
                value = _date(g, g.value(interval, prop))
                if value:
                    record[key] = value
        memberships_out.append(common(m, record))

    events_out = []
    for e in activities:
        record = {"id": ident(e, "event"), "name": text(e, SKOS.prefLabel) or ident(e, "event")}
        classification = text(e, DCTERMS.type) or ("change" if (e, RDF.type, ORG.ChangeEvent) in g else None)
        if classification:
            record["classification"] = classification
        for prop, key in ((PROV.startedAtTime, "start_date"), (PROV.endedAtTime, "end_date")):
            value = g.value(e, prop)
            if value is not None:
                record[key] = PartialDate.from_literal(value).iso()
        body = g.value(e, PROV.wasAssociatedWith)
        if body is not None:
            record["organization_id"] = ident(body, "organization")
        events_out.append(record)

    areas_out = []
    for a in areas:
        record = {"id": ident(a, "area"), "name": text(a, SKOS.prefLabel) or ident(a, "area")}
        if text(a, DCTERMS.type):
            record["type"] = text(a, DCTERMS.type)
        areas_out.append(record)

    meta = {"base": ident.base} if ident.base else {}
    if file_source is not None and (file_source, RDF.type, OG.SourceDocument) in g:
        for prop, key in ((DCTERMS.title, "source_title"), (DCTERMS.publisher, "source_publisher"),
                          (DCTERMS.issued, "source_issued")):
            value = g.value(file_source, prop)
            if value is not None:
                meta[key] = PartialDate.from_literal(value).iso() if prop == DCTERMS.issued else str(value)

    def by_id(records):
        return sorted(records, key=lambda r: r["id"])

    return {
        "persons": by_id(persons_out),
        "organizations": by_id(organizations_out),
        "posts": by_id(posts_out),
        "memberships": by_id(memberships_out),
        "events": by_id(events_out),
        "areas": by_id(areas_out),
        "meta": {META_KEY: meta},
    }


def write_popolo(kg, path=None) -> None:
    """Write the graph as Popolo JSON to ``path`` (atomically), or to standard output.

    Examples
    --------
    >>> import orggraph, tempfile, pathlib, json
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "birmingham.json"
    >>> write_popolo(orggraph.load(), target)
    >>> "Mark Rogers" in {p["name"] for p in json.loads(target.read_text())["persons"]}
    True
    """
    text = json.dumps(popolo_document(kg), indent=2, ensure_ascii=False) + "\n"
    write_text(text, path)


#: Format name -> writer, joined into :data:`orggraph.export.WRITERS`.
WRITERS = {"popolo": write_popolo}
