"""Template tags of the core (``cms_admin`` for the admin, ``cms_preview`` for the preview)."""
