"""Resolving what a user types to one IRI, or saying clearly why not."""

from pathlib import Path

import pytest

import orggraph
from orggraph import AmbiguousName, NameNotFound
from orggraph.names import normalise, resolve

B = "https://w3id.org/orggraph/id/birmingham/"
P = "https://example.org/partial/"


@pytest.fixture(scope="module")
def kg():
    return orggraph.load()


@pytest.fixture(scope="module")
def accents():
    return orggraph.load([Path(__file__).parent / "fixtures" / "partial-dates.ttl"])


@pytest.mark.parametrize(
    "typed",
    ["John Clancy", "john clancy", "  JOHN   CLANCY ", "Cllr John Clancy", "Councillor John Clancy",
     "Cllr. John Clancy", "Mr John Clancy", f"{B}person/john-clancy", f"<{B}person/john-clancy>"],
)
def test_person_found_by_iri_label_or_forgiving_match(kg, typed):
    assert resolve(kg, typed) == B + "person/john-clancy"


@pytest.mark.parametrize("typed", ["Rt Hon Greg Clark", "The Rt Hon Greg Clark MP", "Greg Clark MP", "Dr Greg Clark"])
def test_titles_and_post_nominals_are_ignored(kg, typed):
    assert resolve(kg, typed, kind="person") == B + "person/greg-clark"


def test_alternative_labels_resolve(kg):
    assert resolve(kg, "CLT") == B + "org/corporate-leadership-team"
    assert resolve(kg, "improvement panel", kind="body") == B + "org/birmingham-independent-improvement-panel"


def test_accents_do_not_matter_but_make_ambiguity_visible(accents):
    assert resolve(accents, "Zoë O'Brien") == P + "person/zoe"  # the exact label wins
    with pytest.raises(AmbiguousName) as raised:
        resolve(accents, "zoe o'brien")
    message = str(raised.value)
    assert P + "person/zoe>" in message and P + "person/zoe2>" in message


def test_kind_restricts_the_search(kg):
    assert resolve(kg, "Chief Executive", kind="role") == B + "role/chief-executive"
    with pytest.raises(NameNotFound, match="no body called 'Chief Executive'"):
        resolve(kg, "Chief Executive", kind="body")


def test_unknown_name_lists_closest_candidates(kg):
    with pytest.raises(NameNotFound) as raised:
        resolve(kg, "Pialli Dasgupta")
    assert str(raised.value) == "no person, post, body or role called 'Pialli Dasgupta'; closest: Piali DasGupta"


def test_nothing_close_says_so(kg):
    with pytest.raises(NameNotFound, match="no close names"):
        resolve(kg, "Xqzzy Wobble")


@pytest.mark.parametrize("typed, expected", [
    ("post/chief-executive", "post/chief-executive"), ("role/chief-executive", "role/chief-executive"),
    ("org/corporate-leadership-team", "org/corporate-leadership-team"), ("<person/mark-rogers>", "person/mark-rogers"),
])
def test_an_iri_relative_to_the_base_of_the_data_names_it(kg, typed, expected):
    assert resolve(kg, typed) == B + expected


def test_a_relative_iri_is_read_against_the_data_it_is_in_not_birmingham(accents):
    assert resolve(accents, "person/zoe") == P + "person/zoe"
    with pytest.raises(NameNotFound, match="no person called 'person/mark-rogers'"):
        resolve(accents, "person/mark-rogers", kind="person")


def test_a_relative_iri_of_another_kind_or_of_nothing_is_not_accepted(kg):
    with pytest.raises(NameNotFound, match="no person called 'post/chief-executive'"):
        resolve(kg, "post/chief-executive", kind="person")
    with pytest.raises(NameNotFound, match="no person, post, body or role called 'person/mark-rogerz'"):
        resolve(kg, "person/mark-rogerz")


def test_a_relative_iri_under_two_bases_is_ambiguous(tmp_path):
    data = tmp_path / "two-bases.ttl"
    data.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://a.example/post/clerk> a org:Post ; skos:prefLabel "Clerk" .\n'
        '<https://b.example/post/clerk> a org:Post ; skos:prefLabel "Clerk to the Board" .\n', encoding="utf-8")
    kg = orggraph.load([data])
    with pytest.raises(AmbiguousName) as raised:
        resolve(kg, "post/clerk")
    assert str(raised.value) == ("'post/clerk' could mean 2 things: Clerk <https://a.example/post/clerk>; "
                                 "Clerk to the Board <https://b.example/post/clerk>; give the full IRI")


def test_an_iri_of_another_kind_is_not_accepted(kg):
    with pytest.raises(NameNotFound):
        resolve(kg, B + "person/john-clancy", kind="post")


@pytest.mark.parametrize("text, expected", [("Sir Bob Kerslake", "bob kerslake"), ("Mrs  Núñez-Smith", "nunez smith"),
                                            ("Ms", "ms"), ("MP", "mp")])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_words_found_together_in_one_label_name_it(kg):
    assert resolve(kg, "Independent Improvement Panel", kind="body") == B + "org/birmingham-independent-improvement-panel"
    assert resolve(kg, "leadership team", kind="body") == B + "org/corporate-leadership-team"


def test_words_found_in_several_labels_are_ambiguous(kg):
    with pytest.raises(AmbiguousName, match=r"'Strategic Director for' could mean \d+ things: .*Strategic Director for Economy <"):
        resolve(kg, "Strategic Director for", kind="post")


def test_one_word_or_words_out_of_order_are_not_enough(kg):
    with pytest.raises(NameNotFound):
        resolve(kg, "Panel", kind="body")
    with pytest.raises(NameNotFound):
        resolve(kg, "Panel Improvement", kind="body")


def test_one_word_of_a_name_is_suggested_as_the_names_that_hold_it(run_cli):
    first = run_cli("reporting-line", "Mark", "--at", "2016-02-15")
    assert first.exit_code == 1
    assert first.stderr == "Error: no person, post or body called 'Mark'; closest: Mark Rogers\n"
    assert run_cli("members", "Panel").stderr == (
        "Error: no body called 'Panel'; closest: Birmingham Independent Improvement Panel\n")
