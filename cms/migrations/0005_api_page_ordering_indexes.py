"""Indexes on Wagtail's page table for the API's other listing orders (dates and title).

Ordered by publication date or title, a listing sorted every page of its type and locale before
taking the first 20: a listing of 20 took 43 ms at 10,000 pages on SQLite, against 4 ms in path
order. With these the planner walks an index in either direction; ties are broken by path in
the same direction (``cms.api.routers.ORDERINGS``), so one index serves both.
"""

from django.db import migrations

INDEXES = {
    f"cms_api_page_{scope}_{column}": f"({prefix}{column}, path)"
    for column in ("first_published_at", "last_published_at", "title")
    for scope, prefix in (("type", "content_type_id, locale_id, "), ("all", "locale_id, "))
}


class Migration(migrations.Migration):
    dependencies = [("cms", "0004_api_page_url_path_index")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
