from django.db import migrations


def forwards(apps, schema_editor):
    from home.permissions import ensure_permissions, setup_groups, setup_workflow

    ensure_permissions(apps)
    setup_groups(apps)
    setup_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("entries", "0002_vocabularies"),
        ("network", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
