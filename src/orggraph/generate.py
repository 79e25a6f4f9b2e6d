"""Synthetic organisations in the orggraph data model, for tests and benchmarks.

:func:`generate` builds a council-like body with units five to seven levels
deep, posts with reporting lines (a few with two), ten years of dated
memberships at mixed precision, people changing role, vacancies, restructures
and a source behind every fact. The same ``people`` and ``seed`` always give
the same graph. Work is linear in ``people``; :func:`write` streams the
triples to an N-Triples or Turtle file without holding the graph in memory,
so a million people fit on an ordinary machine.

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

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME, XSD

from .dates import PartialDate
from .errors import OrggraphError
from .io import atomic_write
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


def _n3(iri) -> str:
    """An IRI written as an N-Triples term."""
    return f"<{iri}>"


def _text(value: str) -> str:
    """A plain string literal written as an N-Triples term."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _date(value: PartialDate) -> str:
    """A partial date as a typed literal at its precision."""
    return f'"{value.iso()}"^^<{_DATE_TYPES[value.precision]}>'


_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_INSTANT_PROPERTY = {"day": _n3(TIME.inXSDDate), "month": _n3(TIME.inXSDgYearMonth), "year": _n3(TIME.inXSDgYear)}
# The terms the builder writes, as N-Triples text once rather than per triple.
A = _n3(RDF.type)
PERSON, NAME, PAGE = _n3(FOAF.Person), _n3(FOAF.name), _n3(FOAF.page)
LABEL, TITLE, PUBLISHER, ISSUED = _n3(SKOS.prefLabel), _n3(DCTERMS.title), _n3(DCTERMS.publisher), _n3(DCTERMS.issued)
SOURCE_DOCUMENT, DERIVED_FROM, STARTED = _n3(OG.SourceDocument), _n3(PROV.wasDerivedFrom), _n3(PROV.startedAtTime)
ROLE_CLASS, POST_CLASS, MEMBERSHIP_CLASS, EVENT_CLASS = _n3(ORG.Role), _n3(ORG.Post), _n3(ORG.Membership), _n3(ORG.ChangeEvent)
UNIT_CLASS, FORMAL_ORGANIZATION = _n3(ORG.OrganizationalUnit), _n3(ORG.FormalOrganization)
BODY_KIND, UNIT_OF, HAS_UNIT, SUB_ORGANIZATION_OF = _n3(OG.bodyKind), _n3(ORG.unitOf), _n3(ORG.hasUnit), _n3(ORG.subOrganizationOf)
ROLE, POST_IN, REPORTS_TO, HEAD_OF = _n3(ORG.role), _n3(ORG.postIn), _n3(ORG.reportsTo), _n3(ORG.headOf)
MEMBER, ORGANIZATION, POST, APPOINTMENT = _n3(ORG.member), _n3(ORG.organization), _n3(OG.post), _n3(OG.appointment)
MEMBER_DURING, INTERVAL, INSTANT = _n3(ORG.memberDuring), _n3(TIME.Interval), _n3(TIME.Instant)
HAS_BEGINNING, HAS_END = _n3(TIME.hasBeginning), _n3(TIME.hasEnd)
ORIGINAL, RESULTING, ABOLISHES, CREATES = (
    _n3(ORG.originalOrganization), _n3(ORG.resultingOrganization), _n3(OG.abolishes), _n3(OG.creates),
)
ACTING_OR_INTERIM = (_n3(OG.acting), _n3(OG.interim))
#: The formats :func:`write` streams, by file suffix.
STREAM_FORMATS = {".nt": "N-Triples", ".ttl": "Turtle"}
#: How often, in people, :func:`write` reports progress.
PROGRESS_EVERY = 1000


class _Builder:
    """Writes the triples as N-Triples terms through ``add``; keeps per-post occupancy so no
    single-holder post is ever held twice. Blank nodes are labelled by counters, so the same
    seed writes the same text."""

    def __init__(self, people: int, seed: int, base: str, add, progress=None):
        self.rng = random.Random(seed)
        self.base = base
        self.add = add
        self.progress = progress
        self.people = people
        self.person_count = 0
        self.post_count = 0
        self.membership_count = 0
        self.roles: dict[str, str] = {}
        self.post_labels: dict[str, str] = {}
        self.sources = [self._source(i) for i in range(max(20, people // 25))]

    def iri(self, path: str) -> str:
        return f"<{self.base}{path}>"

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

    def _source(self, n: int) -> str:
        add = self.add
        source = self.iri(f"source/{n}")
        kind = self.rng.choice(SOURCE_KINDS)
        issued = self.partial(self.day(START, END))
        add(source, A, SOURCE_DOCUMENT)
        add(source, TITLE, _text(f"{kind} {n}: {issued.words()}"))
        add(source, PUBLISHER, _text("Synthetic City Council"))
        add(source, ISSUED, _date(issued))
        add(source, PAGE, f"<https://example.org/synthetic/source/{n}>")
        return source

    def cite(self, subject):
        first = self.rng.choice(self.sources)
        self.add(subject, DERIVED_FROM, first)
        if self.rng.random() < 0.15:
            second = self.rng.choice(self.sources)
            if second != first:
                self.add(subject, DERIVED_FROM, second)

    def role(self, label: str) -> str:
        role = self.roles.get(label)
        if role is None:
            role = self.roles[label] = self.iri(f"role/{_slug(label)}")
            self.add(role, A, ROLE_CLASS)
            self.add(role, LABEL, _text(label))
        return role

    def body(self, path: str, label: str, kind, parent=None) -> str:
        add = self.add
        body = self.iri(f"org/{path}")
        add(body, A, UNIT_CLASS if parent is not None else FORMAL_ORGANIZATION)
        add(body, LABEL, _text(label))
        add(body, BODY_KIND, _n3(kind))
        if parent is not None:
            add(body, UNIT_OF, parent)
            add(body, SUB_ORGANIZATION_OF, parent)
            add(parent, HAS_UNIT, body)
        return body

    def post(self, label: str, role_label: str, bodies, reports_to=(), heads=None, extra_roles=()) -> str:
        add = self.add
        self.post_count += 1
        post = self.iri(f"post/{self.post_count}")
        self.post_labels[post] = label
        add(post, A, POST_CLASS)
        add(post, LABEL, _text(label))
        add(post, ROLE, self.role(role_label))
        for role in extra_roles:
            add(post, ROLE, _n3(role))
        for body in bodies:
            add(post, POST_IN, body)
        for boss in reports_to:
            add(post, REPORTS_TO, boss)
        if heads is not None:
            add(post, HEAD_OF, heads)
        self.cite(post)
        return post

    def person(self) -> str:
        self.person_count += 1
        if self.progress is not None and self.person_count % PROGRESS_EVERY == 0:
            self.progress(self.person_count, self.people)
        person = self.iri(f"person/{self.person_count}")
        self.add(person, A, PERSON)
        self.add(person, NAME, _text(f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"))
        return person

    def membership(self, person, body, role, post=None, begin: PartialDate | None = None, end: PartialDate | None = None):
        add = self.add
        self.membership_count += 1
        n = self.membership_count
        m = self.iri(f"membership/{n}")
        add(m, A, MEMBERSHIP_CLASS)
        add(m, MEMBER, person)
        add(m, ORGANIZATION, body)
        add(m, ROLE, role)
        if post is not None:
            add(m, POST, post)
        if self.rng.random() < 0.05:
            add(m, APPOINTMENT, self.rng.choice(ACTING_OR_INTERIM))
        interval = f"_:i{n}"
        add(m, MEMBER_DURING, interval)
        self.cite(m)
        add(interval, A, INTERVAL)
        for prop, value, instant in ((HAS_BEGINNING, begin, f"_:b{n}"), (HAS_END, end, f"_:e{n}")):
            if value is not None:
                add(interval, prop, instant)
                add(instant, A, INSTANT)
                add(instant, _INSTANT_PROPERTY[value.precision], _date(value))
        return m

    def event(self, n: int, label: str, date: PartialDate, body, abolishes=(), creates=()):
        add = self.add
        event = self.iri(f"event/{n}")
        add(event, A, EVENT_CLASS)
        add(event, LABEL, _text(label))
        add(event, STARTED, _date(date))
        add(event, ORIGINAL, body)
        add(event, RESULTING, body)
        for item in abolishes:
            add(event, ABOLISHES, item)
        for item in creates:
            add(event, CREATES, item)
        self.cite(event)


def generate(people: int, seed: int = 0, base: str = SYNTHETIC_BASE) -> Graph:
    """A deterministic synthetic organisation of about ``people`` people, as an rdflib graph.

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

    The graph is held in memory; for large organisations write it to a file
    with :func:`write` instead.

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
    lines: list[str] = []
    _build(people, seed, base, lambda s, p, o: lines.append(f"{s} {p} {o} .\n"))
    graph = Graph()
    for prefix, ns in _PREFIXES.items():
        graph.bind(prefix, ns)
    return graph.parse(data="".join(lines), format="nt")


def write(people: int, path, seed: int = 0, base: str = SYNTHETIC_BASE, progress=None) -> int:
    """Write a synthetic organisation (the one :func:`generate` makes) straight to a file.

    Nothing is held in memory but the bookkeeping of posts and holders: the
    triples stream to the file as they are made, so a million people (about
    23 million triples) take a few hundred megabytes, not tens of gigabytes.
    The file is written whole or not at all.

    Parameters
    ----------
    people : int
        How many people (at least 10).
    path : str or Path
        The file to write: ``.nt`` (N-Triples) or ``.ttl`` (Turtle, each
        subject's statements grouped).
    seed : int
        The same seed writes the same bytes.
    base : str
        Base of every IRI.
    progress : callable, optional
        Called as ``progress(people_done, people)`` every thousand people.

    Returns
    -------
    int
        How many triples were written.

    Raises
    ------
    OrggraphError
        The file's suffix is not one of :data:`STREAM_FORMATS`, or it cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.nt"
    >>> write(50, path, seed=3) == len(generate(50, seed=3))
    True
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in STREAM_FORMATS:
        raise OrggraphError(f"{path}: cannot write {suffix or 'a file without a suffix'}; "
                            f"use {' or '.join(STREAM_FORMATS)} ({', '.join(STREAM_FORMATS.values())})")
    with atomic_write(path) as handle:
        writer = _StreamWriter(handle, turtle=suffix == ".ttl")
        _build(people, seed, base, writer.add, progress)
        writer.close()
    return writer.count


#: Prefixes bound on generated graphs and declared at the top of generated Turtle.
_PREFIXES = {"org": str(ORG), "og": str(OG._NS), "time": str(TIME), "prov": str(PROV), "skos": str(SKOS),
             "foaf": str(FOAF), "dcterms": str(DCTERMS), "xsd": str(XSD)}


class _StreamWriter:
    """Writes triples to a text file in batches: N-Triples lines, or Turtle with each run of one
    subject's statements joined by ``;``."""

    BATCH = 100_000

    def __init__(self, handle, turtle: bool):
        self.handle = handle
        self.turtle = turtle
        self.buffer: list[str] = []
        self.count = 0
        self.subject = None
        if turtle:
            handle.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _PREFIXES.items()) + "\n")

    def add(self, s: str, p: str, o: str) -> None:
        self.count += 1
        if not self.turtle:
            self.buffer.append(f"{s} {p} {o} .\n")
        elif s == self.subject:
            self.buffer.append(f" ;\n    {p} {o}")
        else:
            self.buffer.append(f"{' .' if self.subject else ''}\n{s} {p} {o}")
            self.subject = s
        if len(self.buffer) >= self.BATCH:
            self.handle.write("".join(self.buffer))
            self.buffer.clear()

    def close(self) -> None:
        if self.turtle and self.subject:
            self.buffer.append(" .\n")
        self.handle.write("".join(self.buffer))
        self.buffer.clear()


def _build(people: int, seed: int, base: str, add, progress=None) -> None:
    """Make the organisation, passing every triple to ``add(s, p, o)`` as N-Triples terms."""
    if people < 10:
        raise ValueError(f"people must be at least 10, not {people}")
    b = _Builder(people, seed, base, add, progress)
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
            new_post = b.post(f"{b.post_labels[post]} (restructured {date.iso()})", "Officer", [old_unit], [unit_heads.get(old_unit, chief)])
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
    if progress is not None:
        progress(b.person_count, people)
