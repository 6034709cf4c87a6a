"""Demo content of the home plugin: the German start page, replacing Wagtail's welcome page."""

from wagtail.models import Locale, Page, Site

from home.models import HomePage


def load(stdout) -> dict[str, int]:
    created = 0
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Regionalmanagement Nordthüringen",
                slug="start",
                intro="<p>Nordthüringen – eine Region mit Potenzial!</p>",
                locale=Locale.get_default(),
            )
        )
        home.save_revision().publish()
        created += 1
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Regionalmanagement Nordthüringen"
        site.save()
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    return {"Startseiten": created}
