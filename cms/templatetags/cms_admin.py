"""Template tags of the admin's templates: ``{% agency_name %}``."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def agency_name() -> str:
    """The agency's name (``WAGTAIL_SITE_NAME``), for the admin's login page and titles."""
    return settings.WAGTAIL_SITE_NAME
