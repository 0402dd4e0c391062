from django.db import migrations
from django.utils.text import slugify


def create_terms(apps, schema_editor):
    from entries.vocabulary_terms import TERMS

    for model_name, names in TERMS.items():
        model = apps.get_model("entries", model_name)
        for order, name in enumerate(names):
            model.objects.get_or_create(slug=slugify(name.replace('/', ' ')), defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("entries", "0001_initial")]

    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]
