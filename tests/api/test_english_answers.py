"""No German in what the English website and app read (issue 13, "Done when").

With the demo content loaded as ``make setup`` loads it (``load_demo_content``, then
``adopt_translations``), every English answer of the API (pages by listing, type, id and path;
images; documents; every snippet, navigation and footer included; search with its facets;
suggestions; locales) is fetched, and every reader-facing string in it is judged by a language
detector (lingua, :mod:`tests.api.english`), with a short allow-list of proper names. Each answer
must also say ``Content-Language: en``.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.api.english import Crawler

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(locales):
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("adopt_translations", stdout=io.StringIO())


def test_no_german_in_any_english_answer_of_the_demo_content(api, demo):
    crawler = Crawler(api)
    answers = crawler.crawl()
    assert len(answers) > 100  # every kind of answer was reached
    assert {u.split("?")[0].rstrip("/").rsplit("/", 1)[0] for u in answers} >= {
        "/api/v1/pages",
        "/api/v1/images",
        "/api/v1/documents",
        "/api/v1/snippets/navigation",
        "/api/v1/snippets/footer",
        "/api/v1/search",
    }
    not_english = {u: lang for u, lang in crawler.content_languages.items() if lang != "en"}
    assert not not_english, f"Content-Language is not en: {not_english}"
    findings = crawler.findings()
    unique = {(f.where.split(".")[-1], f.text, f.media): f for f in findings}
    report = "\n".join(str(f) for f in sorted(unique.values(), key=lambda f: (f.media, f.url)))
    media = sum(1 for f in unique.values() if f.media)
    assert not findings, (
        f"{len(unique)} German strings in English answers "
        f"({media} in image or document texts):\n{report}"
    )
