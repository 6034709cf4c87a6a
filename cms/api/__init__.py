"""The headless read API ``/api/v1/`` (django-ninja, OpenAPI 3.1), generated from the plugin
registry, and Wagtail's stock v2 API at ``/api/v2/`` held to the same visibility rule.

Entry points: :mod:`cms.api.root` (the ``NinjaAPI`` instance, mounted in ``cms.urls``),
:mod:`cms.api.routers` (endpoints), :mod:`cms.api.pages` (page schemas, filters, cards),
:mod:`cms.api.http` (request context, problem details, ETags), :mod:`cms.api.cache` (response
cache), :mod:`cms.api.models` (front ends, tokens, content generation), :mod:`cms.api.v2`.
"""
