"""Webhooks in the German admin (Einstellungen → Webhooks): endpoints, their delivery log,
"Erneut senden" and "Fortsetzen".

Every view needs the one permission ``cms.manage_webhooks`` ("Webhooks verwalten", given to the
role Freigabe by ``setup_roles``): an endpoint's secret signs what the CMS sends, so whoever sees
it could forge messages to the receiver. The secret is generated on creation (``whsec_…``,
:func:`cms.delivery.webhooks.new_secret`) and shown on the endpoint's edit page for copying.
Sending is :mod:`cms.delivery.webhooks`; this module only shows and triggers it.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.delivery import webhooks
from cms.delivery.models import WebhookDelivery, WebhookEndpoint

__all__ = ["WebhookEndpointForm", "WebhookPermissionPolicy", "WebhookViewSet", "webhook_viewset"]

PERMISSION = "cms.manage_webhooks"


class WebhookPermissionPolicy(ModelPermissionPolicy):
    """Every action on webhooks (list, add, change, delete, resend, resume) needs
    ``cms.manage_webhooks``; Django's add/change/delete rights of the model grant nothing."""

    def _get_permission_name(self, action):
        return PERMISSION

    def _get_permission_codenames(self, actions):
        return {"manage_webhooks"}


register_permission_policy(WebhookEndpoint, WebhookPermissionPolicy(WebhookEndpoint))


class WebhookEndpointForm(WagtailAdminModelForm):
    """The endpoint form: events and locales as checkboxes (none ticked: all)."""

    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Adresse des Empfängers; er bekommt jede Nachricht als POST mit JSON."),
    )
    events = forms.MultipleChoiceField(
        label=_("Ereignisse"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keines angekreuzt: alle Ereignisse."),
    )
    locales = forms.MultipleChoiceField(
        label=_("Sprachen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Keine angekreuzt: alle Sprachen. Bilder, Dokumente und andere Objekte ohne Sprache "
            "gehen an jeden Webhook."
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "locales", "active", "owner"]

    def __init__(self, *args, **kwargs):
        """Fill the choices now: snippet types and locales are known only at run time."""
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = webhooks.event_choices()
        self.fields["locales"].choices = [
            (code, _(str(name))) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
        ]


class WebhookCreateView(generic.CreateView):
    """Creates the endpoint with a fresh secret; its owner is the creating user unless chosen."""

    def save_instance(self):
        """Save with a new ``whsec_`` secret and, without a chosen owner, the current user."""
        instance = self.form.instance
        instance.secret = webhooks.new_secret()
        if instance.owner_id is None:
            instance.owner = self.request.user
        return super().save_instance()

    def get_success_url(self):
        """To the new endpoint's edit page, where its secret is shown for copying."""
        return self.get_edit_url()

    def get_success_message(self, instance):
        """Tell the editor to copy the secret into the receiver."""
        return _(
            "Webhook „%(name)s“ angelegt. Kopieren Sie das Geheimnis unten in den Empfänger."
        ) % {"name": instance}


class WebhookEditView(generic.EditView):
    """The edit page with the secret, the pause state and buttons to the log and to resume."""

    template_name = "cms_admin/webhook_edit.html"
    deliveries_url_name = resume_url_name = ""

    def save_instance(self):
        """Save; an endpoint switched back on (and not paused) gets what waited for it."""
        was_active = WebhookEndpoint.objects.filter(pk=self.object.pk, active=True).exists()
        instance = super().save_instance()
        if instance.active and not was_active and not instance.is_paused:
            webhooks.resume(instance)
        return instance

    @cached_property
    def header_more_buttons(self):
        """Wagtail's header buttons plus "Zustellungen" (the delivery log)."""
        return [
            *super().header_more_buttons,
            Button(
                _("Zustellungen"),
                url=reverse(self.deliveries_url_name, args=[self.object.pk]),
                icon_name="list-ul",
                priority=5,
            ),
        ]

    def get_context_data(self, **kwargs):
        """The context plus the secret, the log's and the resume URL."""
        return super().get_context_data(
            secret=self.object.secret,
            deliveries_url=reverse(self.deliveries_url_name, args=[self.object.pk]),
            resume_url=reverse(self.resume_url_name, args=[self.object.pk]),
            **kwargs,
        )


class WebhookIndexView(generic.IndexView):
    """The list of endpoints; a warning names the paused ones."""

    def get(self, request, *args, **kwargs):
        """The listing, with a German warning per paused endpoint."""
        for endpoint in WebhookEndpoint.objects.filter(paused_at__isnull=False):
            messages.warning(
                request,
                _("Webhook „%(name)s“ ist pausiert: %(reason)s")
                % {"name": endpoint, "reason": endpoint.pause_reason},
            )
        return super().get(request, *args, **kwargs)


class WebhookDeliveriesView(
    generic.PermissionCheckedMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    """An endpoint's delivery log, newest first, 50 per page; each row with "Erneut senden";
    POST ``resend=<delivery id>`` sends it again (:func:`cms.delivery.webhooks.resend`)."""

    model = WebhookEndpoint
    permission_required = "change"
    template_name = "cms_admin/webhook_deliveries.html"
    header_icon = "list-ul"
    page_title = _("Zustellungen")
    index_url_name = edit_url_name = deliveries_url_name = resume_url_name = ""

    def setup(self, request, *args, **kwargs):
        """Load the endpoint named by the URL's ``pk`` (404 if there is none)."""
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(WebhookEndpoint, pk=kwargs["pk"])

    def get_page_subtitle(self):
        """The endpoint's description or URL."""
        return str(self.object)

    def get_breadcrumbs_items(self):
        """Webhooks › this endpoint › Zustellungen."""
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.index_url_name),
                "label": WebhookEndpoint._meta.verbose_name_plural,
            },
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": _("Zustellungen")},
        ]

    def get_context_data(self, **kwargs):
        """The page of deliveries (``?p=``), the endpoint and the URLs of its views."""
        deliveries = self.object.deliveries.order_by("-pk")
        page = Paginator(deliveries, 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            object=self.object,
            deliveries=page,
            deliveries_url=reverse(self.deliveries_url_name, args=[self.object.pk]),
            resume_url=reverse(self.resume_url_name, args=[self.object.pk]),
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """``resend=<id>``: one more attempt of that delivery of this endpoint, then back to the
        log with a German message."""
        delivery = get_object_or_404(
            WebhookDelivery, pk=request.POST.get("resend") or 0, endpoint=self.object
        )
        with transaction.atomic():
            webhooks.resend(delivery)
        log(instance=self.object, action="wagtail.edit")
        messages.success(
            request,
            _("Nachricht %(id)s wird erneut gesendet.") % {"id": delivery.message_id},
        )
        return redirect(reverse(self.deliveries_url_name, args=[self.object.pk]))


class WebhookResumeView(generic.PermissionCheckedMixin, View):
    """POST only: resume a paused endpoint (:func:`cms.delivery.webhooks.resume`)."""

    model = WebhookEndpoint
    permission_required = "change"
    http_method_names = ["post"]
    edit_url_name = ""

    def post(self, request, pk):
        """Un-pause, send what waited, back to the edit page with a German message."""
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        with transaction.atomic():
            count = webhooks.resume(endpoint)
        log(instance=endpoint, action="wagtail.edit")
        messages.success(
            request,
            _("Webhook „%(name)s“ fortgesetzt; %(count)d wartende Nachrichten werden gesendet.")
            % {"name": endpoint, "count": count},
        )
        return redirect(reverse(self.edit_url_name, args=[endpoint.pk]))


class StatusColumn(Column):
    """The state of an endpoint: "aktiv", "pausiert" or "aus"."""

    def get_value(self, instance):
        """The endpoint's state in German."""
        if not instance.active:
            return _("aus")
        return _("pausiert") if instance.is_paused else _("aktiv")


class WebhookViewSet(ModelViewSet):
    """Webhooks under Einstellungen (see the module docstring)."""

    model = WebhookEndpoint
    icon = "resubmit"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    list_display = [
        "__str__",
        "url",
        StatusColumn("status", label=_("Status")),
        "consecutive_failures",
    ]
    index_view_class = WebhookIndexView
    add_view_class = WebhookCreateView
    edit_view_class = WebhookEditView

    def get_form_class(self, for_update=False):
        """The endpoint form with checkbox choices."""
        return WebhookEndpointForm

    def get_edit_view_kwargs(self, **kwargs):
        """The edit view's kwargs plus the URL names of the log and of resume."""
        return super().get_edit_view_kwargs(
            deliveries_url_name=self.get_url_name("deliveries"),
            resume_url_name=self.get_url_name("resume"),
            **kwargs,
        )

    @property
    def deliveries_view(self):
        """The delivery log's view."""
        return WebhookDeliveriesView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            deliveries_url_name=self.get_url_name("deliveries"),
            resume_url_name=self.get_url_name("resume"),
        )

    @property
    def resume_view(self):
        """The resume action's view."""
        return WebhookResumeView.as_view(
            permission_policy=self.permission_policy, edit_url_name=self.get_url_name("edit")
        )

    def get_urlpatterns(self):
        """The viewset's URLs plus ``deliveries/<pk>/`` and ``resume/<pk>/``."""
        return [
            *super().get_urlpatterns(),
            path("deliveries/<int:pk>/", self.deliveries_view, name="deliveries"),
            path("resume/<int:pk>/", self.resume_view, name="resume"),
        ]


webhook_viewset = WebhookViewSet("webhooks")
