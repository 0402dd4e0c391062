"""The editorial groups, their site-wide permissions and the workflow "Redactionele toets".

Frozen: historical models only, names copied in. The permissions of the knowledge bank and the network
come from those apps' own migrations (entries 0005, network 0008).
"""

from django.db import migrations

EDITORS = "Redacteuren"
MODERATORS = "Eindredactie"
NETWORK_MANAGERS = "Netwerkbeheer"
WORKFLOW_NAME = "Redactionele toets"
TASK_NAME = "Toets door de eindredactie"

MEDIA = {
    EDITORS: ("add", "change", "choose"),
    MODERATORS: ("add", "change", "delete", "choose"),
    NETWORK_MANAGERS: ("add", "change", "choose"),
}
ROOT_PAGE_PERMISSIONS = {MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]}


def ensure_permissions(apps):
    """Permissions exist only after post_migrate; a data migration creates them itself."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_contenttypes(app_config, verbosity=0, apps=apps)
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    for name, actions in MEDIA.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                )
    for name, codenames in ROOT_PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for root in Page.objects.filter(depth=1):
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([Group.objects.get(name=MODERATORS)])
    flow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=flow, task=task, defaults={"sort_order": 0})
    for root in Page.objects.filter(depth=1):
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": flow})
    # Wagtail's default groups and workflow would sit beside ours and confuse editors.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Workflow.objects.filter(name="Moderators approval").exclude(pk=flow.pk).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(groups, migrations.RunPython.noop),
        migrations.RunPython(workflow, migrations.RunPython.noop),
    ]
