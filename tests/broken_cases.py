"""What each file in tests/broken/ shows: the line it is reported at and phrases the message must hold.

Each broken file is the valid tests/fixtures/small council with exactly one fault.
``check`` is the validation check that must report it; None means the file
cannot even be loaded (LoadError).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    line: int | None
    phrases: tuple[str, ...]
    check: str | None = None  # None: a load error


BROKEN_FILES = {
    # cannot be loaded: the file, the line and the reason
    "turtle_syntax_error.ttl": Case(22, ("syntax error", "expected '.'")),
    "trig_syntax_error.trig": Case(76, ("syntax error", "needed '}'")),
    "ntriples_syntax_error.nt": Case(7, ("cannot parse", "Invalid line")),
    "jsonld_syntax_error.jsonld": Case(4, ("cannot parse", "Expecting ','")),
    "rdfxml_syntax_error.rdf": Case(20, ("cannot parse", "mismatched tag")),
    "not_utf8.ttl": Case(19, ("not UTF-8",)),
    "unknown_file_type.csv": Case(None, ("unknown RDF file type '.csv'",)),
    "date_not_canonical.ttl": Case(54, ("malformed xsd:date '2015-12-1'", "YYYY-MM-DD")),
    "impossible_date.ttl": Case(54, ("impossible date '2016-02-30'", "February 2016 has 29 days")),
    "date_untyped.ttl": Case(54, ("time:inXSDDate", "'2015-12-01'", "no datatype")),
    "datetime_where_date_expected.ttl": Case(54, ("must be typed xsd:date", "not xsd:dateTime")),
    "date_wrong_precision.ttl": Case(64, ("malformed xsd:gYearMonth '2016'", "YYYY-MM")),
    # loads, but breaks the shapes
    "person_without_name.ttl": Case(19, ("ben-smith", "a person needs a name"), "shacl"),
    "post_without_role.ttl": Case(40, ("Director of Place", "a post must have a role"), "shacl"),
    "source_without_title.ttl": Case(12, ("a source needs a title",), "shacl"),
    "source_publisher_not_text.ttl": Case(12, ("publisher, as text", "org/small-council"), "shacl"),
    "event_without_date.ttl": Case(67, ("Place Directorate restructure", "prov:startedAtTime"), "shacl"),
    "instant_with_two_dates.ttl": Case(47, ("ada-jones-chief-executive", "exactly one date"), "shacl"),
    "unit_without_has_unit.ttl": Case(26, ("Place Directorate", "org:hasUnit"), "shacl"),
    # loads, but fails an integrity check
    "interval_backwards.ttl": Case(57, ("ends (2016-01) before it begins (2016-06)",), "interval-backwards"),
    "two_holders_single_post.ttl": Case(
        75, ("Ben Smith", "Ada Jones", "single-holder post 'Chief Executive of Small Council'"), "two-holders-single-post"
    ),
    "reporting_cycle.ttl": Case(
        34, ("cycle: Chief Executive of Small Council → Director of Place → Chief Executive of Small Council",),
        "reporting-cycle",
    ),
    "dangling_reference.ttl": Case(58, ("org:member", "person/ben-smyth", "never described"), "dangling-reference"),
    "membership_without_source.ttl": Case(57, ("ben-smith-director-of-place", "has no source"), "membership-without-source"),
}
