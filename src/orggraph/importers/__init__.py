"""Importers: published formats (UK organogram CSVs, Popolo JSON) into orggraph RDF.

Each format has its own module. They share a small in-memory triple table
(:class:`Triples`) that is quick to fill with a hundred thousand rows and to
merge with an earlier output file, the RDF reading and atomic writing around
it, and :class:`ImportSummary`, the account of what was read, repaired and
skipped that the ``orggraph import`` commands print at the end.

Examples
--------
>>> from orggraph.importers import slugify
>>> slugify("Attorney General's Office")
'attorney-generals-office'
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import OrggraphError
from ..io import atomic_write

#: Prefixes written into every Turtle file an importer produces.
PREFIXES = {
    "og": "https://w3id.org/orggraph/ns#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


class _Terms:
    """IRIs of a vocabulary as N-Triples terms, created once: ``ORG.Post == "<http://www.w3.org/ns/org#Post>"``."""

    def __init__(self, namespace: str):
        self._ns = namespace

    def __getattr__(self, name: str) -> str:
        term = f"<{self._ns}{name}>"
        setattr(self, name, term)
        return term


OG, ORG, TIME, PROV, SKOS, FOAF, DCT, RDF, XSD = (
    _Terms(PREFIXES[p]) for p in ("og", "org", "time", "prov", "skos", "foaf", "dcterms", "rdf", "xsd")
)
A = RDF.type
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def iri(text: str) -> str:
    """An IRI as an N-Triples term (the caller makes sure it is a valid IRI).

    Examples
    --------
    >>> iri("https://w3id.org/orggraph/id/birmingham/post/chief-executive")
    '<https://w3id.org/orggraph/id/birmingham/post/chief-executive>'
    """
    return f"<{text}>"


def iri_text(term: str) -> str:
    """The IRI inside an N-Triples IRI term.

    Examples
    --------
    >>> iri_text(ORG.Post)
    'http://www.w3.org/ns/org#Post'
    """
    return term[1:-1]


def lit(text, datatype: str | None = None, language: str | None = None) -> str:
    """A literal as an N-Triples term, escaped the way pyoxigraph writes it.

    Examples
    --------
    >>> lit('He said "hi"')
    '"He said \\\\"hi\\\\""'
    >>> lit("2011-03-31", XSD.date)
    '"2011-03-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    body = str(text).translate(_ESCAPES)
    if _CONTROL.search(body):
        body = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", body)
    if language:
        return f'"{body}"@{language}'
    if datatype and datatype != XSD.string:
        return f'"{body}"^^{datatype}'
    return f'"{body}"'


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for readable IRIs.

    Examples
    --------
    >>> slugify("  Director - Criminal Law & Policy ")
    'director-criminal-law-policy'
    >>> slugify("Allan Marriott-Smith") == slugify("Allan Marriott Smith")
    True
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def date_literal(day) -> str:
    """An ``xsd:date`` literal for a :class:`datetime.date`.

    Examples
    --------
    >>> import datetime
    >>> date_literal(datetime.date(2011, 3, 31))
    '"2011-03-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    return f'"{day.isoformat()}"^^{XSD.date}'


class Triples:
    """A small RDF graph of N-Triples terms: subject -> list of (predicate, object).

    Fast to fill (plain strings, no indexes), easy to edit per subject; turned
    into Turtle by pyoxigraph in one pass when written.

    >>> t = Triples()
    >>> s = iri("https://example.org/a")
    >>> t.add(s, SKOS.prefLabel, lit("A"))
    >>> t.add(s, SKOS.prefLabel, lit("A"))
    >>> len(t), t.value(s, SKOS.prefLabel)
    (1, '"A"')
    """

    def __init__(self):
        self.subjects: dict = {}

    def add(self, s, p, o) -> None:
        pairs = self.subjects.setdefault(s, [])
        if (p, o) not in pairs:
            pairs.append((p, o))

    def add_new(self, s, p, o) -> None:
        """Add without checking for a duplicate (the caller knows it is new)."""
        self.subjects.setdefault(s, []).append((p, o))

    def set(self, s, p, o) -> None:
        """Replace every value of ``p`` on ``s`` by ``o``."""
        self.remove(s, p)
        self.add_new(s, p, o)

    def objects(self, s, p) -> list:
        return [o for q, o in self.subjects.get(s, ()) if q == p]

    def value(self, s, p):
        found = self.objects(s, p)
        return found[0] if found else None

    def remove(self, s, p=None) -> list:
        """Remove the values of ``p`` on ``s`` (all of ``s`` when ``p`` is None); return them."""
        pairs = self.subjects.get(s)
        if not pairs:
            return []
        if p is None:
            del self.subjects[s]
            return [o for _, o in pairs]
        kept = [(q, o) for q, o in pairs if q != p]
        gone = [o for q, o in pairs if q == p]
        self.subjects[s] = kept
        return gone

    def with_type(self, rdf_type) -> list:
        return [s for s, pairs in self.subjects.items() if (A, rdf_type) in pairs]

    def __contains__(self, s) -> bool:
        return s in self.subjects

    def __len__(self) -> int:
        return sum(len(p) for p in self.subjects.values())

    def ntriples(self) -> str:
        """The graph as N-Triples text, subjects in order."""
        return "".join(f"{s} {p} {o} .\n" for s in sorted(self.subjects) for p, o in self.subjects[s])


def output_path(out, file_name: str) -> Path:
    """The file an import writes: ``out`` itself, or ``out/file_name`` when ``out`` is a folder.

    A path ending in ``/`` is a folder, created if it does not exist yet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> output_path(f"{folder}/new/", "hta.ttl").relative_to(folder).as_posix()
    'new/hta.ttl'
    >>> output_path(folder / "mine.nt", "hta.ttl").name
    'mine.nt'
    """
    if str(out).endswith(("/", "\\")):
        try:
            Path(out).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OrggraphError(f"{out}: cannot create the output folder: {error.strerror}") from None
    out = Path(out)
    return out / file_name if out.is_dir() else out


def rdf_format(path) -> ox.RdfFormat:
    """The RDF syntax for an output file name (Turtle, N-Triples, RDF/XML, JSON-LD).

    Examples
    --------
    >>> rdf_format("hta/organogram.ttl") == ox.RdfFormat.TURTLE
    True
    >>> rdf_format("organogram.csv")
    Traceback (most recent call last):
    ...
    orggraph.errors.OrggraphError: organogram.csv: cannot write RDF as .csv; use .ttl, .nt, .rdf or .jsonld
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _FORMATS:
        raise OrggraphError(f"{path}: cannot write RDF as {suffix or 'a file without extension'}; use .ttl, .nt, .rdf or .jsonld")
    return _FORMATS[suffix]


def read_triples(path) -> Triples:
    """Read an RDF file (written earlier by an importer) into :class:`Triples`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "one.nt"
    >>> _ = path.write_text('<https://example.org/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A" .\\n')
    >>> read_triples(path).value("<https://example.org/a>", SKOS.prefLabel)
    '"A"'
    """
    triples = Triples()
    try:
        for t in ox.parse(path=str(path), format=rdf_format(path)):
            triples.add_new(str(t.subject), str(t.predicate), str(t.object))
    except (SyntaxError, ValueError, OSError) as error:
        raise OrggraphError(f"{path}: cannot read the earlier output to merge into it: {error}") from None
    return triples


def write_triples(triples: Triples, path) -> None:
    """Write ``triples`` to ``path`` in the syntax its name asks for (:func:`rdf_format`).

    Written atomically: the file is replaced whole or left as it was. Turtle
    gets the usual prefixes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> t = Triples()
    >>> t.add(iri("https://example.org/post/1"), A, ORG.Post)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "posts.ttl"
    >>> write_triples(t, path)
    >>> print(path.read_text().splitlines()[-1])
    <https://example.org/post/1> a org:Post .
    """
    fmt = rdf_format(path)
    data = triples.ntriples().encode("utf-8")
    if fmt != ox.RdfFormat.N_TRIPLES:
        parsed = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        data = ox.serialize(parsed, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
    with atomic_write(path, "wb") as handle:
        handle.write(data)


@dataclass
class ImportSummary:
    """What an import read, wrote, repaired and skipped.

    ``counts`` holds figures in reading order; ``repairs`` and ``skipped`` map a
    reason to the places (``file:line``) where it applied.

    >>> s = ImportSummary("out.ttl")
    >>> s.counts["posts"] = 3
    >>> s.repair("name 'N/D' kept as not disclosed", "a.csv:4")
    >>> print(s.report())
    Wrote out.ttl
      posts: 3
    Repaired:
      1 × name 'N/D' kept as not disclosed (a.csv:4)
    """

    out: str
    counts: dict = field(default_factory=dict)
    repairs: dict = field(default_factory=lambda: defaultdict(list))
    skipped: dict = field(default_factory=lambda: defaultdict(list))
    notes: list = field(default_factory=list)

    def repair(self, reason: str, where: str) -> None:
        self.repairs[reason].append(where)

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason].append(where)

    def report(self) -> str:
        """The summary as lines of text, as the CLI prints it."""
        lines = [f"Wrote {self.out}"]
        lines += [f"  {name}: {value}" for name, value in self.counts.items()]
        lines += [f"  {note}" for note in self.notes]
        for title, table in (("Repaired", self.repairs), ("Skipped", self.skipped)):
            if table:
                lines.append(f"{title}:")
                for reason, places in table.items():
                    shown = ", ".join(places[:5]) + (f", … {len(places) - 5} more" if len(places) > 5 else "")
                    lines.append(f"  {len(places)} × {reason} ({shown})")
        return "\n".join(lines)
