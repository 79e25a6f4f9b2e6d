"""The organisation as of a day, and what changed between two days.

:func:`at` turns the knowledge graph into a :class:`networkx.MultiDiGraph` of
the organisation on one day; the other functions answer questions over it or
over the records in ``kg.facts``: who reports to whom (:func:`reporting_line`,
:func:`reports`), who held a role or sat in a body (:func:`holders`,
:func:`members`), what happened to a person or body over time
(:func:`timeline`), what changed between two days (:func:`diff`) and on whose
word (:func:`why`).

Only facts that certainly held on the day count. A beginning known only to the
month ("2016-01") counts from the month's last day; an end known only to the
month counts until the month's first day; a year works the same way; a missing
beginning or end does not limit the fact (see :meth:`orggraph.Interval.active_on`).

Every answer is a list of small dataclasses whose fields are IRIs, labels, ISO
dates and lists of source IRIs; ``dataclasses.asdict`` turns one into JSON.

Examples
--------
>>> import orggraph
>>> kg = orggraph.load()
>>> G = orggraph.at(kg, "2016-02-15")
>>> sorted(h.person_label for h in orggraph.members(kg, "Corporate Leadership Team", "2016-02-15"))[:3]
['Angela Probert', 'Jacqui Kennedy', 'Jon Warlow']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from .dates import Interval, PartialDate, parse_day
from .errors import DateError, NameNotFound
from .facts import BODY, PERSON, POST, _paused_gc
from .names import normalise, resolve

#: The relations an edge of :func:`at` can have (its ``relation`` attribute).
HOLDS, MEMBER_OF, POST_IN, UNIT_OF, REPORTS_TO, HEADS = (
    "holds", "member_of", "post_in", "unit_of", "reports_to", "heads",
)


# ----------------------------------------------------------------- records


@dataclass
class Holding:
    """A person holding a role (and perhaps a post) in a body, with its dates and sources."""

    person: str
    person_label: str
    role: str | None
    role_label: str | None
    post: str | None
    post_label: str | None
    body: str | None
    body_label: str | None
    begin: str | None
    end: str | None
    appointment: str | None
    membership: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Step:
    """One step of a reporting line: a post (or a body that reports as a whole) and who holds it."""

    iri: str
    label: str
    kind: str
    holders: list[dict] = field(default_factory=list)  # [{"iri": ..., "label": ...}]


@dataclass
class Report:
    """A post (or body) that reports, directly or not, to a person's post."""

    iri: str
    label: str
    kind: str
    holders: list[dict]
    depth: int
    reports_to: str
    reports_to_label: str


@dataclass
class Event:
    """Something dated that happened to a person, post or body."""

    date: str
    precision: str
    event: str  # "began", "ended", "created", "abolished", "change"
    description: str
    iri: str  # the membership or change event
    person: str | None = None
    person_label: str | None = None
    post: str | None = None
    post_label: str | None = None
    role_label: str | None = None
    body: str | None = None
    body_label: str | None = None
    sources: list[str] = field(default_factory=list)


@dataclass
class Change:
    """One difference between two days: someone joined, left or changed role; a post,
    role or unit was created or abolished; a reporting line was added or removed."""

    change: str  # joined, left, changed_role, abolished, created, line_removed, line_added
    kind: str  # person, post, role, body
    iri: str
    label: str
    before: list[str] = field(default_factory=list)  # posts (or role in body) held, or the line
    after: list[str] = field(default_factory=list)
    before_roles: list[str] = field(default_factory=list)
    after_roles: list[str] = field(default_factory=list)
    date: str | None = None  # when it happened, where the data says: event date, or membership begin/end
    sources: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    """A source behind one statement the graph makes about a person."""

    statement: str
    fact: str  # IRI of the membership or change event
    source: str
    title: str | None
    publisher: str | None
    issued: str | None
    url: str | None


# ----------------------------------------------------------------- the graph on a day


def at(kg, date) -> nx.MultiDiGraph:
    """The organisation on one day, as a networkx multigraph.

    Nodes are IRIs. People appear when they hold something on the day; bodies
    and posts appear unless a change event had not yet created them or had
    already abolished them (a held post always appears). Node attributes:
    ``kind`` (``"person"``, ``"post"`` or ``"body"``), ``label``, ``iri``, and
    ``body_kind`` and ``party`` where known.

    Edges carry ``relation``, one of ``holds`` (person → post), ``member_of``
    (person → body), ``post_in`` (post → body), ``unit_of`` (unit → body),
    ``reports_to`` (post or body → post) and ``heads`` (person or post →
    body), and ``role``, ``role_label``, ``interval`` (``{"begin", "end"}``
    ISO dates at their precision, or None), ``sources`` (IRIs) and for
    memberships ``membership`` and ``appointment``. The edge key is the
    relation; a second parallel edge of the same relation gets ``"member_of#2"``.

    Only facts that certainly held on ``date`` count: a beginning known to the
    month or year counts from the last day of that month or year, an end known
    to the month or year counts until its first day, and a missing beginning or
    end is open. Change events take effect the same way: a post abolished in
    "2016-01" is gone from 2016-01-01; one created then exists from 2016-01-31.

    Parameters
    ----------
    kg : KnowledgeGraph
    date : datetime.date or str
        The day, as a date or ``"YYYY-MM-DD"``.

    Returns
    -------
    networkx.MultiDiGraph
        With ``G.graph["date"]`` the ISO day.

    Raises
    ------
    DateError
        The date is malformed or impossible.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.at(orggraph.load(), "2016-02-15")
    >>> ceo = "https://w3id.org/orggraph/id/birmingham/post/chief-executive"
    >>> [G.nodes[p]["label"] for p, _, r in G.in_edges(ceo, data="relation") if r == "holds"]
    ['Mark Rogers']
    """
    day = parse_day(date)
    facts = kg.facts
    created, abolished = _event_dates(facts)
    G = nx.MultiDiGraph(date=day.isoformat())
    with _paused_gc():
        add = _Builder(G)
        for body in facts.bodies.values():
            if _exists(body.iri, day, created, abolished):
                add.body(body.iri, body)
        for post in facts.posts.values():
            if _exists(post.iri, day, created, abolished):
                add.node(post.iri, POST, post.label)

        nodes, people = G._node, facts.people
        holds_on_day: dict[int, tuple | None] = {}  # id of an Interval (shared by many memberships) -> its ISO bounds if active
        for m in facts.memberships:
            member, interval = m.member, m.interval
            if not member:
                continue
            bounds = holds_on_day.get(id(interval), False)
            if bounds is False:
                bounds = holds_on_day[id(interval)] = _iso_bounds(interval) if interval.active_on(day) else None
            if bounds is None:
                continue
            if member not in nodes:
                person = people.get(member)
                add.node(member, PERSON, facts.label(member), party=person.party if person else None)
            role = m.role
            role_label = facts.label(role) if role else None
            when, sources = {"begin": bounds[0], "end": bounds[1]}, list(m.sources)  # shared by its two edges
            if m.post:
                if m.post not in nodes:
                    add.node(m.post, POST, facts.label(m.post))
                add.edge(member, m.post, {"relation": HOLDS, "role": role, "role_label": role_label, "interval": when,
                                          "sources": sources, "membership": m.iri, "appointment": m.appointment})
            if m.organization:
                if m.organization not in nodes:
                    add.body(m.organization, facts.bodies.get(m.organization), facts)
                add.edge(member, m.organization, {"relation": MEMBER_OF, "role": role, "role_label": role_label,
                                                  "interval": when, "sources": sources, "membership": m.iri,
                                                  "appointment": m.appointment})

        for body in facts.bodies.values():
            if body.iri not in nodes:
                continue
            for parent in body.unit_of:
                if parent in nodes:
                    add.edge(body.iri, parent, _structural(UNIT_OF))
            for target in body.reports_to:
                if target in nodes:
                    add.edge(body.iri, target, _structural(REPORTS_TO))
        for post in facts.posts.values():
            if post.iri not in nodes:
                continue
            role = post.roles[0] if post.roles else None
            role_label = facts.label(role) if role else None
            for relation, targets in ((POST_IN, post.post_in), (REPORTS_TO, post.reports_to), (HEADS, post.head_of)):
                for target in targets:
                    if target in nodes:
                        add.edge(post.iri, target, {"relation": relation, "role": role, "role_label": role_label,
                                                    "interval": None, "sources": list(post.sources)})
        for person in facts.people.values():
            if person.iri in nodes:
                for body in person.head_of:
                    if body in nodes:
                        add.edge(person.iri, body, _structural(HEADS))
    return G


def _event_dates(facts):
    """When each post, role or unit was created and abolished, from the change events."""
    created, abolished = {}, {}
    for event in facts.events:
        if event.date is None:
            continue
        for iri in event.creates:
            if iri not in created or event.date.latest() < created[iri].latest():
                created[iri] = event.date
        for iri in event.abolishes:
            if iri not in abolished or event.date.earliest() < abolished[iri].earliest():
                abolished[iri] = event.date
    return created, abolished


def _exists(iri, day, created, abolished) -> bool:
    """Whether a post, role or unit exists on a day: created by then, not yet abolished."""
    made, ended = created.get(iri), abolished.get(iri)
    return (made is None or made.latest() <= day) and (ended is None or day < ended.earliest())


class _Builder:
    """Adds nodes and edges to a fresh MultiDiGraph through its adjacency dicts.

    At 100,000 people :func:`at` adds about 350,000 edges; networkx's
    ``add_edge`` (which checks and copies on every call) was two thirds of
    its time. The result is the same graph ``add_node``/``add_edge`` would
    build (a new graph has nothing in networkx's cache to clear).
    """

    def __init__(self, G):
        self.nodes, self.succ, self.pred = G._node, G._succ, G._pred

    def node(self, iri, kind, label, **attrs):
        """A node, or new attributes for one already there (as ``add_node`` merges them)."""
        if iri in self.nodes:
            self.nodes[iri].update(kind=kind, label=label, iri=iri, **attrs)
        else:
            self.nodes[iri] = dict(kind=kind, label=label, iri=iri, **attrs)
            self.succ[iri], self.pred[iri] = {}, {}

    def body(self, iri, body, facts=None):
        if body is None:
            self.node(iri, BODY, facts.label(iri), body_kind=None, party=None)
        else:
            self.node(iri, BODY, body.label, body_kind=body.kind, party=body.party)

    def edge(self, u, v, attrs: dict):
        """An edge keyed by its ``relation``; a parallel edge of the same relation gets ``relation#2`` and so on."""
        relation = key = attrs["relation"]
        keys = self.succ[u].get(v)
        if keys is None:
            self.succ[u][v] = self.pred[v][u] = {relation: attrs}
            return
        n = 1
        while key in keys:
            n += 1
            key = f"{relation}#{n}"
        keys[key] = attrs


def _structural(relation) -> dict:
    """The attributes of an edge between bodies, or of a person heading one: no role, dates or sources."""
    return {"relation": relation, "sources": [], "role": None, "role_label": None, "interval": None}


def _iso_bounds(interval: Interval) -> tuple[str | None, str | None]:
    return (interval.begin.iso() if interval.begin else None, interval.end.iso() if interval.end else None)


def _holders_in(G, post) -> list[dict]:
    found = {u for u, _, r in G.in_edges(post, data="relation") if r == HOLDS}
    return [{"iri": p, "label": G.nodes[p]["label"]} for p in sorted(found, key=lambda p: (G.nodes[p]["label"], p))]


def _node(G, name) -> str:
    """A node of G by IRI or exact/loose label (people, posts and bodies)."""
    if name in G:
        return name
    wanted = normalise(name)
    found = sorted(n for n, label in G.nodes(data="label") if label == name or normalise(label or "") == wanted)
    if len(found) == 1:
        return found[0]
    if found:
        from .errors import AmbiguousName

        raise AmbiguousName(f"{name!r} could mean {len(found)} things on {G.graph.get('date')}: " + "; ".join(found[:10]))
    raise NameNotFound(
        f"{name!r} is not in the organisation on {G.graph.get('date')}: nobody of that name holds a post "
        "or belongs to a body then, and no post or body has that label"
    )


def _start_nodes(G, node) -> list[str]:
    """Where a reporting line starts: the posts a person holds, else the bodies they sit in."""
    kind = G.nodes[node]["kind"]
    if kind != PERSON:
        return [node]
    posts = sorted({v for _, v, r in G.out_edges(node, data="relation") if r == HOLDS})
    if posts:
        return posts
    return sorted({v for _, v, r in G.out_edges(node, data="relation") if r == MEMBER_OF})


def _up(G, node) -> list[str]:
    return sorted({v for _, v, r in G.out_edges(node, data="relation") if r == REPORTS_TO})


def _step(G, node) -> Step:
    data = G.nodes[node]
    holders = _holders_in(G, node) if data["kind"] == POST else []
    return Step(node, data["label"], data["kind"], holders)


def reporting_line(G, person) -> list[list[Step]]:
    """Every chain of reporting from a person's posts up to the top.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        From :func:`at`.
    person : str
        IRI or label of a person (or of a post or body) in ``G``.

    Returns
    -------
    list of list of Step
        One chain per path up the ``reports_to`` edges, each starting with the
        person's own post; several where a post has two lines. A person with no
        post starts from the bodies they belong to. Empty if nothing reports.

    Raises
    ------
    NameNotFound
        The person is not in the organisation on that day.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.at(orggraph.load(), "2016-02-15")
    >>> [[(s.label, [h["label"] for h in s.holders]) for s in chain]
    ...  for chain in reporting_line(G, "Piali DasGupta")]
    [[('Assistant Chief Executive', ['Piali DasGupta']), ('Chief Executive, Birmingham City Council', ['Mark Rogers'])]]
    """
    node = _node(G, person)
    chains = []
    for start in _start_nodes(G, node):
        stack = [[start]]
        while stack:
            path = stack.pop()
            above = [n for n in _up(G, path[-1]) if n not in path]
            if not above:
                if len(path) > 1 or G.nodes[node]["kind"] == PERSON and G.nodes[start]["kind"] == POST:
                    chains.append([_step(G, n) for n in path])
                continue
            stack.extend(path + [n] for n in reversed(above))
    return chains


def reports(G, person, depth=None) -> list[Report]:
    """The posts (and bodies) that report to a person's posts, directly or not.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        From :func:`at`.
    person : str
        IRI or label of a person (or post) in ``G``.
    depth : int, optional
        1 for direct reports only; default: all levels.

    Returns
    -------
    list of Report
        Breadth first; vacant posts have no holders.

    Examples
    --------
    >>> import orggraph
    >>> G = orggraph.at(orggraph.load(), "2016-02-15")
    >>> [r.label for r in reports(G, "Mark Rogers")][:2]
    ['Assistant Chief Executive', 'Strategic Director for Economy']
    """
    if depth is not None and depth < 1:
        raise ValueError(f"depth must be 1 or more, not {depth}")
    node = _node(G, person)
    starts = [n for n in _start_nodes(G, node) if G.nodes[n]["kind"] == POST]
    seen = set(starts)
    found = []
    frontier = starts
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        below = []
        for boss in frontier:
            for sub in sorted({u for u, _, r in G.in_edges(boss, data="relation") if r == REPORTS_TO}, key=lambda n: (G.nodes[n]["label"], n)):
                if sub in seen:
                    continue
                seen.add(sub)
                below.append(sub)
                step = _step(G, sub)
                found.append(Report(sub, step.label, step.kind, step.holders, level, boss, G.nodes[boss]["label"]))
        frontier = below
    return found


# ----------------------------------------------------------------- questions over kg


def _holding(facts, m) -> Holding:
    return Holding(
        person=m.member,
        person_label=facts.label(m.member),
        role=m.role,
        role_label=facts.label(m.role) if m.role else None,
        post=m.post,
        post_label=facts.label(m.post) if m.post else None,
        body=m.organization or None,
        body_label=facts.label(m.organization) if m.organization else None,
        begin=m.interval.begin.iso() if m.interval.begin else None,
        end=m.interval.end.iso() if m.interval.end else None,
        appointment=m.appointment,
        membership=m.iri,
        sources=list(m.sources),
    )


def _memberships_by_iri(kg):
    return {m.iri: m for m in kg.facts.memberships}


def _edge_memberships(G, edges) -> list[str]:
    return sorted({data["membership"] for *_, data in edges if data.get("membership")})


def holders(kg, role, date, body=None) -> list[Holding]:
    """Who held a role (or a post) on a day, optionally only in one body.

    Parameters
    ----------
    kg : KnowledgeGraph
    role : str
        A role or post: IRI or name (roles are tried first).
    date : datetime.date or str
    body : str, optional
        Only holdings in this body (the membership's body or the post's).

    Returns
    -------
    list of Holding
        Sorted by person.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> [(h.person_label, h.begin) for h in holders(kg, "Leader of the Council", "2016-01-15", body="Birmingham City Council")]
    [('John Clancy', '2015-12-01')]
    >>> holders(kg, "Leader of the Council", "2015-11-30", body="Birmingham City Council")
    []
    """
    facts = kg.facts
    target = _target(kg, role)
    body_iri = resolve(kg, body, kind=BODY) if body else None
    G = at(kg, date)
    by_iri = _memberships_by_iri(kg)
    chosen = []
    for u, v, data in G.edges(data=True):
        if data["relation"] not in (HOLDS, MEMBER_OF) or not data.get("membership"):
            continue
        m = by_iri[data["membership"]]
        if _holds(facts, m, target) and (body_iri is None or _in_body(facts, m, body_iri)):
            chosen.append(m.iri)
    return _sorted_holdings(facts, {i: by_iri[i] for i in chosen})


def _target(kg, role) -> str:
    """The role, or else the post, that ``role`` names."""
    try:
        return resolve(kg, role, kind="role")
    except NameNotFound:
        return resolve(kg, role, kind=(POST, "role"))


def _holds(facts, m, target) -> bool:
    """Whether membership ``m`` holds the post ``target``, or the role ``target`` (itself or through its post)."""
    if target in facts.posts:
        return m.post == target
    post = facts.posts.get(m.post) if m.post else None
    return m.role == target or bool(post and target in post.roles)


def _in_body(facts, m, body_iri) -> bool:
    """Whether membership ``m`` is of the body, or of a post in it."""
    post = facts.posts.get(m.post) if m.post else None
    return m.organization == body_iri or bool(post and body_iri in post.post_in)


def uncertain(kg, date, *, role=None, body=None) -> list[Holding]:
    """The holdings :func:`holders` (given ``role``) or :func:`members` (given ``body`` alone) leave out
    because their dates, known only to the month or year, leave it open whether they held on the day.

    Parameters
    ----------
    kg : KnowledgeGraph
    date : datetime.date or str
    role : str, optional
        A role or post, as :func:`holders` takes it.
    body : str, optional
        A body, as :func:`members` takes it (with ``role``: only holdings in it).

    Returns
    -------
    list of Holding
        Sorted by person, as the certain ones are; empty when the day is
        certain either way for every holding.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> [(h.person_label, h.begin, h.end) for h in uncertain(kg, "2016-01-15", body="Corporate Leadership Team")][:2]
    [('Angela Probert', '2016-01', None), ('Jon Warlow', '2016-01', None)]
    """
    if role is None and body is None:
        raise ValueError("give role or body")
    day, facts = parse_day(date), kg.facts
    target = _target(kg, role) if role is not None else None
    body_iri = resolve(kg, body, kind=BODY) if body is not None else None
    found = {m.iri: m for m in facts.memberships
             if m.member and m.interval.possibly_active_on(day) and not m.interval.active_on(day)
             and (target is None or _holds(facts, m, target)) and (body_iri is None or _in_body(facts, m, body_iri))}
    return _sorted_holdings(facts, found)


def members(kg, body, date) -> list[Holding]:
    """Who belonged to a body on a day: by a membership of it, or by holding one of its posts.

    Parameters
    ----------
    kg : KnowledgeGraph
    body : str
        IRI or name of the body.
    date : datetime.date or str

    Returns
    -------
    list of Holding
        One per membership that makes the person a member, sorted by person.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> [(h.person_label, h.role_label) for h in members(kg, "Improvement Panel", "2016-02-15")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Frances Done', 'Panel member'), ('John Crabtree', 'Chair of the panel'),
     ('Keith Wakefield', 'Panel member'), ('Steve Robinson', 'Panel member')]
    """
    body_iri = resolve(kg, body, kind=BODY)
    return _members_in(kg, at(kg, date), body_iri)


def _members_in(kg, G, body_iri) -> list[Holding]:
    if body_iri not in G:
        return []
    edges = [e for e in G.in_edges(body_iri, data=True) if e[2]["relation"] == MEMBER_OF]
    for post, _, relation in G.in_edges(body_iri, data="relation"):
        if relation == POST_IN:
            edges.extend(e for e in G.in_edges(post, data=True) if e[2]["relation"] == HOLDS)
    by_iri = _memberships_by_iri(kg)
    return _sorted_holdings(kg.facts, {i: by_iri[i] for i in _edge_memberships(G, edges)})


def _sorted_holdings(facts, memberships: dict) -> list[Holding]:
    found = [_holding(facts, m) for m in memberships.values()]
    return sorted(found, key=lambda h: (h.person_label, h.person, h.post_label or "", h.role_label or "", h.membership))


def timeline(kg, name) -> list[Event]:
    """Dated events in a person's, post's or body's history, in order.

    Memberships that began or ended (with the precision of their dates) and
    change events that created or abolished the body, its units or posts, or
    the posts a person held. Undated beginnings and ends are left out.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str
        IRI or name of a person, post or body.

    Returns
    -------
    list of Event
        Ordered by the earliest day each date can mean.

    Examples
    --------
    >>> import orggraph
    >>> [(e.date, e.event, e.description) for e in timeline(orggraph.load(), "Paul Dransfield")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('2016-01', 'abolished', 'January 2016 changes to the Corporate Leadership Team abolished Deputy Chief Executive'),
     ('2016-01', 'created', 'January 2016 changes to the Corporate Leadership Team created Strategic Director for Major Economic Programmes'),
     ('2016-01', 'ended', 'Paul Dransfield ended as Deputy Chief Executive (Corporate Leadership Team)'),
     ('2016-01', 'began', 'Paul Dransfield began as Strategic Director (Strategic Director for Major Economic Programmes, Corporate Leadership Team)')]
    """
    facts = kg.facts
    iri = resolve(kg, name, kind=(PERSON, POST, BODY))
    kind = facts.kind(iri)
    if kind == PERSON:
        chosen = [m for m in facts.memberships if m.member == iri]
        related = {m.post for m in chosen if m.post}
    elif kind == POST:
        chosen = [m for m in facts.memberships if m.post == iri]
        related = {iri}
    else:
        posts_in = {p.iri for p in facts.posts.values() if iri in p.post_in}
        units = {b.iri for b in facts.bodies.values() if iri in b.unit_of}
        chosen = [m for m in facts.memberships if m.organization == iri or m.post in posts_in]
        related = {iri} | posts_in | units
    events = []
    for m in chosen:
        holding = _holding(facts, m)
        what = holding.role_label or holding.post_label or "member"
        where = ", ".join(x for x in (holding.post_label if holding.post_label != what else None, holding.body_label) if x)
        for verb, date in (("began", m.interval.begin), ("ended", m.interval.end)):
            if date is None:
                continue
            events.append(Event(
                date.iso(), date.precision, verb,
                f"{holding.person_label} {verb} as {what}" + (f" ({where})" if where else ""),
                m.iri, m.member, holding.person_label, m.post, holding.post_label, holding.role_label,
                holding.body, holding.body_label, list(m.sources),
            ))
    for event in facts.events:
        if event.date is None:
            continue
        touched = [(verb, i) for verb, items in (("abolished", event.abolishes), ("created", event.creates)) for i in items if i in related]
        if kind == BODY and not touched and iri in event.original + event.resulting:
            touched = [("change", iri)]
        for verb, item in touched:
            text = event.label if verb == "change" else f"{event.label} {verb} {facts.label(item)}"
            item_kind = facts.kind(item)
            events.append(Event(
                event.date.iso(), event.date.precision, verb, text, event.iri,
                post=item if item_kind == POST else None,
                post_label=facts.label(item) if item_kind == POST else None,
                body=item if item_kind == BODY else None,
                body_label=facts.label(item) if item_kind == BODY else None,
                sources=list(event.sources),
            ))
    order = {"abolished": 0, "created": 1, "change": 2, "ended": 3, "began": 4}
    events.sort(key=lambda e: (PartialDate.parse(e.date).earliest(), PartialDate.parse(e.date).latest(), order[e.event], e.description))
    return events


@_paused_gc()  # it builds a record per membership on each day, as at() does
def diff(kg, date1, date2, body=None) -> list[Change]:
    """What changed between two days, each change with its sources.

    People who joined, left or changed role (posts held, or roles where no
    post is held); posts, roles and units created or abolished; reporting
    lines between posts added or removed. With ``body``, only its members
    (see :func:`members`), its posts, and what change events of that body did.

    The answer is that of comparing :func:`at` on the two days, read straight
    from ``kg.facts`` without building either graph.

    Parameters
    ----------
    kg : KnowledgeGraph
    date1, date2 : datetime.date or str
        The earlier and the later day.
    body : str, optional
        IRI or name of a body.

    Returns
    -------
    list of Change
        Ordered: left, joined, changed_role, abolished, created, line_removed, line_added.

    Raises
    ------
    DateError
        A date is malformed, or ``date1`` is after ``date2``.

    Examples
    --------
    >>> import orggraph
    >>> changes = diff(orggraph.load(), "2015-10-01", "2016-02-15", body="CLT")
    >>> [(c.before_roles, c.after_roles) for c in changes if c.label == "Paul Dransfield"]
    [(['Deputy Chief Executive'], ['Strategic Director'])]
    """
    day1, day2 = parse_day(date1), parse_day(date2)
    if day1 > day2:
        raise DateError(f"the date range is backwards: {day1.isoformat()} is after {day2.isoformat()}; give the earlier date first")
    facts = kg.facts
    body_iri = resolve(kg, body, kind=BODY) if body else None
    by_iri = _memberships_by_iri(kg)
    created, abolished = _event_dates(facts)
    day1_view, day2_view = _day_view(facts, day1, created, abolished), _day_view(facts, day2, created, abolished)

    def held(view):
        per_person = defaultdict(list)
        for i in {m.iri for m in _held(facts, view, body_iri) if m.iri}:
            per_person[by_iri[i].member].append(by_iri[i])
        return per_person

    before, after = held(day1_view), held(day2_view)
    changes = []
    for person in before.keys() | after.keys():  # in any order: the changes are sorted at the end
        old, new = before.get(person, []), after.get(person, [])
        old_keys, new_keys = {_what(facts, m) for m in old}, {_what(facts, m) for m in new}
        if old_keys == new_keys:
            continue
        change = "joined" if not old else "left" if not new else "changed_role"
        ended = [m for m in old if _what(facts, m) not in new_keys]
        began = [m for m in new if _what(facts, m) not in old_keys]
        changes.append(Change(
            change, PERSON, person, facts.label(person),
            before=sorted(old_keys), after=sorted(new_keys),
            before_roles=sorted({facts.label(m.role) for m in old if m.role}),
            after_roles=sorted({facts.label(m.role) for m in new if m.role}),
            date=_first_date([m.interval.begin for m in began] or [m.interval.end for m in ended]),
            sources=sorted({s for m in ended + began for s in m.sources}),
        ))

    in_scope = _scope(facts, body_iri, day1_view.things | day2_view.things)
    explained = {}
    for event in facts.events:
        if event.date is None or not (day1 < event.date.earliest() and event.date.latest() <= day2):
            continue
        whole = body_iri is None or body_iri in event.original + event.resulting
        for verb, items in (("abolished", event.abolishes), ("created", event.creates)):
            for item in items:
                if whole or item in in_scope:
                    explained[(verb, item)] = event
    gone, new_things = day1_view.things - day2_view.things, day2_view.things - day1_view.things
    for verb, things in (("abolished", gone), ("created", new_things)):
        for thing in things:
            if thing in in_scope and (verb, thing) not in explained:
                explained[(verb, thing)] = None
    for (verb, item), event in explained.items():
        post = facts.posts.get(item)
        changes.append(Change(
            verb, facts.kind(item) or BODY, item, facts.label(item),
            date=event.date.iso() if event else None,
            sources=list(event.sources) if event else list(post.sources if post else []),
        ))

    lines1, lines2 = _lines(facts, day1_view, in_scope), _lines(facts, day2_view, in_scope)
    for verb, lines in (("line_removed", lines1 - lines2), ("line_added", lines2 - lines1)):
        for u, v in lines:
            post = facts.posts.get(u)
            changes.append(Change(
                verb, BODY if u in facts.bodies else POST, u, _node_label(facts, u),
                before=[_node_label(facts, v)] if verb == "line_removed" else [],
                after=[_node_label(facts, v)] if verb == "line_added" else [],
                sources=list(post.sources) if post else [],
            ))
    order = {c: i for i, c in enumerate(("left", "joined", "changed_role", "abolished", "created", "line_removed", "line_added"))}
    changes.sort(key=lambda c: (order[c.change], c.kind, c.label, c.iri))
    return changes


@dataclass
class _DayView:
    """What :func:`at` would hold on a day, without building the graph."""

    memberships: list  # active that day and giving an edge: a post held or a body joined
    things: set[str]  # posts and bodies present (nodes other than people)
    nodes: set[str]  # every node: the things and the people


def _day_view(facts, day, created, abolished) -> _DayView:
    active = [m for m in facts.memberships if m.member and m.interval.active_on(day)]
    things = {iri for table in (facts.bodies, facts.posts) for iri in table if _exists(iri, day, created, abolished)}
    things |= {m.post for m in active if m.post} | {m.organization for m in active if m.organization}
    return _DayView([m for m in active if m.post or m.organization], things, things | {m.member for m in active})


def _held(facts, view, body_iri) -> list:
    """The memberships held on the view's day: all of them, or those making someone a member of a body."""
    if body_iri is None:
        return view.memberships
    if body_iri not in view.nodes:
        return []
    posts = facts.posts
    return [m for m in view.memberships if m.organization == body_iri or (m.post in posts and body_iri in posts[m.post].post_in)]


def _node_label(facts, iri) -> str:
    """The label :func:`at` gives a node."""
    item = facts.bodies.get(iri) or facts.posts.get(iri)
    return item.label if item else facts.label(iri)


def _first_date(dates) -> str | None:
    known = sorted((d for d in dates if d), key=lambda d: (d.earliest(), d.latest()))
    return known[0].iso() if known else None


def _what(facts, m) -> str:
    """What a membership gives its holder: the post, else the role in the body."""
    if m.post:
        return facts.label(m.post)
    role = facts.label(m.role) if m.role else "member"
    return f"{role}, {facts.label(m.organization)}" if m.organization else role


def _scope(facts, body_iri, things) -> set[str]:
    """The posts, roles and units a diff looks at: those present on either day, or a body's own."""
    if body_iri is None:
        return things | set(facts.roles)
    posts = {p.iri for p in facts.posts.values() if body_iri in p.post_in}
    units = {b.iri for b in facts.bodies.values() if body_iri in b.unit_of}
    roles = {r for p in posts for r in facts.posts[p].roles}
    roles |= {m.role for m in facts.memberships if m.organization == body_iri and m.role}
    return {body_iri} | posts | units | roles


def _lines(facts, view, in_scope) -> set[tuple[str, str]]:
    """The reporting lines :func:`at` draws on the view's day that touch the scope."""
    nodes = view.nodes
    return {
        (item.iri, target)
        for table in (facts.bodies, facts.posts)
        for item in table.values() if item.iri in nodes
        for target in item.reports_to if target in nodes and (item.iri in in_scope or target in in_scope)
    }


def why(kg, name, role=None) -> list[Evidence]:
    """The sources behind what the graph says about a person.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str
        IRI or name of a person.
    role : str, optional
        Only statements about this role or post (a name, loosely matched, or an IRI).

    Returns
    -------
    list of Evidence
        One per statement and source (oldest source first): title, publisher,
        date of issue, address.

    Raises
    ------
    NameNotFound
        No such person, or the person never held that role.

    Examples
    --------
    >>> import orggraph
    >>> [(e.title, e.issued) for e in why(orggraph.load(), "Cllr John Clancy", "Leader of the Council")][:1]
    [("The Panel's assessment of Birmingham City Council's Progress Towards Improvement (letter to the Secretary of State for Communities and Local Government)", '2016-01-11')]
    """
    facts = kg.facts
    person = resolve(kg, name, kind=PERSON)
    chosen = facts.memberships_of(person)
    if role is not None:
        wanted = normalise(role)

        def matches(m):
            names = [x for x in (m.role, m.post) if x]
            return role in names or any(normalise(facts.label(x)) == wanted for x in names)

        kept = [m for m in chosen if matches(m)]
        if not kept:
            held = sorted({facts.label(x) for m in chosen for x in (m.role, m.post) if x})
            raise NameNotFound(f"{facts.label(person)} held no role or post called {role!r}; held: {', '.join(held) or 'nothing'}")
        chosen = kept
    found = []
    for m in chosen:
        found.extend(_evidence(facts, _statement(_holding(facts, m)), m.iri, m.sources))
    posts = {m.post for m in chosen if m.post}
    for event in facts.events:
        for verb, items in (("abolished", event.abolishes), ("created", event.creates)):
            for item in sorted(posts.intersection(items)):
                date = f" ({event.date.iso()})" if event.date else ""
                found.extend(_evidence(facts, f"{event.label} {verb} {facts.label(item)}{date}", event.iri, event.sources))
    return found


def _held_as(post_label, role_label, appointment) -> str:
    """The post (else the role) of a holding, the role where the post's name does not say it,
    and how the holder was appointed if not substantively: "Strategic Director for Economy, acting"."""
    what = post_label or role_label or "member"
    if post_label and role_label and role_label.casefold() not in post_label.casefold():
        what += f" ({role_label})"
    if appointment and appointment != "substantive":
        what += f", {appointment}"
    return what


def _statement(h: Holding) -> str:
    """What a membership says, in words: "Paul Dransfield: Deputy Chief Executive in
    Corporate Leadership Team, until 2016-01"."""
    what = _held_as(h.post_label, h.role_label, h.appointment)
    if h.body_label and h.body_label not in what:
        what += f" in {h.body_label}"
    if h.begin and h.end:
        when = f"{h.begin} to {h.end}"
    else:
        when = f"from {h.begin}" if h.begin else f"until {h.end}" if h.end else "dates not recorded"
    return f"{h.person_label}: {what}, {when}"


def _issued_order(facts, iri):
    source = facts.sources.get(iri)
    issued = source.issued if source else None
    return (issued is None, issued.earliest() if issued else None, iri)


def _evidence(facts, statement, fact, sources) -> list[Evidence]:
    found = []
    for iri in sorted(sources, key=lambda i: _issued_order(facts, i)):
        source = facts.sources.get(iri)
        found.append(Evidence(
            statement, fact, iri,
            source.title if source else None,
            source.publisher if source else None,
            source.issued.iso() if source and source.issued else None,
            source.url if source else None,
        ))
    return found
