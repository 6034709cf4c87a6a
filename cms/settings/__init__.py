"""Settings modules: ``base`` (everything, from the environment through :mod:`cms.env`), ``dev``,
``production`` and ``test`` (fast hasher, local-memory cache).
"""
