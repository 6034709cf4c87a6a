"""App configuration of the home plugin."""

from django.utils.translation import gettext_lazy as _

from cms.plugin import ContentType, Plugin, PluginConfig


class HomeConfig(PluginConfig):
    """The home plugin: ``home.HomePage`` (``api_name`` ``home``), the snippets ``navigation`` and
    ``footer``; demo content first (``demo_order=10``), since the other plugins' sections sit
    under the start page.
    """

    name = "home"
    verbose_name = _("Startseite")
    plugin = Plugin(
        label="home",
        verbose_name="Startseite",
        content_types=(
            ContentType(model="home.HomePage", api_name="home"),
            ContentType(model="home.Navigation", api_name="navigation", kind="snippet"),
            ContentType(model="home.Footer", api_name="footer", kind="snippet"),
        ),
        demo_content="home.demo.load",
        demo_order=10,
    )
