"""The shared block library: metadata for editors and API, validation with German messages."""

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks

from cms.content.blocks import (
    ALT_TEXT_MISSING,
    RICH_TEXT_FEATURES,
    BodyBlock,
    ImageBlock,
    LinkBlock,
    LocationBlock,
    TableBlock,
)
from projekte.blocks import ProjectBodyBlock
from tests.projekte import factories


def all_struct_blocks(block, seen=None):
    seen = seen if seen is not None else {}
    if isinstance(block, blocks.StructBlock | blocks.StreamBlock):
        for child in block.child_blocks.values():
            all_struct_blocks(child, seen)
        if isinstance(block, blocks.StructBlock):
            seen[type(block).__name__] = block
    elif isinstance(block, blocks.ListBlock):
        all_struct_blocks(block.child_block, seen)
    return seen


def test_block_names_are_the_public_contract():
    assert list(BodyBlock().child_blocks) == [
        "heading",
        "rich_text",
        "image",
        "gallery",
        "quote",
        "call_to_action",
        "document_list",
        "page_teasers",
        "key_figures",
        "accordion",
        "table",
        "video",
        "location",
    ]
    assert list(ProjectBodyBlock().child_blocks)[-2:] == ["project_teasers", "partner_list"]


@pytest.mark.parametrize("name", list(ProjectBodyBlock().child_blocks))
def test_every_top_level_block_has_icon_german_label_help_and_preview(name):
    block = ProjectBodyBlock().child_blocks[name]
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.meta.label, "label set explicitly (German), not derived from the name"
    assert str(block.meta.help_text)
    assert block.meta.preview_value is not None


def test_every_child_field_has_a_german_label_and_help_text():
    for name, struct in all_struct_blocks(ProjectBodyBlock()).items():
        for child_name, child in struct.child_blocks.items():
            assert child.meta.label, (name, child_name)
            field = getattr(child, "field", None)
            help_text = field.help_text if field is not None else child.meta.help_text
            assert str(help_text), f"{name}.{child_name} has no help text"


def test_rich_text_features_are_restricted():
    rich_text = BodyBlock().child_blocks["rich_text"]
    assert rich_text.features == RICH_TEXT_FEATURES
    assert "h1" not in RICH_TEXT_FEATURES and "image" not in RICH_TEXT_FEATURES


def test_preview_values_are_valid_where_they_need_no_chosen_object():
    body = ProjectBodyBlock()
    for name in ("heading", "rich_text", "quote", "key_figures", "accordion", "table", "location"):
        block = body.child_blocks[name]
        block.clean(block.normalize(block.meta.preview_value))


# --- Image: alt text ------------------------------------------------------------------------


def image_value(image, **overrides):
    block = ImageBlock()
    return block, block.to_python(
        {"image": image.pk, "alt_text": "", "caption": "", "credit": "", **overrides}
    )


def test_image_without_any_alt_text_is_refused_on_the_alt_text_field(db):
    block, value = image_value(factories.ImageFactory(description=""))
    with pytest.raises(ValidationError) as exc:
        block.clean(value)
    assert list(exc.value.block_errors) == ["alt_text"]
    assert exc.value.block_errors["alt_text"].messages == [str(ALT_TEXT_MISSING)]
    assert str(ALT_TEXT_MISSING).startswith("Bitte geben Sie einen Alternativtext ein")


def test_image_alt_text_from_the_image_or_the_block(db):
    block, value = image_value(factories.ImageFactory(description="Kali-Schacht bei Nacht"))
    block.clean(value)
    block, value = image_value(factories.ImageFactory(description=""), alt_text="Förderturm")
    block.clean(value)


def test_alt_text_check_is_deferred_for_drafts(db):
    stream = BodyBlock()
    image = factories.ImageFactory(description="")
    value = stream.to_python(
        [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "", "caption": "", "credit": ""},
            }
        ]
    )
    stream.clean_deferred(value)  # draft: accepted
    with pytest.raises(ValidationError):
        stream.clean(value)  # publish: refused


def test_image_api_gives_effective_alt_caption_and_credit(db):
    image = factories.ImageFactory(description="Standard", caption="Unterschrift", credit="Foto: X")
    block, value = image_value(image, caption="Eigene Unterschrift")
    data = block.get_api_representation(value)
    assert data["alt_text"] == "Standard"
    assert data["caption"] == "Eigene Unterschrift"
    assert data["credit"] == "Foto: X"


# --- Links, tables, locations ---------------------------------------------------------------


def test_link_needs_exactly_one_target(home):
    block = LinkBlock()
    empty = block.to_python({"label": "Mehr", "page": None, "document": None, "url": ""})
    with pytest.raises(ValidationError) as exc:
        block.clean(empty)
    assert exc.value.block_errors["page"].messages == [
        "Bitte wählen Sie ein Ziel: eine Seite, ein Dokument oder eine Adresse."
    ]
    both = block.to_python(
        {"label": "Mehr", "page": home.pk, "document": None, "url": "https://example.org/"}
    )
    with pytest.raises(ValidationError) as exc:
        block.clean(both)
    assert exc.value.block_errors["url"].messages == [
        "Bitte wählen Sie nur ein Ziel: Seite, Dokument oder Adresse."
    ]
    block.clean(block.to_python({"label": "Mehr", "page": home.pk, "document": None, "url": ""}))


def test_table_rows_must_have_equal_width():
    block = TableBlock()
    value = block.to_python({"caption": "", "header_row": True, "rows": [["a", "b"], ["c"]]})
    with pytest.raises(ValidationError) as exc:
        block.clean(value)
    assert exc.value.block_errors["rows"].messages == [
        "Alle Zeilen der Tabelle müssen gleich viele Zellen haben."
    ]


def test_location_coordinates_are_range_checked():
    block = LocationBlock()
    value = block.to_python({"name": "X", "address": "", "latitude": 95, "longitude": 10})
    with pytest.raises(ValidationError) as exc:
        block.clean(value)
    assert "latitude" in exc.value.block_errors
