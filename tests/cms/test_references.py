"""Broken references: readers never see them, editors find them in the report and edit view."""

import pytest
from django.contrib.auth import get_user_model

from cms.content.blocks import BodyBlock
from cms.content.references import OMIT, all_broken_references, broken_references_for, prune
from tests.projekte import factories


def api(page):
    return page.body.stream_block.get_api_representation(page.body)


def image_block(image):
    return ("image", {"image": image.pk, "alt_text": "", "caption": "", "credit": ""})


def cta(page_pk):
    return (
        "call_to_action",
        {
            "title": "Mehr",
            "text": "",
            "link": {"label": "Los", "page": page_pk, "document": None, "url": ""},
        },
    )


@pytest.fixture
def sections(home):
    return {
        "projects": factories.ProjectIndexPageFactory(parent=home),
        "documents": factories.DocumentIndexPageFactory(parent=home),
    }


@pytest.fixture
def project(sections):
    return factories.ProjectPageFactory(parent=sections["projects"])


def set_body(page, blocks):
    from cms.plugin.demo import stream

    page.body = stream(blocks)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_deleted_image_removes_its_block_from_the_output(project):
    image = factories.ImageFactory()
    set_body(project, [("heading", {"text": "Titel", "level": "h2"}), image_block(image)])
    assert [b["type"] for b in api(project)] == ["heading", "image"]
    image.delete()
    project.refresh_from_db()
    output = api(project)
    assert [b["type"] for b in output] == ["heading"]
    assert "error" not in str(output).lower()


def test_a_link_to_an_unpublished_or_deleted_page_disappears(sections, project):
    target = factories.ProjectPageFactory(parent=sections["projects"], title="Ziel")
    set_body(project, [cta(target.pk), ("rich_text", "<p>Text</p>")])
    assert [b["type"] for b in api(project)] == ["call_to_action", "rich_text"]
    target.unpublish()
    project.refresh_from_db()
    assert [b["type"] for b in api(project)] == ["rich_text"]
    target.delete()
    project.refresh_from_db()
    assert [b["type"] for b in api(project)] == ["rich_text"]


def test_a_document_list_keeps_what_still_exists(project):
    first, second = factories.make_document("Erstes"), factories.make_document("Zweites")
    set_body(
        project, [("document_list", {"title": "Downloads", "documents": [first.pk, second.pk]})]
    )
    first.delete()
    project.refresh_from_db()
    [block] = api(project)
    assert block["value"]["documents"] == [second.pk]
    second.delete()
    project.refresh_from_db()
    assert api(project) == []


def test_project_teasers_drop_unpublished_projects(sections, project):
    shown = factories.ProjectPageFactory(parent=sections["projects"], title="Sichtbar")
    hidden = factories.ProjectPageFactory(parent=sections["projects"], title="Versteckt")
    set_body(project, [("project_teasers", {"title": "", "projects": [shown.pk, hidden.pk]})])
    hidden.unpublish()
    project.refresh_from_db()
    [block] = api(project)
    assert block["value"]["projects"] == [shown.pk]


def test_prune_omits_a_struct_whose_required_reference_is_gone(db):
    body = BodyBlock()
    value = body.to_python(
        [
            {
                "type": "image",
                "value": {"image": 999999, "alt_text": "x", "caption": "", "credit": ""},
            }
        ]
    )
    assert prune(body.child_blocks["image"], value[0].value) is OMIT
    assert list(prune(body, value)) == []


def test_editors_see_what_is_broken_on_the_page(sections, project):
    image = factories.ImageFactory()
    document_page = factories.DocumentPageFactory(parent=sections["documents"], title="Protokoll")
    set_body(project, [image_block(image)])
    project.related_documents.set([document_page])
    project.save_revision().publish()
    assert broken_references_for(project) == []
    image_pk = image.pk
    image.delete()
    document_page.unpublish()
    broken = {(ref.field, ref.reason, ref.target_label) for ref in broken_references_for(project)}
    assert ("Inhalt", "gelöscht", f"Bild #{image_pk}") in broken
    assert ("Dokumente", "nicht veröffentlicht", "Protokoll") in broken
    sources = {ref.source.pk for ref in all_broken_references()}
    assert project.pk in sources


def test_a_deleted_hero_image_is_reported_and_not_served(project):
    image = factories.ImageFactory()
    project.hero_image = image
    project.save_revision().publish()
    image.delete()
    project.refresh_from_db()
    assert project.hero_image is None
    assert [ref.field for ref in broken_references_for(project)] == ["Titelbild"]


def test_report_and_edit_view_show_broken_references(client, sections, project):
    target = factories.ProjectPageFactory(parent=sections["projects"], title="Altes Projekt")
    set_body(project, [cta(target.pk)])
    target.unpublish()
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    client.force_login(user)

    report = client.get("/admin/reports/defekte-verweise/")
    assert report.status_code == 200
    content = report.content.decode()
    assert "Defekte Verweise" in content
    assert project.title in content and "Altes Projekt" in content
    assert "nicht veröffentlicht" in content

    edit = client.get(f"/admin/pages/{project.pk}/edit/")
    assert edit.status_code == 200
    assert "verweist auf 1 Element" in edit.content.decode()

    export = client.get("/admin/reports/defekte-verweise/?export=csv")
    assert export.status_code == 200
    assert "Altes Projekt" in b"".join(export.streaming_content).decode()


def test_navigation_menu_items_to_unpublished_pages_disappear(sections):
    from cms.plugin.demo import stream
    from home.models import Navigation

    target = sections["documents"]
    nav = Navigation.objects.create(
        locale=target.locale,
        main_menu=stream(
            [
                (
                    "item",
                    {
                        "link": {
                            "label": "Mediathek",
                            "page": target.pk,
                            "document": None,
                            "url": "",
                        },
                        "children": [],
                    },
                ),
                (
                    "item",
                    {
                        "link": {
                            "label": "Extern",
                            "page": None,
                            "document": None,
                            "url": "https://example.org/",
                        },
                        "children": [],
                    },
                ),
            ]
        ),
    )
    target.unpublish()
    output = nav.main_menu.stream_block.get_api_representation(nav.main_menu)
    assert [item["value"]["link"]["label"] for item in output] == ["Extern"]
    assert [ref.reason for ref in broken_references_for(nav)] == ["nicht veröffentlicht"]


def test_serializers_of_raw_data_get_the_same_rule():
    from cms.content.blocks import CallToActionBlock, ImageBlock, LinkBlock
    from cms.content.references import struct_output_is_broken

    assert struct_output_is_broken(ImageBlock(), {"image": None, "alt_text": "x"})
    assert not struct_output_is_broken(ImageBlock(), {"image": {"id": 1}, "alt_text": "x"})
    assert struct_output_is_broken(
        LinkBlock(), {"label": "x", "page": None, "document": None, "url": ""}
    )
    assert struct_output_is_broken(CallToActionBlock(), {"title": "x", "link": {"page": None}})
    assert not struct_output_is_broken(
        CallToActionBlock(), {"title": "x", "link": {"label": "y", "url": "https://example.org/"}}
    )


def test_snippet_edit_view_warns_too(client, sections):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    from cms.plugin.demo import stream
    from home.models import Navigation

    target = sections["documents"]
    link = {"label": "Mediathek", "page": target.pk, "document": None, "url": ""}
    nav = Navigation.objects.create(
        locale=target.locale, main_menu=stream([("item", {"link": link, "children": []})])
    )
    target.unpublish()
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    client.force_login(user)
    response = client.get(AdminURLFinder(user).get_edit_url(nav))
    assert response.status_code == 200
    assert "verweist auf 1 Element" in response.content.decode()


def test_rich_text_links_to_deleted_pages_are_reported(sections, project):
    target = factories.ProjectPageFactory(parent=sections["projects"], title="Verlinkt")
    set_body(
        project, [("rich_text", f'<p>Siehe <a linktype="page" id="{target.pk}">hier</a>.</p>')]
    )
    assert broken_references_for(project) == []
    target_pk = target.pk
    target.delete()
    [ref] = broken_references_for(project)
    assert (ref.field, ref.reason, ref.target_id) == ("Inhalt", "gelöscht", str(target_pk))
