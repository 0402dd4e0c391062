from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, Workflow

from home.editorial import page_deletion
from home.editorial.documents import guard_document
from home.editorial.workflow_messages import replace_saved_message
from home.search.stats import REPORT_DAYS, report

SEARCH_REPORT_PERMISSION = "home.view_searchstatistic"


def search_report(request):
    if not request.user.has_perm(SEARCH_REPORT_PERMISSION):
        raise PermissionDenied
    popular, unanswered = report()
    return TemplateResponse(
        request,
        "home/admin/search_report.html",
        {"popular": popular, "unanswered": unanswered, "days": REPORT_DAYS, "header_title": _("Zoektermen")},
    )


@hooks.register("register_admin_urls")
def search_report_urls():
    return [path("zoektermen/", search_report, name="search_report")]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(SEARCH_REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def search_report_menu_item():
    return SearchReportMenuItem(_("Zoektermen"), reverse("search_report"), icon_name="search", order=900)


@hooks.register("insert_global_admin_css")
def project_admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("construct_help_menu")
def dutch_help_menu(request, menu_items):
    """Wagtail's English release notes and editor guide give way to this project's Dutch guide."""
    menu_items[:] = [item for item in menu_items if item.name not in ("editor-guide",) and "whats-new" not in item.name]
    menu_items.insert(
        0, MenuItem(_("Handleiding voor de redactie"), reverse("editor_guide"), icon_name="help", order=1)
    )


def guide_labels():
    """The names of the buttons the guide tells people to press, from the same catalogue Wagtail's admin uses,
    so the guide says what the screen says (tests/test_editor_guide.py checks them on the real pages)."""
    from django.utils.translation import gettext

    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    workflow_name = workflow.name if workflow is not None else gettext("de workflow")
    return {
        "add_child": gettext("Add child page"),
        "save_draft": gettext("Save draft"),
        "preview": gettext("Preview"),
        "set_schedule": gettext("Set schedule"),
        "save_schedule": gettext("Save schedule"),
        "submit": gettext("Submit to %(workflow_name)s") % {"workflow_name": workflow_name},
        "approve": gettext("Approve"),
        "approve_comment": gettext("Approve with comment"),
        "request_changes": gettext("Request changes"),
        "add_attachment": gettext("Add %(label)s") % {"label": gettext("bijlage")},
        "choose_document": gettext("Choose a document"),
        "upload": gettext("Upload"),
        "pages": gettext("Pages"),
        "reports": gettext("Reports"),
        "workflow": workflow_name,
    }


def editor_guide(request):
    return TemplateResponse(
        request,
        "home/admin/editor_guide.html",
        {"header_title": _("Handleiding voor de redactie"), "label": guide_labels()},
    )


@hooks.register("register_admin_urls")
def editor_guide_urls():
    return [path("handleiding/", editor_guide, name="editor_guide")]


@hooks.register("before_delete_page")
def guard_page_deletion(request, page):
    reason = page_deletion.refusal(request.user, page)
    if reason:
        return page_deletion.refuse(request, page, reason)
    return None


@hooks.register("before_bulk_action")
def guard_bulk_deletion(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    reason = page_deletion.refusal(request.user, list(objects))
    if reason:
        messages.error(request, reason)
        return redirect("wagtailadmin_explore", objects[0].get_parent().pk)
    return None


@hooks.register("before_serve_document")
def documents_follow_their_page(document, request):
    guard_document(document, request)


@hooks.register("before_edit_page")
def show_the_reviewers_comment(request, page):
    """After "wijzigingen gevraagd" the editor sees the reviewer's comment at the top of the edit view (not only
    in a mail or three clicks deep in the history), until the page is submitted again."""
    if request.method != "GET":
        return None
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return None
    rejected = state.task_states.filter(status="rejected").order_by("-finished_at").first()
    if rejected is None:
        return None
    reviewer = (
        rejected.finished_by.get_full_name() or rejected.finished_by.get_username() if rejected.finished_by else ""
    )
    comment = rejected.get_comment() or _("(geen opmerking)")
    messages.warning(
        request,
        _("Wijzigingen gevraagd door %(reviewer)s: “%(comment)s”. Pas de pagina aan en dien haar opnieuw in.")
        % {"reviewer": reviewer or _("de eindredactie"), "comment": comment},
    )
    return None


@hooks.register("after_edit_page")
def say_what_the_workflow_action_did(request, page):
    if request.POST.get("action-workflow-action"):
        replace_saved_message(request, page)
