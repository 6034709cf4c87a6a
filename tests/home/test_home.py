"""The home plugin: start page fields and rules, navigation and footer snippets."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from cms.plugin.demo import stream
from home.models import Footer, HomePage, Navigation
from tests.projekte import factories


def test_home_page_sits_only_at_the_root(home):
    assert HomePage.allowed_parent_page_models() == [Page]
    assert not HomePage.can_create_at(home)
    # One start page per locale: further languages come as translations, not as new pages.
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_home_hero_image_needs_alt_text_to_publish(home):
    home.hero_image = factories.ImageFactory(description="")
    home.hero_alt_text = ""
    with pytest.raises(ValidationError) as exc:
        home.save_revision()
    assert "Alternativtext" in exc.value.message_dict["hero_alt_text"][0]


def test_home_api_fields_cover_hero_body_and_featured_projects():
    names = {field.name for field in HomePage.api_fields}
    assert {
        "hero_title",
        "intro",
        "hero_image",
        "body",
        "featured_projects",
    } <= names
    assert set(HomePage.api_card_fields) <= names


def test_featured_projects_accept_projects_only(home):
    block = HomePage._meta.get_field("featured_projects").stream_block.child_blocks["project"]
    assert block.target_model.__name__ == "ProjectPage"


def test_featured_projects_skip_unpublished_projects(home):
    index = factories.ProjectIndexPageFactory(parent=home)
    shown = factories.ProjectPageFactory(parent=index)
    hidden = factories.ProjectPageFactory(parent=index)
    home.featured_projects = stream([("project", shown.pk), ("project", hidden.pk)])
    home.save_revision().publish()
    hidden.unpublish()
    home = HomePage.objects.get(pk=home.pk)
    output = home.featured_projects.stream_block.get_api_representation(home.featured_projects)
    assert [item["value"] for item in output] == [shown.pk]


def test_navigation_is_one_per_language(locales):
    Navigation.objects.create(locale=locales["de"])
    second = Navigation(locale=locales["de"])
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert exc.value.messages == [
        "Für diese Sprache gibt es bereits einen Eintrag; bitte bearbeiten Sie diesen."
    ]
    Navigation(locale=locales["en"]).full_clean()


def test_footer_falls_back_to_german(locales):
    german = Footer.objects.create(locale=locales["de"], copyright="© Regionalmanagement")
    assert Footer.for_locale(locales["en"]) == german
    english = german.copy_for_translation(locales["en"])
    english.save()
    assert Footer.for_locale(locales["en"]) == english


def test_menu_items_need_a_target(locales):
    nav = Navigation(
        locale=locales["de"],
        main_menu=stream(
            [
                (
                    "item",
                    {
                        "link": {"label": "Leer", "page": None, "document": None, "url": ""},
                        "children": [],
                    },
                )
            ]
        ),
    )
    field = Navigation._meta.get_field("main_menu")
    with pytest.raises(ValidationError) as exc:
        field.stream_block.clean(nav.main_menu)
    assert "Bitte wählen Sie ein Ziel" in str(exc.value.as_json_data())
