"""Every public function has a numpydoc docstring with a runnable ``Examples`` section.

Public functions are those named in ``orggraph.__all__`` and every module-level
function of an ``orggraph`` module whose name does not start with ``_``
(defined in that module, not imported into it). The ``orggraph.cli`` package is
left out: its public face is the command line, whose help text
tests/test_docs.py checks.

The examples themselves run as doctests in pytest's default run
(``--doctest-modules`` over ``src/orggraph``, set in pyproject.toml).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import tomllib
from pathlib import Path

import pytest

import orggraph

ROOT = Path(__file__).resolve().parent.parent
_EXAMPLES = re.compile(r"^Examples\n-{8,}\n(?P<body>.*)", re.MULTILINE | re.DOTALL)


def public_functions() -> dict[str, object]:
    """Qualified name -> function, for every public function of orggraph outside orggraph.cli."""
    found = {}
    for name in orggraph.__all__:
        obj = getattr(orggraph, name)
        if inspect.isfunction(obj):
            found[f"{obj.__module__}.{obj.__name__}"] = obj
    for module_info in pkgutil.walk_packages(orggraph.__path__, "orggraph."):
        if module_info.name == "orggraph.cli" or module_info.name.startswith("orggraph.cli."):
            continue
        module = importlib.import_module(module_info.name)
        for name, obj in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = obj
    return found


def has_examples(function) -> bool:
    """True when the docstring has a numpydoc ``Examples`` section with at least one ``>>>``.

    Examples
    --------
    >>> def documented():
    ...     '''Do it.
    ...
    ...     Examples
    ...     --------
    ...     >>> documented()
    ...     '''
    >>> has_examples(documented), has_examples(len)
    (True, False)
    """
    match = _EXAMPLES.search(inspect.getdoc(function) or "")
    return bool(match) and ">>>" in match.group("body")


FUNCTIONS = public_functions()


def test_finds_the_public_api():
    names = set(FUNCTIONS)
    assert {"orggraph.kg.load", "orggraph.timeslice.at", "orggraph.validate.validate", "orggraph.names.resolve"} <= names
    assert not any(name.startswith("orggraph.cli") for name in names)
    assert not any(name.rsplit(".", 1)[1].startswith("_") for name in names)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_public_function_has_a_runnable_example(name):
    assert has_examples(FUNCTIONS[name]), (
        f"{name} needs an 'Examples' section (numpydoc: 'Examples' underlined with dashes) with a >>> line"
    )


def test_docstring_check_rejects_prose_without_a_section():
    def prose_only():
        """Do it, e.g. ``prose_only()``.

        >>> prose_only()
        """

    assert not has_examples(prose_only)


def test_pytest_default_run_collects_the_doctests():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert {"tests", "src/orggraph"} <= set(options["testpaths"])
