"""The terms of DESIGN.md, loaded by a data migration. Slugs are derived once and then stable."""

THEMAS = [
    "Beleid en leiderschap",
    "Data en monitoring",
    "Professionalisering van medewerkers",
    "Preventie",
    "Vroegsignalering",
    "Ondersteuning en zorg",
    "Transities",
    "Samenwerking en partnerschappen",
]
ONDERWERPEN = [
    "Psychische klachten",
    "Sociale binding",
    "Mentale weerbaarheid/veerkracht",
    "Stress/prestatiedruk",
    "Suïcidepreventie",
    "LGBTQIA2S+",
    "Financiële problemen",
    "Eenzaamheid",
    "Slaap",
    "Middelengebruik",
    "Studeren met een functiebeperking",
]
SOORTEN = [
    "Onderzoek",
    "Handreiking",
    "Tool",
    "Training",
    "Praktijkvoorbeeld",
    "Internationaal praktijkvoorbeeld",
    "Initiatief",
    "Beleidsdocument",
]
SECTOREN = ["wo", "hbo", "mbo", "vo", "po"]
UITGANGSPUNTEN = [
    "Inclusief studieklimaat",
    "Zelfregie en toerusting in vaardigheden",
    "Oog voor verschillende startposities en diversiteit",
    "(Nieuwe) obstakels uit de weg ruimen",
    "Aandacht voor persoonsvorming en sociale ontwikkeling in onderwijs",
]
TERMS = {
    "Thema": THEMAS,
    "Onderwerp": ONDERWERPEN,
    "Soort": SOORTEN,
    "Sector": SECTOREN,
    "Uitgangspunt": UITGANGSPUNTEN,
}
