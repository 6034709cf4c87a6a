"""Admin registrations of the core. Logic lives in the modules imported here."""

from wagtail.snippets.models import register_snippet

from cms.registry import registry
from cms.snippets import snippet_groups

for group in snippet_groups(registry):
    register_snippet(group)
