"""Demo content of the projekte plugin: the agency's projects, documents and partners.

German first, then complete English translations. Only what is missing is created (pages by
slug under their parent, snippets by slug and language, images and documents by title); nothing
that exists is changed, so editors' work survives a second run. The site-wide navigation and
footer (home plugin models, named lazily) and the home page's featured projects are filled only
when they are missing or when this run created the projects.
"""

from __future__ import annotations

from collections import Counter

from django.apps import apps
from wagtail.models import Locale, Site

from cms.plugin.demo import (
    ensure_child,
    ensure_document,
    ensure_image,
    ensure_page_translation,
    ensure_snippet,
    ensure_snippet_translation,
    say,
    stream,
    translate_media,
)
from projekte import demo_data as data
from projekte.demo_projects import PROJECTS, partner_body, project_body
from projekte.models import (
    DocumentIndexPage,
    DocumentPage,
    FundingProgramme,
    PartnerIndexPage,
    PartnerPage,
    Place,
    ProjectIndexPage,
    ProjectPage,
    Topic,
)

LANGS = ("de", "en")

INDEX_TEXT = {
    "projects": {
        "de": (
            "Projekte",
            "projekte",
            "<p>Die Arbeit des Regionalmanagements zeichnet sich neben den Serviceangeboten durch "
            "eine Vielzahl konkreter Projekte aus. An dieser Stelle stellen wir ausgewählte "
            "größere Projekte vor – es handelt sich folglich nicht um eine abschließende "
            "Aufzählung.</p>",
        ),
        "en": (
            "Projects",
            "projects",
            "<p>Besides its services, the regional management's work stands out for its many "
            "concrete projects. Here we present selected larger projects – so this is not a "
            "complete list.</p>",
        ),
    },
    "documents": {
        "de": (
            "Mediathek",
            "mediathek",
            "<p>Erklärungen, Protokolle, Konzepte und Berichte des Regionalmanagements zum "
            "Herunterladen.</p>",
        ),
        "en": (
            "Media library",
            "media-library",
            "<p>Declarations, minutes, concepts and reports of the regional management to "
            "download.</p>",
        ),
    },
    "partners": {
        "de": (
            "Partner",
            "partner",
            "<p>Mit diesen Regionen und Einrichtungen arbeitet das Regionalmanagement Nordthüringen "
            "zusammen.</p>",
        ),
        "en": (
            "Partners",
            "partners",
            "<p>The regions and institutions the Regional Management of Northern Thuringia works "
            "with.</p>",
        ),
    },
}
PROJECT_INDEX_BODY = {
    "de": [
        ("heading", {"text": "Nordthüringen – eine Region mit Potenzial!", "level": "h2"}),
        (
            "rich_text",
            "<p>Durch das Regionalbudget gibt es die Möglichkeit, Ideen aus der Region "
            "entsprechend den Zielen des Regionalwirtschaftlichen Entwicklungskonzeptes "
            "umzusetzen. Unser Anspruch ist dabei immer, die Wirtschaftsregion Nordthüringen zu "
            "entwickeln und zu fördern, ohne Doppelstrukturen aufzubauen.</p>"
            "<p>Vielmehr sollen die vorhandenen Potenziale der Region aufgedeckt und bestmöglich "
            "genutzt werden, um die wirtschaftlichen, wissenschaftlichen, touristischen, sozialen "
            "und kulturellen Ressourcen optimal einzusetzen.</p>",
        ),
    ],
    "en": [
        ("heading", {"text": "Northern Thuringia – a region with potential!", "level": "h2"}),
        (
            "rich_text",
            "<p>The regional budget (Regionalbudget) makes it possible to put ideas from the "
            "region into practice in line with the goals of the regional economic development "
            "concept. Our aim is always to develop and promote Northern Thuringia as an economic "
            "region without building duplicate structures.</p>"
            "<p>Rather, the region's existing potential is to be uncovered and used as well as "
            "possible, so that its economic, scientific, touristic, social and cultural resources "
            "are put to the best use.</p>",
        ),
    ],
}
INDEX_MODELS = {
    "projects": ProjectIndexPage,
    "documents": DocumentIndexPage,
    "partners": PartnerIndexPage,
}


def _snippets(locales: dict, counts: Counter) -> dict:
    found: dict = {"topics": {}, "places": {}, "funding": {}}
    for slug, texts in data.TOPICS.items():
        name, description = texts["de"]
        de, new = ensure_snippet(
            Topic, locales["de"], {"slug": slug}, name=name, description=description
        )
        counts["Themen"] += new
        found["topics"][("de", slug)] = de
        name, description = texts["en"]
        en, new = ensure_snippet_translation(de, locales["en"], name=name, description=description)
        counts["Themen"] += new
        found["topics"][("en", slug)] = en
    for slug, (kind, lat, lon, name_de, name_en) in data.PLACES.items():
        de, new = ensure_snippet(
            Place,
            locales["de"],
            {"slug": slug},
            name=name_de,
            kind=kind,
            latitude=lat,
            longitude=lon,
        )
        counts["Orte"] += new
        en, new_en = ensure_snippet_translation(de, locales["en"], name=name_en)
        counts["Orte"] += new_en
        found["places"].update({("de", slug): de, ("en", slug): en})
    for slug, texts in data.FUNDING.items():
        name, funder, description = texts["de"]
        de, new = ensure_snippet(
            FundingProgramme,
            locales["de"],
            {"slug": slug},
            name=name,
            funder=funder,
            description=description,
        )
        counts["Förderprogramme"] += new
        name, funder, description = texts["en"]
        en, new_en = ensure_snippet_translation(
            de, locales["en"], name=name, funder=funder, description=description
        )
        counts["Förderprogramme"] += new_en
        found["funding"].update({("de", slug): de, ("en", slug): en})
    return found


def _media(counts: Counter) -> tuple[dict, dict, dict]:
    images = {}
    for key, spec in data.IMAGES.items():
        images[key], new = ensure_image(
            spec["title"],
            alt=spec["alt"],
            caption=spec["caption"],
            credit=data.CREDIT,
            colors=spec["colors"],
            shapes=spec["shapes"],
            label=spec["label"],
        )
        counts["Bilder"] += new
    logos = {}
    for slug, (_kind, name, *_rest) in [
        *data.PARTNERS.items(),
        ("ministry", (None, data.MINISTRY["de"])),
    ]:
        initials = "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())[
            :4
        ]
        logos[slug], new = ensure_image(
            f"Logo {name}",
            alt=f"Logo: {name}",
            credit=data.CREDIT,
            colors=("#1f4e79", "#2e75b6"),
            shapes="logo",
            size=(400, 400),
            label=initials or name[:3],
        )
        counts["Bilder"] += new
    documents = {}
    for key, spec in data.DOCUMENTS.items():
        sections = spec.get("sections") or data.KALI_FORUM_SECTIONS
        meta = spec.get("meta") or f"Kali-Zukunftsforum {spec['place']} · {spec['date']:%d.%m.%Y}"
        documents[key], new = ensure_document(
            spec["title"], spec["file"], sections, meta, summary=spec["summary"]
        )
        counts["Dokumente (Dateien)"] += new
    return images, logos, documents


def load(stdout) -> dict[str, int]:
    """Create the plugin's demo content idempotently: taxonomies, media, the project, document and
    partner sections under the German and English start pages, their pages and translations.
    Returns counts by kind for ``load_demo_content``'s summary; ``{}`` (with a note on
    ``stdout``) when ``setup_site`` has not made the start page and English yet.
    """
    counts: Counter = Counter()
    site = Site.objects.filter(is_default_site=True).first()
    english = Locale.objects.filter(language_code="en").first()
    if site is None or english is None:
        say(stdout, "  übersprungen: keine Startseite oder keine englische Sprache (setup_site)")
        return {}
    locales = {"de": Locale.get_default(), "en": english}
    homes = {"de": site.root_page.specific}
    homes["en"] = homes["de"].get_translation_or_none(english)
    if homes["en"] is None:
        say(stdout, "  übersprungen: die Startseite hat keine englische Übersetzung")
        return {}

    snippets = _snippets(locales, counts)
    images, logos, files = _media(counts)
    say(
        stdout,
        f"  Themen, Orte, Förderprogramme, {len(images) + len(logos)} Bilder, {len(files)} PDFs bereit",
    )

    # Index pages
    index = {}
    for key, model in INDEX_MODELS.items():
        extra = {"de": {}, "en": {}}
        if key == "projects":
            extra = {lang: {"body": stream(PROJECT_INDEX_BODY[lang])} for lang in LANGS}
        title, slug, intro = INDEX_TEXT[key]["de"]
        index[("de", key)], new = ensure_child(
            homes["de"], model, slug, title=title, intro=intro, **extra["de"]
        )
        counts["Seiten"] += new
        title, slug, intro = INDEX_TEXT[key]["en"]
        index[("en", key)], new = ensure_page_translation(
            index[("de", key)], english, title=title, slug=slug, intro=intro, **extra["en"]
        )
        counts["Seiten"] += new

    pages: dict = {}
    # Partners
    partner_specs = {
        slug: {
            "kind": kind,
            "de": name_de,
            "en": name_en,
            "latitude": lat,
            "longitude": lon,
            "city": city,
            "website": website,
        }
        for slug, (kind, name_de, name_en, lat, lon, city, website) in data.PARTNERS.items()
    }
    partner_specs["ministry"] = {"kind": "authority", **data.MINISTRY}
    for key, spec in partner_specs.items():
        slug = spec.get("slug", key)
        place = (spec["city"], spec["latitude"], spec["longitude"])
        fields = {
            k: spec[k]
            for k in ("latitude", "longitude", "city", "website", "street", "postal_code")
            if spec.get(k)
        }
        de, new = ensure_child(
            index[("de", "partners")],
            PartnerPage,
            slug,
            title=spec["de"],
            kind=spec["kind"],
            logo=logos[key],
            description=stream(partner_body(spec["de"], "de", spec["kind"], place)),
            **fields,
        )
        counts["Seiten"] += new
        en, new = ensure_page_translation(
            de,
            english,
            title=spec["en"],
            description=stream(partner_body(spec["en"], "en", spec["kind"], place)),
        )
        counts["Seiten"] += new
        pages[("de", key)], pages[("en", key)] = de, en

    # Documents
    for key, spec in data.DOCUMENTS.items():
        de, new = ensure_child(
            index[("de", "documents")],
            DocumentPage,
            key,
            title=spec["title"],
            document=files[key],
            kind=spec["kind"],
            date=spec["date"],
            summary=spec["summary"],
        )
        counts["Seiten"] += new
        en, new = ensure_page_translation(
            de, english, title=spec["en"]["title"], summary=spec["en"]["summary"]
        )
        counts["Seiten"] += new
        pages[("de", key)], pages[("en", key)] = de, en

    # Projects
    created_projects = False
    projects = {}
    for key, spec in PROJECTS.items():
        for lang in LANGS:
            refs = {
                "images": images,
                "documents": files,
                "pages": {k[1]: v for k, v in pages.items() if k[0] == lang},
            }
            i = LANGS.index(lang)
            fields = {
                "title": spec["title"][i],
                "teaser": spec["teaser"][i],
                "body": stream(project_body(key, lang, refs, data.IMAGES)),
                "topics": [snippets["topics"][(lang, s)] for s in spec["topics"]],
                "places": [snippets["places"][(lang, s)] for s in spec["places"]],
                "funding_programmes": [snippets["funding"][(lang, s)] for s in spec["funding"]],
                "related_documents": [pages[(lang, d)] for d in spec["documents"]],
                "partners": [pages[(lang, p)] for p in spec["partners"]],
            }
            if lang == "de":
                page, new = ensure_child(
                    index[("de", "projects")],
                    ProjectPage,
                    key,
                    status=spec["status"],
                    start_date=spec["start"],
                    end_date=spec["end"],
                    hero_image=images[spec["image"]],
                    contact_name="Regionalmanagement Nordthüringen",
                    **fields,
                )
            else:
                page, new = ensure_page_translation(projects[("de", key)], english, **fields)
            projects[(lang, key)] = page
            counts["Seiten"] += new
            created_projects = created_projects or new
    say(stdout, f"  {len(projects)} Projektseiten, {len(pages)} Dokument- und Partnerseiten bereit")

    if created_projects:
        _feature_projects(homes, projects)
    _site_chrome(locales, index, homes, counts)
    _translate_media(images, logos, files, [*index.values(), *pages.values(), *projects.values()])
    return {key: value for key, value in counts.items()}


def _translate_media(images: dict, logos: dict, files: dict, pages: list) -> None:
    """English texts of the images, logos and documents, through each page's translation."""
    english_images = {
        images[key].pk: {**spec["en"], "credit": data.CREDIT_EN}
        for key, spec in data.IMAGES.items()
    }
    names = {slug: name_en for slug, (_kind, _de, name_en, *_rest) in data.PARTNERS.items()}
    names["ministry"] = data.MINISTRY["en"]
    for slug, logo in logos.items():
        english_images[logo.pk] = {
            "title": f"Logo {names[slug]}",
            "alt": f"Logo: {names[slug]}",
            "credit": data.CREDIT_EN,
        }
    english_documents = {
        files[key].pk: {"title": spec["en"]["title"], "summary": spec["en"]["summary"]}
        for key, spec in data.DOCUMENTS.items()
    }
    german = Locale.get_default()
    for page in pages:
        if page.locale_id == german.pk:
            continue
        source = page.get_translation_or_none(german)
        if source is not None:
            translate_media(source, page, english_images, english_documents)


def _feature_projects(homes: dict, projects: dict) -> None:
    """Fill the home pages' featured projects when they are still empty."""
    for lang, home in homes.items():
        home = home.specific
        # Read again: the pages added under it since it was read are not in this instance, and
        # publishing it would write its old child count (0), leaving Wagtail's tree broken.
        home.refresh_from_db()
        if not hasattr(home, "featured_projects") or len(home.featured_projects):
            continue
        home.featured_projects = stream([("project", projects[(lang, key)].pk) for key in PROJECTS])
        home.save_revision().publish()


def _site_chrome(locales: dict, index: dict, homes: dict, counts: Counter) -> None:
    """Navigation and footer of each language (home plugin models), when missing."""
    if not apps.is_installed("home"):
        return
    navigation_model = apps.get_model("home", "Navigation")
    footer_model = apps.get_model("home", "Footer")
    labels = {
        "de": ("Startseite", "Projekte", "Mediathek", "Partner", "Über uns", "Kontakt"),
        "en": ("Home", "Projects", "Media library", "Partners", "About us", "Contact"),
    }
    keys: dict = {}
    for lang, locale in locales.items():
        home_label, projects_label, media_label, partners_label, about, contact = labels[lang]

        def link(label, page):
            return {"label": label, "page": page.pk, "document": None, "url": ""}

        sections = [
            link(projects_label, index[(lang, "projects")]),
            link(media_label, index[(lang, "documents")]),
            link(partners_label, index[(lang, "partners")]),
        ]
        if not navigation_model.objects.filter(locale=locale).exists():
            extra = {"translation_key": keys["nav"]} if "nav" in keys else {}
            navigation_model.objects.create(
                locale=locale,
                **extra,
                main_menu=stream(
                    [("item", {"link": link(home_label, homes[lang]), "children": []})]
                    + [("item", {"link": section, "children": []}) for section in sections]
                ),
                offcanvas_columns=stream(
                    [
                        ("column", {"title": projects_label, "text": "", "links": [sections[0]]}),
                        ("column", {"title": media_label, "text": "", "links": [sections[1]]}),
                        ("column", {"title": partners_label, "text": "", "links": [sections[2]]}),
                        (
                            "column",
                            {
                                "title": about,
                                "text": "<p>Regionalmanagement Nordthüringen</p>",
                                "links": [link(home_label, homes[lang])],
                            },
                        ),
                    ]
                ),
            )
            counts["Navigationen"] += 1
        if not footer_model.objects.filter(locale=locale).exists():
            extra = {"translation_key": keys["footer"]} if "footer" in keys else {}
            footer_model.objects.create(
                locale=locale,
                **extra,
                columns=stream(
                    [
                        (
                            "column",
                            {
                                "title": contact,
                                "text": "<p>Regionalmanagement Nordthüringen<br/>Nordthüringen</p>",
                                "links": [],
                            },
                        ),
                        ("column", {"title": projects_label, "text": "", "links": sections}),
                    ]
                ),
                copyright="© Regionalmanagement Nordthüringen",
            )
            counts["Fußbereiche"] += 1
        for name, model in (("nav", navigation_model), ("footer", footer_model)):
            obj = model.objects.filter(locale=locale).first()
            keys.setdefault(name, obj.translation_key)
