"""``search.backends.elasticsearch8``: Elasticsearch 8 with German/English analysis."""

from search.backends import Elasticsearch8Backend as SearchBackend

__all__ = ["SearchBackend"]
