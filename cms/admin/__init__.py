"""The core's side of the Wagtail admin, in one place.

``hooks`` registers everything with Wagtail (the app's ``wagtail_hooks`` module, the name Wagtail
looks for, only imports it); settings name ``forms`` (``WAGTAILIMAGES_IMAGE_FORM_BASE``,
``WAGTAILDOCS_DOCUMENT_FORM_BASE``), ``transactions``, ``login_throttle`` and ``upstream_german``.
Dashboard panels, upload checks, the accessibility checker, the broken-references report
(``references``), snippet menu groups (``snippets``), the preview from the API (``preview``),
front ends, help and German labels live beside them; templates in ``cms/templates/cms_admin/``.
Modules here import no plugin.
"""
