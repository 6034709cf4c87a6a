"""Settings modules: ``base`` (everything, from the environment through :mod:`cms.runtime.env`), ``dev``,
``production`` and ``test`` (fast hasher, local-memory cache).
"""
