"""Search models: the per-page search document, editors' synonyms, the query report, failures.

A :class:`SearchDocument` exists exactly for every live, public page of a searchable content
type: the generic text of the page (title, teaser, all StreamField text, taxonomy and partner
names, document metadata and PDF text), its analysed terms, and its filter values. It is the one
model the reader search queries, through whichever Wagtail search backend the settings choose.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

#: Engine analysis of German fields: compounds split when indexing, not in queries.
GERMAN = {"analyzer": "cms_german", "search_analyzer": "cms_german_search"}
LANGUAGE_CHOICES = [("de", _("Deutsch")), ("en", _("Englisch"))]

#: The right to open the search report (readers' queries, indexing failures, unreadable documents).
SEARCH_REPORT_PERMISSION = "cms_search.view_search_report"


class SearchDocument(index.Indexed, models.Model):
    """The searchable text of one live, public page in its own language, as readers may see it.

    Built by :func:`search.indexing.build_document`, never edited: ``title``, ``teaser``,
    ``body`` (page and StreamField text) and ``extra`` (names and texts of linked objects) are
    plain text; ``title_terms``/``terms`` the analysed index terms (space-separated) that the
    database ranking and the vocabulary read; ``facets`` ``{filter name: [[value, label], …]}``;
    ``content_type`` the page type's ``api_name``. Per-language fields (``title_de`` …) give the
    engine one analyser per language.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8, db_index=True)
    content_type = models.CharField(max_length=100, db_index=True)
    title = models.TextField()
    teaser = models.TextField(blank=True)
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True)
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    facets = models.JSONField(default=dict, blank=True)
    url_path = models.TextField(blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Indexing is done by search.indexing (with retries and failure records), not by signals.
    search_auto_update = False

    search_fields = [
        index.SearchField("title_terms", boost=4),
        index.SearchField("terms"),
        index.SearchField("title_de", boost=3, es_extra=GERMAN),
        index.SearchField("title_en", boost=3, es_extra={"analyzer": "cms_english"}),
        index.SearchField("teaser_de", boost=2, es_extra=GERMAN),
        index.SearchField("teaser_en", boost=2, es_extra={"analyzer": "cms_english"}),
        index.SearchField("body_de", es_extra=GERMAN),
        index.SearchField("body_en", es_extra={"analyzer": "cms_english"}),
        index.AutocompleteField("title"),
        index.FilterField("language"),
        index.FilterField("content_type"),
    ]

    class Meta:
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")

    def __str__(self) -> str:
        return self.title

    def _in(self, language: str, value: str) -> str:
        return value if self.language == language else ""

    def title_de(self) -> str:
        """The title for the German-analysed engine field; ``""`` for an English document."""
        return self._in("de", self.title)

    def title_en(self) -> str:
        """The title for the English-analysed engine field; ``""`` for a German document."""
        return self._in("en", self.title)

    def teaser_de(self) -> str:
        """The teaser for the German-analysed engine field; ``""`` for an English document."""
        return self._in("de", self.teaser)

    def teaser_en(self) -> str:
        """The teaser for the English-analysed engine field; ``""`` for a German document."""
        return self._in("en", self.teaser)

    def body_de(self) -> str:
        """Body and linked text for the German-analysed engine field; ``""`` for an English
        document.
        """
        return self._in("de", f"{self.body}\n{self.extra}")

    def body_en(self) -> str:
        """Body and linked text for the English-analysed engine field; ``""`` for a German document."""
        return self._in("en", f"{self.body}\n{self.extra}")


class Synonym(models.Model):
    """A set of words editors want treated alike in searches (e.g. „Bergbau, Kali“)."""

    language = models.CharField(_("Sprache"), max_length=8, choices=LANGUAGE_CHOICES, default="de")
    words = models.CharField(
        _("Begriffe"),
        max_length=500,
        help_text=_(
            "Gleichbedeutende Suchbegriffe, durch Kommas getrennt, z. B. „Bergbau, Kali, Kalibergbau“. "
            "Eine Suche nach einem davon findet auch Seiten mit den anderen."
        ),
    )

    class Meta:
        verbose_name = _("Synonym")
        verbose_name_plural = _("Synonyme")
        ordering = ["language", "words"]

    def __str__(self) -> str:
        return self.words

    def word_list(self) -> list[str]:
        """The comma-separated ``words`` as a list, stripped, empty entries left out."""
        return [w.strip() for w in self.words.split(",") if w.strip()]


class QueryStat(models.Model):
    """How often a query was searched on a day, and how often without results.

    Aggregated counts only: no reader, session, address or time of day is ever stored. The
    queries themselves are what readers typed and may name people: only holders of
    ``cms_search.view_search_report`` (:data:`SEARCH_REPORT_PERMISSION`) see them in the admin.
    """

    day = models.DateField(_("Tag"))
    language = models.CharField(_("Sprache"), max_length=8)
    query = models.CharField(_("Suchanfrage"), max_length=200)
    searches = models.PositiveIntegerField(_("Suchen"), default=0)
    without_results = models.PositiveIntegerField(_("ohne Treffer"), default=0)

    class Meta:
        verbose_name = _("Suchanfrage")
        verbose_name_plural = _("Suchanfragen")
        constraints = [
            models.UniqueConstraint(fields=["day", "language", "query"], name="unique_query_stat")
        ]
        permissions = [("view_search_report", _("Suchbericht ansehen"))]

    def __str__(self) -> str:
        return self.query


class IndexingFailure(models.Model):
    """An index operation that failed; retried by ``search_retry`` and on every later indexing."""

    class Operation(models.TextChoices):
        """What failed: adding (or updating) a page's document, or removing it."""

        ADD = "add", _("aufnehmen")
        DELETE = "delete", _("entfernen")

    page_id = models.PositiveBigIntegerField(_("Seiten-ID"))
    backend = models.CharField(_("Such-Backend"), max_length=50)
    operation = models.CharField(_("Vorgang"), max_length=10, choices=Operation.choices)
    error = models.TextField(_("Fehler"))
    attempts = models.PositiveIntegerField(_("Versuche"), default=1)
    first_failed_at = models.DateTimeField(_("zuerst fehlgeschlagen"), auto_now_add=True)
    last_failed_at = models.DateTimeField(_("zuletzt fehlgeschlagen"), auto_now=True)

    class Meta:
        verbose_name = _("Indexierungsfehler")
        verbose_name_plural = _("Indexierungsfehler")
        constraints = [
            models.UniqueConstraint(fields=["page_id", "backend"], name="unique_indexing_failure")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} ({self.backend})"
