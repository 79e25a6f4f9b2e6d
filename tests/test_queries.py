"""Every named query on the Birmingham data, against the time-aware API (orggraph.timeslice).

The queries are run on every day where something changes (and the days
either side, so that partial dates are tested at their edges) and compared
with :func:`holders`, :func:`members`, :func:`reporting_line`, :func:`diff`,
:func:`why` and :func:`at` asked the same question. The full sweep runs on the
embedded Oxigraph store (milliseconds a query) and is marked slow; a few days
also run in memory, and must give the same rows there.

Parameters are bound as terms: values with quotes, ``}`` or newlines either
match exactly that value or are refused; they never change the query.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import orggraph
from orggraph.generate import write
from orggraph.errors import DateError, NameNotFound, OrggraphError, QueryError
from orggraph.queries import get_query, list_queries, run_query
from orggraph.sparql import sparql, substitute
from orggraph.stores import push
from orggraph.timeslice import at, diff, holders, members, reporting_line, why

B = "https://w3id.org/orggraph/id/birmingham/"
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "labels.ttl"
#: Either side of the January 2016 restructure: its month-precision ends count until 1 January,
#: its beginnings from 31 January.
FEW_DAYS = ["2016-01-01", "2016-01-31"]


@pytest.fixture(scope="module")
def oxigraph_kg(tmp_path_factory):
    spec = f"oxigraph:{tmp_path_factory.mktemp('queries') / 'db'}"
    push(orggraph.load(), spec)  # a database on disk, filled from the graph in memory
    return orggraph.load(store=spec)


def change_days(kg) -> list[str]:
    """Every day something may begin, end or change, with the days before and after."""
    days = set()
    for date in kg.facts.change_dates():
        for edge in (date.earliest(), date.latest()):
            days |= {edge - dt.timedelta(days=1), edge, edge + dt.timedelta(days=1)}
    return sorted(d.isoformat() for d in days)


def column(rows, name) -> set:
    return {row[name] for row in rows}


# ------------------------------------------------------------------ one check per query


def check_holders(kg, query_kg, day):
    facts = kg.facts
    for target in sorted(facts.roles) + sorted(facts.posts):
        rows = run_query(query_kg, "holders", {"role": target, "on": day})
        expected = {h.membership for h in holders(kg, target, day)}
        assert column(rows, "membership") == expected, (target, day)


def check_members(kg, query_kg, day):
    for body in sorted(kg.facts.bodies):
        rows = run_query(query_kg, "members", {"body": body, "on": day})
        assert column(rows, "membership") == {h.membership for h in members(kg, body, day)}, (body, day)


def check_reporting_chain(kg, query_kg, day):
    G = at(kg, day)
    for person in sorted(kg.facts.people):
        rows = run_query(query_kg, "reporting-chain", {"person": person, "on": day})
        found = {(r["start"], r["post"], r["holder"]) for r in rows}
        expected = set()
        holds_a_post = person in G and any(r == "holds" for _, _, r in G.out_edges(person, data="relation"))
        if holds_a_post:
            for chain in reporting_line(G, person):
                for step in chain:
                    for holder in step.holders or [{"iri": None}]:
                        expected.add((chain[0].iri, step.iri, holder["iri"]))
        assert found == expected, (person, day)
        for r in rows:  # steps: how far up the line (0 for the person's own post)
            if r["start"] == r["post"]:
                assert r["steps"] == "0"
            else:
                assert int(r["steps"]) >= 1


def check_vacant_posts(kg, query_kg, day):
    G = at(kg, day)
    expected = {n for n, kind in G.nodes(data="kind")
                if kind == "post" and not any(r == "holds" for _, _, r in G.in_edges(n, data="relation"))}
    assert column(run_query(query_kg, "vacant-posts", {"on": day}), "post") == expected, day


def check_changes(kg, query_kg, day1, day2):
    rows = run_query(query_kg, "changes", {"from": day1, "to": day2})
    d1, d2 = dt.date.fromisoformat(day1), dt.date.fromisoformat(day2)
    facts = kg.facts
    began = {m.iri for m in facts.memberships if not m.interval.active_on(d1) and m.interval.active_on(d2)}
    ended = {m.iri for m in facts.memberships if m.interval.active_on(d1) and not m.interval.active_on(d2)}
    assert {r["fact"] for r in rows if r["change"] == "began"} == began
    assert {r["fact"] for r in rows if r["change"] == "ended"} == ended
    for change, attribute in (("created", "creates"), ("abolished", "abolishes")):
        expected = {(e.iri, thing) for e in facts.events if e.date and d1 < e.date.earliest() and e.date.latest() <= d2
                    for thing in getattr(e, attribute)}
        assert {(r["fact"], r["subject"]) for r in rows if r["change"] == change} == expected
    # everyone diff() says joined, left or changed role has a membership that began or ended
    people = {c.iri for c in diff(kg, day1, day2) if c.change in ("joined", "left", "changed_role")}
    by_iri = {m.iri: m for m in facts.memberships}
    assert people <= {by_iri[i].member for i in began | ended}


# ------------------------------------------------------------------ the sweep


@pytest.mark.slow
def test_holders_members_chains_and_vacancies_on_every_change_day(kg, oxigraph_kg):
    days = change_days(kg)
    assert len(days) > 20 and "2016-01-31" in days and "2014-12-31" in days
    for day in days:
        check_holders(kg, oxigraph_kg, day)
        check_members(kg, oxigraph_kg, day)
        check_reporting_chain(kg, oxigraph_kg, day)
        check_vacant_posts(kg, oxigraph_kg, day)


@pytest.mark.slow
def test_changes_between_every_pair_of_change_days(kg, oxigraph_kg):
    days = change_days(kg)[::3]  # one day per change date: pairs across every change
    for i, day1 in enumerate(days):
        for day2 in days[i:]:
            check_changes(kg, oxigraph_kg, day1, day2)


@pytest.mark.parametrize("day", FEW_DAYS)
def test_named_queries_agree_with_the_api_around_the_restructure(kg, oxigraph_kg, day):
    check_holders(kg, oxigraph_kg, day)
    check_members(kg, oxigraph_kg, day)
    check_reporting_chain(kg, oxigraph_kg, day)
    check_vacant_posts(kg, oxigraph_kg, day)
    check_changes(kg, oxigraph_kg, "2015-10-01", day)


@pytest.mark.slow
@pytest.mark.parametrize("name, values", [
    ("holders", {"role": "role/strategic-director", "on": "2016-01-31"}),
    ("members", {"body": "org/corporate-leadership-team", "on": "2016-01-01"}),
    ("reporting-chain", {"person": "person/paul-dransfield", "on": "2015-12-31"}),
    ("vacant-posts", {"on": "2016-01-15"}),
    ("changes", {"from": "2015-10-01", "to": "2016-02-15"}),
    ("sources-for-person", {"person": "person/jon-warlow"}),
    ("movers", {}),
])
def test_memory_gives_the_oxigraph_rows(kg, oxigraph_kg, name, values):
    rows = run_query(kg, name, values)
    assert rows and rows == run_query(oxigraph_kg, name, values)


def test_the_restructure_as_the_queries_see_it(kg):
    before = run_query(kg, "holders", {"role": "post/deputy-chief-executive", "on": "2016-01-01"})
    after = run_query(kg, "holders", {"role": "post/deputy-chief-executive", "on": "2016-01-31"})
    assert column(before, "name") == {"Paul Dransfield"} and after == []
    vacant = column(run_query(kg, "vacant-posts", {"on": "2016-01-15"}), "post")
    assert B + "post/strategic-director-economy" in vacant
    assert B + "post/deputy-chief-executive" not in vacant  # held until 1 January, abolished in January


def test_sources_for_person_are_what_why_cites_plus_the_posts_sources(kg):
    facts = kg.facts
    for person in sorted(facts.people):
        rows = run_query(kg, "sources-for-person", {"person": person})
        held = [m for m in facts.memberships if m.member == person]
        # why() cites each membership's sources (and the events that touched its post)
        behind_memberships = {e.source for e in why(kg, person) if e.fact in {m.iri for m in held}}
        behind_posts = {s for m in held if m.post for s in facts.posts[m.post].sources}
        assert column(rows, "source") == behind_memberships | behind_posts, person
        # facts counted: the person's memberships and the posts they held, that the source supports
        for row in rows:
            supported = {m.iri for m in held if row["source"] in m.sources}
            supported |= {m.post for m in held if m.post and row["source"] in facts.posts[m.post].sources}
            assert int(row["facts"]) == len(supported), (person, row)
    issued = [r["issued"] for r in run_query(kg, "sources-for-person", {"person": "person/mark-rogers"})]
    assert issued and issued == sorted(issued)  # oldest first


def test_movers_are_the_moves_the_memberships_show(kg):
    facts = kg.facts

    def top(body):
        seen = {body}
        while True:
            above = set(facts.bodies[body].unit_of + facts.bodies[body].sub_organization_of) if body in facts.bodies else set()
            if not above:
                return body
            body = sorted(above)[0]
            assert body not in seen
            seen.add(body)

    expected = set()
    for m in facts.memberships:
        if m.came_from and m.came_from != top(m.organization):
            expected.add((m.member, m.came_from, top(m.organization), "og:cameFrom"))
    for left in facts.memberships:
        for joined in facts.memberships:
            if (left.member == joined.member and left.interval.end and joined.interval.begin
                    and left.interval.end.earliest() <= joined.interval.begin.earliest()
                    and top(left.organization) != top(joined.organization)):
                expected.add((left.member, top(left.organization), top(joined.organization), "memberships"))
    rows = run_query(kg, "movers")
    assert {(r["person"], r["from"], r["to"], r["evidence"]) for r in rows} == expected
    assert (B + "person/angela-probert", B + "org/nottingham-city-council", B + "org/birmingham-city-council",
            "og:cameFrom") in expected


# ------------------------------------------------------------------ parameters cannot change a query


def test_every_query_documents_its_parameters_with_examples_that_answer(kg, oxigraph_kg):
    for query in list_queries():
        assert query.title and query.description, query.name
        values = {p.name: p.example for p in query.parameters}
        assert all(values.values()), query.name
        assert run_query(oxigraph_kg, query.name, values), f"{query.name}: its examples find nothing"


HOSTILE_VALUES = [
    'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p "',
    "x' } UNION { ?s ?p ?o } #",
    "x\n} UNION {\n?membership ?p ?o\n",
    "x\\\" } #",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_parameter_values_are_refused_not_run(kg, oxigraph_kg, value):
    for store in (kg, oxigraph_kg):
        with pytest.raises(DateError):
            run_query(store, "vacant-posts", {"on": value})
        with pytest.raises((NameNotFound, QueryError)):  # not a name, and not a usable IRI
            run_query(store, "holders", {"role": value, "on": "2016-02-15"})
        with pytest.raises(QueryError, match="not a usable IRI"):
            run_query(store, "holders", {"role": "http://example.org/" + value, "on": "2016-02-15"})


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_strings_bind_as_one_literal(kg, oxigraph_kg, value):
    query = "SELECT ?p WHERE { ?p foaf:name ?name }"
    for store in (kg, oxigraph_kg):
        assert list(sparql(store, query, {"name": value})) == []  # no name is that string
        assert [str(r.p) for r in sparql(store, query, {"name": "Mark Rogers"})] == [B + "person/mark-rogers"]


def test_names_with_quotes_and_brackets_are_found_and_bound(tmp_path):
    """The hostile fixture's labels are real names with quotes, < > and '}': they must match exactly."""
    name = '<b onmouseover=alert(2)>Chief</b> & "Executive"'
    for store in ("memory", f"oxigraph:{tmp_path / 'db'}"):
        kg = orggraph.load([HOSTILE], store=store)
        rows = run_query(kg, "holders", {"role": name, "on": "2016-06-01"})
        assert column(rows, "roleLabel") <= {name}
        found = sparql(kg, "SELECT ?r WHERE { ?r skos:prefLabel ?label }", {"label": Literal(name)})
        assert [str(r.r) for r in found] == ["https://example.org/hostile/role/trap"]


def test_unknown_query_and_parameters_are_one_line_errors(kg, run_cli):
    with pytest.raises(NameNotFound, match="no named query 'holder'; there are: changes, holders"):
        get_query("holder")
    with pytest.raises(OrggraphError, match="needs --param on=... \\(for example --param on=2016-02-15\\)"):
        run_query(kg, "holders", {"role": "role/strategic-director"})
    with pytest.raises(OrggraphError, match="has no parameter 'day'"):
        run_query(kg, "holders", {"role": "role/strategic-director", "on": "2016-02-15", "day": "x"})
    result = run_cli("query", "holders", "--param", "role=Chief Executive", "--param", "on=2016-02-30")
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "February 2016 has 29 days" in result.output
    result = run_cli("query", "holders", "--param", "role")
    assert result.exit_code == 2 and "--param takes NAME=VALUE" in result.output


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment\n", "PREFIX ex: <http://example.org/>"])
def test_a_query_with_nothing_to_run_says_so(run_cli, text):
    # each of these parses as an empty SPARQL Update, which is not what the user meant
    result = run_cli("sparql", text)
    assert result.exit_code == 1
    assert result.stderr == "Error: the query is empty: give SELECT, ASK, CONSTRUCT or DESCRIBE\n"


@pytest.mark.parametrize("update", [
    "INSERT DATA { <a> <b> <c> }",  # relative IRIs: rdflib's parser reads it, Oxigraph's needs a base
    "INSERT DATA { <http://s> <http://p> <<( <http://a> <http://b> <http://c> )>> }",  # RDF 1.2: Oxigraph's only
    "LOAD <http://127.0.0.1:9/never-fetched>",  # never run, only read
])
def test_an_update_is_named_as_one_whichever_parser_reads_it(run_cli, update):
    result = run_cli("sparql", update)
    assert result.exit_code == 1
    assert result.stderr == ("Error: this is a SPARQL Update; orggraph only runs queries "
                             "(SELECT, ASK, CONSTRUCT, DESCRIBE)\n")


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_select_star_columns_come_in_the_order_the_query_names_them(run_cli, store):
    # rdflib gave them in set order (another order each run), Oxigraph alphabetically
    query = ("SELECT * WHERE { ?m org:member ?person ; org:organization ?body ; org:role ?role ; "
             "og:post ?post ; org:memberDuring ?during } LIMIT 1")
    result = run_cli("sparql", query, "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "m,person,body,role,post,during"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_bound_variable_may_also_be_selected(run_cli, store):
    # Oxigraph has no initBindings: the value is written into the query, where a bare
    # 'SELECT ?p "Mark Rogers"' was a syntax error
    query = 'SELECT ?p ?name (STRLEN(?name) AS ?length) WHERE { ?p foaf:name ?name }'
    result = run_cli("sparql", query, "--bind", "name=Mark Rogers", "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["p,name,length", B + "person/mark-rogers,Mark Rogers,11"]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("query, variables", [
    ("SELECT ?p WHERE { ?p foaf:name ?name }", "?p, ?name"),
    # ?nam in a string, an IRI and a comment is no variable of the query
    ('SELECT ?p WHERE { ?p foaf:name ?name FILTER(?name != "?nam" && ?p != <urn:x?nam>) } # ?nam', "?p, ?name"),
    ("ASK { ?p foaf:name $name }", "?p, ?name"),
])
def test_a_bind_for_a_variable_the_query_lacks_is_refused(run_cli, store, query, variables):
    # it was ignored: a typing mistake in the name answered with every person
    result = run_cli("sparql", query, "--bind", "nam=Mark Rogers", "--store", store)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Error: cannot bind ?nam: the query has no such variable; its variables: {variables}\n"


def test_a_variable_written_with_a_dollar_sign_is_bound(run_cli):
    result = run_cli("sparql", "SELECT ?p WHERE { ?p foaf:name $name }", "--bind", "name=Mark Rogers", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["p", B + "person/mark-rogers"]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_variable_in_a_comparison_without_spaces_is_refused_with_the_fix(run_cli, store):
    # "?n<?hi&&?n>" reads as an IRI token by token, so the value never reached ?hi on Oxigraph or a server
    query = 'SELECT ?n WHERE { ?p foaf:name ?n FILTER(?n<?hi&&?n>"Mark") }'
    refused = run_cli("sparql", query, "--bind", "hi=Mark S", "--store", store)
    assert refused.exit_code == 1 and refused.stderr == (
        "Error: cannot bind ?hi: it is written against '<' or '>', which reads as an IRI <...>; "
        "put spaces around the comparison (?x < ?hi)\n")
    spaced = run_cli("sparql", query.replace("<", " < ").replace(">", " > "), "--bind", "hi=Mark S",
                     "--format", "csv", "--store", store)
    assert spaced.exit_code == 0, spaced.stderr
    assert spaced.stdout.splitlines() == ["n", "Mark Rogers"]


def test_binding_a_query_rdflib_cannot_parse_is_checked_and_never_a_traceback(run_cli):
    # Oxigraph runs LATERAL, rdflib's parser does not know it: the variables are found token by token
    query = "SELECT ?s ?z WHERE { ?s foaf:name ?o . LATERAL { SELECT ?z { ?s foaf:name ?z } LIMIT 1 } }"
    refused = run_cli("sparql", query, "--bind", "nam=Mark Rogers", "--store", "oxigraph")
    assert refused.exit_code == 1
    assert refused.stderr == "Error: cannot bind ?nam: the query has no such variable; its variables: ?s, ?z, ?o\n"
    bound = run_cli("sparql", query, "--bind", "o=Mark Rogers", "--format", "csv", "--store", "oxigraph")
    assert bound.exit_code == 0, bound.stderr
    assert bound.stdout.splitlines()[0] == "s,z" and bound.stdout.splitlines()[1].startswith(B + "person/mark-rogers,")
    in_memory = run_cli("sparql", query, "--bind", "o=Mark Rogers", "--store", "memory")
    assert in_memory.exit_code == 1 and in_memory.stderr.startswith("Error: the query failed: ")
    assert in_memory.stderr.count("\n") == 1


def test_an_escaped_quote_in_a_prefixed_name_starts_no_string():
    # ex:a\'b is one prefixed name: read as the start of a string, it hid ?v from the substitution
    query = "PREFIX ex: <http://example.org/> SELECT ?x WHERE { ?x ex:a\\'b ?v . ?x ?p 'c' }"
    assert substitute(query, {"v": "d"}) == query.replace("?v", '"d"')


@pytest.mark.parametrize("query", ["SELECT ?p WHERE { ?p foaf:name 'Mark Rogers' }", "ASK { ?p foaf:name ?n }"])
def test_a_graph_format_for_a_select_or_ask_lists_every_results_format(run_cli, query):
    result = run_cli("sparql", query, "--format", "nt")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "Error: 'nt' is not a results format: use one of table, csv, tsv, json, xml\n"


def test_a_broken_iri_parameter_is_one_line():
    # rdflib warned "does not look like a valid URI" on a line of its own before our message
    # (through its logger, which only a real process shows)
    process = subprocess.run(
        [Path(sys.executable).with_name("orggraph"), "query", "members", "--param",
         "body=http://example.org/a>} UNION {?p ?q ?r", "--param", "on=2016-02-15"],
        capture_output=True, text=True, check=False,
    )
    assert process.returncode == 1
    assert process.stderr == "Error: not a usable IRI: 'http://example.org/a>} UNION {?p ?q ?r'\n"


def test_query_cli_list_and_formats(run_cli):
    listing = run_cli("query", "--list")
    assert listing.exit_code == 0
    for query in list_queries():
        assert query.name in listing.output
    result = run_cli("query", "holders", "--param", "role=post/chief-executive", "--param", "on=2016-02-15",
                     "--format", "json")
    assert result.exit_code == 0
    import json

    assert [(r["name"], r["person"]) for r in json.loads(result.stdout)] == [("Mark Rogers", B + "person/mark-rogers")]
    table = run_cli("query", "holders", "--param", "role=Chief Executive", "--param", "on=2016-02-15")
    assert "person/mark-rogers" in table.output and B not in table.output


def test_iri_parameters_accept_iris_relative_iris_and_names(kg):
    by = {}
    for value in (B + "person/piali-dasgupta", "person/piali-dasgupta", "Piali DasGupta", URIRef(B + "person/piali-dasgupta")):
        by[str(value)] = run_query(kg, "sources-for-person", {"person": value})
    assert len({repr(rows) for rows in by.values()}) == 1 and next(iter(by.values()))


def test_relative_iri_parameters_resolve_against_the_datas_own_base(tmp_path, run_cli):
    data = tmp_path / "org.nt"
    write(60, data, seed=3)
    kg = orggraph.load([data])
    on = "2016-06-01"
    post = next(v for _, v, relation in at(kg, on).edges(data="relation") if relation == "holds")
    assert post.startswith("https://w3id.org/orggraph/id/synthetic/post/")
    by_relative = run_query(kg, "holders", {"role": post.removeprefix("https://w3id.org/orggraph/id/synthetic/"), "on": on})
    assert by_relative and by_relative == run_query(kg, "holders", {"role": post, "on": on})
    result = run_cli("query", "holders", "--param", "role=post/no-such-post", "--param", f"on={on}", "--data", data)
    assert result.exit_code != 0 and "post/no-such-post" in result.output
