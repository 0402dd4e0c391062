"""Text of the demo site's pages, written for this portal."""

HOME_INTRO = (
    "Hier vind je onderzoek, handreikingen, tools en praktijkvoorbeelden over het welzijn van studenten, "
    "geordend naar thema, onderwerp en sector. En je vindt er het landelijke netwerk van mensen die er "
    "dagelijks aan werken."
)

STANDARD_PAGES = [
    (
        "over-de-kennisbank",
        "Over de kennisbank",
        "De kennisbank brengt bij elkaar wat instellingen, onderzoekers en studenten weten over studentenwelzijn.",
        [
            "Veel studenten hebben last van stress, somberheid of eenzaamheid. Hogescholen, universiteiten, "
            "studentenorganisaties en het ministerie spraken samen af hoe zij daar tot 2030 aan werken. "
            "Deze kennisbank helpt daarbij: je zoekt er op thema, onderwerp, soort en sector.",
            "Elk item wordt door de redactie bekeken voordat het online komt. Heb je zelf een aanpak die "
            "anderen kan helpen? Deel die via het formulier ‘Deel je initiatief’.",
        ],
    ),
    (
        "privacyverklaring",
        "Privacyverklaring",
        "Welke gegevens we bewaren, waarom, en hoe lang.",
        [
            "Meld je je aan voor een bijeenkomst, dan bewaren we je naam, e-mailadres, organisatie, functie "
            "en eventuele opmerkingen. Alleen het netwerkbeheer ziet die gegevens. We anonimiseren ze "
            "negentig dagen na afloop van de bijeenkomst.",
            "Stuur je een bijdrage in, dan bewaren we je naam en e-mailadres tot de bijdrage online staat; "
            "daarna wissen we ze. Leden van het netwerk kunnen zich met de link in elke e-mail uitschrijven; "
            "hun gegevens worden dan direct verwijderd.",
        ],
    ),
    (
        "toegankelijkheidsverklaring",
        "Toegankelijkheidsverklaring",
        "Deze site is gebouwd om voor iedereen bruikbaar te zijn.",
        [
            "We streven naar niveau AA van de WCAG 2.1. Elke pagina werkt met alleen een toetsenbord en "
            "zonder JavaScript, en we testen de belangrijkste pagina's automatisch op toegankelijkheid.",
            "Loop je toch ergens tegenaan? Laat het ons weten; we reageren binnen vijf werkdagen.",
        ],
    ),
    (
        "colofon",
        "Colofon",
        "Wie de kennisbank maakt.",
        [
            "De kennisbank en het netwerk worden beheerd door een landelijk expertisecentrum voor "
            "studentenwelzijn. De redactie bestaat uit medewerkers van instellingen in het hoger onderwijs.",
        ],
    ),
]

NETWORK_INTRO = (
    "Het landelijke netwerk verbindt professionals die werken aan het welzijn van studenten: "
    "studentendecanen, psychologen, beleidsmakers, docenten en onderzoekers."
)
NETWORK_SIZE = "ruim 900 professionals"
NETWORK_BODY = [
    "Leden komen een paar keer per jaar bij elkaar om kennis en ervaringen te delen, en volgen samen "
    "masterclasses over onderwerpen als vroegsignalering en suïcidepreventie. Lidmaatschap is gratis.",
]
