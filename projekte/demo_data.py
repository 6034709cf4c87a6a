"""The agency's demo content as data: German source text and its English translation.

Facts come from the agency's current projects page (names, places, relations, captions); the
running text is written for this demo. Dates of documents are illustrative.
"""

from __future__ import annotations

import datetime

# --- Taxonomies: slug -> fields per language -------------------------------------------------

TOPICS = {
    "fachkraeftesicherung": {
        "de": ("Fachkräftesicherung", "Wie die Region Fachkräfte gewinnt, ausbildet und hält."),
        "en": (
            "Securing skilled workers",
            "How the region attracts, trains and keeps skilled workers.",
        ),
    },
    "berufsorientierung": {
        "de": (
            "Berufsorientierung",
            "Schülerinnen und Schüler lernen die Berufe der Region kennen.",
        ),
        "en": ("Career guidance", "Pupils get to know the professions of the region."),
    },
    "strukturwandel": {
        "de": (
            "Strukturwandel in der Kali-Region",
            "Neue Perspektiven nach dem Niedergang der Kali-Wirtschaft.",
        ),
        "en": (
            "Structural change in the potash region",
            "New prospects after the decline of the potash industry.",
        ),
    },
    "gewerbeflaechen": {
        "de": (
            "Gewerbeflächen und Standortentwicklung",
            "Industrie- und Gewerbeflächen für Investoren.",
        ),
        "en": (
            "Commercial sites and location development",
            "Industrial and commercial sites for investors.",
        ),
    },
    "regionale-kooperation": {
        "de": ("Regionale Kooperation", "Zusammenarbeit mit Kommunen, Regionen und Netzwerken."),
        "en": ("Regional cooperation", "Cooperation with municipalities, regions and networks."),
    },
}

PLACES = {
    "nordthueringen": ("region", 51.40, 10.75, "Nordthüringen", "Northern Thuringia"),
    "bleicherode": ("town", 51.4406, 10.5725, "Bleicherode", "Bleicherode"),
    "sollstedt": ("municipality", 51.4196, 10.5433, "Sollstedt", "Sollstedt"),
    "rossleben": ("town", 51.2972, 11.4333, "Roßleben", "Roßleben"),
    "sondershausen": ("town", 51.3667, 10.8667, "Sondershausen", "Sondershausen"),
}

FUNDING = {
    "regionalbudget": {
        "de": (
            "Regionalbudget",
            "Freistaat Thüringen",
            "Mit dem Regionalbudget setzt das Regionalmanagement Ideen aus der Region entsprechend "
            "den Zielen des Regionalwirtschaftlichen Entwicklungskonzeptes um.",
        ),
        "en": (
            "Regional budget (Regionalbudget)",
            "Free State of Thuringia",
            "With the regional budget, the regional management puts ideas from the region into "
            "practice in line with the goals of the regional economic development concept.",
        ),
    },
    "forschungsfoerderung-bmel": {
        "de": (
            "Forschungsförderung des Bundesministeriums für Landwirtschaft und Ernährung",
            "Bundesministerium für Landwirtschaft und Ernährung",
            "Förderung des Forschungsvorhabens zu Netzwerkstrukturen und Kooperationsbeziehungen "
            "in organisierten ländlichen Regionen.",
        ),
        "en": (
            "Research funding of the Federal Ministry of Food and Agriculture",
            "Federal Ministry of Food and Agriculture",
            "Funding of the research project on network structures and cooperation in organised "
            "rural regions.",
        ),
    },
}

# --- Images ----------------------------------------------------------------------------------

IMAGES = {
    "schule": {
        "title": "Schule trifft Wirtschaft – Unternehmensvorstellung",
        "alt": "Ein Ausbilder und seine Auszubildenden stehen vor einer Schulklasse und erklären ihre Berufe",
        "caption": (
            "Herr Teichmann stellt gemeinsam mit seinen Auszubildenden ein Unternehmen vor und "
            "erklärt den Schülerinnen und Schülern die ausgeübten Berufsfelder."
        ),
        "colors": ("#f0a830", "#fbe3b0"),
        "shapes": "people",
        "label": "Schule trifft Wirtschaft",
        "en": {
            "title": "School meets business – a company introduces itself",
            "alt": "A trainer and his apprentices stand in front of a school class and explain their professions",
            "caption": (
                "Mr Teichmann and his apprentices present a company and explain the professions "
                "practised there to the pupils."
            ),
        },
    },
    "kalischacht": {
        "title": "Bleicheröder Kali-Schacht bei Nacht",
        "alt": "Der beleuchtete Förderturm des Kali-Schachts in Bleicherode vor dunklem Nachthimmel",
        "caption": (
            "Der beleuchtete Bleicheröder Kali-Schacht – hier wird Industriegeschichte mit aktiver "
            "Wirtschaft verbunden."
        ),
        "colors": ("#0b1a3a", "#3a4a7a"),
        "shapes": "tower",
        "label": "Kali-Schacht Bleicherode",
        "en": {
            "title": "Bleicherode potash shaft at night",
            "alt": "The illuminated headframe of the potash shaft in Bleicherode against a dark night sky",
            "caption": (
                "The illuminated potash shaft in Bleicherode – where industrial history meets an "
                "active economy."
            ),
        },
    },
    "gewerbegebiet": {
        "title": "Gewerbegebiet Schachtstraße in Sondershausen",
        "alt": "Luftbild-Skizze des Gewerbegebiets Schachtstraße in Sondershausen mit Hallen und Freiflächen",
        "caption": "Das Gewerbegebiet Schachtstraße in Sondershausen",
        "colors": ("#4f7f4f", "#b8d8a8"),
        "shapes": "grid",
        "label": "Gewerbegebiet Schachtstraße",
        "en": {
            "title": "Schachtstraße business park in Sondershausen",
            "alt": "Aerial sketch of the Schachtstraße business park in Sondershausen with halls and open plots",
            "caption": "The Schachtstraße business park in Sondershausen",
        },
    },
    "regionalmanager": {
        "title": "Regionalmanagerinnen und Regionalmanager der ländlichen Regionen",
        "alt": "Gruppenbild von sieben Regionalmanagerinnen und Regionalmanagern",
        "caption": "Die Regionalmanagerinnen und Regionalmanager der organisierten ländlichen Regionen",
        "colors": ("#7a4f9f", "#d8c8e8"),
        "shapes": "people",
        "label": "Organisierte ländliche Regionen",
        "en": {
            "title": "Regional managers of the rural regions",
            "alt": "Group photo of seven regional managers",
            "caption": "The regional managers of the organised rural regions",
        },
    },
}

CREDIT = "Grafik: Regionalmanagement Nordthüringen"
CREDIT_EN = "Graphic: Regionalmanagement Nordthüringen"

# --- Documents -------------------------------------------------------------------------------

KALI_FORUM_SECTIONS = [
    (
        "Anlass",
        [
            "Das Kali-Zukunftsforum bringt Vertreterinnen und Vertreter der Kommunen, der "
            "Landkreise, der Kali-Bergmannsvereine, der Unternehmen und der Bürgerschaft an einen "
            "Tisch. Ziel ist es, die Ideen der Menschen vor Ort für die Entwicklung des Standorts "
            "zu sammeln und in den Masterplan zur Entwicklung der Kali-Region Nordthüringen "
            "einfließen zu lassen.",
        ],
    ),
    (
        "Ergebnisse",
        [
            "Die Teilnehmenden beschrieben die strukturellen Probleme, die der Niedergang der "
            "Kali-Wirtschaft hinterlassen hat: fehlende Arbeitsplätze, Abwanderung junger "
            "Menschen und brachliegende Flächen.",
            "Zugleich wurden Stärken benannt: die Industriegeschichte, erschlossene Flächen, "
            "engagierte Vereine und eine gute Lage zwischen den Oberzentren.",
            "Die Vorschläge wurden nach Leitinvestitionen und konkreten Einzelmaßnahmen geordnet.",
        ],
    ),
    (
        "Nächste Schritte",
        [
            "Das Regionalmanagement Nordthüringen fasst die Ergebnisse aller Foren zusammen und "
            "legt sie den Landräten und Bürgermeistern als Grundlage des KALI-MASTERPLANS vor.",
        ],
    ),
]

DOCUMENTS = {
    "nordthueringer-erklaerung": {
        "title": "Nordthüringer Erklärung",
        "file": "nordthueringer-erklaerung.pdf",
        "kind": "declaration",
        "date": datetime.date(2019, 6, 14),
        "meta": "Gemeinsame Erklärung der Landräte, der Bürgermeister der Kali-Standorte und der Kali-Bergmannsvereine",
        "sections": [
            (
                "Präambel",
                [
                    "Die Unterzeichnenden – die Landräte, die Bürgermeister der betroffenen "
                    "Kali-Standorte und die Kali-Bergmannsvereine Nordthüringens – erklären "
                    "gemeinsam ihren Willen, die langfristigen strukturellen Herausforderungen durch "
                    "den Niedergang der Kali-Wirtschaft zu bewältigen.",
                ],
            ),
            (
                "Forderungen",
                [
                    "Wir fordern von Landes- und Bundesebene Sonderfördermittel, um die Folgen des "
                    "Strukturwandels in der Kali-Region aufzufangen.",
                    "Wir setzen uns für Leitinvestitionen in Infrastruktur, Gewerbeflächen und "
                    "Bildung ein und wollen die Industriegeschichte der Region mit aktiver "
                    "Wirtschaft verbinden.",
                ],
            ),
            (
                "Selbstverpflichtung",
                [
                    "Die Unterzeichnenden verpflichten sich, gemeinsam mit dem Regionalmanagement "
                    "Nordthüringen einen Masterplan zur Entwicklung der Kali-Region zu erarbeiten.",
                ],
            ),
        ],
        "summary": (
            "Mit der Nordthüringer Erklärung forderten die Landräte, die Bürgermeister der "
            "Kali-Standorte und die Kali-Bergmannsvereine Sonderfördermittel von Landes- und "
            "Bundesebene, um die Folgen des Niedergangs der Kali-Wirtschaft aufzufangen."
        ),
        "en": {
            "title": "Northern Thuringia Declaration",
            "summary": (
                "With the Northern Thuringia Declaration, the district administrators, the mayors "
                "of the potash sites and the potash miners' associations called for special "
                "funding from the state and federal levels to cushion the decline of the potash "
                "industry."
            ),
        },
    },
    "protokoll-bleicherode-sollstedt": {
        "title": "Protokoll Kali-Zukunftsforum Bleicherode-Sollstedt",
        "file": "protokoll-kali-zukunftsforum-bleicherode-sollstedt.pdf",
        "kind": "minutes",
        "date": datetime.date(2019, 9, 10),
        "place": "Bleicherode-Sollstedt",
        "summary": (
            "Protokoll des Kali-Zukunftsforums für die Standorte Bleicherode und Sollstedt: "
            "Probleme, Stärken und Vorschläge für den KALI-MASTERPLAN."
        ),
        "en": {
            "title": "Minutes of the Potash Future Forum Bleicherode-Sollstedt",
            "summary": (
                "Minutes of the potash future forum for the Bleicherode and Sollstedt sites: "
                "problems, strengths and proposals for the potash master plan."
            ),
        },
    },
    "protokoll-rossleben": {
        "title": "Protokoll Kali-Zukunftsforum Roßleben",
        "file": "protokoll-kali-zukunftsforum-rossleben.pdf",
        "kind": "minutes",
        "date": datetime.date(2019, 9, 24),
        "place": "Roßleben",
        "summary": (
            "Protokoll des Kali-Zukunftsforums in Roßleben: Ideen der Bürgerschaft, der Vereine "
            "und der Unternehmen für die Zukunft des Kali-Standorts."
        ),
        "en": {
            "title": "Minutes of the Potash Future Forum Roßleben",
            "summary": (
                "Minutes of the potash future forum in Roßleben: ideas of citizens, associations "
                "and companies for the future of the potash site."
            ),
        },
    },
    "protokoll-sondershausen": {
        "title": "Protokoll Kali-Zukunftsforum Sondershausen",
        "file": "protokoll-kali-zukunftsforum-sondershausen.pdf",
        "kind": "minutes",
        "date": datetime.date(2019, 10, 8),
        "place": "Sondershausen",
        "summary": (
            "Protokoll des Kali-Zukunftsforums in Sondershausen: Leitinvestitionen und konkrete "
            "Einzelmaßnahmen für den Kali-Standort."
        ),
        "en": {
            "title": "Minutes of the Potash Future Forum Sondershausen",
            "summary": (
                "Minutes of the potash future forum in Sondershausen: flagship investments and "
                "concrete measures for the potash site."
            ),
        },
    },
}

# --- Partners --------------------------------------------------------------------------------

PARTNERS = {
    "ems-achse": (
        "region",
        "Ems-Achse",
        "Emsland and East Frisia",
        53.0757,
        7.3972,
        "Papenburg",
        "",
    ),
    "suedwestfalen": ("region", "Südwestfalen", "South Westphalia", 51.2877, 7.9014, "Olpe", ""),
    "koblenz-mittelrhein": (
        "region",
        "Koblenz-Mittelrhein",
        "Koblenz-Middle Rhine",
        50.3569,
        7.5890,
        "Koblenz",
        "",
    ),
    "bodensee": ("region", "Bodensee", "Lake Constance", 47.6500, 9.4800, "Friedrichshafen", ""),
    "allgaeu": ("region", "Allgäu", "Allgäu", 47.7267, 10.3139, "Kempten (Allgäu)", ""),
    "vorpommern": ("region", "Vorpommern", "Western Pomerania", 54.0931, 13.3879, "Greifswald", ""),
}

MINISTRY = {
    "slug": "bundesministerium-fuer-landwirtschaft-und-ernaehrung",
    "de": "Bundesministerium für Landwirtschaft und Ernährung",
    "en": "Federal Ministry of Food and Agriculture",
    "street": "Rochusstraße 1",
    "postal_code": "53123",
    "city": "Bonn",
    "latitude": 50.7059,
    "longitude": 7.0685,
    "website": "https://www.bmel.de/",
}
