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
