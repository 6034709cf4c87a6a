"""One check for every translated string, on every write path (cms.translation.validation).

The translation editor, PO uploads, machine translation and ``adopt_translations`` judge a
translated string the same way: placeholders and inline tags of the German source stay, a
string that breaks them is stored flagged and the page keeps the German text for it. A PO file
the system exported imports again unchanged; fuzzy PO entries are never imported as final.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from cms.translation.validation import placeholder_problem, tag_problem, translation_problems
from tests.translation.helpers import download_po, messages_of, upload_po

pytestmark = pytest.mark.django_db

LINKED = 'Mehr zu <a id="a1">unseren Projekten</a>.'
COUNTED = "Förderjahr {jahr}: noch %(anzahl)s Plätze frei."
INTRO = f'<p>Mehr zu <a linktype="page" id="HOME">unseren Projekten</a>.</p><p>{COUNTED}</p>'


@pytest.fixture
def translation(home, en_home):
    home.intro = INTRO.replace("HOME", str(home.id))
    home.save_revision().publish()
    source, _ = TranslationSource.update_or_create_from_instance(home)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    return translation


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


def segment(translation, text: str) -> StringSegment:
    return StringSegment.objects.get(source=translation.source, string__data=text)


def put(client, translation, text: str, value: str):
    """The translation editor's request when a translator saves the string ``text``."""
    url = reverse(
        "wagtail_localize:edit_string_translation",
        args=[translation.id, segment(translation, text).id],
    )
    return client.put(
        url, data=f"value={quote(value, safe='')}", content_type="application/x-www-form-urlencoded"
    )


def stored(translation, text: str) -> StringTranslation | None:
    return StringTranslation.objects.filter(
        translation_of__data=text, locale=translation.target_locale
    ).first()


def all_stored(translation) -> dict[str, tuple[str, bool, str]]:
    return {
        st.translation_of.data: (st.data, st.has_error, st.field_error)
        for st in StringTranslation.objects.filter(locale=translation.target_locale)
        .select_related("translation_of")
        .order_by("pk")
    }


def english_intro(translation) -> BeautifulSoup:
    translation.save_target(publish=False)
    page = translation.get_target_instance().specific.get_latest_revision_as_object()
    return BeautifulSoup(page.intro, "html.parser")


# --- Placeholders in the translation editor ---------------------------------------------------


@pytest.mark.parametrize(
    ("english", "missing", "extra"),
    [
        ("Funding year: %(anzahl)s places left.", "fehlt: {jahr}", "neu: –"),
        ("Funding year {year}: %(anzahl)s places left.", "fehlt: {jahr}", "neu: {year}"),
        ("Funding year {jahr}: %(count)s places left.", "fehlt: %(anzahl)s", "neu: %(count)s"),
        ("Funding year {jahr}: places left.", "fehlt: %(anzahl)s", "neu: –"),
    ],
    ids=["brace-dropped", "brace-renamed", "percent-renamed", "percent-dropped"],
)
def test_editor_flags_a_changed_placeholder_in_german(
    translation, translator_client, english, missing, extra
):
    response = put(translator_client, translation, COUNTED, english)
    assert response.status_code in (200, 201)
    error = response.json()["error"]
    assert error and "Platzhalter verändert" in error and missing in error and extra in error
    string = stored(translation, COUNTED)
    assert string.data == english, "the translator's text is kept for correction"
    assert string.has_error and "Platzhalter verändert" in string.field_error
    paragraphs = english_intro(translation).find_all("p")
    assert paragraphs[1].text == COUNTED, "the page keeps the German text until it is fixed"


def test_editor_accepts_placeholders_in_another_order(translation, translator_client):
    english = "%(anzahl)s places left in funding year {jahr}."
    response = put(translator_client, translation, COUNTED, english)
    assert response.json()["error"] is None
    assert not stored(translation, COUNTED).has_error
    assert english_intro(translation).find_all("p")[1].text == english


def test_fixing_a_placeholder_clears_the_flag(translation, translator_client):
    put(translator_client, translation, COUNTED, "Funding year: places left.")
    response = put(translator_client, translation, COUNTED, "Year {jahr}: %(anzahl)s places.")
    assert response.json()["error"] is None
    string = stored(translation, COUNTED)
    assert not string.has_error and string.field_error == ""


# --- Round trip: editor save → PO download → PO upload ----------------------------------------


def test_exported_file_with_a_lost_link_imports_unchanged(translation, translator_client):
    response = put(translator_client, translation, LINKED, "More about our projects.")
    assert "HTML-Tags verändert" in response.json()["error"], "accepted with a warning"
    put(translator_client, translation, COUNTED, "Year {jahr}: %(anzahl)s places left.")
    before = all_stored(translation)

    exported = download_po(translator_client, translation)
    response = upload_po(translator_client, translation, str(exported))

    messages = messages_of(response)
    assert not any("nicht importiert" in m for m in messages), messages
    assert "Die Übersetzungen aus der PO-Datei wurden importiert." in messages
    assert any(f"Zeile {_line_of(exported, LINKED)}" in m for m in messages), messages
    assert all_stored(translation) == before, "re-importing an export changes nothing"
    link = english_intro(translation).find("a")
    assert link.text == "unseren Projekten" and link.attrs["linktype"] == "page"


def test_flagged_string_is_exported_as_needs_work(translation, translator_client):
    put(translator_client, translation, LINKED, "More about our projects.")
    put(translator_client, translation, COUNTED, "Year {jahr}: %(anzahl)s places left.")
    po = download_po(translator_client, translation)
    linked = next(e for e in po if e.msgid == LINKED)
    counted = next(e for e in po if e.msgid == COUNTED)
    assert linked.fuzzy and "HTML-Tags verändert" in linked.tcomment
    assert linked.msgstr == "More about our projects.", "the translator's text is kept"
    assert not counted.fuzzy and not counted.tcomment

    linked.msgstr = 'More about <a id="a1">our projects</a>.'
    linked.flags.remove("fuzzy")  # what a PO editor does when the entry is corrected
    response = upload_po(translator_client, translation, str(po))
    assert not any("ungenau" in m or "markiert;" in m for m in messages_of(response))
    string = stored(translation, LINKED)
    assert string.data == linked.msgstr and not string.has_error
    assert english_intro(translation).find("a").text == "our projects"


def test_exported_file_with_a_broken_placeholder_imports_unchanged(translation, translator_client):
    put(translator_client, translation, COUNTED, "Funding year: places left.")
    before = all_stored(translation)
    response = upload_po(
        translator_client, translation, str(download_po(translator_client, translation))
    )
    assert not any("nicht importiert" in m for m in messages_of(response))
    assert all_stored(translation) == before


def test_editor_and_po_upload_judge_a_string_alike(translation, translator_client, client):
    """The same text flagged the same way, with the same German message, on both paths."""
    english = "Funding year {year}: places left."
    put(translator_client, translation, COUNTED, english)
    via_editor = all_stored(translation)[COUNTED]
    StringTranslation.objects.filter(locale=translation.target_locale).delete()

    po = download_po(translator_client, translation)
    next(e for e in po if e.msgid == COUNTED).msgstr = english
    response = upload_po(translator_client, translation, str(po))
    via_po = all_stored(translation)[COUNTED]
    assert via_po == via_editor
    assert via_po[1] and "Platzhalter verändert" in via_po[2]
    assert any("fehlt: %(anzahl)s, {jahr}" in m for m in messages_of(response))


def _line_of(po, msgid: str) -> int:
    """The first line of ``msgid``'s entry (its flags or ``msgctxt``) in ``str(po)``."""
    lines = str(po).splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith("msgid ") and msgid in line.replace('\\"', '"'):
            while number > 1 and lines[number - 2].strip():
                number -= 1
            return number
    raise AssertionError(msgid)


# --- Fuzzy entries ("needs work") -------------------------------------------------------------


def _fill(po, english: dict[str, str], fuzzy: set[str] = frozenset()):
    for entry in po:
        if entry.msgid in english:
            entry.msgstr = english[entry.msgid]
            if entry.msgid in fuzzy:
                entry.flags.append("fuzzy")
    return po


ENGLISH = {
    "Regionalmanagement Nordthüringen": "North Thuringia Regional Management",
    LINKED: 'More about <a id="a1">our projects</a>.',
    COUNTED: "Funding year {jahr}: %(anzahl)s places left.",
}


def test_fuzzy_entry_is_not_imported_and_named(translation, translator_client):
    po = _fill(download_po(translator_client, translation), ENGLISH, fuzzy={COUNTED})
    content = str(po)
    response = upload_po(translator_client, translation, content)
    messages = messages_of(response)
    assert stored(translation, COUNTED) is None, "a fuzzy entry is no final translation"
    assert stored(translation, LINKED).data == ENGLISH[LINKED], "the rest is imported"
    fuzzy_message = next(m for m in messages if "ungenau" in m)
    assert f"Zeile {_line_of(content, COUNTED)}" in fuzzy_message
    assert "Förderjahr {jahr}" in fuzzy_message
    assert english_intro(translation).find_all("p")[1].text == COUNTED


def test_fuzzy_entry_keeps_the_previous_translation(translation, translator_client):
    upload_po(
        translator_client,
        translation,
        str(_fill(download_po(translator_client, translation), ENGLISH)),
    )
    po = download_po(translator_client, translation)
    po = _fill(po, {COUNTED: "Year {jahr}: %(anzahl)s places (draft)."}, fuzzy={COUNTED})
    response = upload_po(translator_client, translation, str(po))
    assert stored(translation, COUNTED).data == ENGLISH[COUNTED]
    assert any("ungenau" in m for m in messages_of(response))


def test_file_without_fuzzy_entries_has_no_fuzzy_message(translation, translator_client):
    po = _fill(download_po(translator_client, translation), ENGLISH)
    response = upload_po(translator_client, translation, str(po))
    assert not any("ungenau" in m for m in messages_of(response))
    assert stored(translation, COUNTED).data == ENGLISH[COUNTED]


# --- Machine translation and adopt_translations: the same check -------------------------------


class LossyTranslator(BaseMachineTranslator):
    """Behaves like a real machine translator that drops markup: placeholders and tags lost."""

    display_name = "Lossy"

    def translate(self, source_locale, target_locale, strings):
        return {
            string: StringValue.from_plaintext(
                BeautifulSoup(string.data, "html.parser").get_text().replace("{jahr}", "")
            )
            for string in strings
        }

    def can_translate(self, source_locale, target_locale):
        return True


@override_settings(
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR={
        "CLASS": "tests.translation.test_string_checks.LossyTranslator",
        "OPTIONS": {},
    }
)
def test_machine_translation_is_checked_alike(translation, translator_client):
    response = translator_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.id]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    linked, counted = stored(translation, LINKED), stored(translation, COUNTED)
    assert linked.has_error and "HTML-Tags verändert" in linked.field_error
    assert counted.has_error and "fehlt: {jahr}" in counted.field_error
    intro = english_intro(translation)
    assert intro.find("a").attrs["linktype"] == "page"
    assert intro.find_all("p")[1].text == COUNTED


def test_adopt_translations_leaves_english_with_other_placeholders_alone(home, en_home):
    from tests.translation.test_adopt import project_pair

    german, english = project_pair(home, en_home, english_teaser="Small projects are funded.")
    german.teaser = "Noch %(anzahl)s kleine Projekte werden gefördert."
    german.save_revision().publish()
    english.teaser = "Small projects are funded."
    english.save_revision().publish()
    out = io.StringIO()
    call_command("adopt_translations", stdout=out)
    assert "Regionalbudget → en: nicht übernommen, 1 Texte passen" in out.getvalue()
    assert not Translation.objects.filter(source__object_id=german.translation_key).exists()


# --- The check itself -----------------------------------------------------------------------


def test_the_check_ignores_order_and_quote_style():
    assert tag_problem('<a id="a1">x</a> <b>y</b>', "<b>y</b> <a id='a1'>x</a>") is None
    assert tag_problem("a<br>b", "a<br/>b") is None
    assert placeholder_problem("{name} und %(n)s", "%(n)s and {name}") is None
    assert placeholder_problem("%s Seiten", "pages") is not None


def test_the_check_names_every_problem_in_german():
    problems = translation_problems(
        'Noch %(anzahl)s <a id="a1">Plätze</a>', '<a id="a1" href="javascript:x">places</a>'
    )
    assert len(problems) == 3
    assert problems[0].startswith("Die Adresse „javascript:x“ ist nicht erlaubt.")
    assert problems[1] == "Platzhalter verändert (fehlt: %(anzahl)s; neu: –)."
    assert problems[2].startswith("HTML-Tags verändert")
    assert translation_problems(LINKED, "") == []
