"""The vocabularies of DESIGN.md. Frozen: the terms are copied in; slugs are derived once and then stable."""

from django.db import migrations
from django.utils.text import slugify

TERMS = {
    "Thema": [
        "Beleid en leiderschap",
        "Data en monitoring",
        "Professionalisering van medewerkers",
        "Preventie",
        "Vroegsignalering",
        "Ondersteuning en zorg",
        "Transities",
        "Samenwerking en partnerschappen",
    ],
    "Onderwerp": [
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
    ],
    "Soort": [
        "Onderzoek",
        "Handreiking",
        "Tool",
        "Training",
        "Praktijkvoorbeeld",
        "Internationaal praktijkvoorbeeld",
        "Initiatief",
        "Beleidsdocument",
    ],
    "Sector": [
        "wo",
        "hbo",
        "mbo",
        "vo",
        "po",
    ],
    "Uitgangspunt": [
        "Inclusief studieklimaat",
        "Zelfregie en toerusting in vaardigheden",
        "Oog voor verschillende startposities en diversiteit",
        "(Nieuwe) obstakels uit de weg ruimen",
        "Aandacht voor persoonsvorming en sociale ontwikkeling in onderwijs",
    ],
}


def create_terms(apps, schema_editor):
    for model_name, names in TERMS.items():
        model = apps.get_model("entries", model_name)
        for order, name in enumerate(names):
            model.objects.get_or_create(slug=slugify(name.replace("/", " ")), defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("entries", "0001_initial")]

    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]
