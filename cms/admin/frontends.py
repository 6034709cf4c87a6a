"""Front ends in the German admin (Einstellungen → Frontends), and their tokens.

A front end (:class:`cms.api.models.FrontEnd`) may require a token: then every API request that
names it (``X-Frontend`` or ``?frontend=``) must carry ``Authorization: Bearer <token>``, or is
answered 401 (:func:`cms.api.http.build_context`). An administrator creates the token on the
front end's page "Token verwalten": it is shown once, in the answer to "Token erzeugen", and only
its SHA-256 digest is stored (:meth:`FrontEnd.set_token`); "Token entfernen" makes the front end
public again. Both need the permission to change front ends.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from cms.api.models import FrontEnd

__all__ = ["FrontEndViewSet", "new_token"]

TOKEN_PREFIX = "fe_"


def new_token() -> str:
    """A fresh front-end token: ``fe_`` and 43 URL-safe characters (256 random bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class FrontEndEditView(generic.EditView):
    """The front end's edit view with a "Token verwalten" button for users who may change it."""

    token_url_name = ""

    @cached_property
    def header_more_buttons(self):
        """Wagtail's header buttons plus the token page's, when the user has the "change" right."""
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("change"):
            buttons.append(
                Button(
                    _("Token verwalten"),
                    url=reverse(self.token_url_name, args=[self.object.pk]),
                    icon_name="key",
                    priority=5,
                )
            )
        return buttons


class FrontEndTokenView(
    generic.PermissionCheckedMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    """Shows whether a front end requires a token; POST ``action=generate`` or ``remove``."""

    model = FrontEnd
    permission_required = "change"
    template_name = "cms_admin/frontend_token.html"
    header_icon = "key"
    page_title = _("Token")
    index_url_name = edit_url_name = token_url_name = ""

    def setup(self, request, *args, **kwargs):
        """Load the front end named by the URL's ``pk`` (404 if there is none)."""
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(FrontEnd, pk=kwargs["pk"])

    def get_page_subtitle(self):
        """The front end's title (or name)."""
        return str(self.object)

    def get_breadcrumbs_items(self):
        """Front ends › this front end › Token."""
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": FrontEnd._meta.verbose_name_plural},
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": _("Token")},
        ]

    def get_context_data(self, **kwargs):
        """The template context: the front end and the URLs of the token and edit views."""
        return super().get_context_data(
            object=self.object,
            token_url=reverse(self.token_url_name, args=[self.object.pk]),
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """``action=generate``: set a new token, logged as an edit, and show it once (the page is
        ``no-store``; only its digest is kept). ``action=remove``: make the front end public
        again and return to its edit view with a German message. Anything else returns to the
        edit view.
        """
        action = request.POST.get("action")
        if action == "generate":
            token = new_token()
            self.object.set_token(token)
            self.object.save(update_fields=["token_hash"])
            log(instance=self.object, action="wagtail.edit")
            response = self.render_to_response(self.get_context_data(token=token))
            response["Cache-Control"] = "no-store"
            return response
        if action == "remove" and self.object.token_hash:
            self.object.set_token(None)
            self.object.save(update_fields=["token_hash"])
            log(instance=self.object, action="wagtail.edit")
            messages.success(
                request,
                _(
                    "Der Token von „%(name)s“ wurde entfernt; das Frontend ist wieder ohne Token nutzbar."
                )
                % {"name": self.object},
            )
        return redirect(reverse(self.edit_url_name, args=[self.object.pk]))


class FrontEndViewSet(ModelViewSet):
    """Front ends under Einstellungen; the token has its own page (see the module docstring)."""

    model = FrontEnd
    icon = "globe"
    menu_label = _("Frontends")
    add_to_settings_menu = True
    form_fields = ["name", "title", "base_url", "allowed_origin", "preview_url", "is_default"]
    list_display = [
        "name",
        "title",
        "base_url",
        BooleanColumn("requires_token", label=_("Token nötig")),
    ]
    edit_view_class = FrontEndEditView

    def get_edit_view_kwargs(self, **kwargs):
        """The edit view's kwargs plus the URL name of the token page."""
        return super().get_edit_view_kwargs(token_url_name=self.get_url_name("token"), **kwargs)

    @property
    def token_view(self):
        """The token page's view, with this viewset's permission policy and URL names."""
        return FrontEndTokenView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            token_url_name=self.get_url_name("token"),
        )

    def get_urlpatterns(self):
        """The viewset's URLs plus ``token/<pk>/``."""
        return [
            *super().get_urlpatterns(),
            path("token/<int:pk>/", self.token_view, name="token"),
        ]


frontend_viewset = FrontEndViewSet("frontends")
