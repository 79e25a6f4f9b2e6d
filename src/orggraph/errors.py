"""Errors a user can meet. ``str(error)`` is the one-line message the CLI prints."""


class OrggraphError(Exception):
    """Base class: anything wrong with the user's input, data or request."""


class LoadError(OrggraphError):
    """An RDF file cannot be read: missing, unparseable, or holding a bad value.

    The message names the file and, where known, the line.
    """

    def __init__(self, path, message, line=None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class DateError(OrggraphError, ValueError):
    """A date that is malformed or impossible, or a date range given backwards."""


class NameNotFound(OrggraphError, LookupError):
    """A name or IRI that matches nothing in the graph; the message lists close candidates."""


class AmbiguousName(OrggraphError, LookupError):
    """A name that matches several things; the message lists them."""


class ValidationFailed(OrggraphError):
    """The data does not satisfy the shapes or the integrity checks."""


class QuerySyntaxError(OrggraphError):
    """A SPARQL query that does not parse; carries the 1-based ``line`` and ``column``."""

    def __init__(self, message, line=None, column=None):
        self.line = line
        self.column = column
        self.reason = message
        where = f"line {line}, column {column}: " if line else ""
        super().__init__(f"SPARQL syntax error at {where}{message}")


class QueryError(OrggraphError):
    """A query that parses but cannot be answered: refused, failed in the store, or timed out."""


class StoreError(OrggraphError):
    """A store that cannot be opened, reached or written to."""
