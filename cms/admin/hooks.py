"""Admin registrations of the core. Logic lives in the modules imported here."""

from wagtail.snippets.models import register_snippet

from cms.admin.snippets import snippet_groups
from cms.plugin.registry import registry

for group in snippet_groups(registry):
    register_snippet(group)

# --- Editors' admin (cms/admin): dashboard panels, accessibility checker, page skeletons -------
from wagtail import hooks  # noqa: E402

from cms.admin import accessibility, dashboard, skeleton  # noqa: E402

hooks.register("construct_homepage_panels", dashboard.construct_homepage_panels)
hooks.register("construct_wagtail_userbar", accessibility.construct_wagtail_userbar)
skeleton.connect()

# --- Broken references (cms/admin/references.py): report "Defekte Verweise", edit-view warning ---
from cms.admin import references as admin_references  # noqa: E402

admin_references.register()

# --- Front ends of the API and their tokens (cms/admin/frontends.py), under Einstellungen -------
from cms.admin.frontends import frontend_viewset  # noqa: E402

hooks.register("register_admin_viewset", lambda: frontend_viewset)

# --- Signed webhooks (cms/admin/webhooks.py), under Einstellungen ------------------------------
from cms.admin.webhooks import webhook_viewset  # noqa: E402

hooks.register("register_admin_viewset", lambda: webhook_viewset)

# --- Help in German (cms/admin/help.py) instead of Wagtail's English-only guides -------------
from cms.admin import help as admin_help  # noqa: E402

hooks.register("register_admin_urls", admin_help.urls)
hooks.register("construct_help_menu", admin_help.construct_help_menu)

# --- Alt text per locale (cms/content/alt_text.py): refuse publishing a page whose images lack it -------
from cms.content.alt_text import refuse_page_publish, refuse_translation_publish  # noqa: E402

# Before wagtail-localize's own before_edit_page hook, which publishes the translation.
hooks.register("before_edit_page", refuse_translation_publish, order=-10)
hooks.register("before_publish_page", refuse_page_publish)

# --- Image and document texts per locale, for assets no page shows (cms/admin/media_texts.py) ---
from cms.admin.media_texts import MediaTextsGroup  # noqa: E402

hooks.register("register_admin_viewset", MediaTextsGroup)
