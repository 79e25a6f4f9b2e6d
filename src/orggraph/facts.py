"""The knowledge graph read into plain Python records, once.

Every question about time (``at``, ``diff``, the HTML time slider, validation)
works from these records rather than from repeated SPARQL: the RDF is read in
one pass per predicate and nothing is re-parsed.

Examples
--------
>>> import orggraph
>>> facts = orggraph.load().facts
>>> person = facts.people[facts.by_label("Mark Rogers")]
>>> person.label
'Mark Rogers'
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter

from rdflib import Literal
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME

from .dates import Interval, PartialDate
from .vocab import OG

#: The kinds of node in a time-sliced graph.
PERSON, POST, BODY, ROLE = "person", "post", "body", "role"


@dataclass(frozen=True, slots=True)
class Source:
    """A document that supports facts: title, publisher, date of issue, address."""

    iri: str
    title: str
    publisher: str | None = None
    issued: PartialDate | None = None
    url: str | None = None

    def cite(self) -> str:
        """One line: title, publisher, date.

        >>> Source("s", "Letter", "Panel", PartialDate(2016, 1, 11)).cite()
        'Letter (Panel, 11 January 2016)'
        """
        parts = [p for p in (self.publisher, self.issued.words() if self.issued else None) if p]
        return f"{self.title} ({', '.join(parts)})" if parts else self.title


@dataclass(slots=True)
class Body:
    """An organisation or unit: council, directorate, panel, department, partner."""

    iri: str
    label: str
    kind: str | None = None  # local name of its og:bodyKind, e.g. "directorate"
    unit_of: list[str] = field(default_factory=list)
    sub_organization_of: list[str] = field(default_factory=list)
    oversees: list[str] = field(default_factory=list)
    reports_to: list[str] = field(default_factory=list)  # posts or agents the body reports to
    party: str | None = None


@dataclass(slots=True)
class Person:
    """A person, with their party where known."""

    iri: str
    label: str
    party: str | None = None
    head_of: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Post:
    """A post: a position in one or more bodies with roles and reporting lines."""

    iri: str
    label: str
    post_in: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    reports_to: list[str] = field(default_factory=list)
    single_holder: bool = True
    sources: list[str] = field(default_factory=list)
    head_of: list[str] = field(default_factory=list)  # bodies this post heads (org:headOf)


@dataclass(slots=True)
class Membership:
    """A time-bounded fact: a person holding a role (and perhaps a post) in a body."""

    iri: str
    member: str
    organization: str
    role: str | None
    post: str | None
    interval: Interval
    sources: list[str]
    appointment: str | None = None  # "acting", "interim", "substantive"
    came_from: str | None = None


@dataclass(slots=True)
class ChangeEvent:
    """A restructure or other dated change: what it abolished and created."""

    iri: str
    label: str
    date: PartialDate | None
    abolishes: list[str] = field(default_factory=list)
    creates: list[str] = field(default_factory=list)
    original: list[str] = field(default_factory=list)
    resulting: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Facts:
    """Everything the time-aware functions need, keyed by IRI string.

    The records are read-only values shared by every function that asks
    (``kg.facts`` is cached): a list in one record may be the very list in
    another, so copy one before changing it.
    """

    people: dict[str, Person]
    bodies: dict[str, Body]
    posts: dict[str, Post]
    roles: dict[str, str]  # IRI -> label
    memberships: list[Membership]
    events: list[ChangeEvent]
    sources: dict[str, Source]
    labels: dict[str, str]

    def label(self, iri: str) -> str:
        """The label of any node, falling back to the end of its IRI."""
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def kind(self, iri: str) -> str | None:
        """``"person"``, ``"post"``, ``"body"``, ``"role"`` or None."""
        for kind, table in ((PERSON, self.people), (POST, self.posts), (BODY, self.bodies), (ROLE, self.roles)):
            if iri in table:
                return kind
        return None

    def by_label(self, label: str) -> str:
        """The IRI of the node with exactly this label (first match)."""
        for iri, text in self.labels.items():
            if text == label:
                return iri
        raise KeyError(label)

    def memberships_of(self, person: str) -> list[Membership]:
        """A person's memberships, in the order of their beginnings (unknown first)."""
        return sorted(
            (m for m in self.memberships if m.member == person),
            key=lambda m: (m.interval.begin is not None, m.interval.begin or PartialDate(1)),
        )

    def dated_span(self) -> tuple[PartialDate, PartialDate] | None:
        """The first dated fact and the one that ends last (None when nothing is dated).

        :meth:`change_dates` are in order of their first day, and a year can
        end after a later month ("2016" after "2016-03").

        >>> import orggraph
        >>> [d.iso() for d in orggraph.load().facts.dated_span()]
        ['2014-12', '2016-03']
        """
        dates = self.change_dates()
        return (dates[0], max(dates, key=lambda d: d.latest())) if dates else None

    def change_dates(self) -> list[PartialDate]:
        """Every distinct date on which something began, ended or was restructured, in order."""
        dates = {d for m in self.memberships for d in (m.interval.begin, m.interval.end) if d}
        dates |= {e.date for e in self.events if e.date}
        return sorted(dates, key=lambda d: (d.earliest(), d.latest()))


@contextmanager
def _paused_gc():
    """Pause the cyclic garbage collector while building many small containers that hold no cycles.

    Each collection walks every live object, so building 350,000 attribute
    dicts triggers collections whose cost grows with the graph. On the way
    out, every young object (what was built, and anything else the program
    made since the last collection) goes straight to the oldest generation,
    so the first young collection afterwards does not walk it all once more;
    garbage cycles among them wait for the next full collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled and gc.get_freeze_count() == 0:
            # What was built is long-lived: move it to the oldest generation now (as gc.freeze,
            # then gc.unfreeze, does without a traversal) rather than let the next young
            # collection walk all of it. Skipped if the program froze objects itself.
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _instant_date(graph, instant) -> PartialDate | None:
    for prop in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTimeStamp):
        value = graph.value(instant, prop)
        if value is not None:
            return PartialDate.from_literal(value)
    return None


def extract(kg) -> Facts:
    """Read the graph into :class:`Facts` (what ``kg.facts`` returns, cached).

    Each predicate is read once; dates keep the precision the data gives, and
    labels prefer an English or untagged literal.

    Parameters
    ----------
    kg : KnowledgeGraph
        A loaded graph, e.g. from :func:`orggraph.load`.

    Returns
    -------
    Facts
        People, bodies, posts, roles, memberships, change events and sources,
        keyed by IRI string.

    Examples
    --------
    >>> import orggraph
    >>> facts = extract(orggraph.load())
    >>> for m in facts.memberships_of(facts.by_label("Paul Dransfield")):
    ...     print(facts.label(m.post), "|", m.interval, "|", facts.sources[m.sources[0]].publisher)
    Deputy Chief Executive | … – 2016-01 | Birmingham City Council
    Strategic Director for Major Economic Programmes | 2016-01 – … | Birmingham City Council
    """
    from .stores import oxigraph_store

    oxigraph = oxigraph_store(kg)
    if oxigraph is not None:
        with _paused_gc():
            return _extract_from_oxigraph(oxigraph)
    graph = kg.graph
    labels: dict[str, str] = {}
    for prop in (RDFS.label, FOAF.name, DCTERMS.title, SKOS.prefLabel):
        for subject, value in graph.subject_objects(prop):
            if isinstance(value, Literal) and (value.language in (None, "en") or str(subject) not in labels):
                labels[str(subject)] = str(value)

    def objects(subject, prop) -> list[str]:
        return sorted(str(o) for o in graph.objects(subject, prop))

    sources = {}
    for s in set(graph.subjects(RDF.type, OG.SourceDocument)):
        issued = graph.value(s, DCTERMS.issued)
        page = graph.value(s, FOAF.page)
        publisher = graph.value(s, DCTERMS.publisher)
        sources[str(s)] = Source(
            str(s),
            labels.get(str(s), _local(s)),
            str(publisher) if publisher is not None else None,
            PartialDate.from_literal(issued) if issued is not None else None,
            str(page) if page is not None else None,
        )

    people = {}
    for p in set(graph.subjects(RDF.type, FOAF.Person)):
        party = graph.value(p, OG.party)
        people[str(p)] = Person(str(p), labels.get(str(p), _local(p)), str(party) if party else None, objects(p, ORG.headOf))

    body_types = (ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit, ORG.OrganizationalCollaboration)
    bodies = {}
    for t in body_types:
        for b in graph.subjects(RDF.type, t):
            if str(b) in bodies or (b, RDF.type, FOAF.Person) in graph:
                continue
            kind = graph.value(b, OG.bodyKind)
            party = graph.value(b, OG.party)
            unit_of = set(objects(b, ORG.unitOf)) | {str(o) for o in graph.subjects(ORG.hasUnit, b)}
            bodies[str(b)] = Body(
                str(b),
                labels.get(str(b), _local(b)),
                _local(kind) if kind else None,
                sorted(unit_of),
                objects(b, ORG.subOrganizationOf),
                objects(b, OG.oversees),
                objects(b, ORG.reportsTo),
                str(party) if party else None,
            )

    posts = {}
    for p in set(graph.subjects(RDF.type, ORG.Post)):
        single = graph.value(p, OG.singleHolder)
        posts[str(p)] = Post(
            str(p),
            labels.get(str(p), _local(p)),
            objects(p, ORG.postIn),
            objects(p, ORG.role),
            objects(p, ORG.reportsTo),
            single is None or str(single) in ("true", "1"),
            objects(p, PROV.wasDerivedFrom),
            objects(p, ORG.headOf),
        )

    roles = {str(r): labels.get(str(r), _local(r)) for t in (ORG.Role, OG.StatutoryRole) for r in graph.subjects(RDF.type, t)}

    memberships = []
    for m in set(graph.subjects(RDF.type, ORG.Membership)):
        interval = graph.value(m, ORG.memberDuring)
        begin = end = None
        if interval is not None:
            start_instant = graph.value(interval, TIME.hasBeginning)
            end_instant = graph.value(interval, TIME.hasEnd)
            begin = _instant_date(graph, start_instant) if start_instant is not None else None
            end = _instant_date(graph, end_instant) if end_instant is not None else None
        appointment = graph.value(m, OG.appointment)
        came_from = graph.value(m, OG.cameFrom)
        member = graph.value(m, ORG.member)
        organization = graph.value(m, ORG.organization)
        role = min(graph.objects(m, ORG.role), key=str, default=None)  # one role: the least IRI, as on Oxigraph
        post = graph.value(m, OG.post)
        memberships.append(
            Membership(
                str(m),
                str(member) if member is not None else "",
                str(organization) if organization is not None else "",
                str(role) if role is not None else None,
                str(post) if post is not None else None,
                Interval(begin, end),
                objects(m, PROV.wasDerivedFrom),
                _local(appointment) if appointment else None,
                str(came_from) if came_from else None,
            )
        )
    memberships.sort(key=lambda m: m.iri)

    events = []
    for e in set(graph.subjects(RDF.type, ORG.ChangeEvent)):
        started = graph.value(e, PROV.startedAtTime)
        events.append(
            ChangeEvent(
                str(e),
                labels.get(str(e), _local(e)),
                PartialDate.from_literal(started) if started is not None else None,
                objects(e, OG.abolishes),
                objects(e, OG.creates),
                objects(e, ORG.originalOrganization),
                objects(e, ORG.resultingOrganization),
                objects(e, PROV.wasDerivedFrom),
            )
        )
    events.sort(key=lambda e: (e.date.earliest() if e.date else PartialDate(1).earliest(), e.iri))

    return Facts(people, bodies, posts, roles, memberships, events, sources, labels)



def _extract_from_oxigraph(store) -> Facts:
    """:func:`extract` for an Oxigraph store: one ``quads_for_pattern`` pass per predicate, over every graph.

    Gives the same :class:`Facts` as reading the same data through rdflib,
    without going through rdflib's term objects (ten times faster at 100,000
    people). Except for labels (whose language is checked), the strings are
    taken out of pyoxigraph's quads by ``operator.attrgetter`` mapped in C,
    not by a Python loop.
    """
    from pyoxigraph import Literal as OxLiteral
    from pyoxigraph import NamedNode

    rdf_type = NamedNode(str(RDF.type))
    subject_of, subject_and_object = attrgetter("subject.value"), attrgetter("subject.value", "object.value")

    def pairs(prop):
        return store.quads_for_pattern(None, NamedNode(str(prop)), None, None)

    def many(prop) -> defaultdict[str, list]:
        """subject -> its objects in the order read (a fresh empty list for any other); :func:`in_order` sorts them."""
        table: defaultdict[str, list] = defaultdict(list)
        for subject, value in map(subject_and_object, pairs(prop)):
            if subject in table:
                table[subject].append(value)
            else:
                table[subject] = [value]
        return table

    def in_order(table) -> dict[str, list]:
        """Each subject's objects sorted and distinct, as :func:`extract` gives them."""
        for subject, values in table.items():
            if len(values) > 1:
                table[subject] = sorted(set(values))
        return table

    def one(prop) -> dict[str, str]:
        """subject -> the value of its object (any one, when it has several, as rdflib's ``value``)."""
        return dict(map(subject_and_object, pairs(prop)))

    def of_type(cls) -> list[str]:
        return list(dict.fromkeys(map(subject_of, store.quads_for_pattern(None, rdf_type, NamedNode(str(cls)), None))))

    dates: dict = {}

    def date(text) -> PartialDate:
        # checked when loaded, so its datatype matches its precision
        found = dates.get(text)
        if found is None:
            found = dates[text] = PartialDate.parse(text[:10])
        return found

    labels: dict[str, str] = {}
    for prop in (RDFS.label, FOAF.name, DCTERMS.title, SKOS.prefLabel):
        for quad in pairs(prop):
            subject, value = quad.subject.value, quad.object
            if isinstance(value, OxLiteral) and (value.language in (None, "en") or subject not in labels):
                labels[subject] = value.value

    def name(iri) -> str:
        return labels[iri] if iri in labels else _local(iri)

    derived = in_order(many(PROV.wasDerivedFrom))
    head_of = in_order(many(ORG.headOf))
    party = one(OG.party)

    sources = {}
    issued, page, publisher = one(DCTERMS.issued), one(FOAF.page), one(DCTERMS.publisher)
    for s in of_type(OG.SourceDocument):
        sources[s] = Source(s, name(s), publisher.get(s), date(issued[s]) if s in issued else None, page.get(s))

    people = {}
    for p in of_type(FOAF.Person):
        people[p] = Person(p, name(p), party.get(p), head_of[p])

    kind, unit_of, sub_organization_of = one(OG.bodyKind), many(ORG.unitOf), in_order(many(ORG.subOrganizationOf))
    for subject, unit in map(subject_and_object, pairs(ORG.hasUnit)):
        unit_of[unit].append(subject)
    unit_of, oversees, reports_to = in_order(unit_of), in_order(many(OG.oversees)), in_order(many(ORG.reportsTo))
    bodies = {}
    for t in (ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit, ORG.OrganizationalCollaboration):
        for b in of_type(t):
            if b in bodies or b in people:
                continue
            bodies[b] = Body(
                b,
                name(b),
                _local(kind[b]) if b in kind else None,
                unit_of[b],
                sub_organization_of[b],
                oversees[b],
                reports_to[b],
                party.get(b),
            )

    role_of = many(ORG.role)
    role = {subject: min(values) for subject, values in role_of.items()}  # a membership's one role: the least IRI
    post_in, role_of, single = in_order(many(ORG.postIn)), in_order(role_of), one(OG.singleHolder)
    # Posts and memberships are the bulk: their records are built by map() over columns, without a Python loop.
    ps = of_type(ORG.Post)
    single_holder = [p not in single or single[p] in ("true", "1") for p in ps]
    fields = (map(name, ps), map(post_in.__getitem__, ps), map(role_of.__getitem__, ps),
              map(reports_to.__getitem__, ps), single_holder, map(derived.__getitem__, ps), map(head_of.__getitem__, ps))
    posts = dict(zip(ps, map(Post, ps, *fields)))

    roles = {r: name(r) for t in (ORG.Role, OG.StatutoryRole) for r in of_type(t)}

    instant_date: dict[str, str] = {}
    for prop in reversed((TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTimeStamp)):
        instant_date.update(one(prop))  # earlier properties in the tuple win, as in extract()
    during, beginning, end_of = one(ORG.memberDuring), one(TIME.hasBeginning), one(TIME.hasEnd)
    member, organization, post = one(ORG.member), one(ORG.organization), one(OG.post)
    appointment, came_from = one(OG.appointment), one(OG.cameFrom)

    by_bounds: dict = {}  # intervals are immutable: one object per distinct (begin, end)
    interval_of = {}
    for interval in set(during.values()):
        bounds = (instant_date.get(beginning.get(interval)), instant_date.get(end_of.get(interval)))
        found = by_bounds.get(bounds)
        if found is None:
            found = by_bounds[bounds] = Interval(*(None if text is None else date(text) for text in bounds))
        interval_of[interval] = found
    unbounded = by_bounds.get((None, None)) or Interval(None, None)

    ms = sorted(of_type(ORG.Membership))
    kind_of_appointment = {m: _local(value) for m, value in appointment.items()}
    fields = (map(member.get, ms, repeat("")), map(organization.get, ms, repeat("")), map(role.get, ms),
              map(post.get, ms), map(interval_of.get, map(during.get, ms), repeat(unbounded)),
              map(derived.__getitem__, ms), map(kind_of_appointment.get, ms), map(came_from.get, ms))
    memberships = list(map(Membership, ms, *fields))

    started = one(PROV.startedAtTime)
    abolishes, creates = in_order(many(OG.abolishes)), in_order(many(OG.creates))
    original, resulting = in_order(many(ORG.originalOrganization)), in_order(many(ORG.resultingOrganization))
    events = []
    for e in of_type(ORG.ChangeEvent):
        events.append(
            ChangeEvent(
                e,
                name(e),
                date(started[e]) if e in started else None,
                abolishes[e],
                creates[e],
                original[e],
                resulting[e],
                derived[e],
            )
        )
    events.sort(key=lambda e: (e.date.earliest() if e.date else PartialDate(1).earliest(), e.iri))

    return Facts(people, bodies, posts, roles, memberships, events, sources, labels)
