"""Registrations, members and reminders are no longer in Wagtail's reference index: remove their rows."""

from django.db import migrations

MODELS = ["registration", "member", "reminder", "eventschedule"]


def forget(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    types = ContentType.objects.filter(app_label="network", model__in=MODELS)
    ReferenceIndex.objects.filter(content_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_event_cancelled_and_schedule"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
