"""The URL rule (``cms.content.safe_urls``): http, https, mailto, tel or relative, on every write path."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.content.safe_urls import (
    is_safe_url,
    strip_unsafe_links,
    unsafe_links,
    validate_safe_url,
)

RULE = "Nur Adressen mit http, https, mailto, tel oder relative Pfade sind erlaubt"

UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x00\x01javascript:alert(1)",
    "\tjava\nscript:alert(1)",
    "java\u200bscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&#x3A;alert(1)",
    "&amp;#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "%6Aavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://ftp.example.org/",
]
SAFE = [
    "",
    None,
    "https://www.nordthueringen.de/projekte/",
    "HTTP://example.org",
    "mailto:info@example.org",
    "tel:+49 3631 123",
    "/projekte/regionalbudget/",
    "../kontakt/",
    "kontakt/",
    "#anker",
    "?seite=2&typ=a:b",
    "//cdn.example.org/bild.jpg",
    "/pfad:mit:doppelpunkt",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_urls_are_refused_in_every_spelling(url):
    assert not is_safe_url(url)
    with pytest.raises(ValidationError) as exc:
        validate_safe_url(url)
    assert RULE in exc.value.messages[0]


@pytest.mark.parametrize("url", SAFE)
def test_safe_urls_pass(url):
    assert is_safe_url(url)
    validate_safe_url(url)


def test_links_in_html_are_found_and_stripped():
    html = (
        '<p><a href="https://example.org/">gut</a> <a href="JaVaScRiPt:alert(1)">böse</a> '
        "<a href=&#106;avascript:alert(2)>auch</a> <img src='data:image/png;base64,AA'></p>"
    )
    assert unsafe_links(html) == [
        "JaVaScRiPt:alert(1)",
        "javascript:alert(2)",
        "data:image/png;base64,AA",
    ]
    cleaned = strip_unsafe_links(html)
    assert "javascript" not in cleaned.lower() and "data:" not in cleaned
    assert '<a href="https://example.org/">gut</a>' in cleaned and ">böse</a>" in cleaned
    safe = '<p><a href="/x/">x</a></p>'
    assert strip_unsafe_links(safe) is safe


# --- Write paths -------------------------------------------------------------------------------


def cta(url: str, block_id: str = "cta") -> dict:
    return {
        "type": "call_to_action",
        "id": block_id,
        "value": {
            "title": "Mitmachen",
            "text": "",
            "link": {"label": "Jetzt", "page": None, "document": None, "url": url},
        },
    }


@pytest.mark.django_db
def test_page_model_refuses_a_new_unsafe_link_on_every_save(home):
    home.body = [cta("javascript:alert(1)")]
    for save in (home.save_revision, home.save):
        with pytest.raises(ValidationError) as exc:
            save()
        assert RULE in exc.value.message_dict["body"][0]
    home.refresh_from_db()
    home.intro = '<p><a href="vbscript:msgbox(1)">x</a></p>'
    with pytest.raises(ValidationError) as exc:
        home.save_revision()
    assert "intro" in exc.value.message_dict


@pytest.mark.django_db
def test_a_link_stored_before_the_rule_does_not_block_other_work(home):
    from home.models import HomePage

    home.body = [cta("https://example.org/")]
    home.save_revision().publish()
    raw = [cta("javascript:alert(1)")]
    HomePage.objects.filter(pk=home.pk).update(body=raw)  # as stored before the rule existed
    home.refresh_from_db()
    home.title = "Neuer Titel"
    home.save_revision().publish()  # the old target is not new: no error
    home.body = [cta("javascript:alert(1)"), cta("data:text/html,x", "second")]
    with pytest.raises(ValidationError) as exc:
        home.save()
    assert "data:text/html,x" in exc.value.message_dict["body"][0]


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    return client


def project_form(body) -> dict:
    data = nested_form_data(
        {
            "title": "Windpark",
            "slug": "windpark",
            "teaser": "Ein Projekt.",
            "status": "running",
            "start_date": "2025-01-01",
            "end_date": "",
            "hero_alt_text": "",
            "hero_caption": "",
            "hero_credit": "",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "body": body,
        }
    )
    data["action-publish"] = "action-publish"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://ftp.example.org/"])
def test_page_editor_refuses_unsafe_link_targets(admin_client, home, url):
    from projekte.models import ProjectIndexPage, ProjectPage

    index = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte"))
    body = streamfield(
        [
            (
                "call_to_action",
                {
                    "title": "Mitmachen",
                    "text": "",
                    "link": {"label": "Jetzt", "page": "", "document": "", "url": url},
                },
            )
        ]
    )
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("projekte", "projectpage", index.pk)),
        project_form(body),
    )
    assert response.status_code == 200
    assert not ProjectPage.objects.exists()
    if url.startswith("ftp"):  # a valid URL for Django, refused by the project's rule
        assert RULE in response.content.decode()


@pytest.mark.django_db
def test_page_editor_strips_unsafe_rich_text_links(admin_client, home):
    from projekte.models import ProjectIndexPage, ProjectPage

    index = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte"))
    body = streamfield(
        [("rich_text", rich_text('<p><a href="javascript:alert(1)">Klick</a> und mehr</p>'))]
    )
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=("projekte", "projectpage", index.pk)),
        project_form(body),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert "javascript" not in str(list(ProjectPage.objects.get().body.raw_data))


@pytest.mark.django_db
def test_snippets_refuse_unsafe_links_in_the_admin_and_in_code(admin_client, locales):
    from home.models import Footer
    from projekte.models import FundingProgramme

    response = admin_client.post(
        reverse("wagtailsnippets_projekte_fundingprogramme:add"),
        {
            "name": "Regionalbudget",
            "slug": "regionalbudget",
            "funder": "",
            "website": "ftp://ftp.example.org/",
            "description": "",
            "locale": locales["de"].pk,
        },
    )
    assert response.status_code == 200
    assert RULE in response.content.decode()
    assert not FundingProgramme.objects.exists()

    programme = FundingProgramme(name="LEADER", slug="leader", locale=locales["de"])
    programme.website = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        programme.save()  # no form, no full_clean: the guard on every save
    footer = Footer(
        locale=locales["de"],
        legal_links=[
            {
                "type": "link",
                "value": {"label": "Impressum", "page": None, "document": None, "url": "data:,x"},
            }
        ],
    )
    with pytest.raises(ValidationError) as exc:
        footer.full_clean()
    assert RULE in exc.value.message_dict["legal_links"][0]
    with pytest.raises(ValidationError):
        footer.save()
    assert not Footer.objects.exists()


@pytest.mark.django_db
def test_demo_and_import_helpers_refuse_unsafe_links(home, locales):
    from cms.plugin.demo import ensure_child, ensure_snippet
    from projekte.models import FundingProgramme, ProjectIndexPage

    with pytest.raises(ValidationError):
        ensure_snippet(
            FundingProgramme,
            locales["de"],
            {"slug": "x"},
            name="X",
            website="javascript:alert(1)",
        )
    with pytest.raises(ValidationError):
        ensure_child(
            home,
            ProjectIndexPage,
            "projekte",
            title="Projekte",
            intro='<p><a href="vbscript:msgbox(1)">Mehr</a></p>',
        )
    assert not FundingProgramme.objects.exists()
    assert not ProjectIndexPage.objects.exists()


def test_snippet_types_with_links_must_apply_the_rule():
    from django.core import checks

    from cms.plugin.registry import ContentType, Plugin, registry

    plugin = Plugin(
        label="links",
        verbose_name="Verweise",
        content_types=(
            ContentType(
                model="wagtailredirects.Redirect", api_name="redirect_link", kind="snippet"
            ),
        ),
    )
    registry.register(plugin)
    try:
        messages = checks.run_checks(tags=["cms"])
    finally:
        registry.unregister("links")
    assert "cms.E007" in {message.id for message in messages}
    assert not checks.run_checks(tags=["cms"])
