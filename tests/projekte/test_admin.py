"""Through the Wagtail admin: drafts may lack alt text, publishing may not; errors are German."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from projekte.models import ProjectPage
from tests.projekte import factories


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    client.force_login(user)
    return client


def project_data(**overrides):
    data = {
        "title": "Schule trifft Wirtschaft",
        "slug": "schule-trifft-wirtschaft",
        "teaser": "Unternehmen der Region kommen zu den Schulen.",
        "status": "running",
        "start_date": "2019-09-01",
        "end_date": "",
        "hero_alt_text": "",
        "hero_caption": "",
        "hero_credit": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "body": streamfield([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("projekte", "projectpage", parent.pk))


def test_publishing_a_hero_image_without_alt_text_is_refused(admin_client, sections):
    image = factories.ImageFactory(description="")
    data = project_data(hero_image=image.pk)
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(sections["projects"]), data)
    assert response.status_code == 200
    assert not ProjectPage.objects.exists()
    form = response.context["form"]
    assert "Alternativtext" in form.errors["hero_alt_text"][0]


def test_a_draft_without_alt_text_may_be_saved(admin_client, sections):
    image = factories.ImageFactory(description="")
    response = admin_client.post(add_url(sections["projects"]), project_data(hero_image=image.pk))
    assert response.status_code == 302
    page = ProjectPage.objects.get()
    assert not page.live


def test_image_block_without_alt_text_is_refused_on_publish(admin_client, sections):
    image = factories.ImageFactory(description="")
    body = streamfield(
        [("image", {"image": image.pk, "alt_text": "", "caption": "", "credit": ""})]
    )
    data = project_data(body=body)
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(sections["projects"]), data)
    assert response.status_code == 200
    assert not ProjectPage.objects.exists()
    assert "Alternativtext" in response.content.decode()


def test_end_before_start_is_a_german_error_on_the_field(admin_client, sections):
    data = project_data(start_date="2024-05-01", end_date="2024-04-01")
    data["action-publish"] = "action-publish"
    response = admin_client.post(add_url(sections["projects"]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "Das Ende des Projekts darf nicht vor seinem Beginn liegen."
    ]


@pytest.mark.parametrize(
    ("model", "parent_key", "help_text"),
    [
        ("projectpage", "projects", "höchstens 300 Zeichen"),
        ("documentpage", "documents", "PDF bevorzugt"),
        ("partnerpage", "partners", "Region, Ministerium/Behörde"),
    ],
)
def test_add_views_render_in_german(admin_client, sections, model, parent_key, help_text):
    url = reverse("wagtailadmin_pages:add", args=("projekte", model, sections[parent_key].pk))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert help_text in response.content.decode()


def test_index_and_home_edit_views_render(admin_client, sections, home):
    for page in (home, *sections.values()):
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, page


@pytest.mark.parametrize(
    "model",
    [
        "projekte.Topic",
        "projekte.Place",
        "projekte.FundingProgramme",
        "home.Navigation",
        "home.Footer",
    ],
)
def test_snippet_add_views_render(admin_client, locales, model):
    from django.apps import apps
    from wagtail.snippets.models import get_snippet_models

    snippet = apps.get_model(model)
    assert snippet in get_snippet_models()
    response = admin_client.get(
        snippet.snippet_viewset.get_url_name("add")
        and reverse(snippet.snippet_viewset.get_url_name("add")) + "?locale=de"
    )
    assert response.status_code == 200


def test_project_form_offers_only_objects_in_the_page_language(admin_client, sections, locales):
    german = factories.TopicFactory(name="Strukturwandel")
    german.copy_for_translation(locales["en"]).save()
    response = admin_client.get(add_url(sections["projects"]))
    form = response.context["form"]
    assert list(form.fields["topics"].queryset) == [german]
