"""Entries whose slug is one of the knowledge bank's own routes (/kennisbank/overzicht/, /volgen/, ...) could
never be reached: the route answers first. They get the slug "<slug>-item" (or "-item-2", ...), on the page and
in its latest revision, so that the next publication keeps it. Frozen: names copied in."""

from django.db import migrations

RESERVED_SLUGS = ["feed", "export", "delen", "overzicht", "volgen"]


def rename(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    entry_type = ContentType.objects.filter(app_label="entries", model="entrypage").first()
    if entry_type is None:
        return
    for page in Page.objects.filter(content_type=entry_type, slug__in=RESERVED_SLUGS):
        parent_path = page.path[:-4]
        siblings = set(
            Page.objects.filter(path__startswith=parent_path, depth=page.depth).values_list("slug", flat=True)
        )
        slug, n = f"{page.slug}-item", 2
        while slug in siblings:
            slug, n = f"{page.slug}-item-{n}", n + 1
        url_path = page.url_path[: -len(page.slug) - 1] + slug + "/"
        Page.objects.filter(pk=page.pk).update(slug=slug, url_path=url_path)
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is not None:
            revision.content["slug"] = slug
            revision.content["url_path"] = url_path
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("entries", "0005_group_permissions")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
