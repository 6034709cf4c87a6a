from django.utils.translation import gettext_lazy as _

from cms.plugin import ContentType, Plugin, PluginConfig


class HomeConfig(PluginConfig):
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
