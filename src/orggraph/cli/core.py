"""Commands over the whole graph: validate, stats, export."""

from . import main  # noqa: F401
