"""Commands that ask the organisation questions as of a date, or across dates.

Each is one call into :mod:`orggraph.timeslice`; this module only reads options
and prints the records as a table, JSON or CSV.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict

import click

from ..names import resolve
from ..timeslice import at, diff, holders, members, reporting_line, reports, timeline, why
from . import main
from .common import emit_rows, format_option, kg_options

_FORMATS = ("table", "json", "csv")


def at_option(command):
    """``--at DATE`` (default: today)."""
    return click.option(
        "--at",
        "day",
        metavar="YYYY-MM-DD",
        default=lambda: datetime.date.today().isoformat(),
        show_default="today",
        help="The day to ask about.",
    )(command)


def _rows(records) -> list[dict]:
    return [asdict(record) for record in records]


_HOLDING_COLUMNS = ["person_label", "role_label", "post_label", "body_label", "begin", "end", "appointment", "sources"]


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
    G = at(kg, day)
    node = resolve(kg, person, kind=("person", "post", "body"))
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
    emit_rows(rows, output_format, ["chain", "step", "label", "holders"],
              title=f"Reporting line of {kg.facts.label(node)} on {G.graph['date']}")


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
    G = at(kg, day)
    node = resolve(kg, person, kind=("person", "post"))
    rows = _rows(reports(G, node, depth=depth))
    for row in rows:
        row["holder_iris"] = [h["iri"] for h in row["holders"]]
        row["holders"] = [h["label"] for h in row["holders"]]
    emit_rows(rows, output_format, ["depth", "label", "holders", "reports_to_label"],
              title=f"Reports to {kg.facts.label(node)} on {G.graph['date']}")


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
    emit_rows(_rows(holders(kg, role, day, body=body)), output_format, _HOLDING_COLUMNS,
              title=f"Holders of {role} on {day}")


@main.command("members")
@click.argument("body")
@at_option
@kg_options
@format_option(*_FORMATS)
def members_command(kg, body, day, output_format):
    """List the members of BODY on a day: by membership, or by holding one of its posts.

    Example: orggraph members "Corporate Leadership Team" --at 2016-02-15
    """
    emit_rows(_rows(members(kg, body, day)), output_format, _HOLDING_COLUMNS,
              title=f"Members of {body} on {day}")


@main.command("timeline")
@click.argument("name")
@kg_options
@format_option(*_FORMATS)
def timeline_command(kg, name, output_format):
    """List the dated events in the history of a person, post or body, in order.

    Dates keep their precision: 2016, 2016-01 or 2016-01-04.

    Example: orggraph timeline "Paul Dransfield"
    """
    emit_rows(_rows(timeline(kg, name)), output_format, ["date", "event", "description", "sources"],
              title=f"Timeline of {name}")


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
    emit_rows(_rows(diff(kg, date1, date2, body=body)), output_format,
              ["change", "kind", "label", "before", "after", "date", "sources"],
              title=f"Changes {date1} → {date2}" + (f" in {body}" if body else ""))


@main.command("why")
@click.argument("name")
@click.argument("role", required=False)
@kg_options
@format_option(*_FORMATS)
def why_command(kg, name, role, output_format):
    """Show the sources behind what the graph says about a person, optionally about one ROLE.

    Example: orggraph why "John Clancy" "Leader of the Council"
    """
    emit_rows(_rows(why(kg, name, role)), output_format, ["statement", "title", "publisher", "issued"],
              title=f"Sources for {name}")
