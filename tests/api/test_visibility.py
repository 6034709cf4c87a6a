"""Who sees what: anonymous clients only live, public pages and public media; tokens more."""

from __future__ import annotations

import datetime

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.api.models import ApiToken
from tests.api.conftest import make_document, make_image, publish
from tests.plugins.events.models import EventPage


def _event(home, title, slug):
    return home.add_child(
        instance=EventPage(
            title=title, slug=slug, start=datetime.date(2026, 1, 1), locale=home.locale
        )
    )


def test_drafts_and_private_pages_are_invisible_to_anonymous(api, home):
    draft = home.add_child(
        instance=EventPage(
            title="Entwurf",
            slug="entwurf",
            start=datetime.date(2026, 1, 1),
            locale=home.locale,
            live=False,
        )
    )
    draft.save_revision()
    private = publish(_event(home, "Intern", "intern"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = publish(_event(home, "Öffentlich", "oeffentlich"))
    listing = api.get_json("/api/v1/pages/?type=event")
    assert [i["id"] for i in listing["items"]] == [public.pk]
    for page in (draft, private):
        assert api.get(f"/api/v1/pages/{page.pk}/").status_code == 404
        assert api.get(f"/api/v1/pages/find/?path=/{page.slug}/&locale=de").status_code == 404


def test_private_collections_are_invisible_to_anonymous(api, home):
    root = Collection.get_first_root_node()
    secret = root.add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    image = make_image("geheim", collection=secret)
    document = make_document("geheim", collection=secret)
    public_image = make_image("öffentlich")
    assert api.get(f"/api/v1/images/{image.pk}/").status_code == 404
    assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    listed = [i["id"] for i in api.get_json("/api/v1/images/")["items"]]
    assert public_image.pk in listed and image.pk not in listed
    home.body = [
        {
            "type": "image",
            "id": "a",
            "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
        },
        {"type": "document_list", "id": "b", "value": {"title": "", "documents": [document.pk]}},
    ]
    publish(home)
    body = api.get_json(f"/api/v1/pages/{home.pk}/")["body"]
    # No rendition URLs of private images, no private documents: both blocks are left out.
    assert body == []
    _token, key = ApiToken.create_with_key("Intranet", can_read_private=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert api.get_json(f"/api/v1/images/{image.pk}/", **auth)["id"] == image.pk
    response = api.get(f"/api/v1/pages/{home.pk}/", **auth)
    assert response["Cache-Control"] == "private, no-store"


def test_draft_access_with_scoped_and_wagtail_tokens(api, home, django_user_model):
    from wagtail.models import APIToken

    page = publish(_event(home, "Veröffentlicht", "veroeffentlicht"))
    page.title = "Neuer Titel im Entwurf"
    page.save_revision()
    assert api.get_json(f"/api/v1/pages/{page.pk}/")["title"] == "Veröffentlicht"
    assert api.get(f"/api/v1/pages/{page.pk}/?draft=true").status_code == 401
    _token, key = ApiToken.create_with_key("Vorschau", can_read_drafts=True)
    body = api.get_json(f"/api/v1/pages/{page.pk}/?draft=true", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert body["title"] == "Neuer Titel im Entwurf" and body["draft"] is True
    _token, readonly = ApiToken.create_with_key("Nur lesen")
    # A token that may not read the draft is told "not found" (no existence oracle).
    assert (
        api.get(
            f"/api/v1/pages/{page.pk}/?draft=true", HTTP_AUTHORIZATION=f"Bearer {readonly}"
        ).status_code
        == 404
    )
    assert api.get("/api/v1/pages/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    editor = django_user_model.objects.create_superuser("redaktion", "r@example.org", "pw")
    plaintext = APIToken.generate_token()
    APIToken.objects.create(
        user=editor, name="Vorschau", key_hash=APIToken.hash_token(plaintext), prefix=plaintext[:12]
    )
    body = api.get_json(
        f"/api/v1/pages/{page.pk}/?draft=true", HTTP_AUTHORIZATION=f"Bearer {plaintext}"
    )
    assert body["title"] == "Neuer Titel im Entwurf"
    nobody = django_user_model.objects.create_user("gast", "g@example.org", "pw")
    guest_key = APIToken.generate_token()
    APIToken.objects.create(
        user=nobody, name="Gast", key_hash=APIToken.hash_token(guest_key), prefix=guest_key[:12]
    )
    assert (
        api.get(
            f"/api/v1/pages/{page.pk}/?draft=true", HTTP_AUTHORIZATION=f"Bearer {guest_key}"
        ).status_code
        == 404
    )


def test_wagtail_tokens_of_non_superusers_cannot_list_drafts(api, home, django_user_model):
    from wagtail.models import APIToken

    user = django_user_model.objects.create_user("redakteurin", "r@example.org", "pw")
    key = APIToken.generate_token()
    APIToken.objects.create(
        user=user, name="Lesen", key_hash=APIToken.hash_token(key), prefix=key[:12]
    )
    response = api.get("/api/v1/pages/?draft=true", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert api.get("/api/v1/pages/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def _wagtail_token(user) -> dict:
    from wagtail.models import APIToken

    key = APIToken.generate_token()
    APIToken.objects.create(
        user=user, name=f"Token {user.username}", key_hash=APIToken.hash_token(key), prefix=key[:12]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_wagtail_tokens_see_restricted_pages_only_where_their_user_passes(
    api, home, django_user_model
):
    from django.contrib.auth.models import Group

    staff = Group.objects.create(name="Geschäftsstelle")
    members = publish(_event(home, "Nur angemeldet", "angemeldet"))
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    internal = publish(_event(home, "Nur Geschäftsstelle", "intern"))
    PageViewRestriction.objects.create(page=internal, restriction_type="groups").groups.add(staff)
    secret = publish(_event(home, "Mit Passwort", "passwort"))
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    public = publish(_event(home, "Öffentlich", "oeffentlich"))

    def visible(auth: dict) -> set[int]:
        listed = {i["id"] for i in api.get_json("/api/v1/pages/?type=event", **auth)["items"]}
        for page in (members, internal, secret):
            status = api.get(f"/api/v1/pages/{page.pk}/", **auth).status_code
            assert status in (200, 404)
            assert (status == 200) == (page.pk in listed), page.title
        return listed

    assert visible({}) == {public.pk}
    outsider = django_user_model.objects.create_user("aussen", "a@example.org", "pw")
    outsider_auth = _wagtail_token(outsider)
    assert visible(outsider_auth) == {public.pk, members.pk}
    response = api.get(f"/api/v1/pages/{members.pk}/", **outsider_auth)
    assert response["Cache-Control"] == "private, no-store"
    insider = django_user_model.objects.create_user("innen", "i@example.org", "pw")
    insider.groups.add(staff)
    assert visible(_wagtail_token(insider)) == {public.pk, members.pk, internal.pk}
    admin = django_user_model.objects.create_superuser("admin", "ad@example.org", "pw")
    # A token carries no password: password-protected pages stay hidden even from superusers.
    assert visible(_wagtail_token(admin)) == {public.pk, members.pk, internal.pk}
    # A project token scoped to private content sees them all.
    _token, key = ApiToken.create_with_key("Intranet", can_read_private=True)
    assert visible({"HTTP_AUTHORIZATION": f"Bearer {key}"}) == {
        public.pk,
        members.pk,
        internal.pk,
        secret.pk,
    }


def test_restriction_group_changes_reach_the_api_at_once(api, home, django_user_model):
    from django.contrib.auth.models import Group

    staff = Group.objects.create(name="Vorstand")
    page = publish(_event(home, "Vorstandssache", "vorstand"))
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    user = django_user_model.objects.create_user("vorstand", "v@example.org", "pw")
    user.groups.add(staff)
    auth = _wagtail_token(user)
    assert api.get(f"/api/v1/pages/{page.pk}/", **auth).status_code == 404
    restriction.groups.add(staff)  # saved after the restriction, as the admin's form does
    assert api.get(f"/api/v1/pages/{page.pk}/", **auth).status_code == 200
    restriction.groups.remove(staff)
    assert api.get(f"/api/v1/pages/{page.pk}/", **auth).status_code == 404


def test_wagtail_tokens_see_restricted_collections_only_where_their_user_passes(
    api, home, django_user_model
):
    from django.contrib.auth.models import Group

    staff = Group.objects.create(name="Presse")
    root = Collection.get_first_root_node()
    press = root.add_child(name="Pressefotos")
    CollectionViewRestriction.objects.create(
        collection=press, restriction_type="groups"
    ).groups.add(staff)
    image = make_image("pressefoto", collection=press)
    document = make_document("pressemappe", collection=press)
    outsider = _wagtail_token(django_user_model.objects.create_user("x", "x@example.org", "pw"))
    assert api.get(f"/api/v1/images/{image.pk}/", **outsider).status_code == 404
    assert api.get(f"/api/v1/documents/{document.pk}/", **outsider).status_code == 404
    listed = [i["id"] for i in api.get_json("/api/v1/images/", **outsider)["items"]]
    assert image.pk not in listed
    member = django_user_model.objects.create_user("presse", "p@example.org", "pw")
    member.groups.add(staff)
    insider = _wagtail_token(member)
    assert api.get_json(f"/api/v1/images/{image.pk}/", **insider)["id"] == image.pk
    assert api.get_json(f"/api/v1/documents/{document.pk}/", **insider)["id"] == document.pk


def test_a_hidden_file_or_hero_image_vanishes_whole(api, home):
    """Nothing beside a hidden target tells of it: its size, type, pages, alt text."""
    from tests.projekte import factories

    root = Collection.get_first_root_node()
    secret = root.add_child(name="Vertraulich")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    document = make_document("Protokoll intern", collection=secret)
    image = make_image("Titelbild intern", collection=secret, description="Alt intern")
    media = factories.DocumentIndexPageFactory(parent=home)
    minutes = publish(factories.DocumentPageFactory(parent=media, document=document))
    projects = factories.ProjectIndexPageFactory(parent=home)
    project = factories.ProjectPageFactory(parent=projects, hero_image=image)
    project.hero_caption = "Bildunterschrift intern"
    publish(project)

    empty_file = {"document": None, "file_size": None, "mime_type": "", "page_count": None}
    empty_hero = {"hero_image": None}  # its texts live in the image object, and vanish with it
    detail = api.get_json(f"/api/v1/pages/{minutes.pk}/")
    assert {k: detail[k] for k in empty_file} == empty_file
    card = api.get_json("/api/v1/pages/?type=document")["items"][0]
    assert {k: card.get(k) for k in ("file_size", "mime_type", "page_count")} == {
        "file_size": None,
        "mime_type": "",
        "page_count": None,
    }
    detail = api.get_json(f"/api/v1/pages/{project.pk}/")
    assert {k: detail[k] for k in empty_hero} == empty_hero
    card = api.get_json("/api/v1/pages/?type=project")["items"][0]
    assert card["hero_image"] is None and "hero_image_alt" not in card
    listing = api.get_json("/api/v1/pages/")["items"]
    assert "intern" not in str(listing)

    # A reader who may see the collection gets everything.
    _token, key = ApiToken.create_with_key("Intranet", can_read_private=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    detail = api.get_json(f"/api/v1/pages/{minutes.pk}/", **auth)
    assert detail["document"]["id"] == document.pk
    assert detail["file_size"] and detail["mime_type"] == "application/pdf"
    assert detail["page_count"] == 3
    detail = api.get_json(f"/api/v1/pages/{project.pk}/", **auth)
    assert detail["hero_image"]["id"] == image.pk
    assert detail["hero_image"]["alt"] == "Alt intern"
    assert detail["hero_image"]["caption"] == "Bildunterschrift intern"


def test_v2_pages_hide_what_describes_a_hidden_file_or_image(api, home):
    """Stock v2 serves the public page; the private file and hero image vanish whole."""
    from tests.projekte import factories

    root = Collection.get_first_root_node()
    secret = root.add_child(name="Vertraulich")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    document = make_document("Protokoll intern", collection=secret)
    image = make_image("Titelbild intern", collection=secret, description="Alt intern")
    minutes = publish(
        factories.DocumentPageFactory(
            parent=factories.DocumentIndexPageFactory(parent=home), document=document
        )
    )
    project = publish(
        factories.ProjectPageFactory(
            parent=factories.ProjectIndexPageFactory(parent=home), hero_image=image
        )
    )
    data = api.get_json(f"/api/v2/pages/{minutes.pk}/")
    assert (data["document"], data["file_size"], data["mime_type"]) == (None, None, "")
    assert data["page_count"] is None
    data = api.get_json(f"/api/v2/pages/{project.pk}/")
    assert data["hero_image"] is None and "hero_image_alt" not in data
    listing = api.get_json("/api/v2/pages/?type=projekte.DocumentPage&fields=file_size,document")
    assert [(i["document"], i["file_size"]) for i in listing["items"]] == [(None, None)]
    assert "intern" not in str(api.get_json("/api/v2/images/"))
    assert "intern" not in str(api.get_json("/api/v2/documents/"))


def test_draft_requests_do_not_reveal_whether_a_page_exists(api, home, django_user_model):
    """A reader who may not read a draft is told "not found", as for a page that does not exist."""
    from wagtail.models import Page

    unpublished = _event(home, "Geheimer Entwurf", "geheimer-entwurf")
    unpublished.unpublish()
    unpublished.save_revision()
    live = publish(_event(home, "Veröffentlicht", "veroeffentlicht"))
    live.title = "Neuer Titel im Entwurf"
    live.save_revision()
    missing = Page.objects.order_by("-pk").first().pk + 1000
    _token, readonly = ApiToken.create_with_key("Nur lesen")
    guest = django_user_model.objects.create_user("gast", "g@example.org", "pw")
    readers = {
        "project token without drafts": {"HTTP_AUTHORIZATION": f"Bearer {readonly}"},
        "Wagtail token of a user who may not edit": _wagtail_token(guest),
    }

    def answer(url, auth):
        response = api.get(url, **auth)
        return response.status_code, response["Content-Type"], response.content

    for name, auth in readers.items():
        for suffix in ("?draft=true", "?draft=true&locale=en", "?draft=true&fallback=true"):
            answers = set()
            for pk in (unpublished.pk, live.pk, missing):
                status, content_type, body = answer(f"/api/v1/pages/{pk}/{suffix}", auth)
                answers.add((status, content_type, body.replace(str(pk).encode(), b"N")))
            assert len(answers) == 1, (name, suffix, answers)
            status, content_type, _body = answers.pop()
            assert (status, content_type) == (404, "application/problem+json"), name
        for locale in ("de", "en"):
            answers = set()
            for slug in (unpublished.slug, live.slug, "gibt-es-nicht"):
                url = f"/api/v1/pages/find/?path=/{slug}/&locale={locale}&draft=true"
                status, content_type, body = answer(url, auth)
                answers.add((status, content_type, body.replace(slug.encode(), b"S")))
            assert len(answers) == 1, (name, locale, answers)
            assert answers.pop()[0] == 404, name
    # Anonymous readers asking for a draft are refused whatever the id or path (401).
    for pk in (unpublished.pk, live.pk, missing):
        response = api.get(f"/api/v1/pages/{pk}/?draft=true")
        assert (
            response.status_code == 401 and response["Content-Type"] == "application/problem+json"
        )
    for slug in (unpublished.slug, live.slug, "gibt-es-nicht"):
        url = f"/api/v1/pages/find/?path=/{slug}/&locale=de&draft=true"
        assert api.get(url).status_code == 401
    # Readers who may read the draft still get it.
    _token, preview = ApiToken.create_with_key("Vorschau", can_read_drafts=True)
    body = api.get_json(
        f"/api/v1/pages/{unpublished.pk}/?draft=true", HTTP_AUTHORIZATION=f"Bearer {preview}"
    )
    assert body["title"] == "Geheimer Entwurf"


def test_draft_listing_shows_the_draft_like_the_detail(api, home):
    """`draft=true` listings show each page as its latest revision, like the detail: the draft
    title and card fields, for every listing form (one type, all types)."""
    page = publish(_event(home, "Veröffentlicht", "veroeffentlicht"))
    page.title = "Neuer Titel im Entwurf"
    page.start = datetime.date(2027, 5, 1)
    page.save_revision()
    untouched = publish(_event(home, "Unverändert", "unveraendert"))
    _token, key = ApiToken.create_with_key("Vorschau", can_read_drafts=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    detail = api.get_json(f"/api/v1/pages/{page.pk}/?draft=true", **auth)
    for url in ("/api/v1/pages/?type=event&draft=true", "/api/v1/pages/?draft=true"):
        cards = {i["id"]: i for i in api.get_json(url, **auth)["items"]}
        assert cards[page.pk]["title"] == detail["title"] == "Neuer Titel im Entwurf", url
        assert cards[untouched.pk]["title"] == "Unverändert", url
        if "type=event" in url:
            assert cards[page.pk]["start"] == detail["start"] == "2027-05-01"
    # Without draft=true the live card stays.
    live = {i["id"]: i for i in api.get_json("/api/v1/pages/?type=event", **auth)["items"]}
    assert live[page.pk]["title"] == "Veröffentlicht"
