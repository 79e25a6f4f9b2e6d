"""Finding people, posts, bodies and roles by what a user types.

A user types "Cllr John Clancy", "piali dasgupta", an IRI or one relative to the
data's base ("person/john-clancy"); :func:`resolve` turns that into the one IRI
it means, or says which names come closest.

Examples
--------
>>> import orggraph
>>> kg = orggraph.load()
>>> resolve(kg, "Cllr John Clancy")
'https://w3id.org/orggraph/id/birmingham/person/john-clancy'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import weakref
from collections import defaultdict

from rdflib.namespace import SKOS

from .errors import AmbiguousName, NameNotFound
from .facts import BODY, PERSON, POST, ROLE

#: Honorifics and post-nominals that do not belong to a name.
TITLES = ("cllr", "councillor", "sir", "mr", "mrs", "ms", "dr", "rt hon", "the rt hon", "mp")
KINDS = (PERSON, POST, BODY, ROLE)

_TITLE_WORDS = sorted((t.split() for t in TITLES), key=len, reverse=True)
_indexes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def normalise(name: str) -> str:
    """The form names are compared in: no accents, case, titles, punctuation or extra spaces.

    Examples
    --------
    >>> normalise("  Cllr.  Zoë  O'Brien MP ")
    'zoe obrien'
    >>> normalise("The Rt Hon Greg Clark")
    'greg clark'
    """
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’`]", "", text)
    words = re.sub(r"[^\w]+", " ", text).split()
    stripped = True
    while stripped and words:
        stripped = False
        for title in _TITLE_WORDS:
            if words[: len(title)] == title and len(words) > len(title):
                words = words[len(title) :]
                stripped = True
                break
    while len(words) > 1 and words[-1] == "mp":
        words.pop()
    return " ".join(words)


class _Index:
    """Labels of every node of each kind, exact and normalised, built once per graph."""

    def __init__(self, kg):
        facts = kg.facts
        self.kind_of: dict[str, str] = {}
        self.exact: dict[str, list[str]] = defaultdict(list)
        self.loose: dict[str, list[str]] = defaultdict(list)
        for kind, table in ((PERSON, facts.people), (POST, facts.posts), (BODY, facts.bodies), (ROLE, facts.roles)):
            for iri in table:
                if iri in self.kind_of:
                    continue
                self.kind_of[iri] = kind
                label = facts.label(iri)
                self.exact[label].append(iri)
                self.loose[normalise(label)].append(iri)
        for subject, alternative in kg.graph.subject_objects(SKOS.altLabel):
            iri = str(subject)
            if iri in self.kind_of and iri not in self.exact[str(alternative)]:
                self.exact[str(alternative)].append(iri)
                self.loose[normalise(alternative)].append(iri)
        self.labels = facts.label


def _index(kg) -> _Index:
    index = _indexes.get(kg)
    if index is None:
        index = _indexes[kg] = _Index(kg)
    return index


def _kinds(kind) -> tuple[str, ...]:
    if kind is None:
        return KINDS
    kinds = (kind,) if isinstance(kind, str) else tuple(kind)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind {unknown[0]!r}: use one of {', '.join(KINDS)}")
    return kinds


def resolve(kg, name: str, kind=None) -> str:
    """The IRI of the one person, post, body or role that ``name`` means.

    ``name`` may be an IRI, an IRI relative to the data's base as the data
    files write them (``post/chief-executive``), an exact label
    (``skos:prefLabel``, ``foaf:name`` or ``skos:altLabel``), or a label written loosely: case,
    accents, spacing, punctuation and titles ("Cllr", "Councillor", "Sir",
    "Mr", "Mrs", "Ms", "Dr", "Rt Hon", "MP") do not matter. Failing those,
    two or more words that occur together in just one label name that thing
    ("Independent Improvement Panel"); in several, the name is ambiguous.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str
        An IRI, absolute or relative (optionally in angle brackets), or a name.
    kind : str or tuple of str, optional
        Only consider ``"person"``, ``"post"``, ``"body"`` or ``"role"`` (or several).

    Returns
    -------
    str
        The IRI.

    Raises
    ------
    NameNotFound
        Nothing matches; the message lists the closest names.
    AmbiguousName
        Several things match; the message lists them with their IRIs.

    Examples
    --------
    >>> import orggraph
    >>> kg = orggraph.load()
    >>> resolve(kg, "PIALI DASGUPTA", kind="person")
    'https://w3id.org/orggraph/id/birmingham/person/piali-dasgupta'
    >>> resolve(kg, "org/corporate-leadership-team")
    'https://w3id.org/orggraph/id/birmingham/org/corporate-leadership-team'
    >>> resolve(kg, "Mark Rodgers")
    Traceback (most recent call last):
    ...
    orggraph.errors.NameNotFound: no person, post, body or role called 'Mark Rodgers'; closest: Mark Rogers
    """
    kinds = _kinds(kind)
    index = _index(kg)
    text = str(name).strip()
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if index.kind_of.get(iri) in kinds:
        return iri
    found = _relative(index, iri, kinds)
    if found:
        return _the_one(index, text, found, "give the full IRI")
    for table, key in ((index.exact, text), (index.loose, normalise(text))):
        found = sorted(i for i in table.get(key, ()) if index.kind_of[i] in kinds)
        if found:
            return _the_one(index, text, found, "give the IRI")
    found = _containing(index, normalise(text), kinds)
    if found:
        return _the_one(index, text, found, "give the IRI")
    raise NameNotFound(f"no {_kind_words(kinds)} called {text!r}{_closest(index, text, kinds)}")


def _the_one(index: _Index, text: str, found: list[str], advice: str) -> str:
    """The only IRI in ``found``; with several, AmbiguousName listing them (ten at most)."""
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"{index.labels(i)} <{i}>" for i in found[:10])
    more = f" and {len(found) - 10} more" if len(found) > 10 else ""
    raise AmbiguousName(f"{text!r} could mean {len(found)} things: {listed}{more}; {advice}")


#: A relative IRI as the data files write them: ``post/chief-executive``, ``org/corporate-leadership-team``.
_RELATIVE_IRI = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)+$")


def _relative(index: _Index, reference: str, kinds) -> list[str]:
    """The things whose IRI is ``reference`` resolved against a base ending in ``/`` (the data's base).

    The graph does not record the base each file was read with (the bundled
    data's, ``--base``, or the file's own location), so the IRIs themselves
    are matched: every IRI that ends in ``/`` + ``reference``.
    """
    if not _RELATIVE_IRI.match(reference):
        return []
    tail = "/" + reference
    return sorted(i for i, k in index.kind_of.items() if k in kinds and i.endswith(tail))


def _containing(index: _Index, wanted: str, kinds) -> list[str]:
    """Things whose loose label contains ``wanted`` as whole words ("Independent Improvement Panel"
    in "Birmingham Independent Improvement Panel"); only for two words or more."""
    if len(wanted.split()) < 2:
        return []
    padded = f" {wanted} "
    return sorted({i for key, iris in index.loose.items() if padded in f" {key} " for i in iris if index.kind_of[i] in kinds})


def _kind_words(kinds) -> str:
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]


def _closest(index: _Index, text: str, kinds) -> str:
    """The names that hold what was written as whole words ("Mark": Mark Rogers), then those spelt alike."""
    keys = [k for k, iris in index.loose.items() if any(index.kind_of[i] in kinds for i in iris)]
    wanted = normalise(text)
    holding = sorted(k for k in keys if wanted and f" {wanted} " in f" {k} ")
    close = holding + [k for k in difflib.get_close_matches(wanted, keys, n=5, cutoff=0.6) if k not in holding]
    labels = []
    for key in close[:5]:
        for iri in index.loose[key]:
            label = index.labels(iri)
            if index.kind_of[iri] in kinds and label not in labels:
                labels.append(label)
    return f"; closest: {'; '.join(labels)}" if labels else "; no close names"  # labels may hold commas
