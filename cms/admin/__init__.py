"""The editors' side of the admin: dashboard panels, upload checks, accessibility checker, helpers.

Everything here is wired into Wagtail from ``cms/admin/hooks.py`` and from settings
(``WAGTAILIMAGES_IMAGE_FORM_BASE``, ``WAGTAILDOCS_DOCUMENT_FORM_BASE``); modules import no plugin.
"""
