"""The interactive view: one self-contained HTML page with a time slider.

The page holds every dated fact of the knowledge graph (memberships with
their intervals and precision, posts, reporting lines, units, change events
and sources) as JSON, the vis-network library (bundled with orggraph, from
the copy pyvis ships) and a small script of our own. It makes no request to
any other host: it works from disk, offline, and its Content-Security-Policy
allows only its own two scripts.

Moving the slider shows the organisation on that day with the rule of
:func:`orggraph.at`: a fact counts when it certainly held, so a beginning
known only to the month counts from the month's last day and an end known
only to the month counts until its first day. Python turns every interval
into a first and last day; the page only compares day numbers.

As in pyvis, the page's global ``network`` is the vis ``Network`` object;
``orggraph`` holds the view's own functions (``setDay``, ``select``,
``visibleIris``, ``day``).

Examples
--------
>>> import orggraph, tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "view.html"
>>> write_html(orggraph.load(), target, at="2016-02-15")
>>> page = target.read_text()
>>> "Paul Dransfield" in page and "default-src 'none'" in page
True
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import json
import re
from collections import Counter, deque
from importlib import resources

from ..dates import parse_day
from ..errors import OrggraphError
from ..facts import BODY, PERSON, POST
from ..io import write_text
from ..names import resolve
from ..timeslice import HEADS, POST_IN, REPORTS_TO, UNIT_OF, _event_dates

#: The two layouts the page offers.
LAYOUTS = ("chart", "network")

#: Legend group of each ``og:bodyKind``; kinds not listed are "other body".
BODY_GROUPS = {
    "council": "council",
    "directorate": "directorate",
    "leadershipTeam": "leadership team",
    "cabinet": "cabinet",
    "politicalGroup": "political group",
    "politicalParty": "political group",
    "scrutinyCommittee": "panel",
    "independentPanel": "panel",
    "governmentDepartment": "government",
    "combinedAuthority": "government",
    "partner": "partner",
    "charity": "partner",
    "publicBody": "partner",
    "company": "partner",
    "pensionFund": "partner",
    "programme": "partner",
}

#: Fill and border colour of each legend group.
GROUP_COLOURS = {
    "person": ("#fff7d6", "#b08900"),
    "post": ("#e8ecff", "#4c5fd5"),
    "council": ("#d9d2e9", "#5b3f99"),
    "directorate": ("#d4f0e8", "#1c7c64"),
    "leadership team": ("#cde7fb", "#1f6fb2"),
    "cabinet": ("#fde2cf", "#c0561a"),
    "political group": ("#eeeeee", "#666666"),
    "panel": ("#f6d5e5", "#a8306b"),
    "government": ("#dde3ea", "#3a4a5c"),
    "partner": ("#e4f1cf", "#5d8a1c"),
    "other body": ("#f1f1f1", "#888888"),
}

#: Party colours by a word in the party's name; other parties get a colour from their IRI.
PARTY_COLOURS = (
    ("labour", "#d50000"),
    ("conservative", "#0087dc"),
    ("liberal democrat", "#f5a000"),
    ("green", "#5fa82a"),
    ("reform", "#12b6cf"),
    ("plaid", "#005b54"),
    ("snp", "#c9a800"),
    ("scottish national", "#c9a800"),
    ("independent", "#8a8a8a"),
)
_SPARE_COLOURS = ("#7b4fa0", "#b5651d", "#2e8b57", "#c71585", "#4682b4", "#808000")

_EPOCH = _dt.date(1970, 1, 1)
_TEMPLATES = resources.files(__package__) / "templates"


def _day_number(day: _dt.date) -> int:
    """Days since 1970-01-01: what the page compares."""
    return (day - _EPOCH).days


def party_colour(iri: str, label: str) -> str:
    """The colour of a party: the usual one for well-known parties, a stable one otherwise.

    Examples
    --------
    >>> party_colour("https://example.org/party/lab", "Labour Party")
    '#d50000'
    >>> party_colour("x", "Party of Birmingham") == party_colour("x", "Party of Birmingham")
    True
    """
    name = label.casefold()
    for word, colour in PARTY_COLOURS:
        if word in name:
            return colour
    digest = hashlib.sha256(iri.encode()).digest()
    return _SPARE_COLOURS[digest[0] % len(_SPARE_COLOURS)]


def _date_record(date) -> dict | None:
    if date is None:
        return None
    return {"iso": date.iso(), "words": date.words(), "precision": date.precision}


def view_data(kg, at=None, focus=None, depth=2) -> dict:
    """Everything the page shows, as plain JSON-ready data.

    Parameters
    ----------
    kg : KnowledgeGraph
    at : datetime.date or str, optional
        The day the page opens on. Default: the day the latest change took
        effect (today's date when nothing is dated); with ``focus``, the
        nearest day on which the focus is on the page.
    focus : str, optional
        Name or IRI of a person, post or body: keep only what lies within
        ``depth`` steps of it, over all time (memberships, posts, units and
        reporting lines), and the holders of every post kept, so that no
        post looks vacant because its holder lies further away.
    depth : int
        Steps from ``focus`` (default 2).

    Returns
    -------
    dict
        ``nodes`` (people, posts and bodies, each with the first and last day
        it exists, ``null`` for open), ``edges`` (units, posts in bodies,
        reporting lines, heads), ``memberships`` (member, body, post, role,
        beginning and end with their precision and the first and last day
        they count, sources), ``events``, ``sources``, ``parties``,
        ``changes`` (every change date in words and the day it takes full
        effect), the slider's first, last and initial day, and ``dated``: the
        first and last day of the data's dated facts (``None`` when nothing
        is dated). Days are numbers of days since 1970-01-01.

    Raises
    ------
    DateError
        ``at`` is not a day.
    NameNotFound
        ``focus`` matches nothing.

    Examples
    --------
    >>> import orggraph
    >>> data = view_data(orggraph.load(), at="2015-10-01")
    >>> [c["words"] for c in data["changes"]]
    ['December 2014', '1 December 2015', 'January 2016', 'March 2016']
    >>> small = view_data(orggraph.load(), focus="Paul Dransfield", depth=1)
    >>> sorted(n["label"] for n in small["nodes"])  # doctest: +NORMALIZE_WHITESPACE
    ['Corporate Leadership Team', 'Deputy Chief Executive', 'Paul Dransfield',
     'Strategic Director for Major Economic Programmes']
    """
    facts = kg.facts
    if depth is not None and depth < 1:  # 0 would keep the focus alone, with nothing to draw it beside
        raise OrggraphError(f"depth must be 1 or more steps from the focus, not {depth}")
    created, abolished = _event_dates(facts)

    index: dict[str, int] = {}
    nodes: list[dict] = []
    parties: dict[str, int] = {}
    party_list: list[dict] = []

    def party_index(iri):
        if not iri:
            return None
        if iri not in parties:
            parties[iri] = len(party_list)
            label = facts.label(iri)
            party_list.append({"iri": iri, "label": label, "colour": party_colour(iri, label)})
        return parties[iri]

    def node(iri, kind):
        if iri in index:
            return index[iri]
        record = {"iri": iri, "label": facts.label(iri), "kind": kind, "from": None, "to": None}
        if kind == BODY:
            body = facts.bodies.get(iri)
            body_kind = body.kind if body else None
            record["bodyKind"] = body_kind
            record["group"] = BODY_GROUPS.get(body_kind, "other body")
            record["party"] = party_index(body.party if body else None)
        elif kind == PERSON:
            person = facts.people.get(iri)
            record["group"] = PERSON
            record["party"] = party_index(person.party if person else None)
        else:
            record["group"] = POST
            record["party"] = None
        if kind != PERSON:
            made, ended = created.get(iri), abolished.get(iri)
            record["from"] = _day_number(made.latest()) if made else None
            record["to"] = _day_number(ended.earliest()) - 1 if ended else None
        index[iri] = len(nodes)
        nodes.append(record)
        return index[iri]

    keep = _neighbourhood(kg, focus, depth) if focus else None

    def kept(iri):
        return keep is None or iri in keep

    for body in sorted(facts.bodies.values(), key=lambda b: (b.label, b.iri)):
        if kept(body.iri):
            node(body.iri, BODY)
    for post in sorted(facts.posts.values(), key=lambda p: (p.label, p.iri)):
        if kept(post.iri):
            node(post.iri, POST)

    source_index: dict[str, int] = {}
    sources: list[dict] = []

    def cite(iris):
        found = []
        for iri in iris:
            if iri not in source_index:
                source = facts.sources.get(iri)
                source_index[iri] = len(sources)
                sources.append({
                    "iri": iri,
                    "title": source.title if source else facts.label(iri),
                    "publisher": source.publisher if source else None,
                    "issued": source.issued.words() if source and source.issued else None,
                    "url": source.url if source else None,
                })
            found.append(source_index[iri])
        return found

    # A post in the view keeps its holders, even those beyond the neighbourhood: a post whose
    # holder was left out would look vacant.
    shown_memberships = [
        m for m in facts.memberships
        if m.member and (keep is None or kept(m.post) or kept(m.member) and kept(m.organization))
    ]
    memberships = []
    for m in shown_memberships:
        post = m.post if m.post and kept(m.post) else None
        body = m.organization if m.organization and kept(m.organization) else None
        begin, end = m.interval.begin, m.interval.end
        memberships.append({
            "iri": m.iri,
            "member": node(m.member, PERSON),
            "body": node(body, BODY) if body else None,
            "post": node(post, POST) if post else None,
            "role": facts.label(m.role) if m.role else None,
            "begin": _date_record(begin),
            "end": _date_record(end),
            "from": _day_number(begin.latest()) if begin else None,
            "to": _day_number(end.earliest()) if end else None,
            "appointment": m.appointment,
            "sources": cite(m.sources),
        })

    edges = []
    for body in facts.bodies.values():
        if body.iri in index:
            for parent in body.unit_of:
                if parent in index:
                    edges.append([index[body.iri], index[parent], UNIT_OF])
            for target in body.reports_to:
                if target in index:
                    edges.append([index[body.iri], index[target], REPORTS_TO])
    for post in facts.posts.values():
        if post.iri in index:
            for body in post.post_in:
                if body in index:
                    edges.append([index[post.iri], index[body], POST_IN])
            for target in post.reports_to:
                if target in index:
                    edges.append([index[post.iri], index[target], REPORTS_TO])
            for body in post.head_of:
                if body in index:
                    edges.append([index[post.iri], index[body], HEADS])
            nodes[index[post.iri]]["sources"] = cite(post.sources)
            nodes[index[post.iri]]["roles"] = sorted({facts.label(r) for r in post.roles})
    for person in facts.people.values():
        if person.iri in index:
            for body in person.head_of:
                if body in index:
                    edges.append([index[person.iri], index[body], HEADS])
    edges.sort()

    events = []
    for event in facts.events:
        touched = [iri for iri in dict.fromkeys(event.abolishes + event.creates + event.original + event.resulting)]
        if keep is not None and not any(iri in index for iri in touched):
            continue
        events.append({
            "iri": event.iri,
            "label": event.label,
            "date": _date_record(event.date),
            "abolishes": [index[i] for i in dict.fromkeys(event.abolishes) if i in index],
            "creates": [index[i] for i in dict.fromkeys(event.creates) if i in index],
            "bodies": [index[i] for i in dict.fromkeys(event.original + event.resulting) if i in index],
            "sources": cite(event.sources),
        })

    began, ended, labels_on = Counter(), Counter(), {}
    for m in shown_memberships:
        began[m.interval.begin] += 1
        ended[m.interval.end] += 1
    for e in events:
        if e["date"]:
            labels_on.setdefault(e["date"]["iso"], []).append(e["label"])
    changes = []
    for date in facts.change_dates():
        labels = labels_on.get(date.iso(), [])
        if keep is not None and not (began[date] or ended[date] or labels):
            continue
        changes.append({**_date_record(date), "day": _day_number(date.latest()), "began": began[date],
                        "ended": ended[date], "events": labels})

    if keep is not None and keep.focus not in index:
        raise OrggraphError(f"{focus!r} has nothing to draw around it: no membership, post or body of theirs "
                            "is in the data")
    if at is not None:
        initial = parse_day(at)
    elif changes:  # the day the change that ends last took full effect (changes are in order of their first day)
        initial = _EPOCH + _dt.timedelta(days=max(c["day"] for c in changes))
    else:
        initial = _dt.date.today()
    if at is None and keep is not None:
        initial = _EPOCH + _dt.timedelta(days=_on_page_near(index[keep.focus], nodes, memberships,
                                                            _day_number(initial)))
    first = min([c["day"] for c in changes] + [_day_number(initial)]) - 31
    last = max([c["day"] for c in changes] + [_day_number(initial)]) + 31

    return {
        "nodes": nodes,
        "edges": edges,
        "memberships": memberships,
        "events": events,
        "sources": sources,
        "parties": party_list,
        "changes": changes,
        "groups": {name: {"fill": fill, "border": border} for name, (fill, border) in GROUP_COLOURS.items()},
        "firstDay": first,
        "lastDay": last,
        "initialDay": _day_number(initial),
        "focus": index.get(keep.focus) if keep is not None else None,
        "dated": _dated_span(facts),
    }


def _on_page_near(i, nodes, memberships, day) -> int:
    """``day`` if node ``i`` is on the page that day, else the nearest day on which it is.

    It is on the page from the first to the last day on which it exists
    (posts and bodies) or on which one of its memberships certainly holds
    (``None`` is open), with the gaps between them.
    """
    spans = [(m["from"], m["to"]) for m in memberships if i in (m["member"], m["post"], m["body"])]
    if nodes[i]["kind"] != PERSON:
        spans.append((nodes[i]["from"], nodes[i]["to"]))
    nearest = None
    for first, last in spans:
        if first is not None and last is not None and first > last:
            continue  # dates that never make it certain ("2016-01" to "2016-01"): never on the page
        near = day if first is None else max(day, first)
        near = near if last is None else min(near, last)
        if nearest is None or abs(near - day) < abs(nearest - day):
            nearest = near
    return day if nearest is None else nearest


def _dated_span(facts) -> dict | None:
    """The first and last dated fact of the data, as the CLI's note names them (``None``: nothing dated).

    ``first`` is the first day of the earliest, ``last`` the last day of the latest.
    """
    span = facts.dated_span()
    if span is None:
        return None
    first, last = span
    return {"first": _day_number(first.earliest()), "firstIso": first.iso(),
            "last": _day_number(last.latest()), "lastIso": last.iso()}


class _Kept(set):
    """The IRIs of a neighbourhood, remembering where it is centred."""

    focus: str


def _neighbourhood(kg, focus, depth) -> _Kept:
    """IRIs within ``depth`` steps of ``focus`` over all time, any relation, either direction."""
    facts = kg.facts
    start = resolve(kg, focus, kind=(PERSON, POST, BODY))
    neighbours: dict[str, set[str]] = {}

    def link(a, b):
        if a and b:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)

    for m in facts.memberships:
        link(m.member, m.post)
        link(m.member, m.organization)
    for body in facts.bodies.values():
        for other in body.unit_of + body.reports_to:
            link(body.iri, other)
    for post in facts.posts.values():
        for other in post.post_in + post.reports_to + post.head_of:
            link(post.iri, other)
    for person in facts.people.values():
        for other in person.head_of:
            link(person.iri, other)
    found = _Kept({start})
    found.focus = start
    queue = deque([(start, 0)])
    while queue:
        iri, steps = queue.popleft()
        if depth is not None and steps >= depth:
            continue
        for other in neighbours.get(iri, ()):
            if other not in found:
                found.add(other)
                queue.append((other, steps + 1))
    return found


def _script_json(data) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end or open a tag.

    >>> _script_json({"label": "</script><b>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_html(kg, at=None, focus=None, depth=2, layout="chart", title=None) -> str:
    """The whole page as text; see :func:`write_html` for the parameters.

    Examples
    --------
    >>> import orggraph
    >>> page = render_html(orggraph.load(), layout="network")
    >>> page.startswith("<!DOCTYPE html>") and page.count("</script>") == 3
    True
    """
    if layout not in LAYOUTS:
        raise OrggraphError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    data = view_data(kg, at=at, focus=focus, depth=depth)
    data["layout"] = layout
    if title is None:
        councils = sorted(n["label"] for n in data["nodes"] if n.get("bodyKind") == "council")
        title = "Organisation over time" + (f": {councils[0]}" if len(councils) == 1 else "")
        if focus:
            title = f"Around {data['nodes'][data['focus']]['label']}"
    data["title"] = title
    vis = (_TEMPLATES / "vis-network.min.js").read_text(encoding="utf-8")
    app = (_TEMPLATES / "view.js").read_text(encoding="utf-8")
    style = (_TEMPLATES / "view.css").read_text(encoding="utf-8")
    if re.search(r"</script", vis + app, re.IGNORECASE):
        raise OrggraphError("the bundled scripts contain '</script' and cannot be inlined")
    policy = (
        "default-src 'none'; "
        f"script-src {_hash(vis)} {_hash(app)}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    parts = {
        "POLICY": html.escape(policy, quote=False).replace('"', "&quot;"),
        "TITLE": html.escape(title),
        "STYLE": style,
        "VIS": vis,
        "DATA": _script_json(data),
        "APP": app,
    }
    template = (_TEMPLATES / "view.html").read_text(encoding="utf-8")
    # One pass: text put in by one placeholder is never read as another.
    return re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], template)


def write_html(kg, path=None, at=None, focus=None, depth=2, layout="chart") -> None:
    """Write the interactive view to ``path`` (atomically), or to standard output.

    Parameters
    ----------
    kg : KnowledgeGraph
    path : str or Path, optional
        The ``.html`` file to write. Default: standard output.
    at : datetime.date or str, optional
        The day the page opens on (``YYYY-MM-DD``). Default: the day the
        latest change took full effect.
    focus : str, optional
        Name or IRI of a person, post or body to centre on; only what lies
        within ``depth`` steps of it is kept, with the holders of the posts
        kept. Without ``at`` the page opens on the nearest day on which the
        focus is on the page.
    depth : int
        Steps from ``focus`` (default 2).
    layout : {"chart", "network"}
        ``chart``: an org chart, top-down along units, posts in bodies and
        reporting lines, laid out again for each day. ``network``: a layout
        over all time, computed once and then frozen, so that moving the
        slider only shows and hides: it starts from a radial tree of all
        time (the top in the middle, each level a ring further out), then up
        to 1,000 nodes a force layout settles it (larger graphs keep the
        radial positions, and draw every edge solid, so that 5,000 nodes stay
        quick to draw).

    Raises
    ------
    DateError, NameNotFound, AmbiguousName, OrggraphError
        A bad date, an unknown focus, an unknown layout, or a file that
        cannot be written; an existing file is then left as it was.

    Examples
    --------
    >>> import orggraph, tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "warlow.html"
    >>> write_html(orggraph.load(), target, focus="Jon Warlow", depth=1)
    >>> "Jon Warlow" in target.read_text()
    True
    """
    page = render_html(kg, at=at, focus=focus, depth=depth, layout=layout)
    write_text(page, path)


#: Format name -> writer, for :data:`orggraph.export.WRITERS`.
WRITERS = {"html": write_html}
