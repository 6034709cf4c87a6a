"""Template tags of the preview templates: ``{% preview_image image alt %}``."""

from django import template

from cms.admin.preview import render_value

register = template.Library()


@register.simple_tag
def preview_image(image, alt=""):
    """An ``<img>`` for an API image, with the block's alt text or the image's own."""
    return render_value(image, alt=alt or None) if image else ""
