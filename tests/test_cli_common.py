"""The options every command shares (orggraph.cli.common)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_store_help_states_the_auto_threshold_from_the_constant():
    """--store's help is built from kg.AUTO_OXIGRAPH_BYTES, so changing the threshold changes the help."""
    program = (
        "import orggraph.kg as kg; kg.AUTO_OXIGRAPH_BYTES = 3 * 2**20\n"
        "from orggraph.cli import main\n"
        "main(['stats', '--help'])\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    help_text = " ".join(result.stdout.split())
    assert "memory for data over 3 MB)" in help_text
    assert "8 MB" not in help_text
