"""Admin page forms of the projekte plugin."""

from __future__ import annotations

from wagtail.models import TranslatableMixin

from cms.content import AltTextPageForm


class LocaleFilteredPageForm(AltTextPageForm):
    """Offers only related objects in the page's own language (topics, places, partners …).

    Without it a German project would list the English topics next to the German ones.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        if locale_id is None and self.parent_page is not None:
            locale_id = self.parent_page.locale_id
        if locale_id is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, TranslatableMixin):
                field.queryset = queryset.filter(locale_id=locale_id)
