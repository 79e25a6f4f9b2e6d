"""The ``orggraph`` command: a thin click layer over the Python API.

Each command module registers its commands on :data:`main`; errors from the
library (:class:`~orggraph.errors.OrggraphError`) become one line on stderr
and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys

import click

from ..errors import OrggraphError


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OrggraphError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="orggraph")
def main():
    """orggraph: who held which post, in which body, reporting to whom, and when.

    Every command reads the bundled Birmingham City Council dataset unless
    given --data PATH (files or folders of RDF).
    """


# Command modules register themselves on `main` when imported.
from . import core  # noqa: E402,F401
from . import time  # noqa: E402,F401
from . import imports  # noqa: E402,F401
from . import sparql  # noqa: E402,F401
from . import generate  # noqa: E402,F401
