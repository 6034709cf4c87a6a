"""Delivery to the front ends: the change feed and the delta-sync API.

- :mod:`cms.delivery.models`: the feed's tables (:class:`ChangeEvent`, :class:`ChangeSequence`);
- :mod:`cms.delivery.feed`: writing the feed in the transaction of each change, and its
  consumers (content generation, front-end cache purge);
- :mod:`cms.delivery.purge`: the URLs a change affects and the front-end cache (CDN) purge;
- :mod:`cms.delivery.sync`: ``GET /api/v1/sync/``, reading it.

See ``docs/delivery.md``.
"""
