"""A test-only content-type plugin: proves a new type needs no change to the core."""

from cms.plugin import ContentType, Plugin, PluginConfig


class EventsConfig(PluginConfig):
    name = "tests.plugins.events"
    label = "events"
    verbose_name = "Veranstaltungen"
    plugin = Plugin(
        label="events",
        verbose_name="Veranstaltungen",
        content_types=(
            ContentType(model="events.EventPage", api_name="event", filters=("start",)),
            ContentType(model="events.Venue", api_name="venue", kind="snippet"),
        ),
        demo_content="tests.plugins.events.demo.load",
        demo_order=50,
        requires=("home",),  # events sit under the start page
        block_specs=("tests.plugins.events.api.schedule",),  # its own block kind
    )
