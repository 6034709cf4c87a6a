"""``search.backends.opensearch2``: OpenSearch 2 with German/English analysis."""

from search.backends import OpenSearch2Backend as SearchBackend

__all__ = ["SearchBackend"]
