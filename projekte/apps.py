"""App configuration of the projekte plugin."""

from django.utils.translation import gettext_lazy as _

from cms.plugin import ContentType, Plugin, PluginConfig


class ProjekteConfig(PluginConfig):
    """The projekte plugin: page types ``project_index``, ``project`` (filters ``status``,
    ``topics``, ``places``, ``funding_programmes``, ``partners``), ``document_index``,
    ``document`` (``kind``, ``date``), ``partner_index``, ``partner`` (``kind``); snippets
    ``topic``, ``place``, ``funding_programme``. Requires ``home``.
    """

    name = "projekte"
    verbose_name = _("Projekte")
    plugin = Plugin(
        label="projekte",
        verbose_name="Projekte",
        content_types=(
            ContentType(model="projekte.ProjectIndexPage", api_name="project_index"),
            ContentType(
                model="projekte.ProjectPage",
                api_name="project",
                filters=("status", "topics", "places", "funding_programmes", "partners"),
            ),
            ContentType(model="projekte.DocumentIndexPage", api_name="document_index"),
            ContentType(
                model="projekte.DocumentPage", api_name="document", filters=("kind", "date")
            ),
            ContentType(model="projekte.PartnerIndexPage", api_name="partner_index"),
            ContentType(model="projekte.PartnerPage", api_name="partner", filters=("kind",)),
            ContentType(model="projekte.Topic", api_name="topic", kind="snippet"),
            ContentType(model="projekte.Place", api_name="place", kind="snippet"),
            ContentType(
                model="projekte.FundingProgramme", api_name="funding_programme", kind="snippet"
            ),
        ),
        demo_content="projekte.demo.load",
        demo_order=20,
        requires=("home",),  # the sections sit under the start page
    )
