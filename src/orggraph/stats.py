"""Counts and the date range of a knowledge graph: what is in it, at a glance.

Examples
--------
>>> import orggraph
>>> from orggraph.stats import stats
>>> summary = stats(orggraph.load())
>>> summary["people"] > 10, summary["earliest"] <= summary["latest"]
(True, True)
"""

from __future__ import annotations

from .kg import KnowledgeGraph


def stats(kg: KnowledgeGraph) -> dict:
    """Count the people, bodies, posts, roles, memberships, change events and sources.

    Parameters
    ----------
    kg : KnowledgeGraph
        The loaded ontology and data.

    Returns
    -------
    dict
        ``people``, ``bodies``, ``posts``, ``roles``, ``memberships``,
        ``change_events``, ``sources`` and ``triples`` (ints), and ``earliest``
        and ``latest``: the first and last date anywhere in the data (the
        beginning or end of a membership, a change event, a source's date of
        issue) as ISO partial dates such as ``"2014"`` or ``"2016-01-04"``,
        ordered by the first day each can mean; None when the data holds no date. Roles count the ontology's
        statutory roles as well as the data's own.

    Examples
    --------
    >>> import orggraph
    >>> summary = stats(orggraph.load())
    >>> sorted(summary)
    ['bodies', 'change_events', 'earliest', 'latest', 'memberships', 'people', 'posts', 'roles', 'sources', 'triples']
    >>> summary["earliest"] < "2016-01" < summary["latest"]
    True
    """
    facts = kg.facts
    dates = facts.change_dates() + [s.issued for s in facts.sources.values() if s.issued]
    in_order = sorted(set(dates), key=lambda d: (d.earliest(), d.latest()))
    earliest, latest = (in_order[0], in_order[-1]) if in_order else (None, None)
    return {
        "people": len(facts.people),
        "bodies": len(facts.bodies),
        "posts": len(facts.posts),
        "roles": len(facts.roles),
        "memberships": len(facts.memberships),
        "change_events": len(facts.events),
        "sources": len(facts.sources),
        "triples": kg.triple_count(),
        "earliest": earliest.iso() if earliest else None,
        "latest": latest.iso() if latest else None,
    }
