"""The editorial groups, and page permissions that follow the tree.

The group names live here and nowhere else in the code (migrations copy them, as frozen migrations must).
Each app says which groups may do what on its own section pages (`register_page_grants` in its
AppConfig.ready); whenever such a page is created — in the admin, by a migration's data or by `load_demo`
— the groups get their permissions on it. So a site that starts from `migrate` alone works the same as
the demo site: nothing depends on demo content.

The groups themselves and their model permissions are made by data migrations: `home` makes the
groups, the workflow and the site-wide permissions; `entries` and `network` add their own.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save

EDITORS = "Redacteuren"
MODERATORS = "Eindredactie"
NETWORK_MANAGERS = "Netwerkbeheer"
GROUPS = (EDITORS, MODERATORS, NETWORK_MANAGERS)

# page model label -> {group name: [page permission codenames]}
_PAGE_GRANTS = {}


def register_page_grants(model_label, grants):
    """`grants`: {group name: ["add_page", "change_page", "publish_page", ...]} on every page of this type."""
    _PAGE_GRANTS[model_label] = grants


def grant_page_permissions(page):
    from wagtail.models import GroupPagePermission

    for group_name, codenames in _PAGE_GRANTS.get(page._meta.label, {}).items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:  # a site that removed the group on purpose
            continue
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def assign_page_permissions(apps=None):
    """Grant on every existing page of the registered types (tests; sites that predate the grants)."""
    from django.apps import apps as registry

    for model_label in _PAGE_GRANTS:
        for page in registry.get_model(model_label).objects.all():
            grant_page_permissions(page)


def _on_page_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw and sender._meta.label in _PAGE_GRANTS:
        grant_page_permissions(instance)


post_save.connect(_on_page_created, dispatch_uid="home-page-grants")
