"""The knowledge bank's permissions: Eindredactie manages the vocabularies; Redacteuren write in every
knowledge-bank index that exists already (new ones are granted when they are created, see
home/permissions.py). Frozen: historical models only, names copied in."""

from django.db import migrations

EDITORS = "Redacteuren"
MODERATORS = "Eindredactie"
VOCABULARY_MODELS = ["thema", "onderwerp", "soort", "sector", "uitgangspunt", "organisatie"]
INDEX_GRANTS = {EDITORS: ["add_page", "change_page"]}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    show_in_menus(apps, [("entries", "entryindexpage")])
    app_config = apps.get_app_config("entries")
    app_config.models_module = True
    create_contenttypes(app_config, verbosity=0, apps=apps)
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    for model in VOCABULARY_MODELS:
        for action in ("add", "change", "delete", "view"):
            moderators.permissions.add(
                Permission.objects.get(content_type__app_label="entries", codename=f"{action}_{model}")
            )
    index_type = ContentType.objects.filter(app_label="entries", model="entryindexpage").first()
    for name, codenames in INDEX_GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for page in Page.objects.filter(content_type=index_type) if index_type else []:
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def show_in_menus(apps, page_types):
    """The section pages appear in the header menu (Wagtail's show_in_menus), on the page and in its latest
    revision, so that the next publication keeps it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    for app_label, model in page_types:
        page_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        for page in Page.objects.filter(content_type=page_type) if page_type else []:
            Page.objects.filter(pk=page.pk).update(show_in_menus=True)
            revision = Revision.objects.filter(pk=page.latest_revision_id).first()
            if revision is not None:
                revision.content["show_in_menus"] = True
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("entries", "0004_contributor_permission"),
        ("home", "0002_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
