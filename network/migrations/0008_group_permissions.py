"""The network's permissions: Netwerkbeheer (and nobody else but superusers) manages the personal data —
registrations, members and the outgoing mail — and runs the network page and the agenda; Redacteuren
write events. Granted on the pages that exist already; new ones are granted when they are created (see
home/permissions.py). Frozen: historical models only, names copied in."""

from django.db import migrations

EDITORS = "Redacteuren"
NETWORK_MANAGERS = "Netwerkbeheer"
PERSONAL_DATA_MODELS = [("network", "registration"), ("network", "member"), ("home", "outgoingmail")]
PAGE_GRANTS = {
    "networkpage": {NETWORK_MANAGERS: ["add_page", "change_page", "publish_page"]},
    "eventindexpage": {
        EDITORS: ["add_page", "change_page"],
        NETWORK_MANAGERS: ["add_page", "change_page", "publish_page"],
    },
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    show_in_menus(apps, [("network", "networkpage"), ("network", "eventindexpage")])
    for label in ("network", "home"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    managers, _created = Group.objects.get_or_create(name=NETWORK_MANAGERS)
    for app_label, model in PERSONAL_DATA_MODELS:
        for action in ("add", "change", "delete", "view"):
            managers.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            )
    for model, grants in PAGE_GRANTS.items():
        page_type = ContentType.objects.filter(app_label="network", model=model).first()
        pages = list(Page.objects.filter(content_type=page_type)) if page_type else []
        for name, codenames in grants.items():
            group, _created = Group.objects.get_or_create(name=name)
            for page in pages:
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
        ("network", "0007_personal_data_out_of_reference_index"),
        ("home", "0006_render_when_sending"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
