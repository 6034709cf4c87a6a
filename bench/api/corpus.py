"""Generate the benchmark corpus: the demo content plus N project pages with rich bodies.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 DJANGO_SETTINGS_MODULE=bench.api.settings \
        .venv/bin/python bench/api/corpus.py --pages 10000 [--snapshot-at 1000:/tmp/bench-1k.sqlite3]

Every page's body has 12 blocks referencing images, documents and other pages (the
reference resolution is what the benchmark exercises). Pages are created live, without
revisions or search indexing, which is what the API reads. Safe to re-run: it tops up to N.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.api.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.documents import get_document_model  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

TEXT = (
    "<p>Das Regionalmanagement Nordthüringen begleitet Unternehmen, Kommunen und Schulen. "
    'Mehr dazu im <a linktype="page" id="{page}">Projekt</a> und in der '
    '<a linktype="document" id="{doc}">Erklärung</a>.</p>'
)


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def body(images: list[int], documents: list[int], pages: list[int], n: int) -> list[dict]:
    def pick(items, k):
        return items[(n + k) % len(items)]

    blocks = [
        {"type": "heading", "value": {"text": f"Abschnitt {n}", "level": "h2"}},
        {"type": "rich_text", "value": TEXT.format(page=pick(pages, 1), doc=pick(documents, 0))},
    ]
    for k in range(4):
        blocks.append(
            {
                "type": "image",
                "value": {"image": pick(images, k), "alt_text": "", "caption": "", "credit": ""},
            }
        )
    blocks.append(
        {
            "type": "document_list",
            "value": {"title": "Downloads", "documents": [pick(documents, k) for k in range(3)]},
        }
    )
    blocks.append(
        {
            "type": "page_teasers",
            "value": {"title": "Mehr", "pages": [pick(pages, k) for k in range(3)]},
        }
    )
    blocks.append(
        {
            "type": "quote",
            "value": {"text": "Eine Region mit Potenzial.", "author": "RM", "role": ""},
        }
    )
    blocks.append(
        {"type": "rich_text", "value": TEXT.format(page=pick(pages, 2), doc=pick(documents, 1))}
    )
    blocks.append({"type": "heading", "value": {"text": "Kontakt", "level": "h2"}})
    blocks.append({"type": "rich_text", "value": "<p>Regionalmanagement Nordthüringen</p>"})
    for block in blocks:
        block["id"] = str(uuid.uuid4())
    return blocks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--snapshot-at", default="", help="COUNT:PATH copy of a SQLite DB at COUNT")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("setup_site", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from projekte.models import ProjectIndexPage, ProjectPage

    german = Locale.get_default()
    index = ProjectIndexPage.objects.get(locale=german)
    images = list(get_image_model().objects.values_list("pk", flat=True))
    documents = list(get_document_model().objects.values_list("pk", flat=True))
    pages = list(ProjectPage.objects.filter(locale=german).values_list("pk", flat=True)[:20])
    snapshot_count, _sep, snapshot_path = args.snapshot_at.partition(":")
    existing = ProjectPage.objects.filter(locale=german).count()
    started = time.monotonic()
    now = timezone.now()
    for n in range(existing, args.pages):
        with transaction.atomic():
            index = Page.objects.get(pk=index.pk)  # fresh numchild/path for treebeard
            index.add_child(
                instance=ProjectPage(
                    title=f"Projekt {n}",
                    slug=f"projekt-{n}",
                    teaser=f"Ein Projekt der Region Nordthüringen, Nummer {n}.",
                    hero_image_id=images[n % len(images)],
                    hero_alt_text="Landschaft in Nordthüringen",
                    start_date=datetime.date(2020 + n % 7, 1 + n % 12, 1),
                    body=body(images, documents, pages, n),
                    locale=german,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        if snapshot_count and n + 1 == int(snapshot_count):
            connection.close()
            shutil.copyfile(connection.settings_dict["NAME"], snapshot_path)
            say(f"snapshot of {n + 1} pages at {snapshot_path}")
        if n % 1000 == 0:
            say(f"{n} pages ({time.monotonic() - started:.0f} s)")
    say(f"corpus: {ProjectPage.objects.count()} project pages")


if __name__ == "__main__":
    main()
