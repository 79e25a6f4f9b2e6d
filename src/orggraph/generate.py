"""Synthetic organisations in the orggraph data model, for tests and benchmarks.

:func:`generate` builds a council-like body with units five to seven levels
deep, posts with reporting lines (a few with two), ten years of dated
memberships at mixed precision, people changing role, vacancies, restructures
and a source behind every fact. The same ``people`` and ``seed`` always give
the same graph. Work is linear in ``people``: triples are added directly.

Examples
--------
>>> g = generate(200, seed=1)
>>> from rdflib.namespace import FOAF, RDF
>>> len(set(g.subjects(RDF.type, FOAF.Person)))
200
"""

from __future__ import annotations

import datetime as _dt
import random

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME, XSD

from .dates import PartialDate
from .vocab import OG

#: Where generated IRIs live unless told otherwise.
SYNTHETIC_BASE = "https://w3id.org/orggraph/id/synthetic/"

FIRST = (
    "Aisha Alan Amara Ana Ben Bethan Carlos Chloé Ciarán Dafydd Deepa Eilidh Emma Fatima Femi Gareth Grace Hannah "
    "Imran Jack James Jia Joanna José Kamal Karen Kwame Laura Łucja Mark Marta Mei Mohammed Nadia Niamh Noah Oliver "
    "Olu Paul Priya Rachel Raj Renée Rhys Sam Sarah Siân Sofia Tom Tomás Yusuf Zoë Zofia"
).split()
LAST = (
    "Adams Ahmed Ali Baker Begum Brown Clarke Davies Edwards Evans Garcia Green Hall Hughes Hussain Jackson Jones "
    "Kaur Khan Kowalski Lewis Martin Morgan Müller Nguyen Núñez O'Brien Okafor Owen Patel Phillips Price Roberts "
    "Robinson Shah Singh Smith Taylor Thomas Thompson Walker Ward White Williams Wilson Wood Wright Zhang"
).split()
THEMES = (
    "Adults and Health", "Children and Families", "Place", "Economy", "Finance and Governance", "Housing",
    "Neighbourhoods", "Digital and Customer Services", "Education and Skills", "Partnerships",
)
#: (name of a unit at each depth, role of its head); depth 1 is the council itself.
LEVELS = (
    ("Council", "Chief Executive"),
    ("Directorate", "Strategic Director"),
    ("Division", "Assistant Director"),
    ("Service", "Head of Service"),
    ("Team", "Team Manager"),
    ("Section", "Team Leader"),
    ("Unit", "Lead Officer"),
)
STAFF_ROLES = ("Officer", "Senior Officer", "Adviser", "Analyst", "Coordinator", "Specialist")
SOURCE_KINDS = ("Staff announcement", "Cabinet report", "Annual report", "Press release", "Pay policy statement")
START, END = _dt.date(2010, 1, 1), _dt.date(2019, 12, 31)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


class _Builder:
    """Adds the triples; keeps per-post occupancy so no single-holder post is ever held twice."""

    def __init__(self, people: int, seed: int, base: str):
        self.rng = random.Random(seed)
        self.base = base
        self.graph = Graph()
        for prefix, ns in (("org", ORG), ("og", OG._NS), ("time", TIME), ("prov", PROV), ("skos", SKOS), ("foaf", FOAF), ("dcterms", DCTERMS)):
            self.graph.bind(prefix, ns)
        self.add = self.graph.add
        self.people = people
        self.person_count = 0
        self.post_count = 0
        self.membership_count = 0
        self.roles: dict[str, URIRef] = {}
        self.sources = [self._source(i) for i in range(max(20, people // 25))]

    def iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # ---------------------------------------------------------- dates

    def day(self, low: _dt.date, high: _dt.date) -> _dt.date:
        if high <= low:
            return low
        return low + _dt.timedelta(days=self.rng.randrange((high - low).days + 1))

    def partial(self, day: _dt.date, after: _dt.date | None = None, before: _dt.date | None = None) -> PartialDate:
        """``day`` at a random precision (mostly days), coarsened only where it stays after ``after``
        and before ``before`` whatever day it turns out to mean."""
        roll = self.rng.random()
        candidates = []
        if roll > 0.9:
            candidates.append(PartialDate(day.year))
        if roll > 0.7:
            candidates.append(PartialDate(day.year, day.month))
        for value in candidates:
            if (after is None or value.earliest() > after) and (before is None or value.latest() < before):
                return value
        return PartialDate.from_date(day)

    # ---------------------------------------------------------- things

    def _source(self, n: int) -> URIRef:
        source = self.iri(f"source/{n}")
        kind = self.rng.choice(SOURCE_KINDS)
        issued = self.partial(self.day(START, END))
        self.add((source, RDF.type, OG.SourceDocument))
        self.add((source, DCTERMS.title, Literal(f"{kind} {n}: {issued.words()}")))
        self.add((source, DCTERMS.publisher, Literal("Synthetic City Council")))
        self.add((source, DCTERMS.issued, issued.to_literal()))
        self.add((source, FOAF.page, URIRef(f"https://example.org/synthetic/source/{n}")))
        return source

    def cite(self, subject):
        self.add((subject, PROV.wasDerivedFrom, self.rng.choice(self.sources)))
        if self.rng.random() < 0.15:
            self.add((subject, PROV.wasDerivedFrom, self.rng.choice(self.sources)))

    def role(self, label: str) -> URIRef:
        role = self.roles.get(label)
        if role is None:
            role = self.roles[label] = self.iri(f"role/{_slug(label)}")
            self.add((role, RDF.type, ORG.Role))
            self.add((role, SKOS.prefLabel, Literal(label)))
        return role

    def body(self, path: str, label: str, kind, parent=None) -> URIRef:
        body = self.iri(f"org/{path}")
        self.add((body, RDF.type, ORG.OrganizationalUnit if parent is not None else ORG.FormalOrganization))
        self.add((body, SKOS.prefLabel, Literal(label)))
        self.add((body, OG.bodyKind, kind))
        if parent is not None:
            self.add((body, ORG.unitOf, parent))
            self.add((parent, ORG.hasUnit, body))
            self.add((body, ORG.subOrganizationOf, parent))
        return body

    def post(self, label: str, role_label: str, bodies, reports_to=(), heads=None, extra_roles=()) -> URIRef:
        self.post_count += 1
        post = self.iri(f"post/{self.post_count}")
        self.add((post, RDF.type, ORG.Post))
        self.add((post, SKOS.prefLabel, Literal(label)))
        self.add((post, ORG.role, self.role(role_label)))
        for role in extra_roles:
            self.add((post, ORG.role, role))
        for body in bodies:
            self.add((post, ORG.postIn, body))
        for boss in reports_to:
            self.add((post, ORG.reportsTo, boss))
        if heads is not None:
            self.add((post, ORG.headOf, heads))
        self.cite(post)
        return post

    def person(self) -> URIRef:
        self.person_count += 1
        person = self.iri(f"person/{self.person_count}")
        self.add((person, RDF.type, FOAF.Person))
        self.add((person, FOAF.name, Literal(f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}")))
        return person

    def membership(self, person, body, role, post=None, begin: PartialDate | None = None, end: PartialDate | None = None):
        self.membership_count += 1
        m = self.iri(f"membership/{self.membership_count}")
        self.add((m, RDF.type, ORG.Membership))
        self.add((m, ORG.member, person))
        self.add((m, ORG.organization, body))
        self.add((m, ORG.role, role))
        if post is not None:
            self.add((m, OG.post, post))
        if self.rng.random() < 0.05:
            self.add((m, OG.appointment, self.rng.choice((OG.acting, OG.interim))))
        interval = BNode()
        self.add((m, ORG.memberDuring, interval))
        self.add((interval, RDF.type, TIME.Interval))
        for prop, value in ((TIME.hasBeginning, begin), (TIME.hasEnd, end)):
            if value is not None:
                instant = BNode()
                self.add((interval, prop, instant))
                self.add((instant, RDF.type, TIME.Instant))
                prop_of = {"day": TIME.inXSDDate, "month": TIME.inXSDgYearMonth, "year": TIME.inXSDgYear}
                self.add((instant, prop_of[value.precision], value.to_literal()))
        self.cite(m)
        return m

    def event(self, n: int, label: str, date: PartialDate, body, abolishes=(), creates=()):
        event = self.iri(f"event/{n}")
        self.add((event, RDF.type, ORG.ChangeEvent))
        self.add((event, SKOS.prefLabel, Literal(label)))
        self.add((event, PROV.startedAtTime, date.to_literal()))
        self.add((event, ORG.originalOrganization, body))
        self.add((event, ORG.resultingOrganization, body))
        for item in abolishes:
            self.add((event, OG.abolishes, item))
        for item in creates:
            self.add((event, OG.creates, item))
        self.cite(event)


def generate(people: int, seed: int = 0, base: str = SYNTHETIC_BASE) -> Graph:
    """A deterministic synthetic organisation of about ``people`` people.

    One council (``og:council``) with a Corporate Leadership Team and units
    five to seven levels deep (directorates, divisions, services, teams, ...).
    Each unit has a head post (``org:headOf``) reporting to the head of the
    unit above; staff posts report to their unit's head, about one in a
    hundred also to the head of the unit above. Memberships run over
    2010–2019 with beginnings and ends at day, month or year precision, some
    open; about a fifth of people move to another post; some posts stay vacant;
    a few restructures (``org:ChangeEvent``) abolish posts and create new ones
    and a new unit. Every membership, post and event cites an
    ``og:SourceDocument``. Single-holder posts are never held by two people on
    the same possible day, whatever the precision.

    Parameters
    ----------
    people : int
        How many people (at least 10).
    seed : int
        The same seed gives the same graph.
    base : str
        Base of every IRI (``person/1``, ``post/1``, ``org/...``, ...).

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> g = generate(50, seed=3)
    >>> len(g) == len(generate(50, seed=3))
    True
    """
    if people < 10:
        raise ValueError(f"people must be at least 10, not {people}")
    b = _Builder(people, seed, base)
    rng = b.rng

    # ------------------------------------------------------------------ units
    council = b.body("council", "Synthetic City Council", OG.council)
    clt = b.body("corporate-leadership-team", "Corporate Leadership Team", OG.leadershipTeam, council)
    target_units = max(6, people // 12)
    branching = max(2, round(target_units ** 0.25))
    chief = b.post("Chief Executive", "Chief Executive", [council, clt], heads=council, extra_roles=[OG.headOfPaidService])
    units = []  # (iri, label, depth, head post, head of the unit above)
    frontier = [(council, "", 1, chief, None)]
    section151 = [OG.section151Officer]
    while frontier:
        parent, path, depth, boss, theme = frontier.pop()
        if depth >= 7:
            continue
        if depth < 5:
            count = rng.randint(max(1, branching - 1), branching + 1)
        else:  # deeper levels only in some branches
            count = rng.choice((0, 0, 0, 1, 2)) if depth == 5 else rng.choice((0, 0, 0, 1))
        for n in range(1, count + 1):
            child_path = f"{path}.{n}" if path else str(n)
            child_theme = theme or THEMES[(n - 1) % len(THEMES)]
            level, head_role = LEVELS[depth]
            label = f"{child_theme} {level} {child_path}"
            unit = b.body(f"unit-{child_path}", label, OG.directorate, parent)
            bodies = [unit, clt] if depth == 1 else [unit]
            extra = section151 if depth == 1 and child_theme == "Finance and Governance" else []
            section151 = section151 if not extra else []
            head = b.post(f"{head_role}, {label}", head_role, bodies, [boss], heads=unit, extra_roles=extra)
            units.append((unit, label, depth + 1, head, boss))
            frontier.append((unit, child_path, depth + 1, head, child_theme))
    units.sort(key=lambda u: str(u[0]))

    # ------------------------------------------------------------------ staff posts
    head_posts = [chief] + [u[3] for u in units]
    post_unit = {chief: council}
    post_role = {chief: b.role("Chief Executive")}
    unit_heads = {}
    for unit, label, depth, head, _ in units:
        post_unit[head] = unit
        post_role[head] = b.role(LEVELS[depth - 1][1])
        unit_heads[unit] = head
    staff_total = max(0, round(people * 0.85) - len(head_posts))
    weights = [u[2] for u in units]
    staff_posts = []
    counts = {}
    for unit_index in rng.choices(range(len(units)), weights=weights, k=staff_total):
        unit, label, depth, head, boss = units[unit_index]
        counts[unit] = counts.get(unit, 0) + 1
        role_label = rng.choice(STAFF_ROLES)
        lines = [head, boss] if rng.random() < 0.01 else [head]  # a few posts with two lines
        post = b.post(f"{role_label} {counts[unit]}, {label}", role_label, [unit], lines)
        staff_posts.append(post)
        post_unit[post] = unit
        post_role[post] = b.role(role_label)

    # ------------------------------------------------------------------ who holds what, when
    posts = head_posts + staff_posts
    rng.shuffle(posts)
    movers = round(people * 0.2)
    pairs = min(movers, len(posts) // 3)
    taken = 0

    def hold(person, post, begin, end):
        b.membership(person, post_unit[post], post_role[post], post, begin, end)

    def early_begin():
        if rng.random() < 0.1:
            return None, START
        start = b.day(_dt.date(2005, 1, 1), _dt.date(2012, 12, 31))
        value = b.partial(start)
        return value, value.latest()

    cursor = 0
    for _ in range(pairs):  # a mover leaves post A for post B
        if taken + 3 > people:
            break
        post_a, post_b = posts[cursor], posts[cursor + 1]
        cursor += 2
        mover, leaver = b.person(), b.person()
        taken += 2
        begin_a, known_from = early_begin()
        move = b.day(max(known_from, _dt.date(2012, 1, 1)) + _dt.timedelta(days=30), _dt.date(2017, 12, 31))
        end_a = b.partial(move, after=known_from)
        arrive = b.day(end_a.latest() + _dt.timedelta(days=1), end_a.latest() + _dt.timedelta(days=20))
        begin_b = b.partial(arrive, after=end_a.latest())
        hold(mover, post_a, begin_a, end_a)
        hold(mover, post_b, begin_b, None)
        leaver_begin, leaver_from = None, START
        if rng.random() > 0.1:
            latest_start = begin_b.earliest() - _dt.timedelta(days=30)
            leaver_begin = b.partial(b.day(_dt.date(2005, 1, 1), latest_start), before=latest_start)
            leaver_from = leaver_begin.latest()
        gone = b.day(leaver_from + _dt.timedelta(days=1), begin_b.earliest() - _dt.timedelta(days=1))
        hold(leaver, post_b, leaver_begin, b.partial(gone, after=leaver_from, before=begin_b.earliest()))
        if rng.random() < 0.7 and taken < people:  # A is filled again; otherwise it stays vacant
            joiner = b.person()
            taken += 1
            come = b.day(end_a.latest() + _dt.timedelta(days=1), end_a.latest() + _dt.timedelta(days=120))
            hold(joiner, post_a, b.partial(come, after=end_a.latest()), None)

    stayers = []  # (person, post, begin) of open-ended holders, candidates for restructures
    for post in posts[cursor:]:
        if taken >= people:
            break  # the remaining posts stay vacant
        if rng.random() < 0.04:
            continue  # a vacancy never filled
        person = b.person()
        taken += 1
        begin, known_from = early_begin()
        if rng.random() < 0.25:
            leave = b.day(known_from + _dt.timedelta(days=90), END)
            hold(person, post, begin, b.partial(leave, after=known_from))
        else:
            stayers.append((person, post, begin, known_from))

    # ------------------------------------------------------------------ restructures
    restructures = 3 + people // 50000
    dates = sorted(b.day(_dt.date(2013, 1, 1), _dt.date(2018, 6, 30)) for _ in range(restructures))
    per_event = max(1, min(50, people // 400))
    staff_set = set(staff_posts)
    candidates = [s for s in stayers if s[1] in staff_set]
    rng.shuffle(candidates)
    restructured = set()
    for n, when in enumerate(dates, 1):
        date = PartialDate(when.year, when.month) if n == 2 else PartialDate.from_date(when)
        chosen = [c for c in candidates if c[3] < date.earliest() - _dt.timedelta(days=1) and c[1] not in restructured][:per_event]
        restructured.update(c[1] for c in chosen)
        unit, label, depth, head, _ = units[rng.randrange(len(units))]
        new_unit_label = f"Transformation Team {n}, {label}"
        new_unit = b.body(f"unit-{n}-transformation", new_unit_label, OG.directorate, unit)
        new_head = b.post(f"Team Manager, {new_unit_label}", "Team Manager", [new_unit], [head], heads=new_unit)
        post_unit[new_head] = new_unit
        post_role[new_head] = b.role("Team Manager")
        created = [new_unit, new_head]
        for person, post, begin, _ in chosen:
            old_unit = post_unit[post]
            new_post = b.post(f"{b.graph.value(post, SKOS.prefLabel)} (restructured {date.iso()})", "Officer", [old_unit], [unit_heads.get(old_unit, chief)])
            post_unit[new_post] = old_unit
            post_role[new_post] = b.role("Officer")
            created.append(new_post)
            hold(person, post, begin, PartialDate.from_date(date.earliest() - _dt.timedelta(days=1)))
            hold(person, new_post, PartialDate.from_date(date.latest() + _dt.timedelta(days=1)), None)
        candidates = [c for c in candidates if c[1] not in restructured]
        b.event(n, f"Restructure {n} of Synthetic City Council", date, council, [c[1] for c in chosen], created)
    for person, post, begin, _ in stayers:
        if post not in restructured:
            hold(person, post, begin, None)

    # ------------------------------------------------------------------ a board of plain memberships
    board = b.body("transformation-board", "Transformation Programme Board", OG.programme, council)
    board_role = b.role("Board Member")
    for number in rng.sample(range(1, b.person_count + 1), min(b.person_count, max(3, people // 50))):
        person = b.iri(f"person/{number}")
        start = b.day(START, _dt.date(2017, 12, 31))
        begin = b.partial(start)
        end = b.partial(b.day(begin.latest() + _dt.timedelta(days=30), END), after=begin.latest()) if rng.random() < 0.5 else None
        b.membership(person, board, board_role, None, begin, end)

    while b.person_count < people:  # people without a post now: former staff named in sources
        person = b.person()
        b.membership(person, board, board_role, None, b.partial(b.day(START, _dt.date(2012, 12, 31))), b.partial(_dt.date(2013, 3, 31), after=None))
    return b.graph
