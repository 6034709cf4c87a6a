"""``manage.py setup_site``: content locales, German names of the tree roots, snippet names, and
(with ``--website``) the front end "website" of the reference website."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand
from django.utils import translation
from wagtail.models import Collection, Locale, Page
from wagtail_localize.models import TranslationSource

#: German names of the trees' roots, which Wagtail's migrations call "Root": editors meet them in
#: the page explorer ("Erkunden: Seitenbaum"), page choosers and collection choices.
ROOT_PAGE_TITLE = "Seitenbaum"
ROOT_COLLECTION_NAME = "Allgemein"
WAGTAIL_ROOT_NAME = "Root"


class Command(BaseCommand):
    """Run first by ``make setup``; see ``help``."""

    help = (
        "Create the content locales (German first, then English), give the page tree's and the "
        "media collections' roots German names and bring the stored names of translated snippets "
        "in line with their objects. Safe to run repeatedly."
    )

    def add_arguments(self, parser) -> None:
        """``--website URL``: also configure the front end "website" at that address."""
        parser.add_argument(
            "--website",
            metavar="URL",
            help=(
                "Configure the front end 'website' (the reference website in clients/website/) "
                "at this address, e.g. http://127.0.0.1:3000: base address, allowed origin and "
                "preview address; made the default front end when there is none."
            ),
        )

    def handle(self, *args, **options) -> None:
        """Create the locales of ``WAGTAIL_CONTENT_LANGUAGES`` (German first), rename Wagtail's
        "Root" page and collection to their German names (a renamed root is kept) and refresh the
        names of translated snippets (:func:`rename_snippet_sources`); reports each on stdout.
        """
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            _locale, created = Locale.objects.get_or_create(language_code=code)
            state = "created" if created else "present"
            self.stdout.write(f"Locale {code}: {state}")
        # Only Wagtail's default name is replaced: a root someone renamed keeps its name.
        pages = Page.objects.filter(depth=1, title=WAGTAIL_ROOT_NAME).update(
            title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE
        )
        collections = Collection.objects.filter(depth=1, name=WAGTAIL_ROOT_NAME).update(
            name=ROOT_COLLECTION_NAME
        )
        if pages or collections:
            self.stdout.write(
                f"Wurzeln umbenannt: „{ROOT_PAGE_TITLE}“ (Seiten), „{ROOT_COLLECTION_NAME}“ (Medien)"
            )
        renamed = rename_snippet_sources()
        if renamed:
            self.stdout.write(f"Namen übersetzter Snippets aktualisiert: {renamed}")
        if options.get("website"):
            state = configure_website(options["website"])
            self.stdout.write(f"Frontend website ({options['website']}): {state}")


def configure_website(address: str) -> str:
    """Make the front end ``website`` the reference website at ``address`` (an origin such as
    ``http://127.0.0.1:3000``): base address and allowed origin ``address``, preview address
    ``<address>/preview?token={token}``; it becomes the default front end when none is.
    Returns ``"created"``, ``"updated"`` or ``"present"`` (nothing changed); safe to repeat.
    """
    from cms.api.models import FrontEnd

    origin = address.rstrip("/")
    wanted = {
        "base_url": origin,
        "allowed_origin": origin,
        "preview_url": f"{origin}/preview?token={{token}}",
    }
    frontend, created = FrontEnd.objects.get_or_create(
        name="website", defaults={**wanted, "title": "Website"}
    )
    changed = [field for field, value in wanted.items() if getattr(frontend, field) != value]
    for field in changed:
        setattr(frontend, field, wanted[field])
    if not FrontEnd.objects.filter(is_default=True).exclude(pk=frontend.pk).exists():
        changed += [] if frontend.is_default else ["is_default"]
        frontend.is_default = True
    if changed:
        frontend.full_clean()
        frontend.save()
    return "created" if created else "updated" if changed else "present"


def rename_snippet_sources() -> int:
    """Store each translated snippet's current name (``str()``, in the site's language) as its
    translation source's name (``TranslationSource.object_repr``, shown in the translations
    report); returns how many changed.

    wagtail-localize copies the name when a source is created or synchronised, so a snippet
    whose ``__str__`` changed keeps its old name until then: navigation and footer used to name
    their language ("Navigation (Deutsch)"), which the report shows beside it again
    ("Navigation (Deutsch) (Deutsch)"). Pages are left alone: their source keeps the title of
    the last synchronisation, as wagtail-localize intends.
    """
    changed = 0
    with translation.override(settings.LANGUAGE_CODE):
        for source in TranslationSource.objects.select_related("specific_content_type"):
            model = source.specific_content_type.model_class()
            if model is None or issubclass(model, Page):
                continue
            try:
                name = str(source.get_source_instance())[:200]
            except ObjectDoesNotExist:
                continue
            if source.object_repr != name:
                TranslationSource.objects.filter(pk=source.pk).update(object_repr=name)
                changed += 1
    return changed
