"""Facet rows: each search document's type and facet values as narrow rows
(:class:`search.models.DocumentFacet`), filled from the documents present."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """One row per document for its type, one per facet value, labels cut to 200 characters
    (as :func:`search.terms.facet_rows`, which migrations cannot import: it uses today's
    models)."""
    documents = apps.get_model("cms_search", "SearchDocument")
    facet = apps.get_model("cms_search", "DocumentFacet")
    rows = []
    fields = ("page_id", "language", "content_type", "facets")
    for page_id, language, content_type, facets in documents.objects.values_list(*fields).iterator(
        chunk_size=500
    ):
        pairs = {("type", content_type): ""}
        for name, values in (facets or {}).items():
            for value, label in values:
                pairs.setdefault((name, str(value)), (label or "")[:200])
        rows.extend(
            facet(
                document_id=page_id,
                language=language,
                content_type=content_type,
                name=name,
                value=value,
                label=label,
            )
            for (name, value), label in pairs.items()
        )
        if len(rows) >= 2000:
            facet.objects.bulk_create(rows)
            rows = []
    facet.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ('cms_search', '0005_postgres_field_vectors'),
    ]

    operations = [
        migrations.CreateModel(
            name='DocumentFacet',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=8)),
                ('content_type', models.CharField(max_length=100)),
                ('name', models.CharField(max_length=100)),
                ('value', models.TextField()),
                ('label', models.TextField(blank=True)),
                ('document', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cms_search.searchdocument')),
            ],
            options={
                'verbose_name': 'Facettenwert',
                'verbose_name_plural': 'Facettenwerte',
                'indexes': [models.Index(fields=['document', 'name', 'value', 'language', 'content_type', 'label'], name='document_facet_covering')],
                'constraints': [models.UniqueConstraint(fields=('document', 'name', 'value'), name='document_facet')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
