"""Partial dates and intervals, kept at the precision the source gives.

A source may say "1 December 2015", "January 2016" or only "2014". A
:class:`PartialDate` keeps that precision instead of inventing a day, and an
:class:`Interval` answers whether a fact certainly held on a given day.

Examples
--------
>>> from datetime import date
>>> start = PartialDate.parse("2016-01")
>>> start.precision, start.earliest(), start.latest()
('month', datetime.date(2016, 1, 1), datetime.date(2016, 1, 31))
>>> Interval(start, None).active_on(date(2016, 1, 15))
False
>>> Interval(start, None).active_on(date(2016, 2, 15))
True
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import XSD

from .errors import DateError

_PATTERNS = {
    "day": re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})$"),
    "month": re.compile(r"^(-?\d{4,})-(\d{2})$"),
    "year": re.compile(r"^(-?\d{4,})$"),
}
_DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
_PRECISION_OF_DATATYPE = {dt: p for p, dt in _DATATYPES.items()}
_LAYOUTS = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}
_MONTHS = [calendar.month_name[m] for m in range(13)]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Ordering compares (year, month, day) with missing parts first, so
    ``2016 < 2016-01 < 2016-01-04``; use :meth:`earliest` and :meth:`latest`
    for questions about days.

    Examples
    --------
    >>> PartialDate.parse("2015-12-01").iso()
    '2015-12-01'
    >>> str(PartialDate(2014))
    '2014'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if not 1 <= self.year <= 9999:  # XSD allows more, but no day outside these can be asked about
            raise DateError(f"year out of range in {self.iso()!r}: write a year from 0001 to 9999")
        if self.day is not None and self.month is None:
            raise DateError(f"a day without a month: {self.year}-??-{self.day}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"no month {self.month} in {self.iso()!r}")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(
                    f"impossible date {self.iso()!r}: {_MONTHS[self.month]} {self.year} has {last} days"
                )

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` strictly.

        >>> PartialDate.parse("2016-1-1")
        Traceback (most recent call last):
        ...
        orggraph.errors.DateError: '2016-1-1' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY
        """
        text = str(text).strip()
        for precision, pattern in _PATTERNS.items():
            match = pattern.match(text)
            if match:
                parts = [int(g) for g in match.groups()]
                return cls(*parts)
        raise DateError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")

    @classmethod
    def from_date(cls, day: _dt.date) -> PartialDate:
        """A day-precision date from a :class:`datetime.date`."""
        return cls(day.year, day.month, day.day)

    @classmethod
    def from_literal(cls, literal: Literal) -> PartialDate:
        """Read a typed literal (xsd:date, xsd:gYearMonth, xsd:gYear or xsd:dateTime).

        >>> from rdflib import Literal
        >>> from rdflib.namespace import XSD
        >>> PartialDate.from_literal(Literal("2016-01", datatype=XSD.gYearMonth)).precision
        'month'
        >>> PartialDate.from_literal(Literal("2016-1-1", datatype=XSD.date))
        Traceback (most recent call last):
        ...
        orggraph.errors.DateError: malformed xsd:date '2016-1-1': write it as YYYY-MM-DD
        """
        datatype = getattr(literal, "datatype", None)
        text = str(literal)
        if datatype == XSD.dateTime:
            text = text[:10]
            expected = "day"
        elif datatype in _PRECISION_OF_DATATYPE:
            expected = _PRECISION_OF_DATATYPE[datatype]
        else:
            raise DateError(f"{text!r} is not typed as a date (datatype {datatype or 'none'})")
        found = cls.from_layout(text, expected)
        if found is None:
            layout = "YYYY-MM-DDThh:mm:ss" if datatype == XSD.dateTime else _LAYOUTS[expected]
            raise DateError(f"malformed {_qname(datatype)} {str(literal)!r}: write it as {layout}")
        return found

    @classmethod
    def from_layout(cls, text: str, precision: str) -> PartialDate | None:
        """The date ``text`` gives at ``precision`` (``"day"``, ``"month"`` or ``"year"``), or None when it is not
        laid out for it; a date laid out right but impossible raises :class:`DateError`.

        >>> PartialDate.from_layout("2016-02", "month").words()
        'February 2016'
        >>> PartialDate.from_layout("2016-2", "month") is None
        True
        """
        match = _PATTERNS[precision].fullmatch(text)
        return cls(*(int(g) for g in match.groups())) if match else None

    def to_literal(self) -> Literal:
        """The typed literal for this precision.

        >>> PartialDate(2016, 1).to_literal().datatype
        rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYearMonth')
        """
        return Literal(self.iso(), datatype=_DATATYPES[self.precision])

    def earliest(self) -> _dt.date:
        """The first day this date can mean."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        """The last day this date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def iso(self) -> str:
        """ISO 8601 text at this precision: ``2016``, ``2016-01`` or ``2016-01-04``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def words(self) -> str:
        """The date in words: ``4 January 2016``, ``January 2016`` or ``2016``.

        >>> PartialDate(2016, 1).words()
        'January 2016'
        """
        if self.day is not None:
            return f"{self.day} {_MONTHS[self.month]} {self.year}"
        if self.month is not None:
            return f"{_MONTHS[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Interval:
    """When a fact held: a beginning and an end, either of which may be unknown (None).

    The end is inclusive: it is the last day the fact held. A fact counts as
    active on a day only when the dates make it certain: a beginning known only
    to the month (``2016-01``) counts from the month's last day, an end known
    only to the month counts until the month's first day; a year works the
    same way. An unknown beginning or end is open: it does not limit the fact.

    Examples
    --------
    >>> from datetime import date
    >>> term = Interval(PartialDate(2015, 12, 1), PartialDate(2016, 5))
    >>> [term.active_on(d) for d in (date(2015, 11, 30), date(2015, 12, 1), date(2016, 5, 1), date(2016, 5, 2))]
    [False, True, True, False]
    """

    begin: PartialDate | None = None
    end: PartialDate | None = None

    def active_on(self, day: _dt.date) -> bool:
        """Whether the fact certainly held on ``day``."""
        if self.begin is not None and self.begin.latest() > day:
            return False
        if self.end is not None and day > self.end.earliest():
            return False
        return True

    def possibly_active_on(self, day: _dt.date) -> bool:
        """Whether the dates leave it possible that the fact held on ``day`` (``active_on`` asks for certainty).

        >>> from datetime import date
        >>> term = Interval(PartialDate(2016, 1))
        >>> term.active_on(date(2016, 1, 15)), term.possibly_active_on(date(2016, 1, 15))
        (False, True)
        """
        if self.begin is not None and self.begin.earliest() > day:
            return False
        return self.end is None or day <= self.end.latest()

    def is_backwards(self) -> bool:
        """Whether the interval certainly ends before it begins."""
        return (
            self.begin is not None
            and self.end is not None
            and self.end.latest() < self.begin.earliest()
        )

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals certainly share at least one day."""
        starts = [i.begin.latest() for i in (self, other) if i.begin is not None]
        ends = [i.end.earliest() for i in (self, other) if i.end is not None]
        return not starts or not ends or max(starts) <= min(ends)

    def __str__(self) -> str:
        begin = self.begin.iso() if self.begin else "…"
        end = self.end.iso() if self.end else "…"
        return f"{begin} – {end}"


def parse_day(text: str) -> _dt.date:
    """Read a full date ``YYYY-MM-DD`` as given on the command line.

    A question about one day needs a whole day: a month or a year alone is
    refused rather than silently widened.

    Parameters
    ----------
    text : str or datetime.date
        ``"YYYY-MM-DD"``; a :class:`datetime.date` is returned unchanged.

    Returns
    -------
    datetime.date

    Raises
    ------
    DateError
        The text is malformed, impossible, or less precise than a day.

    Examples
    --------
    >>> parse_day("2016-02-15")
    datetime.date(2016, 2, 15)
    >>> parse_day("2016-02-30")
    Traceback (most recent call last):
    ...
    orggraph.errors.DateError: impossible date '2016-02-30': February 2016 has 29 days
    >>> parse_day("2016-02")
    Traceback (most recent call last):
    ...
    orggraph.errors.DateError: '2016-02' is not a full date: write YYYY-MM-DD
    >>> parse_day("June 2016")
    Traceback (most recent call last):
    ...
    orggraph.errors.DateError: 'June 2016' is not a date: write YYYY-MM-DD
    """
    if isinstance(text, _dt.date):
        return text
    given = str(text).strip()
    if not _PATTERNS["day"].match(given):  # only a day will do: say so, not what PartialDate.parse accepts
        partial = _PATTERNS["month"].match(given) or _PATTERNS["year"].match(given)
        raise DateError(f"{text!r} is not {'a full date' if partial else 'a date'}: write YYYY-MM-DD")
    return PartialDate.parse(given).earliest()


def _qname(datatype) -> str:
    return "xsd:" + str(datatype).rsplit("#", 1)[-1] if datatype else "literal"
