"""Demo content of the home plugin: the German start page and its English translation.

Creates only what is missing: an existing start page keeps its content. Sections (projects,
documents, partners) are added by other plugins' loaders, which may also fill the featured
projects and the menus once their pages exist.
"""

from wagtail.models import Locale, Page, Site

from cms.plugin.demo import ensure_image, ensure_page_translation, say, stream
from cms.plugin.demo import translate_media as _translate_media
from home.models import HomePage

TITLE_DE = "Regionalmanagement Nordthüringen"
INTRO_DE = "<p>Nordthüringen – eine Region mit Potenzial!</p>"
INTRO_EN = "<p>Northern Thuringia – a region with potential!</p>"


def _body_de() -> str:
    return stream(
        [
            ("heading", {"text": "Wer wir sind", "level": "h2"}),
            (
                "rich_text",
                "<p>Das Regionalmanagement Nordthüringen entwickelt und fördert die Wirtschaftsregion "
                "Nordthüringen – ohne Doppelstrukturen aufzubauen. Wir decken die vorhandenen "
                "Potenziale der Region auf und helfen, ihre wirtschaftlichen, wissenschaftlichen, "
                "touristischen, sozialen und kulturellen Ressourcen bestmöglich einzusetzen.</p>"
                "<p>Neben unseren Serviceangeboten zeichnet sich unsere Arbeit durch eine Vielzahl "
                "konkreter Projekte aus. Durch das Regionalbudget können Ideen aus der Region "
                "entsprechend den Zielen des Regionalwirtschaftlichen Entwicklungskonzeptes "
                "umgesetzt werden.</p>",
            ),
            ("heading", {"text": "Was wir tun", "level": "h2"}),
            (
                "rich_text",
                "<ul><li>Wir bringen Unternehmen und Schulen zusammen, damit junge Menschen die "
                "Berufe der Region kennenlernen.</li><li>Wir begleiten den Strukturwandel der "
                "Kali-Region mit einem gemeinsamen Masterplan.</li><li>Wir verschaffen Investoren "
                "einen Überblick über die Gewerbeflächen der Region.</li><li>Wir tauschen uns mit "
                "anderen organisierten ländlichen Regionen Deutschlands aus.</li></ul>",
            ),
            (
                "key_figures",
                {
                    "title": "Nordthüringen im Netzwerk",
                    "figures": [
                        {"value": "4", "label": "Leitprojekte auf dieser Website"},
                        {"value": "6", "label": "Partnerregionen im Forschungsvorhaben"},
                        {"value": "3", "label": "Kali-Zukunftsforen"},
                    ],
                },
            ),
        ]
    )


def _body_en() -> str:
    return stream(
        [
            ("heading", {"text": "Who we are", "level": "h2"}),
            (
                "rich_text",
                "<p>The Regional Management of Northern Thuringia develops and promotes Northern "
                "Thuringia as an economic region – without building duplicate structures. We "
                "uncover the region's existing potential and help to make the best use of its "
                "economic, scientific, touristic, social and cultural resources.</p>"
                "<p>Besides our services, our work stands out for its many concrete projects. The "
                "regional budget (Regionalbudget) makes it possible to put ideas from the region "
                "into practice in line with the goals of the regional economic development "
                "concept.</p>",
            ),
            ("heading", {"text": "What we do", "level": "h2"}),
            (
                "rich_text",
                "<ul><li>We bring companies and schools together so that young people get to know "
                "the region's professions.</li><li>We accompany the structural change of the "
                "potash region with a joint master plan.</li><li>We give investors an overview of "
                "the region's commercial sites.</li><li>We exchange ideas with other organised "
                "rural regions in Germany.</li></ul>",
            ),
            (
                "key_figures",
                {
                    "title": "Northern Thuringia in the network",
                    "figures": [
                        {"value": "4", "label": "flagship projects on this website"},
                        {"value": "6", "label": "partner regions in the research project"},
                        {"value": "3", "label": "potash future forums"},
                    ],
                },
            ),
        ]
    )


#: English texts of the home page's hero image (translated through the page's translation).
HERO_EN = {
    "title": "Northern Thuringia – landscape",
    "alt": "Gentle green hills under a wide blue sky in Northern Thuringia",
    "caption": "Northern Thuringia – a region with potential",
    "credit": "Graphic: Regionalmanagement Nordthüringen",
}


def load(stdout, translate_media: bool = True) -> dict[str, int]:
    """Create the home pages (German, and English where the locale exists) and the site.

    Idempotent. ``translate_media=False`` leaves the English page a plain copy, not yet a
    wagtail-localize translation (the tests' starting point); by default the hero image's
    English texts are translated through the translators' workflow
    (:func:`cms.plugin.demo.translate_media`). Returns ``{"Startseiten": <pages created>}``.
    """
    created = 0
    german = Locale.get_default()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=german).first()
    if home is None:
        hero, _new = ensure_image(
            "Nordthüringen – Landschaft",
            alt="Sanfte grüne Hügel unter einem weiten blauen Himmel in Nordthüringen",
            caption="Nordthüringen – eine Region mit Potenzial",
            credit="Grafik: Regionalmanagement Nordthüringen",
            colors=("#3d7ab8", "#cfe6f5"),
            label="Nordthüringen",
        )
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title=TITLE_DE,
                slug="start",
                hero_title="Nordthüringen – eine Region mit Potenzial!",
                intro=INTRO_DE,
                hero_image=hero,
                body=_body_de(),
                locale=german,
            )
        )
        home.save_revision().publish()
        created += 1
        say(stdout, "  Startseite (de) angelegt")
    if site is None:
        site = Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, site_name=TITLE_DE
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = TITLE_DE
        site.save()
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    english = Locale.objects.filter(language_code="en").first()
    if english is not None:
        _en, new = ensure_page_translation(
            home,
            english,
            title="Regional Management Northern Thuringia",
            hero_title="Northern Thuringia – a region with potential!",
            intro=INTRO_EN,
            body=_body_en(),
        )
        if new:
            created += 1
            say(stdout, "  Startseite (en) angelegt")
        if translate_media and home.hero_image_id is not None:
            _translate_media(home, _en, images={home.hero_image_id: HERO_EN})
    return {"Startseiten": created}
