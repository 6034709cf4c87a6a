"""Block specs come from a registry: a plugin registers the schema and serializer of its own
block kind; a block no spec covers fails at start-up (``cms.E018``), never ``Any`` at runtime.

The test-only events plugin has ``ScheduleBlock`` (a ``FieldBlock`` stored as text, served as a
list of ``{time, title}``) in its body, registered in ``tests/plugins/events/api.py``.
"""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from wagtail import blocks

from cms.api.serialize import (
    BlockRegistry,
    BlockSpec,
    UnknownBlockError,
    block_registry,
    block_spec,
    build_block_registry,
    unknown_blocks,
)
from cms.content.blocks import BodyBlock
from cms.plugin.registry import registry
from tests.api.conftest import publish
from tests.plugins.events.blocks import EventBodyBlock, ScheduleBlock


def _schemas(api) -> dict:
    return api.get_json("/api/v1/openapi.json")["components"]["schemas"]


def test_a_registered_plugin_block_is_typed_in_openapi(api):
    schemas = _schemas(api)
    item = schemas["ScheduleItem"]
    assert item["properties"]["type"] == {"const": "schedule", "title": "Type", "type": "string"}
    assert item["properties"]["value"] == {
        "items": {"$ref": "#/components/schemas/ScheduleEntry"},
        "title": "Value",
        "type": "array",
    }
    assert set(schemas["ScheduleEntry"]["properties"]) == {"time", "title"}
    body = schemas["EventPage"]["properties"]["body"]
    members = body["items"]["oneOf"]
    assert {"$ref": "#/components/schemas/ScheduleItem"} in members
    assert len(members) == len(EventBodyBlock.base_blocks)  # every block typed, none Any


def test_a_registered_plugin_block_is_serialized(api, event):
    event.body = [
        {
            "type": "schedule",
            "id": str(uuid.uuid4()),
            "value": "9.30 Begrüßung\nPause\n10:00 Vorträge",
        },
        {"type": "heading", "id": str(uuid.uuid4()), "value": {"text": "Anfahrt", "level": "h2"}},
    ]
    publish(event)
    body = api.get_json(f"/api/v1/pages/{event.pk}/")["body"]
    assert body[0]["type"] == "schedule"
    assert body[0]["value"] == [
        {"time": "09:30", "title": "Begrüßung"},
        {"time": "10:00", "title": "Vorträge"},
    ]
    assert body[1]["type"] == "heading"


def test_the_registry_serves_subclasses_of_wagtails_kinds():
    specs = build_block_registry(plugins=[])
    assert specs.lookup(BodyBlock) is specs.lookup(blocks.StreamBlock)
    assert specs.lookup(blocks.CharBlock) is not None
    assert specs.lookup(ScheduleBlock) is None  # a FieldBlock of its own: no spec
    assert block_registry().lookup(ScheduleBlock).block is ScheduleBlock


def test_unknown_blocks_names_the_path_to_each():
    specs = BlockRegistry(build_block_registry(plugins=[])._specs.values())
    found = list(unknown_blocks(EventBodyBlock(), specs))
    assert [(path, type(block)) for path, block in found] == [(("schedule",), ScheduleBlock)]
    specs.register(BlockSpec(ScheduleBlock, lambda block, name: None))
    assert not list(unknown_blocks(EventBodyBlock(), specs))


def test_building_a_spec_for_an_unknown_block_raises():
    class GaugeBlock(blocks.FieldBlock):
        pass

    with pytest.raises(UnknownBlockError, match="GaugeBlock"):
        block_spec(GaugeBlock(), "Gauge")


@pytest.fixture
def events_plugin_without(db):
    """Re-register the events plugin with other ``block_specs`` for one test."""
    original = registry.get("events")

    def replace(**changes):
        registry.register(dataclasses.replace(original, **changes))

    yield replace
    registry.register(original)


def test_an_unregistered_block_fails_manage_py_check(events_plugin_without):
    events_plugin_without(block_specs=())
    errors = [m for m in checks.run_checks(tags=["cms"]) if m.id == "cms.E018"]
    assert len(errors) == 1
    message = errors[0].msg
    assert "'events'" in message and "events.EventPage.body" in message
    assert "'schedule'" in message and "tests.plugins.events.blocks.ScheduleBlock" in message
    with pytest.raises(SystemCheckError, match="cms.E018"):
        call_command("check")


def test_a_block_spec_path_that_does_not_import_fails_check(events_plugin_without):
    events_plugin_without(block_specs=("tests.plugins.events.api.shedule",))
    ids = {m.id for m in checks.run_checks(tags=["cms"])}
    assert "cms.E019" in ids
    events_plugin_without(block_specs=("tests.plugins.events.blocks.ScheduleBlock",))
    errors = [m for m in checks.run_checks(tags=["cms"]) if m.id == "cms.E019"]
    assert errors and "no cms.api.serialize.BlockSpec" in errors[0].msg


def test_the_core_and_plugins_check_clean():
    assert not [m for m in checks.run_checks(tags=["cms"]) if m.id in ("cms.E018", "cms.E019")]
