"""Groups, their permissions and the editorial workflow; used by a data migration and by load_demo."""

EDITORS = "Redacteuren"
MODERATORS = "Eindredactie"
NETWORK_MANAGERS = "Netwerkbeheer"
WORKFLOW_NAME = "Redactionele toets"
TASK_NAME = "Toets door de eindredactie"

VOCABULARY_MODELS = ["thema", "onderwerp", "soort", "sector", "uitgangspunt", "organisatie"]
PERSONAL_DATA_MODELS = [("network", "registration"), ("network", "member"), ("home", "outgoingmail")]

# (app_label, codename) per group; page permissions are set separately, per part of the tree.
MODEL_PERMISSIONS = {
    EDITORS: [("wagtailadmin", "access_admin")]
    + [("wagtailimages", f"{action}_image") for action in ("add", "change", "choose")]
    + [("wagtaildocs", f"{action}_document") for action in ("add", "change", "choose")],
    MODERATORS: [("wagtailadmin", "access_admin")]
    + [("wagtailimages", f"{action}_image") for action in ("add", "change", "delete", "choose")]
    + [("wagtaildocs", f"{action}_document") for action in ("add", "change", "delete", "choose")]
    + [
        ("entries", f"{action}_{model}")
        for model in VOCABULARY_MODELS
        for action in ("add", "change", "delete", "view")
    ],
    NETWORK_MANAGERS: [("wagtailadmin", "access_admin")]
    + [("wagtailimages", f"{action}_image") for action in ("add", "change", "choose")]
    + [("wagtaildocs", f"{action}_document") for action in ("add", "change", "choose")]
    + [
        (app, f"{action}_{model}")
        for app, model in PERSONAL_DATA_MODELS
        for action in ("add", "change", "delete", "view")
    ],
}

# Page permissions: group -> [(page model, codenames)].
PAGE_PERMISSIONS = {
    EDITORS: [
        (("entries", "entryindexpage"), ["add_page", "change_page"]),
        (("network", "eventindexpage"), ["add_page", "change_page"]),
    ],
    MODERATORS: [(("wagtailcore", "page"), ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"])],
    NETWORK_MANAGERS: [
        (("network", "networkpage"), ["add_page", "change_page", "publish_page"]),
    ],
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


def setup_groups(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for app_label, codename in permissions:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)
    assign_page_permissions(apps)


def assign_page_permissions(apps):
    """Grants page permissions on the pages that exist; load_demo calls it again once the tree is built."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, grants in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for (app_label, model), codenames in grants:
            if (app_label, model) == ("wagtailcore", "page"):
                pages = Page.objects.filter(depth=1)
            else:
                content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
                pages = Page.objects.filter(content_type=content_type) if content_type else Page.objects.none()
            for page in pages:
                for codename in codenames:
                    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                    GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    # Network managers run the agenda: they add, edit and publish events.
    content_type = ContentType.objects.filter(app_label="network", model="eventindexpage").first()
    if content_type:
        group = Group.objects.get(name=NETWORK_MANAGERS)
        for page in Page.objects.filter(content_type=content_type):
            for codename in ("add_page", "change_page", "publish_page"):
                permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def setup_workflow(apps):
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
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for root in Page.objects.filter(depth=1):
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    # Wagtail's default groups and workflow would sit beside ours and confuse editors.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Workflow.objects.filter(name="Moderators approval").exclude(pk=workflow.pk).update(active=False)
