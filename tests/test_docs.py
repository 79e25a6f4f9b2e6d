"""Documentation that cannot drift from the code (after sqlite-utils' tests/test_docs.py).

* Every command and subcommand of ``orggraph`` (the click group walked
  recursively) and every option has help text, and ``--help`` works.
* Every command appears in README.md as ``orggraph <command>`` (subcommands in
  full, e.g. ``orggraph import organogram``) inside a fenced code block.
* The README's example commands run and succeed.

The convention for README examples
----------------------------------
An example is a line inside a fenced code block (any language tag) that starts
with ``$ orggraph ``; a line ending in ``\\`` continues on the next. Lines
without the ``$ `` prompt (output, or commands shown but not to be run, such as
one that is meant to fail) are not run. Examples:

* run in README order, one after another, through click's CliRunner, and must
  exit with status 0;
* run as if from the repository root: the working folder is a scratch folder
  holding a link to each of the repository's top-level files and folders, so
  ``data/birmingham`` or ``tests/fixtures/...`` can be read, and files an
  example writes into the working folder (``-o view.html``) land in the scratch
  folder, where later examples can read them;
* are split with shlex, without a shell: no pipes, redirections, ``&&``, ``;``
  or environment variables;
* are skipped when their command is in :data:`LONG_RUNNING` (servers, which run
  until stopped); the serving code is tested elsewhere.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from orggraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: Commands that run until stopped: shown in the README, never run by this test.
LONG_RUNNING = {"serve"}
SHELL_SYNTAX = {"|", "||", ">", ">>", "<", "&&", ";", "&", "2>", "2>&1"}
_FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)


def _commands(group=main, path=()):
    """(path, command) for every command and group below ``group``, depth first."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*path, name)))
    return found


COMMANDS = _commands()


def code_blocks(markdown: str) -> list[str]:
    """The contents of the fenced code blocks of a Markdown text.

    Examples
    --------
    >>> code_blocks("text\\n```console\\n$ orggraph stats\\n```\\nmore `orggraph why`\\n")
    ['$ orggraph stats\\n']
    """
    return [match.group(2) for match in _FENCE.finditer(markdown)]


def example_commands(markdown: str) -> list[str]:
    """The example commands of a Markdown text, by the convention above, without the ``$ ``.

    Examples
    --------
    >>> example_commands("```\\n$ orggraph stats\\nvalid\\n$ orggraph why \\\\\\n    'Mark Rogers'\\n```\\n$ orggraph no\\n")
    ['orggraph stats', "orggraph why 'Mark Rogers'"]
    """
    examples = []
    for block in code_blocks(markdown):
        lines = iter(block.splitlines())
        for line in lines:
            if not line.startswith("$ orggraph "):
                continue
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1].rstrip() + " " + next(lines, "").strip()
            examples.append(command.strip())
    return examples


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_commands_are_found():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"validate", "stats", "export", "holders", "diff", "why", "import organogram"} <= names


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_commands_have_help(path, command):
    assert (command.help or "").strip(), f"orggraph {' '.join(path)} has no help text"
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert command.help.strip().splitlines()[0] in " ".join(result.output.split())


@pytest.mark.parametrize(
    "path,option",
    [(path, option) for path, command in [((), main), *COMMANDS] for option in command.params
     if isinstance(option, click.Option)],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "/".join(value.opts),
)
def test_options_have_help(path, option):
    assert (option.help or "").strip(), f"orggraph {' '.join(path)} {'/'.join(option.opts)} has no help text"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_commands_are_in_the_readme(readme, path, command):
    shown = re.compile(r"\borggraph " + r"\s+".join(map(re.escape, path)) + r"(?![\w-])")
    assert any(shown.search(block) for block in code_blocks(readme)), (
        f"README.md shows no `orggraph {' '.join(path)}` in a code block"
    )


def run_examples(examples: list[str], folder: Path) -> tuple[int, list[str]]:
    """Run example commands in order in ``folder`` (as the repository root); return (how many ran, failures)."""
    for entry in ROOT.iterdir():
        if entry.name not in (".git", ".venv") and not (folder / entry.name).exists():
            (folder / entry.name).symlink_to(entry)
    runner = CliRunner()
    failures, ran = [], 0
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        for example in examples:
            words = shlex.split(example)[1:]
            if words and words[0] in LONG_RUNNING:
                continue
            shell = SHELL_SYNTAX.intersection(words) or {w for w in words if w.startswith("$")}
            if shell:
                failures.append(f"$ {example}\n  uses shell syntax {sorted(shell)}; README examples run without a shell")
                continue
            result = runner.invoke(main, words, env={"COLUMNS": "120"})
            ran += 1
            if result.exit_code != 0:
                said = (result.output or repr(result.exception)).strip()
                failures.append(f"$ {example}\n  exit {result.exit_code}: {said[-600:]}")
    return ran, failures


@pytest.mark.parametrize(
    "path", [p for p, c in COMMANDS if not isinstance(c, click.Group) and p[0] not in LONG_RUNNING], ids=" ".join
)
def test_every_command_has_a_readme_example(readme, path):
    wanted = "orggraph " + " ".join(path)
    assert any(e == wanted or e.startswith(wanted + " ") for e in example_commands(readme)), (
        f"README.md has no example `$ {wanted} ...` in a code block"
    )


def test_readme_examples_run(readme, tmp_path):
    ran, failures = run_examples(example_commands(readme), tmp_path)
    assert ran, "README.md has no `$ orggraph ...` example that was run"
    assert not failures, "README examples that fail:\n" + "\n".join(failures)


def test_the_runner_reports_failures_and_keeps_files_between_examples(tmp_path):
    """The example runner itself: files persist from one example to the next; failures and shell syntax are caught."""
    markdown = """
```console
$ orggraph export --format turtle -o birmingham.ttl
$ orggraph validate birmingham.ttl
$ orggraph holders 'Leader of the Council' \\
    --at 2016-01-15
$ orggraph serve --port 1
$ orggraph validate tests/broken/interval_backwards.ttl
$ orggraph stats | head
```
"""
    ran, failures = run_examples(example_commands(markdown), tmp_path)
    assert ran == 4  # serve skipped, the pipe refused before running
    assert (tmp_path / "birmingham.ttl").is_file() and not (ROOT / "birmingham.ttl").exists()
    assert len(failures) == 2
    assert failures[0].startswith("$ orggraph validate tests/broken/interval_backwards.ttl\n  exit 1:")
    assert "uses shell syntax ['|']" in failures[1]
