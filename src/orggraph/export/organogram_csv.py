"""Export a senior-staff organogram CSV for one day, in the data.gov.uk column layout.

One row per post holder on the day (two rows for a job share), with the pay
band recorded on that holder's membership where there is one, and the job
title they held it under where the post has had several titles (the post's
latest values otherwise), plus one row
for each post the data marks vacant ("Vacant") or held by someone not named
("N/D") on that day. Posts about which the data says nothing for the day are
left out rather than guessed. The top of each reporting line reports to "XX".
The Post Unique Reference is the post's reference for imported organograms,
else the last part of its IRI. Unknown values (phone, e-mail, salary cost of
reports, pay where not recorded) are left blank.

Examples
--------
>>> import orggraph, csv, io
>>> text = organogram_csv(orggraph.load(), "2016-02-15")
>>> rows = list(csv.DictReader(io.StringIO(text)))
>>> [(r["Name"], r["Reports to Senior Post"]) for r in rows if r["Post Unique Reference"] == "chief-executive"]
[('Mark Rogers', 'XX')]
"""

from __future__ import annotations

import csv
import io

from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..dates import parse_day
from ..errors import OrggraphError
from ..importers.organogram import SENIOR_COLUMNS
from ..io import write_text
from ..timeslice import HOLDS, at
from ..vocab import OG


def _ref(post: str) -> str:
    return post.rsplit("/post/", 1)[1] if "/post/" in post else post.rstrip("/").rsplit("/", 1)[-1]


def _root(facts, body: str) -> str:
    seen = set()
    while body not in seen:
        seen.add(body)
        record = facts.bodies.get(body)
        parents = (record.unit_of or record.sub_organization_of) if record else []
        if not parents or parents[0] not in facts.bodies:
            return body
        body = parents[0]
    return body


def organogram_csv(kg, at_date) -> str:
    """The senior-staff CSV text for ``at_date`` (``YYYY-MM-DD``).

    Parameters
    ----------
    kg : KnowledgeGraph
    at_date : str or datetime.date

    Returns
    -------
    str
        CSV with the published header (19 columns, one of them unnamed).

    Examples
    --------
    >>> import orggraph, csv, io
    >>> rows = list(csv.DictReader(io.StringIO(organogram_csv(orggraph.load(), "2015-10-01"))))
    >>> [(r["Job Title"], r["Reports to Senior Post"]) for r in rows if r["Name"] == "Paul Dransfield"]
    [('Deputy Chief Executive', 'chief-executive')]
    """
    day = parse_day(at_date)
    facts, graph = kg.facts, kg.graph
    G = at(kg, day)
    literal_day = day.isoformat()

    def value(node, prop):
        found = graph.value(URIRef(node), prop)
        return str(found) if found is not None else ""

    def marked(post, prop):
        return any(str(d) == literal_day for d in graph.objects(URIRef(post), prop))

    rows = []
    for post in sorted(facts.posts.values(), key=lambda p: _ref(p.iri)):
        if post.iri not in G:
            continue
        holds = sorted((G.nodes[u]["label"], d) for u, _, d in G.in_edges(post.iri, data=True) if d["relation"] == HOLDS)
        holders = [name for name, _ in holds]
        if not holders:
            if marked(post.iri, OG.vacantOn):
                holders = ["Vacant"]
            elif marked(post.iri, OG.holderWithheldOn):
                holders = ["N/D"]
            else:
                continue
        units = [b for b in post.post_in if b in facts.bodies]
        unit = next((b for b in units if facts.bodies[b].unit_of), units[0] if units else None)
        organisation = _root(facts, unit) if unit else None
        parent = facts.bodies[organisation].sub_organization_of if organisation in facts.bodies else []
        department = parent[0] if parent else organisation
        reports = [t for t in post.reports_to if t in facts.posts]
        base = {
            "Post Unique Reference": _ref(post.iri),
            "Grade (or equivalent)": value(post.iri, OG.grade),
            "Job Title": post.label,
            "Job/Team Function": value(post.iri, DCTERMS.description),
            "Parent Department": facts.label(department) if department else "",
            "Organisation": facts.label(organisation) if organisation else "",
            "Unit": facts.label(unit) if unit else "",
            "Reports to Senior Post": _ref(reports[0]) if reports else "XX",
            "FTE": value(post.iri, OG.fte),
            "Actual Pay Floor (£)": value(post.iri, OG.payFloor),
            "Actual Pay Ceiling (£)": value(post.iri, OG.payCeiling),
            "Professional/Occupational Group": value(post.iri, OG.profession),
            "Notes": value(post.iri, SKOS.note),
            "Valid?": "1",
        }
        for name in holders:
            row = {**base, "Name": name}
            edge = next((d for n, d in holds if n == name), None)
            if edge is not None:  # the title and pay band as they were when this holder held the post
                titles = {str(t) for t in graph.objects(URIRef(post.iri), SKOS.altLabel)}
                if edge.get("role_label") in titles:
                    row["Job Title"] = edge["role_label"]
                for column, prop in (("Actual Pay Floor (£)", OG.payFloor), ("Actual Pay Ceiling (£)", OG.payCeiling)):
                    row[column] = value(edge["membership"], prop) or row[column]
            rows.append(row)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SENIOR_COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in SENIOR_COLUMNS])
    return buffer.getvalue()


def write_organogram_csv(kg, path=None, at=None) -> None:
    """Write :func:`organogram_csv` for day ``at`` to ``path`` (atomically) or standard output.

    Raises
    ------
    OrggraphError
        No day given (an organogram is a snapshot: use ``--at YYYY-MM-DD``).

    Examples
    --------
    >>> import orggraph
    >>> write_organogram_csv(orggraph.load())
    Traceback (most recent call last):
    ...
    orggraph.errors.OrggraphError: an organogram is a snapshot of one day: give it with --at YYYY-MM-DD
    """
    if at is None:
        raise OrggraphError("an organogram is a snapshot of one day: give it with --at YYYY-MM-DD")
    text = organogram_csv(kg, at)
    write_text(text, path)


#: Format name -> writer, joined into :data:`orggraph.export.WRITERS`.
WRITERS = {"organogram-csv": write_organogram_csv}
