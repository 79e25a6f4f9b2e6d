"""Loading bad input through the Python API: one LoadError naming file, line and reason."""

from __future__ import annotations

import logging

import pytest
from broken_cases import BROKEN_FILES
from conftest import BROKEN, SMALL

import orggraph
from orggraph import LoadError

UNLOADABLE = sorted(name for name, case in BROKEN_FILES.items() if case.check is None)


@pytest.mark.parametrize("name", UNLOADABLE)
def test_unloadable_file_raises_load_error_with_file_and_line(name):
    case = BROKEN_FILES[name]
    with pytest.raises(LoadError) as caught:
        orggraph.load([BROKEN / name])
    error = caught.value
    assert error.path.endswith(name)
    assert error.line == case.line
    for phrase in case.phrases:
        assert phrase in error.reason
    assert str(error) == (f"{error.path}:{case.line}: {error.reason}" if case.line else f"{error.path}: {error.reason}")


def test_the_loadable_broken_files_load(tmp_path):
    loadable = [BROKEN / name for name, case in BROKEN_FILES.items() if case.check]
    for path in loadable:
        assert len(orggraph.load([path]).graph) > 200


def test_missing_file(tmp_path):
    with pytest.raises(LoadError, match="no such file or folder"):
        orggraph.load([SMALL, tmp_path / "missing.ttl"])


def test_empty_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("not RDF")
    with pytest.raises(LoadError, match="no RDF files"):
        orggraph.load([tmp_path])


def test_first_bad_date_in_the_file_is_the_one_reported(tmp_path):
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('"2016-01"^^xsd:gYearMonth', '"2016-13"^^xsd:gYearMonth')  # line 64
    text = text.replace('"2015-12-01"^^xsd:date', '"2015-12-32"^^xsd:date')  # line 56, earlier
    path = tmp_path / "two-bad-dates.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        orggraph.load([path])
    assert caught.value.line == text[: text.index("2015-12-32")].count("\n") + 1
    assert "impossible date '2015-12-32'" in caught.value.reason


@pytest.mark.parametrize("typo", ["20155-12-01", "0000-12-01"])
def test_a_year_python_cannot_hold_is_a_load_error(tmp_path, typo):
    # a fifth digit typed by mistake; xsd:date allows it, datetime.date does not (it was a traceback later)
    text = SMALL.read_text(encoding="utf-8").replace('"2015-12-01"^^xsd:date', f'"{typo}"^^xsd:date')
    path = tmp_path / "five-digit-year.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        orggraph.load([path])
    assert caught.value.line == text[: text.index(typo)].count("\n") + 1
    assert f"year out of range in '{typo}': write a year from 0001 to 9999" in caught.value.reason


def test_an_ill_typed_literal_prints_nothing(capfd):
    # rdflib logs a traceback when it cannot convert a literal; the user sees only our message.
    with pytest.raises(LoadError):
        orggraph.load([BROKEN / "impossible_date.ttl"])
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
    assert not logging.getLogger("rdflib.term").disabled


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path):
    # Windows editors save UTF-8 with a byte-order mark; it is not part of the Turtle.
    marked = tmp_path / "council.ttl"
    marked.write_bytes(b"\xef\xbb\xbf" + SMALL.read_bytes())
    assert orggraph.load([marked]).triple_count() == orggraph.load([SMALL]).triple_count()
