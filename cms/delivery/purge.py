"""The front-end cache (CDN) purge: which URLs show a change, and sending them after the commit.

A feed consumer (:func:`purge_frontend_cache`, registered at import) enqueues
:func:`purge_event_task` (django-tasks: with a worker, the editor never waits on the CDN), which
hands the event's ``urls`` and :func:`showing_urls` to Wagtail's ``frontend_cache`` app
(``WAGTAILFRONTENDCACHE``: its HTTP backend for Varnish, Cloudflare, CloudFront, …). The
event's ``urls`` are computed when it is recorded, in the transaction of the change
(:mod:`cms.delivery.feed`), while the old path of a moved page is still known:

- :func:`purge_urls_for_page`: a page's detail, find-by-path (new and old path) and front-end
  URLs, of its translations too, the listings it appears in, and its subtree's when it moved,
  was renamed or restricted;
- :func:`media_urls`, :func:`snippet_urls`: an image's, document's or snippet's detail and
  listing;

and :func:`showing_urls` adds, after the commit, what merely shows the change: pages and
snippets that embed a changed object, the children of a changed page (the delta sync's rule,
:func:`cms.delivery.sync.affected`).

Every URL is **absolute**: Wagtail's HTTP backend sends the URL's host as ``Host``, and a
relative URL has none (``TypeError`` in the purge task). API URLs start with the CMS's public
address (:func:`api_base`). A purge names exact URLs in the spellings clients send; a cache that
can ban by prefix clears every query variant of a purged path (``deploy/varnish/default.vcl``,
``docs/delivery.md``, "Cache (CDN) setup").
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django_tasks import task

from cms.delivery import consumers

logger = logging.getLogger(__name__)

__all__ = [
    "api_base",
    "media_urls",
    "purge_event_task",
    "purge_frontend_cache",
    "purge_urls_for_page",
    "purged_again",
    "showing_urls",
    "snippet_urls",
]


def api_base() -> str:
    """The API's public address with its prefix, e.g. ``https://cms.example.org/api/v1/``:
    ``WAGTAILAPI_BASE_URL``, else ``WAGTAILADMIN_BASE_URL`` (where shared caches answer)."""
    from django.conf import settings

    from cms.api.cache import PREFIX

    origin = getattr(settings, "WAGTAILAPI_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return origin.rstrip("/") + PREFIX


def _frontend_names() -> list[str | None]:
    """``None`` (no ``frontend`` parameter) and the name of every front end."""
    from cms.api.models import FrontEnd

    return [None, *FrontEnd.objects.values_list("name", flat=True)]


def _content_languages() -> list[str]:
    from cms.api.http import content_languages

    return content_languages()


def _spellings(base: str, endpoint: str, names: list[str | None], **query) -> list[str]:
    """``base + endpoint`` with ``query`` (None values left out), once per front end name, in the
    spellings clients send: ``URLSearchParams`` encoding, and for a ``path`` also plain slashes."""
    urls = []
    for name in names:
        params = {k: v for k, v in {**query, "frontend": name}.items() if v is not None}
        urls.append(f"{base}{endpoint}" + (f"?{urlencode(params)}" if params else ""))
        if "path" in params:
            plain = "&".join(f"{k}={v}" for k, v in params.items())
            urls.append(f"{base}{endpoint}?{plain}")
    return urls


def _object_urls(endpoint: str, pk: int) -> list[str]:
    """A listing ``endpoint`` and its item ``pk``, plain and per content language and front end."""
    base, names = api_base(), _frontend_names()
    urls = []
    for path in (endpoint, f"{endpoint}{pk}/"):
        for code in (None, *_content_languages()):
            urls += _spellings(base, path, names, locale=code)
    return list(dict.fromkeys(urls))


def media_urls(kind: str, pk: int) -> list[str]:
    """The absolute API URLs that show image or document ``pk`` (``kind``: ``"image"`` or
    ``"document"``): ``<kind>s/`` and ``<kind>s/<pk>/``, plain and with ``locale`` and
    ``frontend``. Pages that show it expire with ``s-maxage`` (``docs/delivery.md``)."""
    return _object_urls(f"{kind}s/", pk)


def snippet_urls(api_name: str, pk: int) -> list[str]:
    """The absolute API URLs that show snippet ``pk`` of type ``api_name``:
    ``snippets/<api_name>/`` and ``snippets/<api_name>/<pk>/``, plain and with ``locale`` and
    ``frontend``."""
    return _object_urls(f"snippets/{api_name}/", pk)


def purge_urls_for_page(
    page, *, url_path_before: str | None = None, parent_before=None, subtree: bool = False
) -> list[str]:
    """The absolute URLs a shared cache may hold that show ``page``: purge all of them.

    API URLs start with :func:`api_base`; page paths and front-end URLs come from
    :mod:`cms.content.page_urls`. For the page and each of its translations (every locale the
    translation group lives in answers for any of them, ``?locale=``):

    - its detail, ``pages/<id>/`` plain and with ``?locale=`` of each locale;
    - its find-by-path, ``pages/find/?path=<path>`` plain and with ``&locale=`` of each locale;
    - its URL on every web front end (``http``/``https``; an app's scheme has no shared cache);
    - the listings it appears in, per locale: all pages, its type's, its parent's children.

    ``url_path_before`` (Wagtail's form) is the page's position before a move or rename: the
    find-by-path and front-end URLs of the old path of the page and of each live descendant are
    added, with the descendants' own detail URLs (their ``path`` changed); ``parent_before``
    adds the old parent's listing. ``subtree`` (a view restriction added, changed or lifted: it
    reaches every page below) adds the detail, find-by-path and front-end URLs of each live
    descendant. Each API URL comes in the spellings a client sends: the query encoded as
    ``URLSearchParams`` does (``path=%2Fx%2F``, as the TypeScript client), the find path also
    with plain slashes, and each with ``&frontend=<name>`` of every front end.
    """
    from django.conf import settings
    from wagtail.models import Page

    from cms.api.models import FrontEnd
    from cms.api.pages import page_type_by_content_type_id
    from cms.content.page_urls import path_in_locale, public_url

    base = api_base()
    frontends = list(FrontEnd.objects.all())
    names = [None, *(fe.name for fe in frontends)]
    websites = [fe for fe in frontends if fe.base_url.startswith(("http://", "https://"))]
    default = settings.LANGUAGE_CODE
    steplen = Page.steplen
    versions = list(
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .values("pk", "path", "url_path", "content_type_id", "locale__language_code")
    )
    versions.insert(
        0,
        {
            "pk": page.pk,
            "path": page.path,
            "url_path": page.url_path,
            "content_type_id": page.content_type_id,
            "locale__language_code": page.locale.language_code,
        },
    )
    locales = sorted({v["locale__language_code"] for v in versions})
    parents = dict(
        Page.objects.filter(path__in={v["path"][:-steplen] for v in versions}).values_list(
            "path", "pk"
        )
    )
    types = page_type_by_content_type_id()
    urls: list[str] = []

    def api(endpoint: str, **query) -> None:
        urls.extend(_spellings(base, endpoint, names, **query))

    def per_locale(endpoint: str, **query) -> None:
        api(endpoint, **query)
        for code in locales:
            api(endpoint, **query, locale=code)

    def shown_at(locale: str, url_path: str) -> None:
        path = path_in_locale(url_path)
        per_locale("pages/find/", path=path)
        urls.extend(public_url(locale, path, fe) for fe in websites)

    for v in versions:
        locale = v["locale__language_code"]
        per_locale(f"pages/{v['pk']}/")
        shown_at(locale, v["url_path"])
        pt = types.get(v["content_type_id"])
        lang = None if locale == default else locale
        for code in dict.fromkeys((lang, locale)):
            api("pages/", locale=code)
            if pt is not None:
                api("pages/", type=pt.api_name, locale=code)
            if parent := parents.get(v["path"][:-steplen]):
                api("pages/", parent=parent, locale=code)
            if parent_before is not None:
                api("pages/", parent=parent_before.pk, locale=code)
    moved = bool(url_path_before) and url_path_before != page.url_path
    locale = page.locale.language_code
    if moved:
        shown_at(locale, url_path_before)
    if (moved or subtree) and page.depth and page.depth > 2:
        for d in Page.objects.descendant_of(page).live().values("pk", "url_path"):
            per_locale(f"pages/{d['pk']}/")
            shown_at(locale, d["url_path"])
            if moved:
                shown_at(locale, url_path_before + d["url_path"][len(page.url_path) :])
    return list(dict.fromkeys(urls))


#: Pages that merely *show* a change (embed a changed image or snippet, are children of a renamed
#: page, …) whose URLs one purge sends at most; beyond (a front end or site changed: every page),
#: the rest expire with ``s-maxage`` (logged).
MAX_SHOWING_PAGES = 50


def showing_urls(event) -> list[str]:
    """The absolute URLs of what *shows* the change of ``event`` besides its own ``urls``: the
    details and find-by-path URLs of every page, and the details of every image, document and
    snippet that :func:`cms.delivery.sync.affected` names for it (children of a changed page,
    pages and snippets embedding a changed object through Wagtail's reference index or a
    many-to-many field, a changed collection's media), with the listings of their types.

    Reads the present state: run after the commit. At most :data:`MAX_SHOWING_PAGES` pages.
    """
    from wagtail.models import Page

    from cms.content.page_urls import path_in_locale
    from cms.delivery.sync import affected, snippet_types

    snippets = snippet_types()
    ids = affected([event], ["page", "image", "document", *snippets])
    base, names, codes = api_base(), _frontend_names(), _content_languages()
    urls: list[str] = []
    pages = sorted(
        ids.pop("page", set()) - {event.object_id if event.object_type == "page" else None}
    )
    if len(pages) > MAX_SHOWING_PAGES:
        logger.info(
            "Purge of event %s: %d pages show the change, the first %d are purged, the others "
            "expire with s-maxage",
            event.seq,
            len(pages),
            MAX_SHOWING_PAGES,
        )
    rows = Page.objects.filter(pk__in=pages[:MAX_SHOWING_PAGES]).values("pk", "url_path", "depth")

    for row in rows:
        for code in (None, *codes):
            urls += _spellings(base, f"pages/{row['pk']}/", names, locale=code)
            if row["depth"] > 1:
                urls += _spellings(
                    base, "pages/find/", names, path=path_in_locale(row["url_path"]), locale=code
                )
    if pages:
        urls += _spellings(base, "pages/", names)
    for kind, pks in ids.items():
        if kind == event.object_type:
            pks = pks - {event.object_id}
        endpoint = f"snippets/{kind}/" if kind in snippets else f"{kind}s/"
        for pk in sorted(pks)[:MAX_SHOWING_PAGES]:
            urls += _object_urls(endpoint, pk)
    return list(dict.fromkeys(urls))


#: The task queue of cache purges: its own worker (``db_worker --queue-name purges``) never waits
#: behind search indexing or PDF texts, so a publish reaches readers within seconds.
PURGE_QUEUE = "purges"


@task(queue_name=PURGE_QUEUE)
def purge_event_task(seq: int) -> int:
    """Background task (django-tasks, queue :data:`PURGE_QUEUE`): purge from the front-end cache (``WAGTAILFRONTENDCACHE``)
    the ``urls`` of change event ``seq`` and :func:`showing_urls`, through Wagtail's purge, in
    this task: Wagtail's ``purge_urls_from_cache`` would enqueue a second task on the default
    queue, behind search indexing (up to 1.3 s under load, issue 18). Returns the number of
    URLs purged: 0 for an event no longer in the feed, or one that a later event of the same
    object purges again (:func:`purged_again`; a publish records three).
    """
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    from cms.delivery.models import ChangeEvent

    event = ChangeEvent.objects.filter(seq=seq).first()
    if event is None or purged_again(event):
        return 0
    urls = list(dict.fromkeys([*event.urls, *showing_urls(event)]))
    if urls:
        purge_urls_from_cache_task.call(urls)
    return len(urls)


def purged_again(event) -> bool:
    """A later event of the same object (``object_type``, ``object_id``; a subtree too if this
    one is) names every URL this one does: its own purge task, enqueued when it committed,
    purges them all again with the state after both, so this one need not."""
    if event.object_id is None:
        return False
    wanted = set(event.urls)
    later = event.later_events().values_list("urls", flat=True)
    return any(wanted <= set(urls) for urls in later)


def purge_frontend_cache(event) -> None:
    """Feed consumer: when a front-end cache is configured (``WAGTAILFRONTENDCACHE``), enqueue
    :func:`purge_event_task` for ``event`` (the editor never waits on the CDN with a task
    worker); a failure is logged, never raised.
    """
    from django.conf import settings

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    try:
        purge_event_task.enqueue(event.seq)
    except Exception:  # noqa: BLE001 - a CDN outage must not break publishing
        logger.exception("Front-end cache purge failed for event %s", event.seq)


consumers.register("frontend_cache", purge_frontend_cache)
