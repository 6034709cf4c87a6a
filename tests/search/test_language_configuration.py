"""A search language is configuration: every language of ``WAGTAIL_CONTENT_LANGUAGES`` has its own
documents, analysis and engine fields, with no code naming it (issue 17, part B)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from search import indexing
from search.models import SearchDocument, Synonym

from .conftest import add_project, search_ids
from .test_languages import bilingual  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

FRENCH = ("fr", "Français")
#: Slovenian: neither Snowball nor the engines ship an analyser for it.
SLOVENIAN = ("sl", "Slovenščina")


def configure(settings, *extra):
    """Add content languages as a site would: in its settings (and a locale each)."""
    from wagtail.models import Locale

    settings.LANGUAGES = [*settings.LANGUAGES, *extra]
    settings.WAGTAIL_CONTENT_LANGUAGES = [*settings.WAGTAIL_CONTENT_LANGUAGES, *extra]
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in extra}


def translate(page, locale, title, teaser):
    """A published translation of ``page`` in ``locale`` with its own title and teaser, indexed."""
    copy = page.copy_for_translation(locale, copy_parents=True)
    copy.title = title
    copy.teaser = teaser
    copy.save_revision().publish()
    indexing.index_page(copy.pk)
    return copy


@pytest.fixture
def trilingual(settings, project_index):
    """A German project with a French and a Slovenian translation (languages added in settings)."""
    added = configure(settings, FRENCH, SLOVENIAN)
    german = add_project(
        project_index,
        "Schule trifft Wirtschaft",
        "Betriebe kommen in die Schulen.",
    )
    german = type(german).objects.get(pk=german.pk)
    french = translate(
        german,
        added["fr"],
        "L'école rencontre l'entreprise",
        "Les entreprises accueillent des apprentis dans les écoles.",
    )
    slovenian = translate(
        german,
        added["sl"],
        "Šola sreča gospodarstvo",
        "Podjetja prihajajo v šole.",
    )
    return {"de": german, "fr": french, "sl": slovenian}


def test_a_configured_language_has_its_own_documents(trilingual):
    languages_of = dict(
        SearchDocument.objects.filter(pk__in=[page.pk for page in trilingual.values()]).values_list(
            "pk", "language"
        )
    )
    assert languages_of == {page.pk: code for code, page in trilingual.items()}


def test_a_third_language_never_matches_another_languages_query(trilingual):
    for word in ("entreprises", "apprentis", "Podjetja"):
        assert search_ids(word, "de") == [], word
        assert search_ids(word, "en") == [], word
    assert search_ids("Betriebe", "fr") == [] and search_ids("Betriebe", "sl") == []


def test_a_third_language_is_searched_with_its_own_stemmer(trilingual):
    """French Snowball: „entreprise“ finds „entreprises“, „apprenti“ finds „apprentis“."""
    from search import analysis

    assert analysis.terms("apprenti", "fr") == analysis.terms("apprentis", "fr") == ["apprent"]
    assert search_ids("entreprise", "fr") == [trilingual["fr"].pk]
    assert search_ids("apprenti", "fr") == [trilingual["fr"].pk]
    german = search_ids("Schulen", "de")
    assert trilingual["de"].pk in german and trilingual["fr"].pk not in german


def test_a_language_without_an_analyser_matches_words_as_written(trilingual):
    """Slovenian has no stemmer: the exact word (case and accents folded) matches, and only in
    Slovenian."""
    assert search_ids("podjetja", "sl") == [trilingual["sl"].pk]
    assert search_ids("sola", "sl") == [trilingual["sl"].pk]
    from search import languages

    assert languages.analysis_for("sl").snowball is None
    assert languages.analysis_for("sl").engine == {"analyzer": "cms_standard"}


def test_each_language_has_engine_fields_with_its_analyser(settings):
    from search.models import EXACT_SUBFIELD, LanguageField

    configure(settings, FRENCH, SLOVENIAN)
    fields = {}
    for f in SearchDocument.get_search_fields():
        if isinstance(f, LanguageField):
            extra = dict(f.kwargs["es_extra"])
            # Every language field has the words as written beside (search.engine.EXACT_BOOST).
            assert extra.pop("fields") == {"exact": EXACT_SUBFIELD}, f.field_name
            # Offsets for the highlighter (search.engine.search_body).
            assert extra.pop("index_options") == "offsets", f.field_name
            fields[f.field_name] = extra
    assert fields == {
        **dict.fromkeys(
            ["title_de", "teaser_de", "body_de"],
            {"analyzer": "cms_german", "search_analyzer": "cms_german_search"},
        ),
        **dict.fromkeys(["title_en", "teaser_en", "body_en"], {"analyzer": "cms_english"}),
        **dict.fromkeys(["title_fr", "teaser_fr", "body_fr"], {"analyzer": "french"}),
        **dict.fromkeys(["title_sl", "teaser_sl", "body_sl"], {"analyzer": "cms_standard"}),
    }


def test_an_engine_analyser_can_be_named_in_settings(settings):
    """For a language an engine plugin analyses (Polish: analysis-stempel)."""
    configure(settings, ("pl", "Polski"))
    settings.CMS_SEARCH_ENGINE_ANALYZERS = {"pl": {"analyzer": "polish"}}
    from search import languages

    analysis = languages.analysis_for("pl")
    assert analysis.engine == {"analyzer": "polish"} and analysis.dedicated
    assert analysis.snowball == "polish"


def test_a_language_field_holds_text_of_its_own_language_only(trilingual):
    from search.models import LanguageField

    french = SearchDocument.objects.get(pk=trilingual["fr"].pk)
    values = {
        f.field_name: f.get_value(french)
        for f in SearchDocument.get_search_fields()
        if isinstance(f, LanguageField)
    }
    assert values["title_fr"] == "L'école rencontre l'entreprise"
    assert "apprentis" in values["teaser_fr"]
    assert {name for name, value in values.items() if value} == {
        "title_fr",
        "teaser_fr",
        "body_fr",
    }


def test_synonyms_offer_every_configured_language(settings):
    configure(settings, FRENCH)
    field = Synonym._meta.get_field("language")
    assert [code for code, _name in field.choices] == ["de", "en", "fr"]
    assert Synonym(words="a, b").language == "de"


def test_french_synonyms_apply_to_french_searches(trilingual):
    Synonym.objects.create(language="fr", words="apprentissage, apprentis")
    assert search_ids("apprentissage", "fr") == [trilingual["fr"].pk]
    assert search_ids("apprentissage", "de") == []


def test_the_start_up_checks_note_languages_without_an_analyser(settings, capsys):
    configure(settings, FRENCH, SLOVENIAN)
    from search.checks import languages as check

    messages = check()
    assert [m.id for m in messages] == ["cms_search.I001"]
    assert "sl (" in messages[0].msg and "fr" not in messages[0].msg
    call_command("check")
    assert "cms_search.I001" in capsys.readouterr().err


def test_unknown_codes_fall_back_to_the_source_language(settings):
    from search import languages

    assert languages.language_of("de-AT") == "de"
    assert languages.language_of("en_GB") == "en"
    assert languages.language_of("fr") == "de"
    configure(settings, FRENCH)
    assert languages.language_of("fr-CA") == "fr"


@pytest.fixture
def translated_media(bilingual, locales):  # noqa: F811 - the imported fixture
    """The English texts of the image and document the bilingual project shows (as translators
    enter them: the API's per-locale texts), added after the page was indexed."""
    from cms.models import CmsDocument, CmsImage, DocumentText, ImageText

    image = CmsImage.objects.get(title="Unternehmensvorstellung")
    document = CmsDocument.objects.get(title="Sitzungsniederschrift Zukunftsforum")
    ImageText.objects.create(
        image=image,
        locale=locales["en"],
        title="Company presentation",
        alt="A trainer and his apprentices in front of a class",
        caption="Mr Teichmann explains his trade to the pupils",
    )
    DocumentText.objects.create(
        document=document, locale=locales["en"], title="Minutes of the future forum"
    )
    return bilingual


def test_a_page_is_indexed_with_the_media_texts_of_its_locale(translated_media):
    """English captions and document titles find the English page (and only it); the German
    ones still find only the German page."""
    english, german = translated_media["en"].pk, translated_media["de"].pk
    for word in ("pupils", "presentation", "Minutes"):
        assert search_ids(word, "en") == [english], word
        assert search_ids(word, "de") == [], word
    for word in ("Schülern", "Unternehmensvorstellung", "Sitzungsniederschrift"):
        assert search_ids(word, "en") == [], word
        assert german in search_ids(word, "de"), word
