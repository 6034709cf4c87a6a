"""Admin registration of the test-only snippet with drafts (not an API content type)."""

from wagtail.snippets.models import register_snippet

from tests.plugins.events.models import Notice

register_snippet(Notice)
