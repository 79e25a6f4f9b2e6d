"""Where the graph lives: ``--store oxigraph:PATH`` opens a database that exists, and never invents one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SMALL

import orggraph
from orggraph.errors import StoreError

ORGGRAPH = str(Path(sys.executable).parent / "orggraph")
HOLDERS = ("holders", "Strategic Director", "--at", "2016-02-15", "--format", "json")


def test_a_mistyped_path_is_refused_and_nothing_is_made(run_cli, tmp_path):
    loaded = run_cli("load", "--store", f"oxigraph:{tmp_path / 'orgs.db'}")
    assert loaded.exit_code == 0, loaded.output
    typo = tmp_path / "orgs.bd"
    result = run_cli(*HOLDERS, "--store", f"oxigraph:{typo}")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no Oxigraph database at {typo}: make one with 'orggraph load --store oxigraph:{typo} "
        "[--data FILES]', or give this command --data FILES to fill a new one\n")
    assert result.stdout == ""
    assert not typo.exists()


def test_a_folder_that_is_not_a_database_is_refused_and_left_alone(run_cli, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("nothing to do with RDF\n", encoding="utf-8")
    result = run_cli(*HOLDERS, "--store", f"oxigraph:{folder}")
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: no Oxigraph database at {folder}: ")
    assert sorted(p.name for p in folder.iterdir()) == ["todo.txt"]


def test_a_database_made_by_load_answers_as_memory_does(run_cli, tmp_path):
    store = f"oxigraph:{tmp_path / 'orgs.db'}"
    assert run_cli("load", "--store", store).exit_code == 0
    there = run_cli(*HOLDERS, "--store", store)
    here = run_cli(*HOLDERS, "--store", "memory")
    assert there.exit_code == 0, there.output
    assert json.loads(there.stdout) == json.loads(here.stdout) != []


def orggraph_json(*args):
    """Run ``orggraph ARGS --format json`` as its own process (which lets go of the database when done)."""
    result = subprocess.run([ORGGRAPH, *map(str, args), "--format", "json"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_data_a_new_path_is_made_and_filled_from_it(tmp_path):
    store = f"oxigraph:{tmp_path / 'small.db'}"
    made = orggraph_json("stats", "--data", SMALL, "--store", store)
    reopened = orggraph_json("stats", "--store", store)  # now it exists: opened as it is
    assert reopened == made == orggraph_json("stats", "--data", SMALL, "--store", "memory")
    assert made["people"] > 0


def test_the_python_api_refuses_a_missing_database_too(tmp_path):
    with pytest.raises(StoreError, match="no Oxigraph database at "):
        orggraph.load(store=f"oxigraph:{tmp_path / 'missing'}")
    assert not (tmp_path / "missing").exists()


def test_loading_the_same_database_twice_in_one_process_shares_it(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    orggraph.stores.fill_oxigraph(spec, [SMALL])
    first = orggraph.load(store=spec)
    second = orggraph.load(store=spec)  # a notebook cell run again while the first graph is alive
    assert second.triple_count() == first.triple_count() > 0
    assert orggraph.stores.oxigraph_store(second) is orggraph.stores.oxigraph_store(first)


def test_a_database_in_use_here_is_not_replaced_until_let_go(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    orggraph.stores.fill_oxigraph(spec, [SMALL])
    kg = orggraph.load(store=spec)
    with pytest.raises(StoreError, match=r"open in this process.*del kg"):
        orggraph.stores.fill_oxigraph(spec)
    assert kg.triple_count() == orggraph.load([SMALL]).triple_count()  # still the small data, still readable
    del kg
    assert orggraph.stores.fill_oxigraph(spec) == orggraph.load().triple_count()


@pytest.mark.slow
def test_a_database_a_server_holds_is_read_beside_it_and_not_replaced(tmp_path, run_cli):
    folder = tmp_path / "db"
    assert run_cli("load", "--store", f"oxigraph:{folder}").exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, orggraph; kg = orggraph.load(store=sys.argv[1]); print('open', flush=True); "
         "sys.stdin.read()", f"oxigraph:{folder}"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        read = subprocess.run([ORGGRAPH, *HOLDERS, "--store", f"oxigraph:{folder}"], capture_output=True, text=True, timeout=120)
        assert read.returncode == 0, read.stderr
        assert "Angela Probert" in {row["person_label"] for row in json.loads(read.stdout)}
        replace = subprocess.run([ORGGRAPH, "load", "--store", f"oxigraph:{folder}"], capture_output=True, text=True, timeout=120)
        assert replace.returncode == 1 and "Traceback" not in replace.stderr
        assert replace.stderr == (f"Error: the Oxigraph database at {folder} is in use by another process "
                                  "(an 'orggraph serve'?): stop it before writing to the database\n")
    finally:
        holder.communicate("", timeout=60)
    assert holder.returncode == 0
    again = subprocess.run([ORGGRAPH, *HOLDERS, "--store", f"oxigraph:{folder}"], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and json.loads(again.stdout) == json.loads(read.stdout)


def test_a_damaged_database_is_a_one_line_error_and_load_replaces_it(tmp_path, run_cli):
    folder = tmp_path / "db"
    assert run_cli("load", "--store", f"oxigraph:{folder}").exit_code == 0
    (folder / "CURRENT").write_text("MANIFEST-999999\n")  # points at a manifest that is not there
    broken = run_cli(*HOLDERS, "--store", f"oxigraph:{folder}")
    assert broken.exit_code == 1 and broken.stderr.startswith(f"Error: cannot open the Oxigraph store {folder}: ")
    assert len(broken.stderr.splitlines()) == 1
    mended = run_cli("load", "--store", f"oxigraph:{folder}")
    assert mended.exit_code == 0, mended.output
    assert run_cli(*HOLDERS, "--store", f"oxigraph:{folder}").exit_code == 0


def test_push_refuses_a_database_a_graph_here_is_reading(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    orggraph.stores.fill_oxigraph(spec, [SMALL])
    kg = orggraph.load(store=spec)
    with pytest.raises(StoreError, match="open in this process"):
        orggraph.stores.push(orggraph.load(), spec)
    assert kg.triple_count() == orggraph.load([SMALL]).triple_count()
    del kg
    assert orggraph.stores.push(orggraph.load(), spec) > 500


@pytest.mark.parametrize("command", [("load",), ("load", "--data", SMALL), ("stats", "--data", SMALL)])
def test_a_folder_holding_other_files_is_never_replaced_by_a_database(run_cli, tmp_path, command):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "org.ttl").write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.txt").write_text("my notes\n", encoding="utf-8")
    result = run_cli(*command, "--store", f"oxigraph:{folder}")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (f"Error: oxigraph:{folder} holds files that are not an Oxigraph database's "
                             "(notes.txt, org.ttl), and a database takes its folder whole: give it a new or empty folder\n")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "org.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no loading folder left beside it


def test_a_file_is_never_replaced_by_a_database(run_cli, tmp_path):
    file = tmp_path / "precious.txt"
    file.write_text("precious\n", encoding="utf-8")
    result = run_cli("load", "--store", f"oxigraph:{file}")
    assert result.exit_code == 1 and "is a file, not an Oxigraph database" in result.stderr
    assert file.read_text(encoding="utf-8") == "precious\n"
    with pytest.raises(StoreError, match="is a file"):
        orggraph.stores.push(orggraph.load([SMALL]), f"oxigraph:{file}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.txt"]


def test_the_working_folder_is_refused_even_when_it_is_a_database(run_cli, tmp_path, monkeypatch):
    database = tmp_path / "db"
    assert run_cli("load", "--store", f"oxigraph:{database}", "--data", SMALL).exit_code == 0
    monkeypatch.chdir(database)
    for spec in ("oxigraph:.", f"oxigraph:{database}", f"oxigraph:{tmp_path}"):
        result = run_cli("load", "--store", spec, "--data", SMALL)
        assert result.exit_code == 1 and result.stderr.startswith(f"Error: {spec} is the folder you are working in")
    monkeypatch.chdir(tmp_path)
    assert run_cli("stats", "--store", "oxigraph:db").exit_code == 0  # still the database it was


def test_an_empty_folder_or_a_database_is_free_to_be_filled(run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("load", "--store", f"oxigraph:{empty}", "--data", SMALL).exit_code == 0
    again = run_cli("load", "--store", f"oxigraph:{empty}")  # now a database: replaced by the bundled data
    assert again.exit_code == 0, again.output
    assert orggraph_json("stats", "--store", f"oxigraph:{empty}") == orggraph_json("stats", "--store", "memory")


def test_a_database_a_crashed_load_left_files_in_is_still_replaced(run_cli, tmp_path):
    database = tmp_path / "db"
    assert run_cli("load", "--store", f"oxigraph:{database}", "--data", SMALL).exit_code == 0
    (database / "bulk-5947123.sst").write_bytes(b"half written")  # what a killed bulk load leaves behind
    mended = run_cli("load", "--store", f"oxigraph:{database}", "--data", SMALL)
    assert mended.exit_code == 0, mended.output
    assert not (database / "bulk-5947123.sst").exists()


def test_a_database_behind_a_symbolic_link_is_replaced_where_it_is(run_cli, tmp_path):
    (tmp_path / "real").mkdir()
    database = tmp_path / "real" / "db"
    assert run_cli("load", "--store", f"oxigraph:{database}", "--data", SMALL).exit_code == 0
    link = tmp_path / "link"
    link.symlink_to(database)
    assert run_cli("load", "--store", f"oxigraph:{link}").exit_code == 0  # the bundled data, through the link
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    assert sorted(p.name for p in database.parent.iterdir()) == ["db"]
    assert orggraph_json("stats", "--store", f"oxigraph:{database}") == orggraph_json("stats", "--store", "memory")


def test_a_tilde_in_the_path_is_the_home_folder(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert run_cli("load", "--store", "oxigraph:~/orgs", "--data", SMALL).exit_code == 0
    assert (tmp_path / "home" / "orgs" / "CURRENT").is_file() and not (tmp_path / "~").exists()


def test_a_database_folder_holding_someone_elses_file_is_refused(run_cli, tmp_path):
    database = tmp_path / "db"
    assert run_cli("load", "--store", f"oxigraph:{database}", "--data", SMALL).exit_code == 0
    (database / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    refused = run_cli("load", "--store", f"oxigraph:{database}", "--data", SMALL)
    assert refused.exit_code == 1 and "(thesis.tex)" in refused.stderr
    assert (database / "thesis.tex").read_text(encoding="utf-8") == "years of work\n"
