"""System checks: plugin registrations and the admin middleware; misconfigurations fail at start-up.

Every message is one sentence naming the plugin, the model and the field or setting at fault.

- ``cms.E001`` an ``api_name`` registered twice; ``E002`` a registered model that does not exist;
  ``E003`` a page type that is no page; ``E004`` a model that is not translatable; ``E005`` a demo
  loader that cannot be imported; ``E006`` the admin's transaction middleware not last.
- ``cms.E008`` an ``api_fields`` entry that is neither a field nor a property; ``E009`` a property
  in ``api_fields`` without a (resolvable) return annotation, which the API could not type;
  ``E010`` an ``api_card_fields`` entry missing from ``api_fields``.
- ``cms.E011`` a filter that is no field of the model, or a field that cannot filter; ``E012`` one
  filter name meaning different things on different types; ``E013`` filters on a snippet type
  (snippet endpoints offer none).
- ``cms.E014`` a plugin in ``Plugin.requires`` that is not enabled; ``E015`` a page type whose
  parent page types all belong to disabled plugins (an undeclared requirement); ``E016`` an entry
  of ``CMS_DISABLED_PLUGINS`` that is the label of a plugin that stays enabled; ``E020`` an entry
  that names no plugin of this installation (a typo would leave the plugin on).
- ``cms.E018`` a StreamField block no API spec covers (a plugin's own block kind without an
  entry in ``Plugin.block_specs``); ``E019`` a ``Plugin.block_specs`` entry that cannot be
  imported or is no ``BlockSpec``.
- ``cms.E021`` a ``Plugin.feed_consumers`` entry that cannot be imported or is not callable.
- ``cms.E022`` a ``Plugin.health_checks`` entry that cannot be imported or is not a
  django-health-check ``HealthCheck`` class.
- ``cms.E023`` a ``Plugin.after_restore`` entry that cannot be imported or is not callable.
- ``cms.E024`` a ``Plugin.warm_up`` entry that cannot be imported or is not callable.
"""

from __future__ import annotations

import difflib
import functools
import typing
from collections import Counter
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import cached_property
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin

from cms.content.safe_urls import SafeUrlsMixin, url_fields
from cms.plugin.enabled import names_disabled
from cms.plugin.registry import ContentType, Plugin, registry


@checks.register("cms")
def check_plugins(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Registration checks (``cms.E001``–``E005``, ``E007``, see the module docstring): unique
    ``api_name``; every model exists, pages are pages, every model is translatable; demo loaders
    import. A Django system check: returns the messages, raises nothing.
    """
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
                        hint="Inherit from cms.content.safe_urls.SafeUrlsMixin (before TranslatableMixin).",
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


def _registered_models(plugin: Plugin) -> Iterator[tuple[ContentType, type[models.Model]]]:
    """The plugin's content types whose model exists (``cms.E002`` reports the others)."""
    for ct in plugin.content_types:
        try:
            yield ct, ct.get_model()
        except (LookupError, ValueError):
            continue


def _did_you_mean(name: str, candidates) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields()]


# --- API fields ------------------------------------------------------------------------------

#: Keys every API representation has (see ``cms.api``); an ``api_fields`` entry of that name is
#: not served again, so it needs no field or property behind it.
_BASE_KEYS = {"id", "type", "locale"}
_PAGE_BASE_KEYS = {"id", "type", "title", "locale", "path", "url", "slug"}


def api_field_names(model: type[models.Model], attribute: str = "api_fields") -> list[str]:
    """Names in ``model.<attribute>`` (``APIField`` objects or strings)."""
    return [getattr(f, "name", f) for f in getattr(model, attribute, None) or []]


def _property_function(model: type[models.Model], name: str):
    """The getter behind a property or cached property ``name``, or ``None`` if it is neither."""
    attr = getattr(model, name, None)
    if isinstance(attr, property):
        return attr.fget
    if isinstance(attr, cached_property | functools.cached_property):
        return attr.func
    return None


def _api_field_errors(
    plugin: Plugin, model: type[models.Model], seen: set[type[models.Model]]
) -> list[checks.CheckMessage]:
    """``E008``-``E010`` for ``model``, and for related models it serves with their own fields."""
    if model in seen:
        return []
    seen.add(model)
    errors: list[checks.CheckMessage] = []
    label = model._meta.label
    names = api_field_names(model)
    skipped = _PAGE_BASE_KEYS if issubclass(model, Page) else _BASE_KEYS
    for name in names:
        if name in skipped:
            continue
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            f = None
        if f is not None:
            target = f.related_model if f.is_relation else None
            if isinstance(target, type) and getattr(target, "api_fields", None):
                errors += _api_field_errors(plugin, target, seen)
            continue
        getter = _property_function(model, name)
        if getter is None:
            errors.append(
                checks.Error(
                    f"Plugin {plugin.label!r}: {label}.api_fields names {name!r}, which is "
                    f"neither a field nor a property of the model"
                    f"{_did_you_mean(name, _field_names(model))}.",
                    hint="List model fields, or properties with a return annotation.",
                    id="cms.E008",
                )
            )
            continue
        try:
            hints = typing.get_type_hints(getter)
        except Exception as exc:  # noqa: BLE001 - any failure to resolve is the message
            problem = f"whose return annotation cannot be resolved ({exc})"
        else:
            if "return" in hints:
                continue
            problem = "which has no return annotation, so the API cannot type it"
        errors.append(
            checks.Error(
                f"Plugin {plugin.label!r}: {label}.api_fields names the property {name!r}, "
                f"{problem}.",
                hint="Annotate the property's return type, e.g. 'def summary(self) -> str:'.",
                id="cms.E009",
            )
        )
    for name in api_field_names(model, "api_card_fields"):
        if name not in names:
            errors.append(
                checks.Error(
                    f"Plugin {plugin.label!r}: {label}.api_card_fields names {name!r}, which is "
                    f"not in its api_fields (a card shows a part of the API fields).",
                    hint=f"Add APIField({name!r}) to api_fields or remove it from the card.",
                    id="cms.E010",
                )
            )
    return errors


@checks.register("cms")
def check_api_fields(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every name a content type serves is a field or a typed property (else the API would
    serve an untyped field that is always null)."""
    errors: list[checks.CheckMessage] = []
    seen: set[type[models.Model]] = set()
    for plugin in registry:
        for _ct, model in _registered_models(plugin):
            errors += _api_field_errors(plugin, model, seen)
    return errors


# --- Filters ---------------------------------------------------------------------------------

_UNFILTERABLE = (StreamField, RichTextField, models.JSONField, models.FileField)


def filter_meaning(f: models.Field) -> str:
    """What a filter on ``f`` selects by, as the API builds its parameters (``cms.api``)."""
    if isinstance(f, models.DateField | models.DateTimeField):
        return "a date"
    if f.is_relation:
        return f"a relation to {f.related_model._meta.label}"
    if isinstance(f, models.BooleanField):
        return "yes/no"
    if f.choices:
        return "a choice"
    if isinstance(f, models.IntegerField):
        return "a whole number"
    return "a text"


@checks.register("cms")
def check_filters(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Each filter a content type names is a filterable field of its model, and one filter name
    means the same on every page type (the API and the search offer one parameter per name)."""
    errors: list[checks.CheckMessage] = []
    meanings: dict[str, dict[str, list[str]]] = {}  # name -> meaning -> ["model (plugin 'x')"]
    for plugin in registry:
        for ct, model in _registered_models(plugin):
            label = model._meta.label
            if ct.filters and ct.kind == "snippet":
                errors.append(
                    checks.Error(
                        f"Plugin {plugin.label!r}: the snippet type {ct.api_name!r} ({label}) "
                        f"declares filters {ct.filters!r}, but snippet endpoints offer none.",
                        hint="Remove the filters, or make the type a page type.",
                        id="cms.E013",
                    )
                )
                continue
            for name in ct.filters:
                try:
                    f = model._meta.get_field(name)
                except FieldDoesNotExist:
                    errors.append(
                        checks.Error(
                            f"Plugin {plugin.label!r}: content type {ct.api_name!r} filters by "
                            f"{name!r}, which is not a field of {label}"
                            f"{_did_you_mean(name, _field_names(model))}.",
                            hint="Name a date, choice, yes/no, number, text or relation field.",
                            id="cms.E011",
                        )
                    )
                    continue
                if isinstance(f, _UNFILTERABLE) or (f.auto_created and not f.concrete):
                    errors.append(
                        checks.Error(
                            f"Plugin {plugin.label!r}: content type {ct.api_name!r} filters by "
                            f"{label}.{name}, a {type(f).__name__}, which cannot filter.",
                            hint="Name a date, choice, yes/no, number, text or relation field "
                            "of the model itself.",
                            id="cms.E011",
                        )
                    )
                    continue
                meanings.setdefault(name, {}).setdefault(filter_meaning(f), []).append(
                    f"{label} (plugin {plugin.label!r})"
                )
    for name, by_meaning in meanings.items():
        if len(by_meaning) > 1:
            parts = [f"{meaning} on {', '.join(where)}" for meaning, where in by_meaning.items()]
            errors.append(
                checks.Error(
                    f"The filter {name!r} means {' but '.join(parts)}.",
                    hint="One filter name is one API and search parameter: rename one of them.",
                    id="cms.E012",
                )
            )
    return errors


# --- Dependencies between plugins --------------------------------------------------------------


def _page_models_of(plugin: Plugin) -> list[type[Page]]:
    """The plugin's page models: registered ones and any other in its app."""
    from cms.content.pages import CmsPage

    found = [m for ct, m in _registered_models(plugin) if issubclass(m, Page)]
    if plugin.label in apps.app_configs:
        found += [
            m
            for m in apps.get_app_config(plugin.label).get_models()
            if issubclass(m, CmsPage) and m not in found
        ]
    return found


@checks.register("cms")
def check_plugin_dependencies(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Disabling a plugin another one needs is a start-up error naming the one that needs it."""
    from cms.content.pages import is_of_disabled_plugin

    errors: list[checks.CheckMessage] = []
    available = list(getattr(settings, "CMS_AVAILABLE_PLUGINS", ()))
    for entry in getattr(settings, "CMS_DISABLED_PLUGINS", ()):
        plugin = registry.get(entry) or registry.get(entry.rsplit(".", 1)[-1])
        if (
            plugin is None
            and available
            and not any(
                names_disabled(app.rsplit(".", 1)[-1], [entry]) or app == entry for app in available
            )
        ):
            close = difflib.get_close_matches(
                entry, [app.rsplit(".", 1)[-1] for app in available], n=1
            )
            errors.append(
                checks.Error(
                    f"CMS_DISABLED_PLUGINS names {entry!r}, which is no plugin of this "
                    f"installation (plugins: {', '.join(available)}).",
                    hint=f"Did you mean {close[0]!r}?" if close else "Remove the entry.",
                    id="cms.E020",
                )
            )
            continue
        if plugin is not None:
            app = next(
                (c.name for c in apps.get_app_configs() if c.label == plugin.label), plugin.label
            )
            errors.append(
                checks.Error(
                    f"CMS_DISABLED_PLUGINS names {entry!r}, the label of the plugin in {app!r}, "
                    f"which stays enabled because plugins are switched off by their app name.",
                    hint=f"Write CMS_DISABLED_PLUGINS={app}.",
                    id="cms.E016",
                )
            )
    for plugin in registry:
        missing = [label for label in plugin.requires if label not in registry]
        for label in missing:
            disabled = names_disabled(label, getattr(settings, "CMS_DISABLED_PLUGINS", ()))
            state = "disabled (CMS_DISABLED_PLUGINS)" if disabled else "not installed"
            errors.append(
                checks.Error(
                    f"Plugin {plugin.label!r} requires the plugin {label!r}, which is {state}.",
                    hint=f"Enable {label!r}, or disable {plugin.label!r} too.",
                    id="cms.E014",
                )
            )
        if missing:
            continue
        for model in _page_models_of(plugin):
            declared = [n for n in getattr(model, "parent_page_types", None) or [] if n]
            dropped = [n for n in declared if isinstance(n, str) and is_of_disabled_plugin(n)]
            if dropped and len(dropped) == len(declared):
                owners = sorted({n.split(".", 1)[0] for n in dropped})
                errors.append(
                    checks.Error(
                        f"Plugin {plugin.label!r}: {model._meta.label} can be placed nowhere, "
                        f"since its parent page types ({', '.join(dropped)}) belong to the "
                        f"disabled plugin(s) {', '.join(map(repr, owners))}.",
                        hint=f"Declare Plugin(requires={tuple(owners)!r}) or allow a parent "
                        "page type of an enabled plugin.",
                        id="cms.E015",
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


@checks.register("cms")
def check_synchronized_relations(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A page type with relations to translatable models keeps them in its synchronised fields
    (``cms.translation.relations``): a subclass that sets ``translatable_fields`` or
    ``override_translatable_fields`` without :class:`SynchronizedRelations` would leave its
    translations with the relations of their first copy."""
    from django.apps import apps
    from wagtail_localize.fields import get_translatable_fields

    from cms.translation.relations import SynchronizedRelations, relation_fields

    errors = []
    for model in apps.get_models():
        if not issubclass(model, Page) or not relation_fields(model):
            continue
        if not any(isinstance(f, SynchronizedRelations) for f in get_translatable_fields(model)):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has relations to translatable models "
                    f"({', '.join(f.name for f in relation_fields(model))}) that translations "
                    "would not follow.",
                    hint="Keep cms.translation.relations.SynchronizedRelations() in its "
                    "override_translatable_fields (cms.content.pages.CmsPage declares it).",
                    obj=model,
                    id="cms.E017",
                )
            )
    return errors


# --- Blocks the API can serve -----------------------------------------------------------------


def _stream_field_owners() -> Iterator[tuple[str, type[models.Model]]]:
    """``(owner, model)`` of every model of the core and of the enabled plugins; ``owner`` is the
    plugin's label, ``"core"`` for the core's models."""
    seen: set[type[models.Model]] = set()
    for plugin in registry:
        found = [m for _ct, m in _registered_models(plugin)]
        if plugin.label in apps.app_configs:
            found += list(apps.get_app_config(plugin.label).get_models())
        for model in found:
            if model not in seen:
                seen.add(model)
                yield plugin.label, model
    for config in apps.get_app_configs():
        if config.name == "cms" or config.name.startswith("cms."):
            for model in config.get_models():
                if model not in seen:
                    seen.add(model)
                    yield "core", model


@checks.register("cms")
def check_block_specs(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every StreamField block of the core and the plugins has an API spec (``cms.E018``), so the
    OpenAPI document types it and the API can serialize it; a plugin's ``block_specs`` import
    (``cms.E019``)."""
    from django.core.exceptions import ImproperlyConfigured

    from cms.api.serialize import BlockRegistry, unknown_blocks
    from cms.api.serialize.blocks import CORE_BLOCK_SPECS, plugin_block_specs

    errors: list[checks.CheckMessage] = []
    block_registry = BlockRegistry(CORE_BLOCK_SPECS)
    for plugin in registry:
        try:
            specs = plugin_block_specs(plugin)
        except ImproperlyConfigured as error:
            errors.append(
                checks.Error(
                    str(error),
                    hint="Name a cms.api.serialize.BlockSpec by its dotted path.",
                    id="cms.E019",
                )
            )
            continue
        for spec in specs:
            block_registry.register(spec)
    for owner, model in _stream_field_owners():
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField):
                continue
            for path, block in unknown_blocks(field.stream_block, block_registry):
                cls = type(block)
                where = " → ".join(path) if path else "(the stream itself)"
                errors.append(
                    checks.Error(
                        f"Plugin {owner!r}: {model._meta.label}.{field.name} has the block "
                        f"{where!r} ({cls.__module__}.{cls.__qualname__}), which no API spec "
                        "covers: the API could neither type nor serialize it.",
                        hint="Register its schema and serializer in Plugin.block_specs "
                        "(docs/plugins.md, section 4), or build it from Wagtail's block kinds.",
                        obj=model,
                        id="cms.E018",
                    )
                )
    return errors


def _dotted_path_errors(
    attribute: str, noun: str, fits, wrong: str, hint: str, id: str
) -> list[checks.CheckMessage]:
    """One error per entry of ``Plugin.<attribute>`` (dotted paths) that cannot be imported or
    whose object ``fits(obj)`` rejects (``wrong`` says how)."""
    from django.utils.module_loading import import_string

    errors: list[checks.CheckMessage] = []
    for plugin in registry:
        for path in getattr(plugin, attribute):
            try:
                target = import_string(path)
            except ImportError as error:
                problem = f"cannot be imported ({error})"
            else:
                if fits(target):
                    continue
                problem = wrong
            errors.append(
                checks.Error(
                    f"Plugin {plugin.label!r}: the {noun} {path!r} {problem}.", hint=hint, id=id
                )
            )
    return errors


@checks.register("cms")
def check_feed_consumers(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every ``Plugin.feed_consumers`` entry imports and is callable (``cms.E021``)."""
    return _dotted_path_errors(
        "feed_consumers",
        "feed consumer",
        callable,
        "is not callable",
        "Name a callable consumer(event) -> None by its dotted path (cms.delivery.consumers).",
        "cms.E021",
    )


@checks.register("cms")
def check_health_checks(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every ``Plugin.health_checks`` entry imports and is a ``HealthCheck`` class
    (``cms.E022``)."""
    from health_check.base import HealthCheck

    return _dotted_path_errors(
        "health_checks",
        "health check",
        lambda target: isinstance(target, type) and issubclass(target, HealthCheck),
        "is not a HealthCheck class",
        "Name a subclass of health_check.base.HealthCheck by its dotted path (cms.runtime.health).",
        "cms.E022",
    )


@checks.register("cms")
def check_after_restore(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every ``Plugin.after_restore`` entry imports and is callable (``cms.E023``)."""
    return _dotted_path_errors(
        "after_restore",
        "after-restore step",
        callable,
        "is not callable",
        "Name a callable restored(report) -> None by its dotted path (cms.backup).",
        "cms.E023",
    )


@checks.register("cms")
def check_warm_up(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every ``Plugin.warm_up`` entry imports and is callable (``cms.E024``)."""
    return _dotted_path_errors(
        "warm_up",
        "warm-up step",
        callable,
        "is not callable",
        "Name a callable warm() -> None by its dotted path (cms.runtime.warmup).",
        "cms.E024",
    )
