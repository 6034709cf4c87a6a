"""German for the texts of Wagtail and wagtail-localize: catalog overrides, labels, template
copies, the help menu, the roots' names and snippet names (cms/admin/upstream_german.py,
locale/upstream, cms/upstream_templates, cms/admin/help.py).

The browser walk (tests/browser/test_german_admin.py) shows the result on every screen; these
tests pin each mechanism, in both languages, and guard the copies against upstream changes.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.models import Collection, Locale, Page

from cms.translation import catalogs

pytestmark = pytest.mark.django_db

#: The copies of upstream templates (found on disk, so that a copy missing from
#: ``TEMPLATE_COPIES`` is caught too).
COPIES_DIR = Path(__file__).resolve().parents[2] / "cms" / "upstream_templates"
COPIES = sorted(str(path.relative_to(COPIES_DIR)) for path in COPIES_DIR.rglob("*.html"))


def _package_file(relative: str) -> Path:
    import importlib.util

    package, _, rest = relative.partition("/")
    spec = importlib.util.find_spec(package)
    return Path(next(iter(spec.submodule_search_locations))) / rest


# --- catalogs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "german"),
    [
        ("Locale", "Sprache"),
        ("Breadcrumb", "Pfadnavigation"),
        ("Update", "Speichern"),
        ("URL Generator", "URL-Generator"),
        ("(optional)", "(kann leer bleiben)"),
        ("Max dimensions", "Maximale Abmessungen"),
        ("Switch locales", "Sprache wechseln"),
        ("Add a locale", "Sprache hinzufügen"),
        ("Can submit translations", "Darf Übersetzungen beauftragen"),
    ],
)
def test_upstream_strings_are_german_and_stay_english_in_english(msgid, german):
    with translation.override("de"):
        assert gettext(msgid) == german
    with translation.override("en"):
        assert gettext(msgid) == msgid


def test_plural_upstream_strings_count_in_german():
    with translation.override("de"):
        assert ngettext("%(num_pages)s page", "%(num_pages)s pages", 1) == "%(num_pages)s Seite"
        assert ngettext("%(num_pages)s page", "%(num_pages)s pages", 3) == "%(num_pages)s Seiten"


def test_the_upstream_catalog_is_complete_and_current():
    assert catalogs.check_upstream(Path(settings.BASE_DIR) / "locale") == []


def test_a_stale_or_untranslated_upstream_entry_is_reported(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    po.append(polib.POEntry(msgid="Breadcrumb", msgstr="Pfadnavigation"))
    po.append(polib.POEntry(msgid="A text Wagtail never had", msgstr="Ein Text"))
    po.append(polib.POEntry(msgid="Locale", msgstr=""))
    po.append(polib.POEntry(msgid="Breadcrumb", msgstr="Brotkrumen"))
    path = tmp_path / "upstream" / "de" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    problems = catalogs.check_upstream(tmp_path)
    assert len(problems) == 3, problems
    assert "'A text Wagtail never had' wird von keinem Paket mehr verwendet" in problems[0]
    assert "'Locale' hat keine Übersetzung" in problems[1]
    assert "'Breadcrumb' ist doppelt eingetragen" in problems[2]


def test_check_catalogs_runs_the_upstream_check():
    out = io.StringIO()
    call_command("check_catalogs", stdout=out)
    assert "locale/upstream: 0 Probleme" in out.getvalue()


# --- labels upstream leaves unmarked ----------------------------------------------------------


def test_unmarked_upstream_labels_are_german_and_english():
    from wagtail.admin.forms.choosers import ExternalLinkChooserForm, PhoneLinkChooserForm
    from wagtail.sites.views import IndexView
    from wagtail_localize.views.report import TranslationsReportFilterSet

    from cms.admin import upstream_german

    filters = TranslationsReportFilterSet.base_filters
    root_page = next(column for column in IndexView.columns if column.name == "root_page")
    labels = lambda: [  # noqa: E731
        str(ExternalLinkChooserForm().fields["link_text"].label),
        str(PhoneLinkChooserForm().fields["link_text"].label),
        str(root_page.label),
        str(filters["source_locale"].label),
        str(filters["target_locale"].label),
        str(upstream_german.TranslationsPaginator([1, 2], 10).verbose_name_plural),
    ]
    with translation.override("de"):
        assert labels() == [
            "Linktext",
            "Linktext",
            "Startseite",
            "Ausgangssprache",
            "Zielsprache",
            "Übersetzungen",
        ]
    with translation.override("en"):
        assert labels() == [
            "Link text",
            "Link text",
            "Home page",
            "Source locale",
            "Target locale",
            "translations",
        ]


def test_the_login_page_names_the_agency_and_asks_for_the_passwort(client):
    html = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Anmelden bei Regionalmanagement Nordthüringen" in html
    assert re.search(r'<label[^>]*for="id_password"[^>]*>\s*Passwort', html)
    assert "Wagtail anmelden" not in html and ">Password<" not in html


# --- copies of upstream templates -------------------------------------------------------------


def test_every_template_copy_names_its_original():
    from cms.admin import upstream_german

    assert COPIES and sorted(upstream_german.TEMPLATE_COPIES) == COPIES


@pytest.mark.parametrize("copy", COPIES)
def test_each_template_copy_still_matches_its_original(copy):
    from cms.admin import upstream_german

    original, digest = upstream_german.TEMPLATE_COPIES[copy]
    current = hashlib.sha256(_package_file(original).read_bytes()).hexdigest()
    assert current == digest, (
        f"{original} changed upstream: copy it to cms/upstream_templates/{copy} again and "
        "re-apply the change (cms/upstream_templates/README.md)"
    )


@pytest.mark.parametrize("copy", COPIES)
def test_a_copy_changes_only_texts(copy):
    from cms.admin import upstream_german

    original, _digest = upstream_german.TEMPLATE_COPIES[copy]
    ours = (Path(settings.BASE_DIR) / "cms" / "upstream_templates" / copy).read_text().splitlines()
    theirs = _package_file(original).read_text().splitlines()
    changed = [line for line in ours if line not in theirs]
    assert changed, "a copy that changes nothing should be deleted"
    assert all(
        re.search(r"\{% (load i18n|trans|blocktrans)|object_name|cms_help", line)
        for line in changed
    )


def test_the_dashboard_search_button_and_actions_label_are_german(client, django_user_model):
    user = django_user_model.objects.create_superuser("chefin", "c@example.org", "pw")
    client.force_login(user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'value="Suche"' in dashboard and 'value="Search"' not in dashboard
    explorer = client.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert 'aria-label="Aktionen"' in explorer and 'aria-label="Pfadnavigation"' in explorer


def test_group_permissions_are_labelled_in_german(client, django_user_model):
    user = django_user_model.objects.create_superuser("chefin", "c@example.org", "pw")
    client.force_login(user)
    html = client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "Darf Gruppe anlegen" in html and "Can add group" not in html
    assert "Darf Übersetzungen beauftragen" in html


# --- help, roots, snippet names ---------------------------------------------------------------


def test_the_help_menu_offers_german_help_and_no_english_guide(client, django_user_model):
    from django.contrib.auth.models import Group

    call_command("setup_roles", stdout=io.StringIO())
    editor = django_user_model.objects.create_user("red", "r@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Redakteure"))
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "guide.wagtail.org/en" not in dashboard
    assert reverse("cms_help") in dashboard
    help_page = client.get(reverse("cms_help"))
    assert help_page.status_code == 200
    assert "Übersetzen ins Englische" in help_page.content.decode()


def test_setup_site_gives_the_roots_german_names_once():
    Page.objects.filter(depth=1).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1).update(name="Root")
    call_command("setup_site", stdout=io.StringIO())
    assert Page.objects.get(depth=1).title == "Seitenbaum"
    assert Collection.objects.get(depth=1).name == "Allgemein"
    Page.objects.filter(depth=1).update(title="Alle Websites")
    call_command("setup_site", stdout=io.StringIO())
    assert Page.objects.get(depth=1).title == "Alle Websites"  # a chosen name is kept


def test_a_snippet_per_language_does_not_repeat_its_language(locales):
    from home.models import Footer, Navigation

    with translation.override("de"):
        assert str(Navigation(locale=locales["de"])) == "Navigation"
        assert str(Footer(locale=Locale.get_default())) == "Fußbereich"


def test_setup_site_renames_translated_snippets_named_the_old_way(home):
    """Sources stored while navigation and footer named their language get the plain name; a
    page's source keeps the title of its last synchronisation."""
    from wagtail_localize.models import TranslationSource
    from wagtail_localize.operations import TranslationCreator

    from home.models import Navigation

    german, english = Locale.get_default(), Locale.objects.get(language_code="en")
    navigation = Navigation.objects.filter(locale=german).first() or Navigation.objects.create(
        locale=german
    )
    if not TranslationSource.objects.filter(object_id=navigation.translation_key).exists():
        TranslationCreator(None, [english]).create_translations(navigation)
    TranslationCreator(None, [english]).create_translations(home)
    snippet = TranslationSource.objects.get(object_id=navigation.translation_key)
    page = TranslationSource.objects.get(object_id=home.translation_key, locale=german)
    snippet.object_repr = "Navigation (Deutsch)"
    snippet.save(update_fields=["object_repr"])
    page.object_repr = "Startseite (Stand der letzten Synchronisierung)"
    page.save(update_fields=["object_repr"])

    out = io.StringIO()
    call_command("setup_site", stdout=out)
    snippet.refresh_from_db()
    page.refresh_from_db()
    assert snippet.object_repr == "Navigation"
    assert page.object_repr == "Startseite (Stand der letzten Synchronisierung)"
    assert "Namen übersetzter Snippets aktualisiert: 1" in out.getvalue()
    call_command("setup_site", stdout=out)
    snippet.refresh_from_db()
    assert snippet.object_repr == "Navigation"
