import datetime

from wagtail.models import Locale, Site

from tests.plugins.events.models import EventPage


def load(stdout) -> dict[str, int]:
    if EventPage.objects.exists():
        return {"Veranstaltungen": 0}
    root = Site.objects.get(is_default_site=True).root_page
    event = root.add_child(
        instance=EventPage(
            title="Regionalforum Nordthüringen",
            slug="regionalforum",
            start=datetime.date(2026, 5, 12),
            venue="Sondershausen",
            locale=Locale.get_default(),
        )
    )
    event.save_revision().publish()
    return {"Veranstaltungen": 1}
