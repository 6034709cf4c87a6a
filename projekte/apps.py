from django.utils.translation import gettext_lazy as _

from cms.apps import PluginConfig
from cms.registry import Plugin


class ProjekteConfig(PluginConfig):
    name = "projekte"
    verbose_name = _("Projekte")
    plugin = Plugin(label="projekte", verbose_name="Projekte")
