"""Commands that ask the organisation questions as of a date, or across dates.

Each is one call into :mod:`orggraph.timeslice`; this module only reads options
and prints the records as a table, JSON or CSV. Tables are for reading: labels,
dates and short citations of the sources (title, publisher, date). JSON has
every field of the records, IRIs and labels, plus ``citations`` beside
``sources``; CSV has the label columns and the source IRIs.
"""

from __future__ import annotations

from dataclasses import asdict

import click

from ..errors import NameNotFound
from ..export.graph import default_day
from ..names import resolve
from ..timeslice import (_held_as, _issued_order, at, diff, holders, members, reporting_line, reports, timeline,
                         uncertain, why)
from . import main
from .common import emit_rows, format_option, kg_options, note_if_outside_the_data

_FORMATS = ("table", "json", "csv")
#: Titles longer than this are cut after their main clause (before ": " or " (") in tables...
_SHORT_TITLE = 45
#: ...and none is longer than this: the rest is cut at a word and ends in "…".
_LONG_TITLE = 66


def at_option(command):
    """``--at DATE`` (default: the day the data's latest change took full effect)."""
    return click.option(
        "--at",
        "day",
        metavar="YYYY-MM-DD",
        default=None,
        help="The day to ask about. Default: the day the latest dated change took full effect "
             "(not today: a holding whose end no source gives would otherwise count as held today).",
    )(command)


def _day(kg, day: str | None) -> str:
    """``day``, or the default day of the data when ``--at`` was not given."""
    return day if day is not None else default_day(kg).isoformat()


def _rows(kg, records) -> list[dict]:
    """The records as dicts, with the full citation of each source beside its IRI."""
    rows = [asdict(record) for record in records]
    for row in rows:
        if "sources" in row:
            row["citations"] = [_citation(kg, iri, short=False) for iri in row["sources"]]
    return rows


def _citation(kg, iri: str, short: bool = True) -> str:
    """"Title (Publisher, date)" of a source; in tables with the title and publisher shortened."""
    source = kg.facts.sources.get(iri)
    if source is None:
        return iri  # a source the data does not describe: its IRI is all there is
    title, publisher = source.title or iri, source.publisher
    if short:
        title = _shorten(title)
        if publisher and " (" in publisher:
            publisher = publisher.split(" (", 1)[0]  # "The Chamberlain Files (RJF Public Affairs)"
    parts = [p for p in (publisher, source.issued.iso() if source.issued else None) if p]
    return f"{title} ({', '.join(parts)})" if parts else title


def _shorten(title: str) -> str:
    """A long title cut after its main clause (before ':' or '('), else at a word, ending in '…'."""
    title = title.strip()
    if len(title) <= _SHORT_TITLE:
        return title
    for mark in (": ", " ("):
        head = title.split(mark, 1)[0].strip()
        if 12 <= len(head) <= _LONG_TITLE and head != title:
            return head
    if len(title) <= _LONG_TITLE:
        return title
    return title[:_LONG_TITLE].rsplit(" ", 1)[0].rstrip(" ,;:'‘’\"") + "…"


def _cited(kg, sources) -> str:
    """A table cell: one short citation a line, oldest source first."""
    return "\n".join(_citation(kg, iri) for iri in sorted(sources, key=lambda iri: _issued_order(kg.facts, iri)))


def _dates(begin, end) -> str:
    if begin and end:
        return f"{begin} to {end}"
    if begin:
        return f"from {begin}"
    if end:
        return f"until {end}"
    return "not recorded"


def _print(rows, output_format, table_rows, table_columns, csv_columns, title):
    """Rows as JSON or CSV; or the readable form ``table_rows`` made of them as a table."""
    if output_format == "table":
        emit_rows(table_rows(rows), "table", table_columns, title=title)
    else:
        emit_rows(rows, output_format, csv_columns, title=title)


_HOLDING_COLUMNS = ["person_label", "role_label", "post_label", "body_label", "begin", "end", "appointment", "sources"]


def _on_the_day(kg, G, node) -> str:
    """``node`` when it is in the organisation of G's day; else say so by its name, not its IRI."""
    if node not in G:
        raise NameNotFound(
            f"{kg.facts.label(node)!r} is not in the organisation on {G.graph['date']}: nothing recorded "
            "places them there that day ('orggraph timeline' shows when they held what)"
        )
    return node


@main.command("reporting-line")
@click.argument("person")
@at_option
@kg_options
@format_option(*_FORMATS)
def reporting_line_command(kg, person, day, output_format):
    """Show PERSON's line of reporting, post by post, up to the top.

    One chain per line where a post reports to two posts. PERSON is a name or
    an IRI (a post or body also works).

    Example: orggraph reporting-line "Piali DasGupta" --at 2016-02-15
    """
    day = _day(kg, day)
    G = at(kg, day)
    node = _on_the_day(kg, G, resolve(kg, person, kind=("person", "post", "body")))
    rows = []
    for number, chain in enumerate(reporting_line(G, node), 1):
        for step_number, step in enumerate(chain, 1):
            rows.append({
                "chain": number,
                "step": step_number,
                "kind": step.kind,
                "iri": step.iri,
                "label": step.label,
                "holders": [h["label"] for h in step.holders],
                "holder_iris": [h["iri"] for h in step.holders],
            })
    several = len({row["chain"] for row in rows}) > 1

    def table(rows):
        return [{
            **({"chain": row["chain"]} if several else {}),
            "step": row["step"],
            "post or body": row["label"],
            "held by": "\n".join(row["holders"]) or ("(vacant)" if row["kind"] == "post" else ""),
        } for row in rows]

    _print(rows, output_format, table, (["chain"] if several else []) + ["step", "post or body", "held by"],
           ["chain", "step", "label", "holders"], title=f"Reporting line of {kg.facts.label(node)} on {G.graph['date']}")
    note_if_outside_the_data(kg, day)


@main.command("reports")
@click.argument("person")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="Levels below PERSON to show (1: direct reports). Default: all.")
@at_option
@kg_options
@format_option(*_FORMATS)
def reports_command(kg, person, depth, day, output_format):
    """List the posts reporting to PERSON's posts, directly and indirectly, and who holds them.

    Example: orggraph reports "Mark Rogers" --depth 1 --at 2016-02-15
    """
    day = _day(kg, day)
    G = at(kg, day)
    node = _on_the_day(kg, G, resolve(kg, person, kind=("person", "post")))
    rows = _rows(kg, reports(G, node, depth=depth))
    for row in rows:
        row["holder_iris"] = [h["iri"] for h in row["holders"]]
        row["holders"] = [h["label"] for h in row["holders"]]

    def table(rows):
        return [{
            "depth": row["depth"],
            "post or body": row["label"],
            "held by": "\n".join(row["holders"]) or ("(vacant)" if row["kind"] == "post" else ""),
            "reports to": row["reports_to_label"],
        } for row in rows]

    _print(rows, output_format, table, ["depth", "post or body", "held by", "reports to"],
           ["depth", "label", "holders", "reports_to_label"], title=f"Reports to {kg.facts.label(node)} on {G.graph['date']}")
    note_if_outside_the_data(kg, day)


def _holding_table(kg, with_body: bool):
    """The table maker and columns for holdings (holders, members); ``with_body`` adds an "in" column."""
    columns = ["person", "post or role"] + (["in"] if with_body else []) + ["dates", "sources"]

    def table(rows):
        return [{
            "person": row["person_label"],
            "post or role": _held_as(row["post_label"], row["role_label"], row["appointment"]),
            **({"in": row["body_label"]} if with_body else {}),
            "dates": _dates(row["begin"], row["end"]),
            "sources": _cited(kg, row["sources"]),
        } for row in rows]

    return table, columns


@main.command("holders")
@click.argument("role")
@click.option("--in", "body", default=None, metavar="BODY", help="Only holders in this body (name or IRI).")
@at_option
@kg_options
@format_option(*_FORMATS)
def holders_command(kg, role, body, day, output_format):
    """List who held ROLE (a role or a post, by name or IRI) on a day.

    Example: orggraph holders "Leader of the Council" --in "Birmingham City Council" --at 2016-01-15
    """
    day = _day(kg, day)
    # with --in, every row is in that body: the title says so once
    table, columns = _holding_table(kg, with_body=not body)
    held = holders(kg, role, day, body=body)
    _print(_rows(kg, held), output_format, table, columns, _HOLDING_COLUMNS,
           title=f"Holders of {role}" + (f" in {body}" if body else "") + f" on {day}")
    _note_uncertain(uncertain(kg, day, role=role, body=body), held, day)
    note_if_outside_the_data(kg, day)


@main.command("members")
@click.argument("body")
@at_option
@kg_options
@format_option(*_FORMATS)
def members_command(kg, body, day, output_format):
    """List the members of BODY on a day: by membership, or by holding one of its posts.

    Example: orggraph members "Corporate Leadership Team" --at 2016-02-15
    """
    day = _day(kg, day)
    table, columns = _holding_table(kg, with_body=False)
    held = members(kg, body, day)
    _print(_rows(kg, held), output_format, table, columns,
           _HOLDING_COLUMNS, title=f"Members of {kg.facts.label(resolve(kg, body, kind='body'))} on {day}")
    _note_uncertain(uncertain(kg, day, body=body), held, day)
    note_if_outside_the_data(kg, day)


def _note_uncertain(holdings, listed, day) -> None:
    """Say on standard error who else may have held on ``day`` (not the people ``listed``): dates known
    only to the month or year leave it open."""
    people = {h.person for h in listed}
    holdings = [h for h in holdings if h.person not in people]
    if not holdings:
        return
    named = "; ".join(f"{h.person_label} ({_held_as(h.post_label, h.role_label, h.appointment)}, {_dates(h.begin, h.end)})"
                      for h in holdings[:4]) + (f"; and {len(holdings) - 4} more" if len(holdings) > 4 else "")
    click.echo(f"Note: {len(holdings)} more may have held on {day}, but their dates, known only to the month or "
               f"year, leave it open: {named}.", err=True)


@main.command("timeline")
@click.argument("name")
@kg_options
@format_option(*_FORMATS)
def timeline_command(kg, name, output_format):
    """List the dated events in the history of a person, post or body, in order.

    Dates keep their precision: 2016, 2016-01 or 2016-01-04.

    Example: orggraph timeline "Paul Dransfield"
    """
    def table(rows):
        return [{"date": row["date"], "event": row["event"], "what": row["description"], "sources": _cited(kg, row["sources"])}
                for row in rows]

    records = timeline(kg, name)
    _print(_rows(kg, records), output_format, table, ["date", "event", "what", "sources"],
           ["date", "event", "description", "sources"],
           title=f"Timeline of {kg.facts.label(resolve(kg, name, kind=('person', 'post', 'body')))}")


_CHANGE_WORDS = {"changed_role": "changed role", "line_removed": "line removed", "line_added": "line added"}


def _change_details(row) -> str:
    """In words, what a change of a person or a reporting line was: "Deputy Chief Executive → Strategic Director"."""
    before, after = "; ".join(row["before"]), "; ".join(row["after"])
    return {
        "joined": f"as {after}",
        "left": f"was {before}",
        "changed_role": f"{before} → {after}",
        "line_added": f"now reports to {after}",
        "line_removed": f"no longer reports to {before}",
    }.get(row["change"], "")


@main.command("diff")
@click.argument("date1", metavar="DATE1")
@click.argument("date2", metavar="DATE2")
@click.option("--in", "body", default=None, metavar="BODY", help="Only changes in this body (name or IRI).")
@kg_options
@format_option(*_FORMATS)
def diff_command(kg, date1, date2, body, output_format):
    """Show what changed between DATE1 and DATE2 (YYYY-MM-DD, earlier first).

    Who joined, left or changed role; posts, roles and units created or
    abolished; reporting lines added or removed; each with its sources.

    Example: orggraph diff 2015-10-01 2016-02-15 --in CLT
    """
    def table(rows):
        return [{
            "change": _CHANGE_WORDS.get(row["change"], row["change"]),
            "what": row["label"] if row["kind"] == "person" else f"{row['label']} ({row['kind']})",
            "details": _change_details(row),
            "date": row["date"] or "",
            "sources": _cited(kg, row["sources"]),
        } for row in rows]

    changes = diff(kg, date1, date2, body=body)
    where = f" in {kg.facts.label(resolve(kg, body, kind='body'))}" if body else ""
    _print(_rows(kg, changes), output_format, table, ["change", "what", "details", "date", "sources"],
           ["change", "kind", "label", "before", "after", "date", "sources"], title=f"Changes {date1} → {date2}{where}")


@main.command("why")
@click.argument("name")
@click.argument("role", required=False)
@kg_options
@format_option(*_FORMATS)
def why_command(kg, name, role, output_format):
    """Show the sources behind what the graph says about a person, optionally about one ROLE.

    Example: orggraph why "John Clancy" "Leader of the Council"
    """
    def table(rows):
        shown = []
        for row in rows:  # one line per statement, its sources together
            if shown and shown[-1]["fact"] == row["fact"] and shown[-1]["statement"] == row["statement"]:
                shown[-1]["sources"].append(row["source"])
            else:
                shown.append({"statement": row["statement"], "fact": row["fact"], "sources": [row["source"]]})
        return [{"statement": s["statement"], "sources": _cited(kg, s["sources"])} for s in shown]

    evidence = why(kg, name, role)
    _print(_rows(kg, evidence), output_format, table, ["statement", "sources"],
           ["statement", "title", "publisher", "issued", "source"],
           title=f"Sources for {kg.facts.label(resolve(kg, name, kind='person'))}")
