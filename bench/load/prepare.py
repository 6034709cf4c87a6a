"""Run inside the target's environment (``manage.py shell`` settings): readers' pages, the editor.

    DJANGO_SETTINGS_MODULE=... DATABASE_URL=... python bench/load/prepare.py pages
    ... python bench/load/prepare.py check < acknowledged.json

``pages`` makes sure the editor ``bench`` and the pages it publishes exist (as bench/editing
does), then prints one JSON object: ``pages`` (id, front-end path, language of every live page
below the home pages, the editor's pages left out) and ``edited`` (the ids of the editor's
pages). ``check`` reads ``{"page id": ["title", ...]}`` (every publish the admin acknowledged)
and prints, per page, the acknowledged titles without a published revision in the database
(``lost``) and whether the page's live title is its last acknowledged one.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.editing.run import PAGE_SLUG, PAGES, PASSWORD, USER  # noqa: E402


def ensure_editor() -> list[int]:
    """The superuser ``bench`` and the pages it publishes (created when missing)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale

    from projekte.models import ProjectIndexPage, ProjectPage

    User = get_user_model()
    if not User.objects.filter(username=USER).exists():
        User.objects.create_superuser(USER, "bench@example.org", PASSWORD)
    index = ProjectIndexPage.objects.get(locale=Locale.get_default())
    for n in range(1, PAGES + 1):
        if not ProjectPage.objects.filter(slug=f"{PAGE_SLUG}-{n}").exists():
            page = ProjectPage(
                title=f"Benchmark-Projekt {n}",
                slug=f"{PAGE_SLUG}-{n}",
                teaser="Stand 0",
                start_date=datetime.date(2024, 1, 1),
            )
            index.add_child(instance=page)
            page.save_revision().publish()
    return list(
        ProjectPage.objects.filter(slug__startswith=PAGE_SLUG)
        .order_by("slug")
        .values_list("pk", flat=True)
    )


def pages() -> dict:
    from wagtail.models import Page

    from cms.api.serialize import page_path

    edited = ensure_editor()
    rows = (
        Page.objects.live()
        .public()
        .filter(depth__gt=2)
        .exclude(slug__startswith=PAGE_SLUG)
        .order_by("path")
        .values_list("pk", "url_path", "locale__language_code", "content_type__model")
    )
    return {
        "pages": [
            {"id": pk, "path": page_path(url_path), "locale": language, "model": model}
            for pk, url_path, language, model in rows
        ],
        "edited": edited,
    }


def check(acknowledged: dict[str, list[str]]) -> dict:
    from wagtail.models import Page, PageLogEntry, Revision

    result = {}
    for pk, titles in acknowledged.items():
        page = Page.objects.get(pk=int(pk))
        published = set(
            Revision.objects.filter(
                pk__in=PageLogEntry.objects.filter(
                    page_id=page.pk, action="wagtail.publish"
                ).values("revision_id")
            ).values_list("content__title", flat=True)
        )
        lost = [title for title in titles if title not in published]
        last = max(titles, key=lambda title: int(title.rsplit(" ", 1)[-1])) if titles else None
        result[pk] = {
            "acknowledged": len(titles),
            "lost": lost,
            "live_title": page.title,
            "live_is_last_acknowledged": last is None or page.title == last,
        }
    return result


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "pages":
        sys.stdout.write(json.dumps(pages()) + "\n")
    else:
        sys.stdout.write(json.dumps(check(json.load(sys.stdin))) + "\n")
