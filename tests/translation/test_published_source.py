"""Translations are made from what the German side has published, never from a draft.

A translator (group "Übersetzer") must never read German text that is not published, and nothing
unpublished may reach an English reader through a translation: not by submitting a page, a
subtree or a snippet, not by synchronising, not through the translation editor or its PO file.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from tests.translation.helpers import (
    create_german_section,
    download_po,
    editor_props,
    messages_of,
)

pytestmark = pytest.mark.django_db

DRAFT = "GEHEIMER ENTWURF: Förderzusage an die Stadt Nordhausen"
DRAFT_TITLE = "Entwurf Windpark Hainleite"
REFUSED = "nicht veröffentlicht"


def draft_project(parent, title: str = DRAFT_TITLE, teaser: str = DRAFT, slug: str = "entwurf"):
    """A German project page created in the admin and never published (a draft)."""
    from projekte.models import ProjectPage

    page = parent.add_child(
        instance=ProjectPage(
            title=title,
            slug=slug,
            teaser=teaser,
            start_date=datetime.date(2025, 3, 1),
            live=False,
        )
    )
    page.save_revision()
    return page


def source_texts(instance) -> list[str]:
    source = TranslationSource.objects.get_for_instance(instance)
    return list(
        StringSegment.objects.filter(source=source)
        .order_by("order")
        .values_list("string__data", flat=True)
    )


def submit(client, page, locale, follow=True, **extra):
    return client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.id]),
        {"locales": [locale.id], **extra},
        follow=follow,
    )


def test_a_never_published_page_is_refused_in_german_and_nothing_is_created(
    client, home, en_home, translator
):
    index, _project = create_german_section(home)
    en_index = index.copy_for_translation(en_home.locale)
    draft = draft_project(index)
    client.force_login(translator)

    # The form itself refuses: the translator never sees a form for the draft.
    response = client.get(
        reverse("wagtail_localize:submit_page_translation", args=[draft.id]), follow=True
    )
    assert any(REFUSED in m for m in messages_of(response)), messages_of(response)
    assert DRAFT.encode() not in response.content

    response = submit(client, draft, en_home.locale)
    messages = messages_of(response)
    assert any(f"„{DRAFT_TITLE}“ ist {REFUSED}" in m for m in messages), messages
    assert not Page.objects.filter(translation_key=draft.translation_key, locale=en_home.locale)
    assert not TranslationSource.objects.filter(object_id=draft.translation_key).exists()
    assert not Translation.objects.filter(source__object_id=draft.translation_key).exists()
    assert en_index.get_children().count() == 0
    assert DRAFT.encode() not in response.content


def test_the_leak_ends_before_any_reader(client, home, en_home, translator):
    """The reported chain: submit a draft, publish the English copy, read it in both APIs."""
    draft = draft_project(create_german_section(home)[0])
    client.force_login(translator)
    submit(client, draft, en_home.locale)
    english = Page.objects.filter(
        translation_key=draft.translation_key, locale=en_home.locale
    ).first()
    if english is not None:  # only on the old code: publish it as the translator could
        english.specific.save_revision(user=translator).publish(user=translator)
    client.logout()
    for url in (
        "/api/v1/pages/?locale=en&type=project",
        "/api/v2/pages/?locale=en&type=projekte.ProjectPage&fields=teaser",
    ):
        assert DRAFT.encode() not in client.get(url).content, url
    assert english is None


def test_a_subtree_is_translated_from_published_pages_only(client, home, en_home, translator):
    index, project = create_german_section(home)
    draft = draft_project(index)
    # A published page below the draft cannot be translated without copying the draft parent.
    below = draft.add_child(
        instance=type(project)(
            title="Unter dem Entwurf",
            slug="unter-dem-entwurf",
            teaser="Veröffentlicht, aber unter einem Entwurf.",
            start_date=datetime.date(2025, 3, 1),
        )
    )
    below.save_revision().publish()
    client.force_login(translator)

    response = submit(client, index, en_home.locale, include_subtree="on")

    assert response.status_code == 200
    assert index.get_translation_or_none(en_home.locale) is not None
    assert project.get_translation_or_none(en_home.locale) is not None
    for page in (draft, below):
        assert not Page.objects.filter(
            translation_key=page.translation_key, locale=en_home.locale
        ).exists(), page.title
        assert not TranslationSource.objects.filter(object_id=page.translation_key).exists()
    skipped = [m for m in messages_of(response) if "nicht übersetzt" in m]
    assert skipped and skipped[0].startswith("2 Einträge"), messages_of(response)
    assert DRAFT_TITLE in skipped[0] and "Unter dem Entwurf" in skipped[0]


def test_unpublished_changes_on_a_live_page_stay_german(client, home, en_home, translator):
    index, project = create_german_section(home)
    project.teaser = DRAFT
    project.title = DRAFT_TITLE
    project.save_revision()  # "Entwurf speichern" on a live page
    client.force_login(translator)

    submit(client, project, en_home.locale, follow=False)
    submit(client, index, en_home.locale, follow=False)
    submit(client, project, en_home.locale, follow=False)

    assert DRAFT not in source_texts(project)
    assert DRAFT_TITLE not in source_texts(project)
    assert "Kleine Projekte aus der Region werden gefördert." in source_texts(project)
    english = project.get_translation(en_home.locale)
    translation = Translation.objects.get(
        source__object_id=project.translation_key, target_locale=en_home.locale
    )
    props = editor_props(client, english)
    assert DRAFT not in {s.get("source") for s in props["segments"]}
    assert all(DRAFT not in entry.msgid for entry in download_po(client, translation))


def test_sync_reads_the_live_german_version(client, home, en_home, translator, publisher):
    _index, project = create_german_section(home)
    client.force_login(translator)
    submit(client, _index, en_home.locale, include_subtree="on", follow=False)
    project.teaser = "Neu veröffentlicht: bis zu 20.000 Euro."
    project.save_revision(user=publisher).publish(user=publisher)
    project.teaser = DRAFT
    project.save_revision(user=publisher)  # unpublished changes on top of the live version

    source = TranslationSource.objects.get_for_instance(project)
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source.id]), {}, follow=True
    )

    assert response.status_code == 200
    texts = source_texts(project)
    assert "Neu veröffentlicht: bis zu 20.000 Euro." in texts
    assert DRAFT not in texts


def test_sync_of_a_page_that_is_no_longer_published_is_refused(
    client, home, en_home, translator, publisher
):
    _index, project = create_german_section(home)
    client.force_login(translator)
    submit(client, _index, en_home.locale, include_subtree="on", follow=False)
    source = TranslationSource.objects.get_for_instance(project)
    before = source.last_updated_at
    project.unpublish(user=publisher)
    project.teaser = DRAFT
    project.save_revision(user=publisher)

    sync = reverse("wagtail_localize:update_translations", args=[source.id])
    assert any(REFUSED in m for m in messages_of(client.get(sync, follow=True)))
    response = client.post(sync, {"publish_translations": "on"}, follow=True)

    assert any(REFUSED in m for m in messages_of(response)), messages_of(response)
    source.refresh_from_db()
    assert source.last_updated_at == before
    assert DRAFT not in source_texts(project)


def test_editor_and_po_file_of_an_unpublished_source_are_closed(client, home, en_home, translator):
    """A source extracted from a draft before this rule existed is not shown to translators."""
    draft = draft_project(create_german_section(home)[0])
    # As the old code did it: wagtail-localize's own submission of the draft.
    from wagtail_localize.operations import translate_object

    translate_object(draft.specific, [en_home.locale])
    english = draft.get_translation(en_home.locale)
    translation = Translation.objects.get(source__object_id=draft.translation_key)
    client.force_login(translator)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[english.id]), follow=True)
    assert DRAFT.encode() not in response.content
    assert any(REFUSED in m for m in messages_of(response)), messages_of(response)
    for name in ("download_pofile", "preview_translation"):
        response = client.get(
            reverse(f"wagtail_localize:{name}", args=[translation.id]), follow=True
        )
        assert DRAFT.encode() not in response.content, name
        assert response.status_code in (200, 403), (name, response.status_code)


def test_snippet_drafts_are_not_translated(client, locales, roles, translator):
    from tests.plugins.events.models import Notice

    draft = Notice.objects.create(text=DRAFT, locale=locales["de"], live=False)
    draft.save_revision()
    live = Notice.objects.create(text="Veröffentlichter Hinweis", locale=locales["de"])
    live.save_revision().publish()
    live.text = DRAFT
    live.save_revision()  # unpublished changes
    client.force_login(translator)

    url = "wagtail_localize:submit_snippet_translation"
    response = client.post(
        reverse(url, args=["events", "notice", draft.pk]),
        {"locales": [locales["en"].id]},
        follow=True,
    )
    assert any(REFUSED in m for m in messages_of(response)), messages_of(response)
    assert not Notice.objects.filter(translation_key=draft.translation_key, locale=locales["en"])
    assert not TranslationSource.objects.filter(object_id=draft.translation_key).exists()

    client.post(reverse(url, args=["events", "notice", live.pk]), {"locales": [locales["en"].id]})
    assert source_texts(live) == ["Veröffentlichter Hinweis"]


def test_related_snippet_drafts_are_skipped(locales):
    from cms.translation.published_source import PublishedTranslationCreator
    from tests.plugins.events.models import Notice

    draft = Notice.objects.create(text=DRAFT, locale=locales["de"], live=False)
    creator = PublishedTranslationCreator(None, [locales["en"]])
    creator.create_translations(draft)
    assert creator.skipped == [draft]
    assert not TranslationSource.objects.filter(object_id=draft.translation_key).exists()


def test_hand_kept_translation_of_a_draft_is_not_adopted(home, en_home):
    from cms.translation.adopt import adopt

    draft = draft_project(create_german_section(home)[0])
    english = draft.specific.copy_for_translation(en_home.locale, copy_parents=True)
    result = adopt(draft.specific, english)
    assert result.not_published and result.translation is None
    assert not TranslationSource.objects.filter(object_id=draft.translation_key).exists()
