"""System checks: plugin registrations and the admin middleware; misconfigurations fail at start-up."""

from __future__ import annotations

from collections import Counter

from django.core import checks
from wagtail.models import Page, TranslatableMixin

from cms.registry import registry
from cms.safe_urls import SafeUrlsMixin, url_fields


@checks.register("cms")
def check_plugins(app_configs, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    names = Counter(ct.api_name for ct in registry.content_types())
    for name, count in names.items():
        if count > 1:
            errors.append(
                checks.Error(
                    f"The API name {name!r} is registered by {count} content types.",
                    hint="Give each content type a unique api_name.",
                    id="cms.E001",
                )
            )
    for plugin in registry:
        for ct in plugin.content_types:
            try:
                model = ct.get_model()
            except (LookupError, ValueError):
                errors.append(
                    checks.Error(
                        f"Plugin {plugin.label!r} registers {ct.model!r}, which is not an installed model.",
                        hint="Use 'app_label.ModelName' of a model in an installed app.",
                        id="cms.E002",
                    )
                )
                continue
            if ct.kind == "page" and not issubclass(model, Page):
                errors.append(
                    checks.Error(
                        f"{ct.model} is registered as a page but is not a Wagtail page.",
                        id="cms.E003",
                    )
                )
            if ct.kind == "snippet" and url_fields(model) and not issubclass(model, SafeUrlsMixin):
                errors.append(
                    checks.Error(
                        f"{ct.model} has link targets but does not apply the URL rule.",
                        hint="Inherit from cms.safe_urls.SafeUrlsMixin (before TranslatableMixin).",
                        id="cms.E007",
                    )
                )
            if not issubclass(model, TranslatableMixin):
                errors.append(
                    checks.Error(
                        f"{ct.model} is not translatable; every content type must be.",
                        hint="Inherit from wagtail.models.TranslatableMixin (pages are already).",
                        id="cms.E004",
                    )
                )
        if plugin.demo_content:
            try:
                plugin.demo_loader()
            except ImportError as exc:
                errors.append(
                    checks.Error(
                        f"Plugin {plugin.label!r}: demo_content {plugin.demo_content!r} cannot be imported ({exc}).",
                        id="cms.E005",
                    )
                )
    return errors


ADMIN_TRANSACTIONS = "cms.admin.transactions.AdminTransactionMiddleware"


@checks.register("cms")
def check_admin_transactions(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The admin's transaction middleware calls views itself: anything after it would be skipped
    (its ``process_view``), CSRF checks included."""
    from django.conf import settings

    middleware = list(settings.MIDDLEWARE)
    if ADMIN_TRANSACTIONS in middleware and middleware[-1] != ADMIN_TRANSACTIONS:
        return [
            checks.Error(
                f"{ADMIN_TRANSACTIONS} must be the last entry of MIDDLEWARE.",
                hint="Middleware after it would not see admin POSTs before their view runs.",
                id="cms.E006",
            )
        ]
    return []
