"""Documentation that cannot drift from the code (after sqlite-utils' tests/test_docs.py).

* Every command and subcommand of ``orggraph`` (the click group walked
  recursively) and every option has help text, and ``--help`` works.
* Every command appears in README.md as ``orggraph <command>`` (subcommands in
  full, e.g. ``orggraph import organogram``) inside a fenced code block, and
  every command has at least one example there that is run.
* The README's example commands run and succeed.
* docs/your-own-organisation.md: its Turtle blocks, saved together, make a
  graph that validates; its examples run; the validation messages it quotes are
  the ones orggraph prints.

The convention for examples (README.md and docs/your-own-organisation.md)
------------------------------------------------------------------------
An example is a line inside a fenced code block (any language tag) that starts
with ``$ orggraph ``; a line ending in ``\\`` continues on the next. Nothing
else is run: output lines, and commands that do not start with ``$ orggraph ``
(``$ make demo``, ``$ git clone ...``, ``$ mkdir my-org``), are only shown.

An example may end with a comment (``#`` after a space, to the end of the
line, with no quote in it). Two comments mean something to the runner:

* ``# exit N``: the example must end with exit status N instead of 0, e.g.
  ``$ orggraph validate tests/broken/interval_backwards.ttl  # exit 1``, to
  show what an error looks like;
* ``# not run``: shown only (say, it needs a server of your own). It does not
  count as the command's example.

Any other comment is just a comment. Examples are run

* in README order, one after another, each as a new process of the installed
  ``orggraph`` program (the one beside this Python), without a shell: the
  line is split with shlex, so pipes, redirections, ``&&``, ``;`` and
  ``$VARIABLES`` are refused, not run;
* in a scratch copy of the repository (the files git tracks, as they are in
  the working tree), as if from the repository root: ``data/birmingham`` and
  ``tests/fixtures/...`` can be read; files an example writes
  (``-o out/birmingham.html``, ``--out out/hta/``) land in the copy, where
  later examples can read them, and never in the repository;
* with at most :data:`EXAMPLE_TIMEOUT` seconds each. Each must exit with status
  0 (or the ``# exit N`` it declares), and must not print a Python traceback.

A command that runs until stopped (:data:`LONG_RUNNING`: ``orggraph serve``)
is run differently: it is started with ``--port 0`` added (the last ``--port``
wins, so it listens on a free port and cannot collide with another server),
must print its ``http://`` address within :data:`SERVER_START` seconds and
answer an HTTP GET there, and is then stopped with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import orggraph
from orggraph.cli import main
from orggraph.errors import LoadError
from orggraph.validate import validate

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "your-own-organisation.md"
#: The installed program, as a reader of the README runs it.
ORGGRAPH = Path(sys.executable).with_name("orggraph")
#: Commands that run until stopped, and what the runner adds to their arguments.
LONG_RUNNING = {"serve": ["--port", "0"]}
#: Seconds an example may take; one that takes longer fails (it would hang the test otherwise).
EXAMPLE_TIMEOUT = 120
#: Seconds a long-running command has to print its address.
SERVER_START = 60
SHELL_SYNTAX = {"|", "||", ">", ">>", "<", "&&", ";", "&", "2>", "2>&1"}
_FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
_COMMENT = re.compile(r"\s#(?P<comment>[^'\"]*)$")
_URL = re.compile(r"https?://[^\s)\"'<>]+")


def _commands(group=main, path=()):
    """(path, command) for every command and group below ``group``, depth first."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*path, name)))
    return found


COMMANDS = _commands()


@dataclass(frozen=True)
class Example:
    """One example command of a Markdown file."""

    line: int  # where it starts in the file, from 1
    command: str  # as shown, without the "$ " prompt and without its comment
    status: int = 0  # the exit status it must end with
    run: bool = True  # False for "# not run"


def code_blocks(markdown: str) -> list[tuple[int, str]]:
    """(first line, contents) of each fenced code block of a Markdown text.

    Examples
    --------
    >>> code_blocks("text\\n```console\\n$ orggraph stats\\n```\\nmore `orggraph why`\\n")
    [(3, '$ orggraph stats\\n')]
    """
    return [(markdown.count("\n", 0, match.start(2)) + 1, match.group(2)) for match in _FENCE.finditer(markdown)]


def example_commands(markdown: str) -> list[Example]:
    """The example commands of a Markdown text, by the convention above.

    Examples
    --------
    >>> for example in example_commands(
    ...     "```\\n$ orggraph stats\\nvalid\\n$ orggraph why \\\\\\n    'Mark Rogers'  # exit 1\\n"
    ...     "$ orggraph serve  # not run\\n$ make demo\\n```\\n$ orggraph outside\\n"):
    ...     print(example)
    Example(line=2, command='orggraph stats', status=0, run=True)
    Example(line=4, command="orggraph why 'Mark Rogers'", status=1, run=True)
    Example(line=6, command='orggraph serve', status=0, run=False)
    """
    examples = []
    for first, block in code_blocks(markdown):
        lines = list(enumerate(block.splitlines(), first))
        while lines:
            number, line = lines.pop(0)
            if not line.startswith("$ orggraph "):
                continue
            command = line[2:]
            while command.endswith("\\") and lines:
                command = command[:-1].rstrip() + " " + lines.pop(0)[1].strip()
            status, run = 0, True
            comment = _COMMENT.search(command)
            if comment:
                command = command[: comment.start()]
                said = comment.group("comment").strip()
                if said == "not run":
                    run = False
                elif re.fullmatch(r"exit \d+", said):
                    status = int(said.split()[1])
            examples.append(Example(number, command.strip(), status, run))
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
    assert any(shown.search(block) for _, block in code_blocks(readme)), (
        f"README.md shows no `orggraph {' '.join(path)}` in a code block"
    )


@pytest.mark.parametrize("path", [p for p, c in COMMANDS if not isinstance(c, click.Group)], ids=" ".join)
def test_every_command_has_a_readme_example(readme, path):
    wanted = "orggraph " + " ".join(path)
    assert any(e.run and (e.command == wanted or e.command.startswith(wanted + " ")) for e in example_commands(readme)), (
        f"README.md has no example `$ {wanted} ...` in a code block that is run (not marked `# not run`)"
    )


def _copy_repository(folder: Path) -> None:
    """Copy the files git tracks, as they are in the working tree, into ``folder``."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is not copied
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)


def _tail(text: str) -> str:
    return text.strip()[-600:]


def _run(words: list[str], status: int, folder: Path, env: dict, timeout: float) -> str | None:
    """Run one example to the end; return what is wrong with it, or None."""
    try:
        result = subprocess.run([str(ORGGRAPH), *words], cwd=folder, env=env, capture_output=True, text=True,
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"did not finish within {timeout} s (a command that runs until stopped belongs in LONG_RUNNING)"
    said = result.stdout + result.stderr
    if "Traceback (most recent call last)" in said:
        return f"printed a Python traceback:\n{_tail(said)}"
    if result.returncode != status:
        return f"exit {result.returncode}, expected {status}: {_tail(said)}"
    return None


def _serve(words: list[str], folder: Path, env: dict) -> str | None:
    """Start a command that runs until stopped; it must print its address and answer there. Then stop it."""
    process = subprocess.Popen([str(ORGGRAPH), *words, *LONG_RUNNING[words[0]]], cwd=folder, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()

    def read():
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    said = []
    try:
        while True:
            try:
                line = lines.get(timeout=SERVER_START)
            except queue.Empty:
                return f"printed no http:// address within {SERVER_START} s: {_tail(''.join(said))}"
            if line is None:
                return f"stopped by itself with exit {process.wait()}: {_tail(''.join(said))}"
            said.append(line)
            address = _URL.search(line)
            if address:
                break
        url = address.group(0).rstrip(".,;:")
        try:
            with urllib.request.urlopen(url, timeout=10):
                pass
        except OSError as error:
            return f"printed {url} but does not answer there: {error}"
        return None
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run_examples(examples: list[Example], folder: Path, source: str = "README.md",
                 timeout: float = EXAMPLE_TIMEOUT) -> tuple[int, list[str]]:
    """Run examples in order in a scratch copy of the repository at ``folder``; return (how many ran, failures).

    Each failure starts with ``SOURCE:LINE: $ COMMAND``.
    """
    _copy_repository(folder)
    env = dict(os.environ, COLUMNS="120")
    failures, ran = [], 0
    for example in examples:
        if not example.run:
            continue
        words = shlex.split(example.command)[1:]
        shell = SHELL_SYNTAX.intersection(words) or {w for w in words if w.startswith("$")}
        if shell:
            problem = f"uses shell syntax {sorted(shell)}; examples run without a shell"
        elif words and words[0] in LONG_RUNNING:
            problem = _serve(words, folder, env)
            ran += 1
        else:
            problem = _run(words, example.status, folder, env, timeout)
            ran += 1
        if problem:
            failures.append(f"{source}:{example.line}: $ {example.command}\n  {problem}")
    return ran, failures


@pytest.mark.slow
def test_readme_examples_run(readme, tmp_path):
    ran, failures = run_examples(example_commands(readme), tmp_path)
    assert ran, "README.md has no `$ orggraph ...` example that was run"
    assert not failures, "README examples that fail:\n" + "\n".join(failures)


def test_the_program_is_installed():
    assert ORGGRAPH.is_file(), f"no {ORGGRAPH}: install orggraph into this environment (make setup)"


@pytest.mark.slow
def test_the_runner_keeps_files_between_examples_and_reports_failures(tmp_path):
    """The example runner itself, on a made-up README, so it can be seen to fail."""
    markdown = """
Set up first:

```console
$ make demo
$ orggraph export --format turtle -o out/birmingham.ttl
$ orggraph validate out/birmingham.ttl
Valid: shown output is not run
$ orggraph holders 'Leader of the Council' \\
    --at 2016-01-15
$ orggraph serve --port 1
$ orggraph validate tests/broken/interval_backwards.ttl  # exit 1
$ orggraph validate tests/broken/interval_backwards.ttl
$ orggraph stats | head
$ orggraph serve --data no-such-file.ttl
$ orggraph no-such-command  # not run
```
"""
    ran, failures = run_examples(example_commands(markdown), tmp_path, source="made-up.md")
    assert ran == 7  # make, the output line, the pipe and the '# not run' line are not run
    assert (tmp_path / "out" / "birmingham.ttl").is_file() and not (ROOT / "out" / "birmingham.ttl").exists()
    assert (tmp_path / "data" / "birmingham").is_dir() and not (tmp_path / ".git").exists()
    assert [f.split("\n")[0] for f in failures] == [
        "made-up.md:13: $ orggraph validate tests/broken/interval_backwards.ttl",
        "made-up.md:14: $ orggraph stats | head",
        "made-up.md:15: $ orggraph serve --data no-such-file.ttl",
    ]
    assert "exit 1, expected 0" in failures[0]
    assert "uses shell syntax ['|']" in failures[1]
    assert "stopped by itself with exit 1" in failures[2] and "no-such-file.ttl" in failures[2]


def test_the_runner_stops_an_example_that_takes_too_long(tmp_path):
    ran, failures = run_examples([Example(1, "orggraph validate")], tmp_path, timeout=0.1)
    assert ran == 1 and failures == ["README.md:1: $ orggraph validate\n  did not finish within 0.1 s "
                                     "(a command that runs until stopped belongs in LONG_RUNNING)"]


# docs/your-own-organisation.md: the newcomer's guide, linked from the README

_TURTLE = re.compile(r"^```turtle\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
#: The guide's table of mistakes: (text in the guide's Turtle, the mistake written instead, what orggraph says).
MISTAKES = {
    "no source": (
        '"2021-09-01"^^xsd:date ] ] ;\n    prov:wasDerivedFrom <source/annual-report-2023> .',
        '"2021-09-01"^^xsd:date ] ] .',
        "has no source: add prov:wasDerivedFrom <source>",
    ),
    "ends before it begins": (
        '"2024-01-31"^^xsd:date', '"2022-01-31"^^xsd:date',
        "its period ends (2022-01-31) before it begins (2023-03)",
    ),
    "two holders at once": (
        '"2024-02"^^xsd:gYearMonth', '"2024-01"^^xsd:gYearMonth',
        "Lena Ortiz (2024-01 – …) holds the single-holder post 'Finance Director, Riverside Trust' at the same "
        "time as Tom Baker (2023-03 – 2024-01-31); if the post may have several holders, say og:singleHolder false",
    ),
    "typo in a reference": (
        "og:post <post/finance-director> ;\n    og:appointment", "og:post <post/finance-directr> ;\n    og:appointment",
        "og:post points to <https://example.org/riverside/post/finance-directr>, which is never described "
        "(it has no rdf:type anywhere)",
    ),
    "malformed month": (
        '"2023-03"^^xsd:gYearMonth', '"2023-3"^^xsd:gYearMonth',
        "malformed xsd:gYearMonth '2023-3': write it as YYYY-MM",
    ),
    "month typed as a day": (
        'time:inXSDgYearMonth "2023-03"^^xsd:gYearMonth', 'time:inXSDDate "2023-03"^^xsd:gYearMonth',
        "time:inXSDDate value '2023-03' must be typed xsd:date, not xsd:gYearMonth",
    ),
    "date without a datatype": (
        'time:inXSDgYearMonth "2023-03"^^xsd:gYearMonth', 'time:inXSDgYearMonth "2023-03"',
        "time:inXSDgYearMonth value '2023-03' must be typed xsd:gYearMonth (it has no datatype)",
    ),
    "missing prefix": (
        "@prefix foaf:    <http://xmlns.com/foaf/0.1/> .\n", "",
        'syntax error: Prefix "foaf:" not bound',
    ),
}


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def _guide_graph(guide: str, folder: Path, mistake: tuple[str, str, str] | None = None) -> Path:
    """Save the guide's Turtle blocks, in order, as FOLDER/riverside/riverside.ttl (with one mistake made)."""
    turtle = "\n".join(_TURTLE.findall(guide))
    if mistake:
        assert turtle.count(mistake[0]) == 1, f"the guide's Turtle no longer holds {mistake[0]!r} exactly once"
        turtle = turtle.replace(mistake[0], mistake[1])
    path = folder / "riverside" / "riverside.ttl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(turtle, encoding="utf-8")
    return path


def test_guide_turtle_makes_a_valid_graph(guide, tmp_path):
    path = _guide_graph(guide, tmp_path)
    kg = orggraph.load([path.parent])
    report = validate(kg)
    assert not report.problems, "\n".join(map(str, report.problems))
    facts = kg.facts
    assert (len(facts.people), len(facts.posts), len(facts.memberships), len(facts.sources)) == (3, 2, 3, 2)
    # every membership is dated and sourced; the output the guide shows is what validate prints
    assert all(m.interval.begin and m.sources for m in facts.memberships)
    assert f"$ orggraph validate riverside/\n{report.summary()}\n" in guide


@pytest.mark.parametrize("name", MISTAKES)
def test_guide_mistakes_say_what_the_guide_says(guide, tmp_path, name):
    """Each mistake in the guide's table, made in the guide's Turtle, gives exactly the message the table quotes."""
    message = MISTAKES[name][2]
    assert f"`{message}`" in guide, f"the guide's table of mistakes does not quote {message!r}"
    path = _guide_graph(guide, tmp_path, MISTAKES[name])
    try:
        problems = [str(p) for p in validate(orggraph.load([path.parent])).problems]
    except LoadError as error:
        problems = [str(error)]
    assert len(problems) == 1 and message in problems[0], problems
    assert re.match(re.escape(str(path)) + r":\d+: ", problems[0]), problems[0]


@pytest.mark.slow
def test_guide_examples_run(guide, tmp_path):
    _guide_graph(guide, tmp_path)
    ran, failures = run_examples(example_commands(guide), tmp_path, source="docs/your-own-organisation.md")
    assert ran >= 5 and not failures, "\n".join(failures)
    assert (tmp_path / "riverside.html").is_file()
