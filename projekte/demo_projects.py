"""Bodies of the demo projects and partners, in German and English.

Each function takes the language code and ``refs`` (images, documents and pages of that
language, by key) and returns StreamField blocks as ``(block_type, value)`` pairs.
"""

from __future__ import annotations

import datetime


def _t(lang: str, de: str, en: str) -> str:
    return de if lang == "de" else en


def _image(lang: str, refs: dict, key: str, images: dict) -> tuple[str, dict]:
    """An image block showing the image's own texts (no per-use overrides): its English texts
    are translated with the page (``cms.plugin.demo.translate_media``)."""
    return (
        "image",
        {"image": refs["images"][key].pk, "alt_text": "", "caption": "", "credit": ""},
    )


PROJECTS = {
    "schule-trifft-wirtschaft": {
        "title": ("Schule trifft Wirtschaft", "School meets business"),
        "teaser": (
            "Die Unternehmen der Region kommen gebündelt zu den Schulen und treten dort mit den "
            "Schülerinnen und Schülern in den Dialog.",
            "Companies of the region come to the schools together and talk with the pupils there.",
        ),
        "status": "running",
        "start": datetime.date(2017, 9, 1),
        "end": None,
        "image": "schule",
        "topics": ["berufsorientierung", "fachkraeftesicherung"],
        "places": ["nordthueringen"],
        "funding": ["regionalbudget"],
        "documents": [],
        "partners": [],
    },
    "kali-masterplan": {
        "title": ("KALI-MASTERPLAN", "POTASH MASTER PLAN"),
        "teaser": (
            "Der Masterplan zur Entwicklung der Kali-Region Nordthüringen bündelt Leitinvestitionen "
            "und konkrete Einzelmaßnahmen für eine nachhaltige Entwicklung der Region.",
            "The master plan for the development of the Northern Thuringian potash region brings "
            "together flagship investments and concrete measures for the region's sustainable "
            "development.",
        ),
        "status": "running",
        "start": datetime.date(2019, 6, 14),
        "end": None,
        "image": "kalischacht",
        "topics": ["strukturwandel", "regionale-kooperation"],
        "places": ["bleicherode", "sollstedt", "rossleben", "sondershausen"],
        "funding": ["regionalbudget"],
        "documents": [
            "nordthueringer-erklaerung",
            "protokoll-bleicherode-sollstedt",
            "protokoll-rossleben",
            "protokoll-sondershausen",
        ],
        "partners": [],
    },
    "gewerbeflaechenentwicklungskonzept": {
        "title": ("Gewerbeflächenentwicklungskonzept", "Commercial land development concept"),
        "teaser": (
            "Ein aktueller Überblick über die Industrie- und Gewerbeflächen Nordthüringens – als "
            "Grundlage für eine abgestimmte Entwicklung und eine gemeinsame Standortvermarktung.",
            "An up-to-date overview of Northern Thuringia's industrial and commercial sites – the "
            "basis for coordinated development and joint location marketing.",
        ),
        "status": "running",
        "start": datetime.date(2020, 3, 1),
        "end": None,
        "image": "gewerbegebiet",
        "topics": ["gewerbeflaechen"],
        "places": ["sondershausen", "nordthueringen"],
        "funding": ["regionalbudget"],
        "documents": [],
        "partners": [],
    },
    "strategische-kooperationsregionen": {
        "title": (
            "Strategische Kooperationsregionen im ländlichen Raum",
            "Strategic cooperation regions in rural areas",
        ),
        "teaser": (
            "Ein Forschungsvorhaben zu Netzwerkstrukturen und Kooperationsbeziehungen als "
            "Erfolgsfaktoren regionaler Entwicklung, mit Schwerpunkt Fachkräftesicherung.",
            "A research project on network structures and cooperation as success factors of "
            "regional development, focusing on securing skilled workers.",
        ),
        "status": "running",
        "start": datetime.date(2021, 1, 1),
        "end": None,
        "image": "regionalmanager",
        "topics": ["regionale-kooperation", "fachkraeftesicherung"],
        "places": ["nordthueringen"],
        "funding": ["forschungsfoerderung-bmel"],
        "documents": [],
        "partners": [
            "ems-achse",
            "suedwestfalen",
            "koblenz-mittelrhein",
            "bodensee",
            "allgaeu",
            "vorpommern",
            "ministry",
        ],
    },
}


def project_body(key: str, lang: str, refs: dict, images: dict) -> list[tuple[str, object]]:
    """The demo body of project ``key`` in ``lang`` (``"de"``/``"en"``) as StreamField data
    ``[(block name, value), …]``; ``refs`` maps ``"pages"``, ``"images"``, ``"documents"`` to the
    demo objects by key.
    """
    t = lambda de, en: _t(lang, de, en)  # noqa: E731 - a local shorthand keeps the text readable
    pages = refs["pages"]
    if key == "schule-trifft-wirtschaft":
        return [
            (
                "heading",
                {
                    "text": t("Die Firmen kommen zur Schule", "Companies come to school"),
                    "level": "h2",
                },
            ),
            (
                "rich_text",
                t(
                    "<p>Das Projekt „Schule trifft Wirtschaft“ führt die Unternehmen der Region mit "
                    "Schülerinnen und Schülern zusammen. Im Gegensatz zur klassischen Berufs- oder "
                    "Ausbildungsmesse kommen in diesem Fall die Firmen gebündelt zu den Schulen und "
                    "treten dort mit den Schülerinnen und Schülern in den Dialog.</p>"
                    "<p>Die Unternehmen stellen sich dabei in den entsprechenden Klassen einer Schule "
                    "vor und bieten die Möglichkeit, praxisorientiert in die Tätigkeiten des "
                    "Berufsfeldes hineinzuschauen.</p>",
                    "<p>The project “School meets business” brings the region's companies together "
                    "with pupils. Unlike a classic careers or apprenticeship fair, the companies come "
                    "to the schools together and talk with the pupils there.</p>"
                    "<p>The companies introduce themselves in the relevant classes of a school and "
                    "offer a practical look into the work of their professions.</p>",
                ),
            ),
            _image(lang, refs, "schule", images),
            ("heading", {"text": t("Warum es funktioniert", "Why it works"), "level": "h2"}),
            (
                "rich_text",
                t(
                    "<p>Es hat sich gezeigt, dass dieser Vor-Ort-Ansatz, kombiniert mit einer "
                    "schülerfreundlichen Ansprache, sehr erfolgreich funktioniert. Auszubildende "
                    "berichten auf Augenhöhe von ihrem Alltag, und die Jugendlichen können Fragen "
                    "stellen, die sie auf einer Messe nicht stellen würden.</p>"
                    "<p>Für die Unternehmen ist das Projekt ein direkter Weg zu den Fachkräften von "
                    "morgen – ein Beitrag zur Fachkräftesicherung in Nordthüringen.</p>",
                    "<p>This on-site approach, combined with a pupil-friendly way of speaking, has "
                    "proven very successful. Apprentices talk about their daily work as equals, and "
                    "young people can ask questions they would not ask at a fair.</p>"
                    "<p>For the companies, the project is a direct route to tomorrow's skilled "
                    "workers – a contribution to securing skilled workers in Northern "
                    "Thuringia.</p>",
                ),
            ),
            (
                "quote",
                {
                    "text": t(
                        "Die Firmen kommen zu den Schulen – und nicht umgekehrt.",
                        "The companies come to the schools – not the other way round.",
                    ),
                    "author": "Regionalmanagement Nordthüringen",
                    "role": t("Projektidee", "Project idea"),
                },
            ),
            (
                "accordion",
                {
                    "title": t("Häufige Fragen", "Frequently asked questions"),
                    "items": [
                        {
                            "question": t(
                                "Wie kann unser Unternehmen mitmachen?",
                                "How can our company take part?",
                            ),
                            "answer": t(
                                "<p>Melden Sie sich beim Regionalmanagement; wir stimmen Termine "
                                "und Klassen mit den Schulen ab.</p>",
                                "<p>Contact the regional management; we agree dates and classes "
                                "with the schools.</p>",
                            ),
                        },
                        {
                            "question": t(
                                "Welche Schulen nehmen teil?", "Which schools take part?"
                            ),
                            "answer": t(
                                "<p>Regelschulen und Gymnasien aus ganz Nordthüringen.</p>",
                                "<p>Secondary schools and grammar schools from all over Northern "
                                "Thuringia.</p>",
                            ),
                        },
                    ],
                },
            ),
        ]
    if key == "kali-masterplan":
        return [
            (
                "heading",
                {
                    "text": t("Ein Plan für die Kali-Region", "A plan for the potash region"),
                    "level": "h2",
                },
            ),
            (
                "rich_text",
                t(
                    "<p>Der Masterplan zur Entwicklung der Kali-Region Nordthüringen ist das "
                    "vorläufige Ergebnis einer Reihe von Workshops mit vielen Akteuren aus den "
                    "betroffenen Standorten und einer umfassenden Analyse der strukturellen Probleme "
                    "Nordthüringens.</p><p>Darin sind übergeordnete Leitinvestitionen und konkrete "
                    "Einzelmaßnahmen aufgeführt, die dazu beitragen sollen, die Region nachhaltig zu "
                    "entwickeln.</p>",
                    "<p>The master plan for the development of the Northern Thuringian potash region "
                    "is the provisional result of a series of workshops with many stakeholders from "
                    "the affected sites and a comprehensive analysis of Northern Thuringia's "
                    "structural problems.</p><p>It lists overarching flagship investments and "
                    "concrete measures intended to develop the region sustainably.</p>",
                ),
            ),
            _image(lang, refs, "kalischacht", images),
            (
                "heading",
                {
                    "text": t("Die Nordthüringer Erklärung", "The Northern Thuringia Declaration"),
                    "level": "h2",
                },
            ),
            (
                "rich_text",
                t(
                    "<p>Vorangegangen war die gemeinsame Initiative der Landräte, der Bürgermeister "
                    "der betroffenen Kali-Standorte und der Kali-Bergmannsvereine, die mit der "
                    "Nordthüringer Erklärung Sonderfördermittel von Landes- und Bundesebene "
                    "einforderten, um die langfristigen strukturellen Herausforderungen durch den "
                    "Niedergang der Kali-Wirtschaft aufzufangen.</p>"
                    "<p>In Kali-Zukunftsforen in Bleicherode-Sollstedt, Roßleben und Sondershausen "
                    "brachten die Menschen vor Ort ihre Ideen ein.</p>",
                    "<p>It was preceded by a joint initiative of the district administrators, the "
                    "mayors of the affected potash sites and the potash miners' associations, who "
                    "used the Northern Thuringia Declaration to call for special funding from the "
                    "state and federal levels to cushion the long-term structural challenges caused "
                    "by the decline of the potash industry.</p>"
                    "<p>In potash future forums in Bleicherode-Sollstedt, Roßleben and "
                    "Sondershausen, local people contributed their ideas.</p>",
                ),
            ),
            (
                "document_list",
                {
                    "title": t(
                        "Dokumente zum KALI-MASTERPLAN", "Documents on the potash master plan"
                    ),
                    "documents": [refs["documents"][k].pk for k in PROJECTS[key]["documents"]],
                },
            ),
            (
                "key_figures",
                {
                    "title": t("Beteiligung", "Participation"),
                    "figures": [
                        {"value": "3", "label": t("Kali-Zukunftsforen", "potash future forums")},
                        {"value": "4", "label": t("Kali-Standorte", "potash sites")},
                    ],
                },
            ),
            (
                "location",
                {
                    "name": t("Kali-Schacht Bleicherode", "Potash shaft Bleicherode"),
                    "address": "99752 Bleicherode",
                    "latitude": 51.4406,
                    "longitude": 10.5725,
                },
            ),
        ]
    if key == "gewerbeflaechenentwicklungskonzept":
        return [
            (
                "heading",
                {
                    "text": t("Klassische Wirtschaftsförderung", "Classic economic development"),
                    "level": "h2",
                },
            ),
            (
                "rich_text",
                t(
                    "<p>Die Erarbeitung des Gewerbeflächenentwicklungskonzeptes kann als klassische "
                    "Wirtschaftsförderung verstanden werden. Zunächst wird dabei ein aktueller "
                    "Überblick über die Industrie- und Gewerbeflächen der Region gewonnen, um das "
                    "Potenzial einer regionalen Standortvermarktung gegenüber Investoren zu "
                    "realisieren.</p>",
                    "<p>Drawing up the commercial land development concept can be understood as "
                    "classic economic development. First, an up-to-date overview of the region's "
                    "industrial and commercial sites is compiled in order to realise the potential "
                    "of regional location marketing to investors.</p>",
                ),
            ),
            (
                "gallery",
                {
                    "title": t("Standorte", "Sites"),
                    "images": [
                        _image(lang, refs, "gewerbegebiet", images)[1],
                        _image(lang, refs, "kalischacht", images)[1],
                    ],
                },
            ),
            (
                "heading",
                {"text": t("Entwicklungserfordernisse", "Development needs"), "level": "h2"},
            ),
            (
                "rich_text",
                t(
                    "<p>Des Weiteren werden die Entwicklungserfordernisse in Bezug auf "
                    "Neuerschließungen, Erweiterungen und Ertüchtigungen von Gewerbestandorten sowie "
                    "kommunale Entwicklungsabsichten ermittelt.</p><p>Im Ergebnis zielt dieses "
                    "Projekt darauf ab, dass sowohl eine abgestimmte Entwicklung der "
                    "Gewerbestandorte gefördert als auch eine bessere Basis für die zukünftige "
                    "Vermarktung der Flächen geschaffen wird.</p>",
                    "<p>In addition, the development needs regarding new developments, extensions "
                    "and upgrades of commercial sites as well as municipal development intentions "
                    "are identified.</p><p>As a result, the project aims both to promote the "
                    "coordinated development of commercial sites and to create a better basis for "
                    "marketing the land in future.</p>",
                ),
            ),
            (
                "table",
                {
                    "caption": t("Arbeitsschritte", "Work steps"),
                    "header_row": True,
                    "rows": [
                        [t("Schritt", "Step"), t("Inhalt", "Content")],
                        ["1", t("Bestandsaufnahme der Flächen", "Inventory of sites")],
                        ["2", t("Entwicklungserfordernisse", "Development needs")],
                        ["3", t("Abgestimmte Vermarktung", "Coordinated marketing")],
                    ],
                },
            ),
            (
                "location",
                {
                    "name": t("Gewerbegebiet Schachtstraße", "Schachtstraße business park"),
                    "address": "Schachtstraße, 99706 Sondershausen",
                    "latitude": 51.3740,
                    "longitude": 10.8520,
                },
            ),
        ]
    # strategische-kooperationsregionen
    return [
        (
            "heading",
            {
                "text": t("Netzwerke als Erfolgsfaktor", "Networks as a success factor"),
                "level": "h2",
            },
        ),
        (
            "rich_text",
            t(
                "<p>Das Regionalmanagement Nordthüringen beteiligt sich an einem Forschungsvorhaben "
                "zu Netzwerkstrukturen und Kooperationsbeziehungen als Erfolgsfaktoren regionaler "
                "Entwicklung. Schwerpunkt der Zusammenarbeit untereinander stellen die "
                "Herausforderung der Fachkräftesicherung und die verschiedenen Herangehensweisen "
                "dar.</p>",
                "<p>The Regional Management of Northern Thuringia takes part in a research project "
                "on network structures and cooperation as success factors of regional development. "
                "The cooperation focuses on the challenge of securing skilled workers and the "
                "different approaches to it.</p>",
            ),
        ),
        _image(lang, refs, "regionalmanager", images),
        (
            "rich_text",
            t(
                "<p>Dieses Projekt, das vom Bundesministerium für Landwirtschaft und Ernährung "
                "gefördert wird, dient insbesondere dem Austausch mit anderen organisierten "
                "ländlichen Regionen Deutschlands. In diesem Zusammenhang werden "
                "Best-Practice-Beispiele mit der Ems-Achse, Südwestfalen, Koblenz-Mittelrhein, "
                "Bodensee, Allgäu und Vorpommern ausgetauscht.</p>",
                "<p>The project, funded by the Federal Ministry of Food and Agriculture, serves in "
                "particular the exchange with other organised rural regions in Germany. Best-practice "
                "examples are shared with Ems-Achse, South Westphalia, Koblenz-Middle Rhine, Lake "
                "Constance, Allgäu and Western Pomerania.</p>",
            ),
        ),
        (
            "partner_list",
            {
                "title": t("Partnerregionen", "Partner regions"),
                "partners": [pages[k].pk for k in PROJECTS[key]["partners"] if k != "ministry"],
            },
        ),
        (
            "call_to_action",
            {
                "title": t(
                    "Mehr Informationen zum Forschungsprojekt", "More about the research project"
                ),
                "text": t(
                    "Das Forschungsvorhaben wird vom Bundesministerium für Landwirtschaft und "
                    "Ernährung gefördert.",
                    "The research project is funded by the Federal Ministry of Food and Agriculture.",
                ),
                "link": {
                    "label": t("Zum Fördergeber", "About the funder"),
                    "page": pages["ministry"].pk,
                    "document": None,
                    "url": "",
                },
            },
        ),
    ]


def partner_body(
    name: str, lang: str, kind: str, place: tuple[str, float, float] | None = None
) -> list[tuple[str, object]]:
    """The demo body of a partner in ``lang``: text by ``kind``, plus a location block when
    ``place`` (``(city, latitude, longitude)``) is given. StreamField data as ``[(block name,
    value), …]``.
    """
    blocks = _partner_text(name, lang, kind)
    if place is not None:
        city, latitude, longitude = place
        blocks.append(
            (
                "location",
                {"name": name, "address": city, "latitude": latitude, "longitude": longitude},
            )
        )
    return blocks


def _partner_text(name: str, lang: str, kind: str) -> list[tuple[str, object]]:
    t = lambda de, en: _t(lang, de, en)  # noqa: E731
    if kind == "authority":
        return [
            (
                "rich_text",
                t(
                    "<p>Das Bundesministerium für Landwirtschaft und Ernährung fördert das "
                    "Forschungsvorhaben „Strategische Kooperationsregionen im ländlichen Raum“, an dem "
                    "sich das Regionalmanagement Nordthüringen beteiligt.</p><p>Im Mittelpunkt "
                    "stehen Netzwerkstrukturen und Kooperationsbeziehungen als Erfolgsfaktoren "
                    "regionaler Entwicklung.</p>",
                    "<p>The Federal Ministry of Food and Agriculture funds the research project "
                    "“Strategic cooperation regions in rural areas”, in which the Regional "
                    "Management of Northern Thuringia takes part.</p><p>It focuses on network "
                    "structures and cooperation as success factors of regional development.</p>",
                ),
            )
        ]
    return [
        (
            "rich_text",
            t(
                f"<p>{name} ist eine der organisierten ländlichen Regionen, mit denen das "
                "Regionalmanagement Nordthüringen im Forschungsvorhaben „Strategische "
                "Kooperationsregionen im ländlichen Raum“ zusammenarbeitet.</p><p>Im Austausch "
                "stehen Best-Practice-Beispiele, vor allem zur Fachkräftesicherung, und die "
                "verschiedenen Herangehensweisen der Regionen.</p>",
                f"<p>{name} is one of the organised rural regions with which the Regional "
                "Management of Northern Thuringia works in the research project “Strategic "
                "cooperation regions in rural areas”.</p><p>The exchange covers best-practice "
                "examples, above all on securing skilled workers, and the regions' different "
                "approaches.</p>",
            ),
        ),
        ("heading", {"text": t("Zusammenarbeit", "Cooperation"), "level": "h2"}),
        (
            "rich_text",
            t(
                "<p>Die Regionalmanagerinnen und Regionalmanager treffen sich regelmäßig, "
                "vergleichen ihre Netzwerkstrukturen und lernen voneinander.</p>",
                "<p>The regional managers meet regularly, compare their network structures and "
                "learn from each other.</p>",
            ),
        ),
    ]
