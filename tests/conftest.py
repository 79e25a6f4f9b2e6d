"""Shared fixtures: the bundled graph, the small valid council, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import orggraph
from orggraph.cli import main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
BROKEN = TESTS / "broken"
SMALL = FIXTURES / "small" / "council.ttl"


@pytest.fixture(scope="session")
def kg():
    """The bundled Birmingham knowledge graph, loaded once."""
    return orggraph.load()


@pytest.fixture(scope="session")
def small_kg():
    """A tiny council that satisfies the whole data model contract."""
    return orggraph.load([SMALL])


@pytest.fixture(scope="session")
def run_cli():
    """``run_cli(*args)`` runs ``orggraph ARGS`` in-process and returns click's Result.

    Tables are 250 columns wide so that messages are not wrapped. An exception
    other than a clean exit is re-raised: it would have been a traceback.
    """

    def run(*args, env=None):
        result = CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "250", **(env or {})})
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return run
