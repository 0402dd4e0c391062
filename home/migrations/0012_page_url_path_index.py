"""An index on Wagtail's page url_path: routing (home/site/routing.py) finds the pages on a request's path by
url_path, which Wagtail does not index, so every uncached request read every page under the site's root
(16 ms at 24,000 pages, growing with the collection)."""

from django.db import migrations

INDEX = "home_page_url_path_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0011_mail_attachments"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
