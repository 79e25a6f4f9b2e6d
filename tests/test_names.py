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
