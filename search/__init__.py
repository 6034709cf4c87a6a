"""The reader search plugin: one :class:`~search.models.SearchDocument` per live public page,
indexed in the database and optionally a search engine; ``GET /api/v1/search/`` and
``/search/suggest/`` (:mod:`search.api`), ranking and facets in :mod:`search.service`.

Architecture and operation: ``docs/search.md``.
"""
