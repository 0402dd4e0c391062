"""Collection permissions on the root collection, which Wagtail checks for documents and images: without
them only superusers could upload or choose a file (the chooser said "nog geen documenten" without an
upload button). Redacteuren and Netwerkbeheer add and choose; Eindredactie also change (and so delete).

Frozen: historical models only, names copied in; a fresh install gets them from `migrate` alone."""

from django.db import migrations

EDITORS = "Redacteuren"
MODERATORS = "Eindredactie"
NETWORK_MANAGERS = "Netwerkbeheer"
COLLECTION_ACTIONS = {
    EDITORS: ("add", "choose"),
    MODERATORS: ("add", "change", "choose"),
    NETWORK_MANAGERS: ("add", "choose"),
}


def ensure_permissions(apps):
    """Permissions exist only after post_migrate; a data migration creates them itself."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    roots = list(Collection.objects.filter(depth=1))
    for name, actions in COLLECTION_ACTIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
            for action in actions:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                for root in roots:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root, permission=permission
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_single_line_titles"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
