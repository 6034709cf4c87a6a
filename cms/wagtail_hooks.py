"""Wagtail looks for ``<app>.wagtail_hooks``; the core's admin hooks live in :mod:`cms.admin.hooks`."""

from cms.admin import hooks  # noqa: F401
