"""Page reads: locales and translations, filters, ordering, pagination, errors as problems."""

from __future__ import annotations

import datetime
import io
import json

import pytest

from projekte.models import ProjectIndexPage
from tests.api.conftest import publish
from tests.plugins.events.models import EventPage
from tests.projekte import factories


def _event(parent, title, slug, start, **kw):
    return publish(
        parent.add_child(
            instance=EventPage(title=title, slug=slug, start=start, locale=parent.locale, **kw)
        )
    )


def test_translations_and_locale_selection(api, home, english_home, event, en):
    body = api.get_json(f"/api/v1/pages/{home.pk}/")
    assert body["locale"] == "de"
    assert {(t["locale"], t["id"], t["path"]) for t in body["translations"]} == {
        ("de", home.pk, "/"),
        ("en", english_home.pk, "/"),
    }
    source = next(t for t in body["translations"] if t["locale"] == "de")
    assert source["is_source"] is True and source["up_to_date"] is True
    # Explicit locale answers the translation; Accept-Language is the default for find.
    assert api.get_json(f"/api/v1/pages/{home.pk}/?locale=en")["id"] == english_home.pk
    found = api.get_json("/api/v1/pages/find/?path=/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert found["id"] == english_home.pk and found["locale"] == "en"


def test_missing_translation_is_404_naming_locales_or_marked_fallback(
    api, home, english_home, event
):
    response = api.get(f"/api/v1/pages/{event.pk}/?locale=en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["available_locales"] == ["de"]
    assert "de" in problem["detail"]
    body = api.get_json(f"/api/v1/pages/{event.pk}/?locale=en&fallback=true")
    assert body["id"] == event.pk and body["locale"] == "de" and body["fallback"] is True
    by_path = api.get(
        "/api/v1/pages/find/?path=/regionalforum/&locale=en", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert by_path.status_code == 404


def test_translation_sync_state_from_wagtail_localize(api, home, en):
    from wagtail_localize.models import Translation, TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(home)
    translation = Translation.objects.create(source=source, target_locale=en)
    translation.save_target(publish=True)
    body = api.get_json(f"/api/v1/pages/{home.pk}/")
    entry = next(t for t in body["translations"] if t["locale"] == "en")
    assert entry["is_source"] is False
    source_entry = next(t for t in body["translations"] if t["locale"] == "de")
    assert source_entry["is_source"] is True and source_entry["up_to_date"] is True
    source.update_from_db()  # the German page changed after the translation was made
    body = api.get_json(f"/api/v1/pages/{home.pk}/")
    entry = next(t for t in body["translations"] if t["locale"] == "en")
    assert entry["up_to_date"] is False


def test_listing_filters_ordering_and_pagination(api, home):
    a = _event(home, "Alpha", "alpha", datetime.date(2026, 3, 1))
    b = _event(home, "Beta", "beta", datetime.date(2026, 6, 1))
    c = _event(home, "Gamma", "gamma", datetime.date(2026, 9, 1))
    ids = lambda q: [i["id"] for i in api.get_json(f"/api/v1/pages/?type=event&{q}")["items"]]  # noqa: E731
    assert ids("start_from=2026-05-01&start_to=2026-08-01") == [b.pk]
    assert ids("order=-title") == [c.pk, b.pk, a.pk]
    assert ids(f"parent={home.pk}&order=title") == [a.pk, b.pk, c.pk]
    assert ids(f"ancestor={home.pk}&order=title&limit=2&offset=1") == [b.pk, c.pk]
    # Each descending order is the exact reverse of its ascending one, ties included.
    twin = _event(home, "Alpha", "alpha-2", datetime.date(2026, 3, 1))
    for order in ("title", "first_published_at", "last_published_at"):
        assert ids(f"order=-{order}") == ids(f"order={order}")[::-1], order
    twin.delete()
    page = api.get_json("/api/v1/pages/?type=event&limit=2&with_total=true")
    assert page["total"] == 3 and page["next_offset"] == 2
    card = page["items"][0]
    assert set(card) == {
        "id",
        "type",
        "locale",
        "title",
        "path",
        "url",
        "first_published_at",
        "start",
    }


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("limit=abc", "limit"),
        ("type=nonsense", "type"),
        ("bogus=1", "bogus"),
        ("locale=fr", "locale"),
        ("start_from=yesterday", "start_from"),
        ("frontend=unknown", "frontend"),
    ],
)
def test_bad_parameters_are_400_problems_naming_the_parameter(api, home, query, param):
    response = api.get(f"/api/v1/pages/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 400
    assert param in [p["name"] for p in problem["invalid_params"]]


def test_bad_ids_are_400_and_unknown_ids_404(api, home):
    assert api.get("/api/v1/pages/abc/").status_code == 400
    assert api.get("/api/v1/pages/0/").status_code == 400
    assert api.get("/api/v1/pages/99999999999/").status_code == 400
    response = api.get("/api/v1/pages/999999/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_snippets_and_locales(api, home, en):
    from tests.plugins.events.models import Venue

    venue = Venue.objects.create(name="Haus der Kultur", locale=home.locale)
    english = venue.copy_for_translation(en)
    english.name = "House of Culture"
    english.save()
    listing = api.get_json("/api/v1/snippets/venue/?locale=en")
    assert [v["name"] for v in listing["items"]] == ["House of Culture"]
    assert api.get_json(f"/api/v1/snippets/venue/{venue.pk}/")["label"] == "Haus der Kultur"
    codes = [loc["code"] for loc in api.get_json("/api/v1/locales/")]
    assert codes == ["de", "en"]


def test_find_by_old_path_answers_the_moved_page(api, event):
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/de/altes-forum", redirect_page=event)
    body = api.get_json("/api/v1/pages/find/?path=/altes-forum/&locale=de")
    assert body["id"] == event.pk and body["path"] == "/regionalforum/"


def test_cards_made_from_rows_equal_cards_of_fully_loaded_pages(api, home, event):
    """Listings make read-only pages from rows (``CardColumns``): same cards, every type."""
    from django.core.management import call_command

    from cms.api.pages import attach_m2m, card, card_pages, page_types
    from cms.api.serialize import ApiContext, Resolver

    call_command("load_demo_content", stdout=io.StringIO())
    publish(factories.ProjectPageFactory(parent=ProjectIndexPage.objects.first(), hero_image=None))

    def cards(pt, pages):
        r = Resolver(ApiContext(locale="de"))
        out = [card(pt, page, r) for page in pages]
        r.resolve()
        return [r.finalize(c) for c in out]

    compared = {}
    for pt in page_types().values():
        from_rows = card_pages(pt, pt.card_columns.queryset().order_by("path"))
        loaded = list(pt.model.objects.order_by("path"))
        attach_m2m(loaded, pt.card_m2m)
        assert [p.pk for p in from_rows] == [p.pk for p in loaded]
        compared[pt.api_name] = cards(pt, from_rows)
        assert compared[pt.api_name] == cards(pt, loaded), pt.api_name
    assert {"home", "project", "document", "partner", "event"} <= {
        name for name, items in compared.items() if items
    }
    # The comparison covers joined media and the properties that read them.
    assert any(c["hero_image"] and c["hero_image"]["alt"] for c in compared["project"])
    assert any(c["hero_image"] is None for c in compared["project"])
    assert any(c["file_size"] and c["page_count"] for c in compared["document"])
    assert any(c["logo"] for c in compared["partner"])
