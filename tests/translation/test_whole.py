"""A translation that stays whole: relations follow the source, one status everywhere.

The scenario of issue 13: add a topic and a place to a German project, publish, synchronise its
English translation with "Synchronisiere übersetzte Seiten" (publish ticked). The English page
must carry the German page's relations mapped to English, and every place that shows the
translation state (API, dashboard, report, explorer, edit view) must say the same.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from tests.translation.helpers import create_german_section, download_po, upload_po

pytestmark = pytest.mark.django_db


def taxonomy(model, name: str, slug: str, locales, english: str | None = None):
    """A German taxonomy entry and, if ``english`` is given, its English translation."""
    extra = {"latitude": 51.5, "longitude": 10.8} if model.__name__ == "Place" else {}
    german = model.objects.create(name=name, slug=slug, locale=locales["de"], **extra)
    if english is not None:
        translated = german.copy_for_translation(locales["en"])
        translated.name = english
        translated.save()
    return german


def in_locale(obj, locale):
    return type(obj).objects.get(translation_key=obj.translation_key, locale=locale)


def submit_subtree(client, page, locale):
    return client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.id]),
        {"locales": [locale.id], "include_subtree": "on"},
    )


def sync(client, page, capture, publish=True):
    source = TranslationSource.objects.get_for_instance(page)
    with capture(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.id]),
            {"publish_translations": "on"} if publish else {},
            follow=True,
        )
    assert response.status_code == 200
    return response


def translate_and_publish(client, page, locale, capture):
    """Translate every string of ``page``'s English translation (PO round) and publish it."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale
    )
    po = download_po(client, translation)
    for entry in po:
        if not entry.msgstr:
            entry.msgstr = f"EN {entry.msgid}"
    upload_po(client, translation, str(po))
    with capture(execute=True):
        translation.save_target(publish=True)
    return Page.objects.get(translation_key=page.translation_key, locale=locale).specific


def publish(page, user=None):
    page.save_revision(user=user).publish(user=user)


@pytest.fixture
def section(home, en_home, locales, publisher):
    """A published German project with one topic (translated) and one place (German only)."""
    from projekte.models import Place, Topic

    index, project = create_german_section(home, publisher)
    energy = taxonomy(Topic, "Energie", "energie", locales, english="Energy")
    nordhausen = taxonomy(Place, "Nordhausen", "nordhausen", locales)
    project.topics = [energy]
    project.places = [nordhausen]
    publish(project, publisher)
    return index, project, energy, nordhausen


def english_of(page, locales):
    return Page.objects.get(translation_key=page.translation_key, locale=locales["en"]).specific


def test_first_translation_maps_relations_to_english(client, section, locales, translator):
    index, project, energy, nordhausen = section
    client.force_login(translator)
    submit_subtree(client, index, locales["en"])

    english = english_of(project, locales)
    assert list(english.topics.all()) == [in_locale(energy, locales["en"])]
    # No English version of the place yet: the German one stays (the API maps it later).
    assert list(english.places.all()) == [nordhausen]


def test_relations_follow_on_sync(
    client, section, locales, translator, publisher, django_capture_on_commit_callbacks
):
    from projekte.models import FundingProgramme, Place, Topic

    index, project, energy, nordhausen = section
    client.force_login(translator)
    submit_subtree(client, index, locales["en"])
    translate_and_publish(client, project, locales["en"], django_capture_on_commit_callbacks)

    mobility = taxonomy(Topic, "Mobilität", "mobilitaet", locales, english="Mobility")
    sondershausen = taxonomy(Place, "Sondershausen", "sondershausen", locales, english="Sond.")
    leader = taxonomy(FundingProgramme, "LEADER", "leader", locales, english="LEADER (EU)")
    project = Page.objects.get(pk=project.pk).specific
    project.topics = [energy, mobility]
    project.places = [nordhausen, sondershausen]
    project.funding_programmes = [leader]
    publish(project, publisher)
    sync(client, project, django_capture_on_commit_callbacks)

    english = english_of(project, locales)
    en = locales["en"]
    assert set(english.topics.all()) == {in_locale(energy, en), in_locale(mobility, en)}
    assert set(english.places.all()) == {nordhausen, in_locale(sondershausen, en)}
    assert list(english.funding_programmes.all()) == [in_locale(leader, en)]
    # The live English version (what readers get) carries them too.
    live = english.get_latest_revision_as_object()
    assert set(live.topics.all()) == {in_locale(energy, en), in_locale(mobility, en)}

    # Relations removed in German are removed in English, down to none.
    project = Page.objects.get(pk=project.pk).specific
    project.topics = []
    project.places = [sondershausen]
    publish(project, publisher)
    sync(client, project, django_capture_on_commit_callbacks)
    english = english_of(project, locales)
    assert list(english.topics.all()) == []
    assert list(english.places.all()) == [in_locale(sondershausen, en)]


def test_related_pages_follow_on_sync(
    client, home, en_home, locales, translator, publisher, django_capture_on_commit_callbacks
):
    """Partners and related documents are pages: mapped to their live English versions."""
    from projekte.models import PartnerIndexPage, PartnerPage

    index, project = create_german_section(home, publisher)
    partners = home.add_child(instance=PartnerIndexPage(title="Partner", slug="partner"))
    publish(partners, publisher)
    landkreis = partners.add_child(
        instance=PartnerPage(title="Landkreis Nordhausen", slug="landkreis", kind="region")
    )
    publish(landkreis, publisher)
    client.force_login(translator)
    submit_subtree(client, index, locales["en"])
    submit_subtree(client, partners, locales["en"])

    project = Page.objects.get(pk=project.pk).specific
    project.partners = [landkreis]
    publish(project, publisher)
    sync(client, project, django_capture_on_commit_callbacks)
    # The English partner page is a draft: the live German partner stays.
    assert list(english_of(project, locales).partners.all()) == [landkreis.page_ptr.specific]

    english_partner = english_of(landkreis, locales)
    publish(english_partner, publisher)
    sync(client, project, django_capture_on_commit_callbacks)
    assert list(english_of(project, locales).partners.all()) == [english_partner]


def _api_state(client, page, locale_code="en"):
    body = client.get(f"/api/v1/pages/{page.pk}/").json()
    return next(t for t in body["translations"] if t["locale"] == locale_code)["up_to_date"]


def test_up_to_date_counts_relations(
    client, section, locales, translator, publisher, django_capture_on_commit_callbacks
):
    from cms.translation.status import RELATIONS_DIFFER, status_of
    from projekte.models import Place

    index, project, _energy, nordhausen = section
    client.force_login(translator)
    submit_subtree(client, index, locales["en"])
    english = translate_and_publish(
        client, project, locales["en"], django_capture_on_commit_callbacks
    )
    assert status_of(english).up_to_date, status_of(english).reasons
    client.logout()
    assert _api_state(client, project) is True

    # The place gets its English version: a sync would now change the English page.
    nordhausen.copy_for_translation(locales["en"]).save()
    assert status_of(english).reasons == (RELATIONS_DIFFER,)
    assert _api_state(client, project) is False

    client.force_login(translator)
    sync(client, project, django_capture_on_commit_callbacks)
    english = english_of(project, locales)
    assert list(english.places.all()) == [in_locale(nordhausen, locales["en"])]
    assert status_of(english).up_to_date, status_of(english).reasons
    client.logout()
    assert _api_state(client, project) is True
    assert isinstance(in_locale(nordhausen, locales["en"]), Place)


def test_a_page_type_that_drops_the_synchronised_relations_fails_at_start_up(monkeypatch):
    from cms.plugin.checks import check_synchronized_relations
    from projekte.models import ProjectPage

    assert check_synchronized_relations(None) == []
    monkeypatch.setattr(ProjectPage, "override_translatable_fields", [])
    errors = check_synchronized_relations(None)
    assert [(e.id, e.obj) for e in errors] == [("cms.E017", ProjectPage)]
    assert "topics" in errors[0].msg and "partners" in errors[0].msg


# --- One translation status, everywhere a translator looks ----------------------------------------


def places_say(project, english, publisher_client, translator_client) -> dict[str, bool]:
    """Whether each place that shows the state calls the English project up to date."""
    from cms.admin import dashboard
    from tests.translation.helpers import messages_of

    english = Page.objects.get(pk=english.pk)
    api = publisher_client.get(f"/api/v1/pages/{project.pk}/").json()
    panel = dashboard.translation_gaps(publisher_client.user, limit=1000)
    target_link = f'href="{reverse("wagtailadmin_pages:edit", args=[english.pk])}"'
    report = reverse("wagtail_localize:translations_report_results")
    waiting = publisher_client.get(report, {"waiting_for_translation": "true"}).content.decode()
    current = publisher_client.get(report, {"waiting_for_translation": "false"}).content.decode()
    assert (target_link in waiting) != (target_link in current)
    explorer = translator_client.get(
        reverse("wagtailadmin_explore", args=[english.get_parent().pk])
    )
    editor = translator_client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert editor.status_code == 200
    return {
        # The API lists a live English version only: none is not up to date.
        "api": any(t["locale"] == "en" and t["up_to_date"] for t in api["translations"]),
        "dashboard": project.title not in {row.title for row in panel.rows},
        "report": target_link in current,
        "explorer": "data-cms-translation-status" not in explorer.content.decode(),
        "editor": not any("nicht aktuell" in m for m in messages_of(editor)),
    }


def test_every_place_shows_the_same_status_after_each_edit(
    client, section, locales, translator, publisher, django_capture_on_commit_callbacks
):
    from django.test import Client

    index, project, _energy, nordhausen = section
    publisher_client = Client(HTTP_ACCEPT_LANGUAGE="de")
    publisher_client.force_login(publisher)
    publisher_client.user = publisher
    client.force_login(translator)
    submit_subtree(client, index, locales["en"])
    english = english_of(project, locales)
    capture = django_capture_on_commit_callbacks

    def agree(expected: bool, step: str) -> None:
        project_now = Page.objects.get(pk=project.pk).specific
        seen = places_say(project_now, english, publisher_client, client)
        assert seen == dict.fromkeys(seen, expected), (step, seen)

    agree(False, "submitted, nothing translated")
    translate_and_publish(client, project, locales["en"], capture)
    agree(True, "translated and published")

    project = Page.objects.get(pk=project.pk).specific
    project.teaser = "Neu: bis zu 20.000 Euro für kleine Projekte."
    publish(project, publisher)
    agree(False, "German text edited and published")
    sync(client, project, capture)
    agree(False, "synchronised: the new text is not translated yet")
    translate_and_publish(client, project, locales["en"], capture)
    agree(True, "new text translated and published")

    nordhausen.copy_for_translation(locales["en"]).save()
    agree(False, "a related place got its English version")
    sync(client, project, capture)
    agree(True, "synchronised and published")

    project = Page.objects.get(pk=project.pk).specific
    project.topics = []
    publish(project, publisher)
    agree(False, "German relation removed and published")
    sync(client, project, capture)
    agree(True, "synchronised and published")
