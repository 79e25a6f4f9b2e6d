"""orggraph: organisational-structure knowledge graphs over time, with sources.

Examples
--------
>>> import orggraph
>>> kg = orggraph.load()
>>> kg.files[0].name
'orggraph.ttl'
"""

from .dates import Interval, PartialDate
from .errors import AmbiguousName, DateError, LoadError, NameNotFound, OrggraphError, ValidationFailed
from .kg import KnowledgeGraph, load

__all__ = [
    "AmbiguousName",
    "DateError",
    "Interval",
    "KnowledgeGraph",
    "LoadError",
    "NameNotFound",
    "OrggraphError",
    "PartialDate",
    "ValidationFailed",
    "load",
]

from .generate import generate  # noqa: E402
from .names import resolve  # noqa: E402
from .timeslice import at, diff, holders, members, reporting_line, reports, timeline, uncertain, why  # noqa: E402
from .validate import validate  # noqa: E402  (the function; the module stays importable as orggraph.validate)

__all__ += ["at", "diff", "generate", "holders", "members", "reporting_line", "reports", "resolve", "timeline",
            "uncertain", "why", "validate"]
