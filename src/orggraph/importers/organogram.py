"""UK government organograms (data.gov.uk senior and junior staff CSVs) into orggraph RDF.

Departments and public bodies publish two CSVs per snapshot date (usually 31
March and 30 September): senior posts, one row per post holder, and junior
staff, counted by grade under the senior post they report to. This module reads
them, repairs what can be repaired without guessing, and merges the snapshot
into the graph of other snapshots (earlier or later) of the same organisation.

How the data becomes RDF
------------------------
* IRIs live under ``https://w3id.org/orggraph/id/organogram/<org-slug>/``; the
  organisation itself is ``…/<org-slug>/organisation`` (``og:bodyKind``
  ``og:governmentDepartment`` when it is its own parent department, else
  ``og:publicBody`` with ``org:subOrganizationOf`` the department). Units are
  ``…/unit/<slug>`` (``org:unitOf`` / ``org:hasUnit``, ``og:bodyKind``
  ``og:directorate``, the nearest kind: a division led by a director).
* A senior post is ``…/post/<Post Unique Reference>``: the same reference in
  another snapshot is the same post. Its title, grade (``og:grade``), pay band
  (``og:payFloor``, ``og:payCeiling``, pounds), ``og:fte``, unit and
  ``org:reportsTo`` come from the latest snapshot that lists it; an earlier
  title is kept as ``skos:altLabel``.
* Junior staff are counted posts ``…/post/<senior ref>/junior/<grade>-<title>``
  with ``og:singleHolder false``, ``og:fte`` (Number of Posts in FTE), the
  generic job title as ``org:role`` and ``org:reportsTo`` their senior post.
* A named holder is a ``foaf:Person`` (``…/person/<name-slug>``: the same name
  in the same organisation is the same person) and an ``org:Membership`` of
  the organisation with ``og:post``, the job title then as ``org:role`` and
  the holder's own pay band (``og:payFloor``/``og:payCeiling``) as listed at
  the last snapshot of the membership.
* Snapshot dates become interval dates honestly: a membership begins at the
  first snapshot and ends at the last snapshot of an unbroken run of snapshots
  listing that person in that post. Nothing is invented between snapshots: a
  person seen on 2011-03-31 and 2011-09-30 held the post on both days, so the
  membership runs 2011-03-31 to 2011-09-30; whether they held it the day after
  is not known, so it ends there. A gap (a snapshot without them) starts a new
  membership.
* Vacant posts stay posts with no holder, marked ``og:vacantOn <date>``;
  "Eliminated" (and its misspellings) counts as vacant, with a
  ``skos:editorialNote``. A withheld name ("N/D", blank) is never guessed and
  no person is invented: the post is marked ``og:holderWithheldOn <date>``,
  meaning it was held by someone not named that day.
* Each file is an ``og:SourceDocument`` (title, publisher = the organisation,
  ``dcterms:issued`` = the snapshot date, ``dcterms:identifier`` = the file
  name) and every post and membership is ``prov:wasDerivedFrom`` the files
  that list it.

Examples
--------
>>> import orggraph
>>> FIXTURES = Path(orggraph.__file__).parents[2] / "tests" / "fixtures" / "organogram"
>>> snap = read_organogram(FIXTURES / "hta-2011-03-31-senior.csv", date="2011-03-31")
>>> snap.organisation, len(snap.posts)
('Human Tissue Authority', 5)
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote

from ..dates import parse_day
from ..errors import OrggraphError
from . import (
    output_path,
    A, DCT, FOAF, OG, ORG, PROV, SKOS, TIME, XSD,
    ImportSummary, Triples, date_literal, iri, iri_text, lit, read_triples, slugify, write_triples,
)

#: Where organogram IRIs live; one folder per organisation.
ORGANOGRAM_BASE = "https://w3id.org/orggraph/id/organogram/"

#: The senior-staff columns in the published order ("" is the unnamed column).
SENIOR_COLUMNS = [
    "Post Unique Reference", "Name", "Grade (or equivalent)", "Job Title", "Job/Team Function",
    "Parent Department", "Organisation", "Unit", "Contact Phone", "Contact E-mail",
    "Reports to Senior Post", "Salary Cost of Reports (£)", "FTE", "Actual Pay Floor (£)",
    "Actual Pay Ceiling (£)", "", "Professional/Occupational Group", "Notes", "Valid?",
]
#: The junior-staff columns in the published order.
JUNIOR_COLUMNS = [
    "Parent Department", "Organisation", "Unit", "Reporting Senior Post", "Grade",
    "Payscale Minimum (£)", "Payscale Maximum (£)", "Generic Job Title", "Number of Posts in FTE",
    "Professional/Occupational Group",
]
_SENIOR_REQUIRED = ["Post Unique Reference", "Name", "Grade (or equivalent)", "Job Title", "Organisation",
                    "Reports to Senior Post"]
_JUNIOR_REQUIRED = ["Reporting Senior Post", "Grade", "Generic Job Title", "Number of Posts in FTE"]
#: Header spellings seen in published files, reduced by :func:`_canon`, beyond the standard ones.
_ALIASES = {"organization": "organisation", "gradeorequivalent": "grade", "jobteamfunction": "function",
            "function": "function", "payscalemin": "payscaleminimum", "payscalemax": "payscalemaximum"}
#: Cells meaning "the publisher withholds this".
_WITHHELD = {"nd", "na", "notdisclosed", "withheld", "redacted", "notgiven", "nottobedisclosed"}
_TOP = {"xx", "x", "top", "none", "na", "nd", "-"}
_SAFE = re.compile(r"[A-Za-z0-9_.~-]+")
_MOJIBAKE = (("Ã‚Â£", "£"), ("Â£", "£"), ("\u00a3\u00a3", "£"))


def _canon(header: str) -> str:
    """A header reduced to letters, without anything in brackets: 'Grade (or equivalent)' -> 'grade'."""
    text = re.sub(r"\(.*?\)", "", header.replace("\ufeff", ""))
    key = re.sub(r"[^a-z]", "", text.lower())
    return _ALIASES.get(key, key)


@dataclass
class SeniorPost:
    """One senior post as the snapshot lists it (several rows for a job share)."""

    ref: str
    title: str
    grade: str | None
    function: str | None
    unit: str | None
    reports_to: str | None
    fte: Decimal | None
    pay_floor: Decimal | None
    pay_ceiling: Decimal | None
    profession: str | None
    notes: str | None
    holders: list[str] = field(default_factory=list)  # names as published
    status: str = "held"  # held | vacant | eliminated | withheld
    line: str = ""


@dataclass
class JuniorPost:
    """Junior staff of one grade and title under one senior post, counted in FTE."""

    senior_ref: str
    grade: str
    title: str
    unit: str | None
    fte: Decimal
    pay_min: Decimal | None
    pay_max: Decimal | None
    profession: str | None


@dataclass
class Snapshot:
    """One organisation's organogram on one date, cleaned, with what was repaired."""

    date: _dt.date
    organisation: str
    parent: str | None
    senior_file: Path
    junior_file: Path | None
    posts: dict[str, SeniorPost]
    juniors: dict[tuple, JuniorPost]
    summary: ImportSummary

    @property
    def slug(self) -> str:
        return slugify(self.organisation) or "organisation"

    @property
    def base(self) -> str:
        return f"{ORGANOGRAM_BASE}{self.slug}/"


# ---------------------------------------------------------------- reading CSV


def _decode(path: Path, summary: ImportSummary) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OrggraphError(f"{path}: cannot read: {error.strerror}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        summary.repair("UTF-16 file decoded", path.name)
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        summary.repair("byte-order mark removed", path.name)
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        summary.repair("not UTF-8: read as Windows-1252", path.name)
        return data.decode("cp1252", errors="replace")


def _fix_text(cell: str, summary: ImportSummary, where: str) -> str:
    if "Ã" not in cell and "Â" not in cell and "££" not in cell:
        return cell.strip()
    for broken, good in _MOJIBAKE:
        if broken in cell:
            cell = cell.replace(broken, good)
            summary.repair("broken encoding of '£' repaired", where)
    return cell.strip()


def _read_table(path: Path, required: list[str], kind: str, summary: ImportSummary):
    """Yield (where, {canonical column: cell}) for each non-blank row; check the header first."""
    text = _decode(path, summary)
    dialect = "excel-tab" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise OrggraphError(f"{path}: empty file, not a {kind} organogram CSV") from None
    except csv.Error as error:
        raise OrggraphError(f"{path}:1: not readable as CSV: {error}") from None
    columns = [_canon(h) for h in header]
    missing = [name for name in required if _canon(name) not in columns]
    if missing:
        hint = ""
        if kind == "senior" and "reportingseniorpost" in columns:
            hint = " (it looks like a junior-staff file: give the senior file first)"
        elif kind == "junior" and "postuniquereference" in columns:
            hint = " (it looks like a senior-staff file)"
        raise OrggraphError(
            f"{path}: not a {kind}-staff organogram CSV{hint}: missing column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}"
        )
    if header and header[0].strip() == "" and len(header) > 1:
        summary.repair("unnamed index column ignored", f"{path.name}:1")
    try:
        for row in reader:
            where = f"{path.name}:{reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            record = {}
            for key, cell in zip(columns, row):
                if key and key not in record:
                    record[key] = _fix_text(cell, summary, where)
            yield where, record
    except csv.Error as error:
        raise OrggraphError(f"{path}:{reader.line_num}: not readable as CSV: {error}") from None


def _ref(cell: str, summary: ImportSummary, where: str) -> str:
    """A post reference, with quotes and spreadsheet floats ('4.0') undone."""
    ref = cell.strip().strip("'\"").strip()
    if re.fullmatch(r"\d+\.0+", ref):
        summary.repair("reference written as a decimal number ('4.0' read as '4')", where)
        ref = ref.split(".", 1)[0]
    return ref


def _number(cell: str, summary: ImportSummary, where: str, column: str) -> Decimal | None:
    """A sum of money or an FTE: '£85,000', '143000.0', 'N/D' (None)."""
    text = cell.strip().strip("'\"").replace("£", "").replace(",", "").replace("\ufffd", "").strip()
    if re.sub(r"[^a-z]", "", text.lower()) in _WITHHELD or text in ("", "-"):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        summary.skip(f"{column}: not a number, left out", f"{where} ({_shown(cell)})")
        return None
    if value == value.to_integral_value() and "." in text:
        summary.repair("whole number written as a decimal ('143000.0')", where)
        value = value.to_integral_value()
    return value


def _shown(value: str) -> str:
    """A value from the file as a repair message shows it: as published, between curly quotes."""
    return f"\u201c{value}\u201d"


def _without_surrounding_quotes(text: str) -> str:
    """``text`` without the quotes around the whole of it: ``'N/D'`` -> ``N/D``, ``"'N/D'"`` -> ``N/D``.

    Only a matching pair at both ends is removed; quotes inside a name, or an
    unmatched one at one end (``O'Hara``, ``Jo "JJ" Smith``), are the name's own.
    """
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    return text


def _holder(cell: str, summary: ImportSummary, where: str) -> tuple[str, str | None]:
    """Classify a Name cell: ('held', name) | ('vacant'|'eliminated'|'withheld', None)."""
    name = cell.strip()
    unquoted = _without_surrounding_quotes(name)
    if unquoted != name:
        summary.repair(f"quotes removed from name {_shown(name)}", where)
        name = unquoted
    key = re.sub(r"[^a-z]", "", name.lower())
    if not key:
        summary.repair("blank name: holder treated as not disclosed", where)
        return "withheld", None
    if key in _WITHHELD:
        return "withheld", None
    if key.startswith("vacan"):
        return "vacant", None
    if key.startswith("elim") or (
        "e" in key[:2] and "m" in key and difflib.SequenceMatcher(None, key, "eliminated").ratio() >= 0.8
    ):
        if key != "eliminated":
            summary.repair(f"misspelt 'Eliminated' ({_shown(name)}) read as eliminated", where)
        return "eliminated", None
    return "held", " ".join(name.split())


def read_organogram(senior, junior=None, *, date, progress=None) -> Snapshot:
    """Read a senior (and optionally a junior) organogram CSV for one snapshot date.

    Parameters
    ----------
    senior, junior : str or Path
        The senior-staff CSV and, optionally, the junior-staff CSV.
    date : str or datetime.date
        The snapshot date, ``YYYY-MM-DD``.
    progress : callable, optional
        Called as ``progress(rows_done, rows_total, "reading rows")`` while reading.

    Returns
    -------
    Snapshot
        Posts keyed by reference, junior posts, and ``summary`` of repairs.

    Raises
    ------
    OrggraphError
        The file is unreadable or not an organogram (the message names the
        file and the missing columns), or its reporting lines form a cycle
        (the message names each post in it by title, reference and line).

    Examples
    --------
    >>> import orggraph
    >>> FIXTURES = Path(orggraph.__file__).parents[2] / "tests" / "fixtures" / "organogram"
    >>> snap = read_organogram(FIXTURES / "ago-2011-09-30-senior.csv", FIXTURES / "ago-2011-09-30-junior.csv",
    ...                        date="2011-09-30")
    >>> [p.status for p in snap.posts.values()].count("withheld")
    3
    >>> snap.posts["AGO2"].holders, snap.posts["AGO2"].reports_to
    (['Kevin McGinty'], 'AGO1')
    """
    day = parse_day(date)
    senior, junior = Path(senior), Path(junior) if junior else None
    summary = ImportSummary("")
    rows = list(_read_table(senior, _SENIOR_REQUIRED, "senior", summary))
    junior_rows = list(_read_table(junior, _JUNIOR_REQUIRED, "junior", summary)) if junior else []
    total = len(rows) + len(junior_rows)
    if not rows:
        raise OrggraphError(f"{senior}: an organogram CSV with a header but no posts")

    organisations = Counter(r.get("organisation") or "" for _, r in rows)
    organisation = organisations.most_common(1)[0][0]
    if not organisation:
        raise OrggraphError(f"{senior}: the 'Organisation' column is empty; cannot tell whose organogram this is")
    for name, count in organisations.items():
        if name != organisation:
            summary.repair(f"rows naming organisation {_shown(name)} read as {_shown(organisation)}", f"{count} row{'s' if count != 1 else ''}")
    parents = Counter(r.get("parentdepartment") for _, r in rows if r.get("parentdepartment"))
    parent = parents.most_common(1)[0][0] if parents else None

    posts: dict[str, SeniorPost] = {}
    for done, (where, r) in enumerate(rows, 1):
        if progress and done % 1000 == 0:
            progress(done, total, "reading rows")
        ref = _ref(r.get("postuniquereference", ""), summary, where)
        if not ref:
            summary.skip("row without a Post Unique Reference", where)
            continue
        status, name = _holder(r.get("name", ""), summary, where)
        valid = (r.get("valid") or "").strip().lower()
        if valid in ("0", "0.0", "n", "no", "false"):
            summary.repair("row marked not valid by the publisher (Valid? = 0) imported as published", where)
        post = posts.get(ref)
        if post is None:
            post = posts[ref] = SeniorPost(
                ref=ref,
                title=r.get("jobtitle") or f"Post {ref}",
                grade=_text(r.get("grade")),
                function=_text(r.get("function")),
                unit=_text(r.get("unit")),
                reports_to=_ref(r.get("reportstoseniorpost", ""), summary, where),
                fte=_number(r.get("fte", ""), summary, where, "FTE"),
                pay_floor=_number(r.get("actualpayfloor", ""), summary, where, "Actual Pay Floor"),
                pay_ceiling=_number(r.get("actualpayceiling", ""), summary, where, "Actual Pay Ceiling"),
                profession=_text(r.get("professionaloccupationalgroup")),
                notes=_text(r.get("notes")),
                status=status,
                line=where,
            )
            if not r.get("jobtitle"):
                summary.repair(f"post without a job title named 'Post {ref}'", where)
        else:
            if status == "held" and name in post.holders or status != "held" and post.status == status:
                summary.skip(f"repeated row for post {ref}", where)
                continue
            summary.repair(f"several rows for post {ref} read as a job share", where)
            extra_fte = _number(r.get("fte", ""), summary, where, "FTE")
            if extra_fte is not None:
                post.fte = (post.fte or 0) + extra_fte
            if status == "held":
                post.status = "held"
        if name:
            post.holders.append(name)

    refs = set(posts)
    for post in posts.values():
        target = post.reports_to
        if target and target.lower() in _TOP:
            if target != "XX":
                summary.repair(f"top post marker {target!r} read as 'XX'", post.line)
            post.reports_to = None
        elif target == "0" and "0" not in refs:
            summary.repair("'0' in Reports to Senior Post read as the top post", post.line)
            post.reports_to = None
        elif not target:
            summary.skip("empty Reports to Senior Post: no reporting line", post.line)
            post.reports_to = None
        elif target == post.ref:
            summary.skip(f"post {post.ref} reports to itself: reporting line left out", post.line)
            post.reports_to = None
        elif target not in refs:
            summary.skip(f"reports to a post not in the file ({target}): reporting line left out", post.line)
            post.reports_to = None
    cycles = _reporting_cycles(posts)
    if cycles:
        raise OrggraphError(
            f"{senior}: the reporting lines form {'a cycle' if len(cycles) == 1 else f'{len(cycles)} cycles'}, "
            f"so those posts never lead to the top post: {'; '.join(_cycle_text(c) for c in cycles)}. "
            "Correct 'Reports to Senior Post' on one of those lines (the top post reports to 'XX'); "
            "nothing was written"
        )

    juniors: dict[tuple, JuniorPost] = {}
    for done, (where, r) in enumerate(junior_rows, len(rows) + 1):
        if progress and done % 1000 == 0:
            progress(done, total, "reading rows")
        senior_ref = _ref(r.get("reportingseniorpost", ""), summary, where)
        fte = _number(r.get("numberofpostsinfte", ""), summary, where, "Number of Posts in FTE")
        grade, title = _text(r.get("grade")) or "ungraded", _text(r.get("genericjobtitle")) or "staff"
        if not senior_ref:
            summary.skip("junior row without a Reporting Senior Post", where)
            continue
        if senior_ref not in refs:
            summary.skip(f"junior staff under a senior post not in the senior file ({senior_ref})", where)
            continue
        if not fte:
            summary.skip("junior row with no posts (Number of Posts in FTE empty or 0)", where)
            continue
        key = (senior_ref, slugify(grade), slugify(title))
        if key in juniors:
            summary.repair(f"junior rows with the same senior post, grade and title added up ({grade}, {title})", where)
            juniors[key].fte += fte
            continue
        juniors[key] = JuniorPost(
            senior_ref, grade, title, _text(r.get("unit")), fte,
            _number(r.get("payscaleminimum", ""), summary, where, "Payscale Minimum"),
            _number(r.get("payscalemaximum", ""), summary, where, "Payscale Maximum"),
            _text(r.get("professionaloccupationalgroup")),
        )
    if progress:
        progress(total, total, "reading rows")
    return Snapshot(day, organisation, parent, senior, junior, posts, juniors, summary)


def _reporting_cycles(posts: dict[str, SeniorPost]) -> list[list[SeniorPost]]:
    """Every cycle of reporting lines, each as its posts in reporting order, in the order of the file.

    Each post reports to at most one other, so following the lines from every
    post in turn, and never past a post already followed, finds each cycle once.
    """
    walk_of: dict[str, int] = {}  # post reference -> the walk that first reached it
    cycles = []
    for walk, start in enumerate(posts):
        path, ref = [], start
        while ref is not None and ref not in walk_of:
            walk_of[ref] = walk
            path.append(ref)
            ref = posts[ref].reports_to
        if ref is not None and walk_of[ref] == walk:
            cycles.append([posts[r] for r in path[path.index(ref):]])
    return cycles


def _cycle_text(cycle: list[SeniorPost]) -> str:
    """'“Chief Executive” (post 1, line 3) → … → “Chief Executive” (post 1)'."""
    steps = [f"{_shown(p.title)} (post {p.ref}, line {p.line.rsplit(':', 1)[1]})" for p in cycle]
    return " → ".join(steps + [f"{_shown(cycle[0].title)} (post {cycle[0].ref})"])


def _text(cell) -> str | None:
    if cell is None:
        return None
    cell = " ".join(str(cell).split())
    return None if re.sub(r"[^a-z]", "", cell.lower()) in _WITHHELD | {""} else cell


# ---------------------------------------------------------------- RDF and merging

def _lit(value) -> str:
    if isinstance(value, Decimal):
        return lit(format(value, "f"), XSD.decimal)
    return lit(value)


def _date_of(triples: Triples, source) -> _dt.date | None:
    issued = triples.value(source, DCT.issued)
    return _dt.date.fromisoformat(issued.split('"')[1]) if issued is not None else None


class _Builder:
    """Adds one snapshot to the triples of other snapshots (earlier or later) of the same organisation."""

    def __init__(self, snap: Snapshot, triples: Triples):
        self.snap, self.t, self.base = snap, triples, snap.base
        self.org = iri(self.base + "organisation")
        self.senior_source = iri(f"{self.base}source/{snap.date.isoformat()}-senior")
        self.junior_source = iri(f"{self.base}source/{snap.date.isoformat()}-junior")
        # every other senior source of this organisation, by date
        self.dates = {}
        prefix = self.base + "source/"
        for s in triples.with_type(OG.SourceDocument):
            if iri_text(s).startswith(prefix) and iri_text(s).endswith("-senior"):
                self.dates[_date_of(triples, s)] = s
        if snap.date in self.dates:
            raise OrggraphError(
                f"the output already holds the {snap.date.isoformat()} snapshot of {snap.organisation}; "
                "write to a new file or remove that snapshot first"
            )
        self.dates[snap.date] = self.senior_source
        self.described = set()  # subjects already described from this snapshot

    def node(self, *parts: str) -> str:
        return iri(self.base + "/".join(p if _SAFE.fullmatch(p) else quote(p, safe="-_.~") for p in parts))

    def newer_than_recorded(self, subject) -> bool:
        """Whether this snapshot is later than every earlier snapshot that described ``subject``."""
        seen = [_date_of(self.t, s) for s in self.t.objects(subject, PROV.wasDerivedFrom)]
        seen = [d for d in seen if d is not None]
        return not seen or self.snap.date > max(seen)

    def describe(self, subject, rdf_type, pairs, source) -> None:
        """Type and source always; the other attributes only if this snapshot is the newest about it.

        A pair ``(property, None)`` says this snapshot gives no value: an older
        snapshot's value of that property is removed, so that a post that became
        the top post no longer reports to its old superior.
        """
        if subject in self.described:
            return
        self.described.add(subject)
        t = self.t
        if subject not in t or self.newer_than_recorded(subject):
            label_prop = FOAF.name if rdf_type == FOAF.Person else SKOS.prefLabel
            old_label = t.value(subject, label_prop)
            for p, _ in pairs:
                t.remove(subject, p)
            new_label = next((o for p, o in pairs if p == label_prop), None)
            if old_label is not None and new_label is not None and old_label != new_label:
                t.add(subject, SKOS.altLabel, old_label)
            for p, o in pairs:
                if o is not None:
                    t.add(subject, p, o)
        else:
            label = next((o for p, o in pairs if p == SKOS.prefLabel), None)
            if label is not None and label != t.value(subject, SKOS.prefLabel):
                t.add(subject, SKOS.altLabel, label)
        t.add(subject, A, rdf_type)
        t.add(subject, PROV.wasDerivedFrom, source)

    def sources(self) -> None:
        snap, t = self.snap, self.t
        words = f"{snap.date.day} {snap.date.strftime('%B %Y')}"
        files = [(self.senior_source, snap.senior_file, "senior")]
        if snap.junior_file:
            files.append((self.junior_source, snap.junior_file, "junior"))
        for node, path, kind in files:
            t.add(node, A, OG.SourceDocument)
            t.add(node, DCT.title, lit(f"{snap.organisation} organogram, {kind} staff, {words}"))
            t.add(node, DCT.publisher, lit(snap.organisation))
            t.add(node, DCT.issued, date_literal(snap.date))
            t.add(node, DCT.identifier, lit(path.name))

    def bodies(self) -> None:
        snap, t = self.snap, self.t
        is_department = not snap.parent or slugify(snap.parent) == snap.slug
        pairs = [(SKOS.prefLabel, lit(snap.organisation)),
                 (OG.bodyKind, OG.governmentDepartment if is_department else OG.publicBody),
                 (ORG.subOrganizationOf, None)]
        if not is_department:
            parent = iri(f"{ORGANOGRAM_BASE}{slugify(snap.parent)}/organisation")
            pairs[-1] = (ORG.subOrganizationOf, parent)
            t.add(parent, A, ORG.Organization)
            t.add(parent, SKOS.prefLabel, lit(snap.parent))
            t.add(parent, OG.bodyKind, OG.governmentDepartment)
        self.describe(self.org, ORG.Organization, pairs, self.senior_source)
        t.add(self.org, A, ORG.FormalOrganization)

    def unit(self, name: str | None, source):
        if not name:
            return None
        unit = self.node("unit", slugify(name) or quote(name))
        if unit in self.described:
            return unit
        self.describe(unit, ORG.OrganizationalUnit, [(SKOS.prefLabel, lit(name))], source)
        self.t.add(unit, OG.bodyKind, OG.directorate)
        self.t.add(unit, ORG.unitOf, self.org)
        self.t.add(self.org, ORG.hasUnit, unit)
        return unit

    def post_node(self, ref: str) -> str:
        return self.node("post", ref)

    def senior_posts(self, progress=None) -> list[tuple]:
        """Write the senior posts; return the (post, person, role) holdings of this snapshot."""
        snap, t, source = self.snap, self.t, self.senior_source
        holdings = []
        day = date_literal(snap.date)
        for done, post in enumerate(snap.posts.values(), 1):
            if progress and done % 1000 == 0:
                progress(done, len(snap.posts), "building posts")
            node = self.post_node(post.ref)
            unit = self.unit(post.unit, source)
            role = self.node("role", slugify(post.title) or quote(post.title))
            self.describe(role, ORG.Role, [(SKOS.prefLabel, lit(post.title))], source)
            pairs = [(SKOS.prefLabel, lit(post.title)), (ORG.role, role), (ORG.postIn, self.org)]
            if unit is not None:
                pairs.append((ORG.postIn, unit))
            pairs.append((ORG.reportsTo, self.post_node(post.reports_to) if post.reports_to else None))
            for prop, value in ((OG.grade, post.grade), (DCT.description, post.function), (OG.fte, post.fte),
                                (OG.payFloor, post.pay_floor), (OG.payCeiling, post.pay_ceiling),
                                (OG.profession, post.profession), (SKOS.note, post.notes)):
                pairs.append((prop, _lit(value) if value is not None else None))
            self.describe(node, ORG.Post, pairs, source)
            if len(set(post.holders)) > 1:
                t.set(node, OG.singleHolder, lit("false", XSD.boolean))
            if post.status == "vacant" or post.status == "eliminated":
                t.add(node, OG.vacantOn, day)
            if post.status == "eliminated":
                t.add(node, SKOS.editorialNote,
                      lit(f"Listed as eliminated in the organogram of {snap.date.isoformat()}"))
            if post.status == "withheld" and not post.holders:
                t.add(node, OG.holderWithheldOn, day)
            pay = tuple(_lit(v) if v is not None else None for v in (post.pay_floor, post.pay_ceiling))
            for name in post.holders:
                person = self.node("person", slugify(name) or quote(name))
                self.describe(person, FOAF.Person, [(FOAF.name, lit(name))], source)
                holdings.append((node, person, (role, *pay)))
        return holdings

    def junior_posts(self) -> None:
        source = self.junior_source
        for junior in self.snap.juniors.values():
            node = self.node("post", junior.senior_ref, "junior", f"{slugify(junior.grade)}-{slugify(junior.title)}")
            unit = self.unit(junior.unit, source)
            role = self.node("role", slugify(junior.title) or quote(junior.title))
            self.describe(role, ORG.Role, [(SKOS.prefLabel, lit(junior.title))], source)
            pairs = [(SKOS.prefLabel, lit(f"{junior.title} ({junior.grade})")), (OG.grade, _lit(junior.grade)),
                     (ORG.role, role),
                     (OG.fte, _lit(junior.fte)), (ORG.postIn, self.org),
                     (ORG.reportsTo, self.post_node(junior.senior_ref))]
            if unit is not None:
                pairs.append((ORG.postIn, unit))
            for prop, value in ((OG.payFloor, junior.pay_min), (OG.payCeiling, junior.pay_max),
                                (OG.profession, junior.profession)):
                pairs.append((prop, _lit(value) if value is not None else None))
            self.describe(node, ORG.Post, pairs, source)
            self.t.set(node, OG.singleHolder, lit("false", XSD.boolean))

    def memberships(self, holdings: list[tuple]) -> dict:
        """Rebuild every membership of this organisation from the snapshots that list it.

        ``holdings`` are this snapshot's (post, person, (role, pay floor, pay
        ceiling)); earlier ones are read back from the memberships already
        written. A membership keeps the role (job title) and pay band of the
        last snapshot of its run.
        """
        t = self.t
        source_dates = {s: d for d, s in self.dates.items()}
        seen: dict[tuple, dict] = {}
        prefix = self.base + "membership/"
        for m in [s for s in t.subjects if s.startswith("<" + prefix)]:
            post, person = t.value(m, OG.post), t.value(m, ORG.member)
            held_as = (t.value(m, ORG.role), t.value(m, OG.payFloor), t.value(m, OG.payCeiling))
            if post is not None and person is not None:
                dates = seen.setdefault((post, person), {})
                for s in t.objects(m, PROV.wasDerivedFrom):
                    if s in source_dates:
                        dates[source_dates[s]] = held_as
            for interval in t.remove(m, ORG.memberDuring):
                for instant in t.objects(interval, TIME.hasBeginning) + t.objects(interval, TIME.hasEnd):
                    t.remove(instant)
                t.remove(interval)
            t.remove(m)
        for post, person, held_as in holdings:
            seen.setdefault((post, person), {})[self.snap.date] = held_as
        order = sorted(self.dates)
        index = {d: i for i, d in enumerate(order)}
        previous = order[index[self.snap.date] - 1] if index[self.snap.date] else None
        stats = Counter()
        for (post, person), dates in seen.items():
            runs, run = [], []
            for d in sorted(dates, key=index.get):
                if run and index[d] != index[run[-1]] + 1:
                    runs.append(run)
                    run = []
                run.append(d)
            runs.append(run)
            for run in runs:
                self._membership(post, person, run, dates[run[-1]])
            if self.snap.date in dates:
                stats["continued" if previous in dates else "began"] += 1
            elif previous in dates:
                stats["ended"] += 1
        return stats

    def _membership(self, post, person, run: list, held_as: tuple) -> None:
        t = self.t
        begin, end = run[0], run[-1]
        m_text = (f"{self.base}membership/{iri_text(post).rsplit('/post/', 1)[1]}/"
                  f"{iri_text(person).rsplit('/', 1)[1]}/{begin.isoformat()}")
        m, interval = iri(m_text), iri(m_text + "#interval")
        t.add_new(m, A, ORG.Membership)
        t.add_new(m, ORG.member, person)
        t.add_new(m, ORG.organization, self.org)
        for prop, value in zip((ORG.role, OG.payFloor, OG.payCeiling), held_as):
            if value is not None:
                t.add_new(m, prop, value)
        t.add_new(m, OG.post, post)
        t.add_new(m, ORG.memberDuring, interval)
        for d in run:
            t.add_new(m, PROV.wasDerivedFrom, self.dates[d])
        t.add_new(interval, A, TIME.Interval)
        for prop, day, suffix in ((TIME.hasBeginning, begin, "#begin"), (TIME.hasEnd, end, "#end")):
            instant = iri(m_text + suffix)
            t.add_new(interval, prop, instant)
            t.add_new(instant, A, TIME.Instant)
            t.add_new(instant, TIME.inXSDDate, date_literal(day))


def organogram_output(out, organisation: str) -> Path:
    """The file an import writes: ``out`` itself, or ``out/<org-slug>-organogram.ttl`` for a folder.

    A path ending in ``/`` is a folder, created if it does not exist yet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> organogram_output(folder, "Human Tissue Authority").name
    'human-tissue-authority-organogram.ttl'
    >>> organogram_output(folder / "hta.nt", "Human Tissue Authority").name
    'hta.nt'
    """
    return output_path(out, f"{slugify(organisation) or 'organisation'}-organogram.ttl")


def import_organogram(senior, junior=None, *, date, out, progress=None) -> ImportSummary:
    """Import one organogram snapshot and merge it into ``out``.

    Parameters
    ----------
    senior, junior : str or Path
        The senior-staff CSV and, optionally, the junior-staff CSV.
    date : str or datetime.date
        The snapshot date, ``YYYY-MM-DD``.
    out : str or Path
        An RDF file (``.ttl``, ``.nt``, ``.rdf``, ``.jsonld``) or a folder. If
        it already holds other snapshots of the same organisation, earlier or
        later, the new one is merged in: posts by reference, one membership per unbroken
        run of snapshots.
    progress : callable, optional
        ``progress(done, total, phase)`` while reading rows and building posts;
        ``total`` is None while merging and writing.

    Returns
    -------
    ImportSummary
        Counts for this snapshot (posts, junior posts, people, vacancies,
        withheld names, reporting lines) and what was repaired or skipped.

    Examples
    --------
    >>> import tempfile, orggraph
    >>> FIXTURES = Path(orggraph.__file__).parents[2] / "tests" / "fixtures" / "organogram"
    >>> out = Path(tempfile.mkdtemp())
    >>> first = import_organogram(FIXTURES / "hta-2011-03-31-senior.csv", date="2011-03-31", out=out)
    >>> second = import_organogram(FIXTURES / "hta-2011-09-30-senior.csv", date="2011-09-30", out=out)
    >>> second.counts["holders continuing from 2011-03-31"], second.counts["holdings begun (arrivals or moves)"]
    (4, 1)
    """
    snap = read_organogram(senior, junior, date=date, progress=progress)
    path = organogram_output(out, snap.organisation)
    triples = read_triples(path) if path.exists() else Triples()
    builder = _Builder(snap, triples)
    builder.sources()
    builder.bodies()
    summary = snap.summary
    holdings = builder.senior_posts(progress)
    builder.junior_posts()
    if progress:
        progress(0, None, "merging and writing")
    stats = builder.memberships(holdings)
    write_triples(triples, path)

    summary.out = str(path)
    statuses = Counter(p.status for p in snap.posts.values())
    earlier = sorted(d for d in builder.dates if d < snap.date)
    later = sorted(d for d in builder.dates if d > snap.date)
    previous = earlier[-1] if earlier else None
    summary.counts.update({
        "organisation": snap.organisation,
        "snapshot": snap.date.isoformat(),
        "senior posts": len(snap.posts),
        "people": len({person for _, person, _ in holdings}),
        "vacant posts": statuses["vacant"] + statuses["eliminated"],
        "of which eliminated": statuses["eliminated"],
        "posts with the holder's name withheld": statuses["withheld"],
        "posts without a published pay band": sum(
            1 for p in snap.posts.values() if p.pay_floor is None and p.pay_ceiling is None),
        "job shares": sum(1 for p in snap.posts.values() if len(set(p.holders)) > 1),
        "reporting lines": sum(1 for p in snap.posts.values() if p.reports_to),
        "junior posts": len(snap.juniors),
        "junior staff (FTE)": format(sum((j.fte for j in snap.juniors.values()), Decimal(0)).normalize(), "f"),
    })
    for when, dates in (("earlier", earlier), ("later", later)):
        if dates:
            summary.notes.append(f"merged with {when} snapshots: {', '.join(d.isoformat() for d in dates)}")
    if previous:
        summary.counts[f"holders continuing from {previous.isoformat()}"] = stats["continued"]
        summary.counts["holdings begun (arrivals or moves)"] = stats["began"]
        summary.counts["holdings ended (departures or moves)"] = stats["ended"]
    return summary
