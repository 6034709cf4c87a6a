"""Indexes on Wagtail's page table for the API's listings (ordered by tree path, with a limit).

With them a listing reads only the rows it returns, whatever the number of pages: the planner
walks the index in path order within one type and locale instead of sorting every match
(``live`` is checked per row: nearly all pages are live).
"""

from django.db import migrations

INDEXES = {
    "cms_api_page_type_listing": "(content_type_id, locale_id, path)",
    "cms_api_page_listing": "(locale_id, path)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_api_frontends_tokens"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
