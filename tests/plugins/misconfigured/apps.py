"""A test-only plugin with every registration mistake ``cms.plugin.checks`` must catch at start-up.

Never installed by the test settings; ``tests/core/test_plugin_checks.py`` enables it in a
subprocess (``CMS_EXTRA_PLUGINS=tests.plugins.misconfigured``) and runs ``manage.py check``.
"""

from cms.plugin import ContentType, Plugin, PluginConfig


class MisconfiguredConfig(PluginConfig):
    name = "tests.plugins.misconfigured"
    label = "misconfigured"
    verbose_name = "Fehlkonfiguriert"
    plugin = Plugin(
        label="misconfigured",
        verbose_name="Fehlkonfiguriert",
        content_types=(
            ContentType(
                model="misconfigured.BrokenPage",
                api_name="broken",
                # "datum": no such field; "body": rich text cannot filter; "start": a relation
                # here, a date on the events plugin's EventPage.
                filters=("datum", "body", "start"),
            ),
            ContentType(
                model="misconfigured.BrokenSnippet",
                api_name="broken_snippet",
                kind="snippet",
                filters=("name",),
            ),
        ),
        # A spec module that does not exist (cms.E019); BrokenPage.sections has a block no spec
        # covers (cms.E018).
        block_specs=("tests.plugins.misconfigured.nowhere.salary_band",),
    )
