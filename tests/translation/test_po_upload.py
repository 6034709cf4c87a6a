"""PO uploads: a good file is imported; a file that is not this translation's is refused by name
and changes nothing; a string that breaks its source is imported flagged and named."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cms.translation.po import PoFileRejected, check_po_upload
from tests.translation.helpers import download_po, messages_of, upload_po

pytestmark = pytest.mark.django_db

INTRO = (
    '<p>Mehr zu <a linktype="page" id="{id}">unseren Projekten</a> und <b>Fördermitteln</b>.</p>'
    "<p>Noch %(anzahl)s Plätze frei.</p>"
)


@pytest.fixture
def translation(home, en_home, roles):
    """The English translation of the German start page, with a link and a placeholder."""
    home.intro = INTRO.format(id=home.id)
    home.save_revision().publish()
    source, _ = TranslationSource.update_or_create_from_instance(home)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    return translation


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


def filled(translation, client, **overrides) -> str:
    """The downloaded PO file with every string translated; ``overrides`` by msgid."""
    english = {
        "Regionalmanagement Nordthüringen": "North Thuringia Regional Management",
        'Mehr zu <a id="a1">unseren Projekten</a> und <b>Fördermitteln</b>.': (
            'More about <a id="a1">our projects</a> and <b>funding</b>.'
        ),
        "Noch %(anzahl)s Plätze frei.": "%(anzahl)s places left.",
    }
    po = download_po(client, translation)
    for entry in po:
        entry.msgstr = overrides.get(entry.msgid, english.get(entry.msgid, entry.msgid))
    return str(po)


def stored(translation) -> dict[str, str]:
    return dict(
        StringTranslation.objects.filter(locale=translation.target_locale).values_list(
            "translation_of__data", "data"
        )
    )


def test_good_file_is_imported(translation, translator_client):
    response = upload_po(translator_client, translation, filled(translation, translator_client))
    assert response.status_code == 200
    assert stored(translation)["Noch %(anzahl)s Plätze frei."] == "%(anzahl)s places left."
    assert not any("nicht importiert" in m for m in messages_of(response))


def refused(client, translation, content, expected: list[str]) -> None:
    before = stored(translation)
    response = upload_po(client, translation, content)
    messages = messages_of(response)
    assert len(messages) == 1, messages
    for part in expected:
        assert part in messages[0], (part, messages[0])
    assert stored(translation) == before, "a refused upload must not change the database"


def test_file_of_another_page_is_refused_by_name(translation, translator_client, home, en_home):
    from tests.plugins.events.models import EventPage

    other_page = home.add_child(
        instance=EventPage(title="Regionalforum", slug="forum", start="2026-05-12")
    )
    other_source, _ = TranslationSource.get_or_create_from_instance(other_page)
    other = Translation.objects.create(source=other_source, target_locale=en_home.locale)
    other_po = str(other.export_po())
    refused(
        translator_client,
        translation,
        other_po,
        ["„Regionalforum“ nach Englisch", "nicht zur Übersetzung von „Regionalmanagement"],
    )


def test_file_without_translation_id_is_refused(translation, translator_client):
    content = filled(translation, translator_client).replace(
        "X-WagtailLocalize-TranslationID", "X-Other"
    )
    refused(translator_client, translation, content, ["keine Übersetzungskennung"])


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda po: po.replace('msgstr "%(anzahl)s places left."', 'msgstr "places left'), "Zeile"),
        (lambda po: po + "\nthis is not a po line\n", "unbekannte Angabe"),
        (lambda po: po.replace("msgstr", "msgtsr", 1), "Syntaxfehler in Zeile"),
        (lambda po: po.encode("utf-16"), "UTF-8"),
    ],
    ids=["unterminated-string", "garbage-line", "misspelt-keyword", "wrong-encoding"],
)
def test_broken_syntax_is_refused_with_the_line(translation, translator_client, breakage, expected):
    content = breakage(filled(translation, translator_client))
    refused(translator_client, translation, content, [expected])


def flagged(client, translation, content, msgid: str, expected: list[str]) -> None:
    """The upload is imported; ``msgid``'s string is stored flagged, named with its line, and
    the English page keeps the German text for it."""
    response = upload_po(client, translation, content)
    messages = messages_of(response)
    assert not any("nicht importiert" in m for m in messages), messages
    warning = next(m for m in messages if "gespeichert, aber markiert" in m)
    for part in ["Zeile", f"„{msgid[:40]}", *expected]:
        assert part in warning, (part, warning)
    string = StringTranslation.objects.get(
        locale=translation.target_locale, translation_of__data=msgid
    )
    assert string.has_error
    for part in expected:
        assert part in string.field_error, (part, string.field_error)
    assert stored(translation)["Regionalmanagement Nordthüringen"] == (
        "North Thuringia Regional Management"
    ), "the file's other strings are imported"


def test_altered_placeholder_is_flagged_naming_the_string(translation, translator_client, en_home):
    content = filled(
        translation, translator_client, **{"Noch %(anzahl)s Plätze frei.": "%(count)s places left."}
    )
    flagged(
        translator_client,
        translation,
        content,
        "Noch %(anzahl)s Plätze frei.",
        ["fehlt: %(anzahl)s", "neu: %(count)s"],
    )
    translation.save_target(publish=False)
    english = Page.objects.get(pk=en_home.pk).specific.get_latest_revision_as_object()
    assert "Noch %(anzahl)s Plätze frei." in english.intro


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("More about our projects and <b>funding</b>.", 'fehlt: </a> <a id="a1">'),
        ('More about <a id="a2">our projects</a> and <b>funding</b>.', 'neu: <a id="a2">'),
        ('More about <a id="a1">our projects</a> and <b>funding.', "fehlt: </b>"),
        (
            'More <a href="https://evil.example" id="a1">projects</a> and <b>funding</b>.',
            "href",
        ),
    ],
    ids=["link-removed", "link-renamed", "tag-unclosed", "attribute-added"],
)
def test_altered_html_tags_are_flagged_naming_the_string(
    translation, translator_client, english, expected
):
    msgid = 'Mehr zu <a id="a1">unseren Projekten</a> und <b>Fördermitteln</b>.'
    content = filled(translation, translator_client, **{msgid: english})
    flagged(translator_client, translation, content, msgid, ["HTML-Tags verändert", expected])


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "data:,x"]
)
def test_unsafe_link_target_is_flagged_by_the_url_rule_and_never_used(
    translation, translator_client, target, en_home
):
    msgid = 'Mehr zu <a id="a1">unseren Projekten</a> und <b>Fördermitteln</b>.'
    english = f'More about <a id="a1" href="{target}">our projects</a> and <b>funding</b>.'
    content = filled(translation, translator_client, **{msgid: english})
    flagged(
        translator_client,
        translation,
        content,
        msgid,
        ["Nur Adressen mit http, https, mailto, tel oder relative Pfade sind erlaubt"],
    )
    translation.save_target(publish=False)
    english_page = Page.objects.get(pk=en_home.pk).specific.get_latest_revision_as_object()
    link = BeautifulSoup(english_page.intro, "html.parser").find("a")
    assert link.attrs == {
        "linktype": "page",
        "id": str(translation.source.get_source_instance().id),
    }
    assert "avascript" not in english_page.intro and "data:" not in english_page.intro


def test_changed_source_text_is_refused(translation, translator_client):
    content = filled(translation, translator_client).replace(
        'msgid "Noch %(anzahl)s Plätze frei."', 'msgid "Noch %(anzahl)s Plätze."'
    )
    refused(translator_client, translation, content, ["Ausgangstext wurde verändert"])


def test_missing_file_is_refused(translation, translator_client):
    response = translator_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.id]), {}, follow=True
    )
    assert messages_of(response) == ["Bitte eine PO-Datei auswählen."]


def test_editor_without_english_rights_may_not_upload(translation, client, editor):
    client.force_login(editor)
    good = str(translation.export_po()).replace('msgstr ""\n\n', 'msgstr "x"\n\n')
    before = stored(translation)
    upload = io.BytesIO(good.encode())
    upload.name = "translation.po"
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.id]), {"file": upload}
    )
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert stored(translation) == before


def test_oversized_file_is_refused(translation, translator_client):
    content = filled(translation, translator_client) + "#" * (6 * 1024 * 1024)
    refused(translator_client, translation, content, ["zu groß"])


def test_path_as_content_is_never_read_as_a_file(translation):
    with pytest.raises(PoFileRejected):
        check_po_upload(translation, b"/etc/passwd")


def test_translated_page_keeps_using_source_links(translation, translator_client, en_home):
    """After an accepted import the English page renders the German link target."""
    upload_po(translator_client, translation, filled(translation, translator_client))
    translation.save_target(publish=False)
    english = Page.objects.get(pk=en_home.pk).specific.get_latest_revision_as_object()
    link = BeautifulSoup(english.intro, "html.parser").find("a")
    assert link.text == "our projects"
    assert link.attrs == {
        "linktype": "page",
        "id": str(translation.source.get_source_instance().id),
    }
