"""Page titles saved before the single-line rule: folded to one line (a line break stopped every workflow mail)."""

import re

from django.db import migrations

FOLD = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


def fold(value):
    text = "".join(char for char in FOLD.sub(" ", value) if ord(char) >= 32 and char != "\x7f")
    return re.sub(r" {2,}", " ", text).strip()


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for page in Page.objects.filter(title__regex=r"[\r\n\t]").only("pk", "title", "draft_title", "seo_title"):
        Page.objects.filter(pk=page.pk).update(
            title=fold(page.title), draft_title=fold(page.draft_title or page.title), seo_title=fold(page.seo_title)
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0007_mail_headers"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
