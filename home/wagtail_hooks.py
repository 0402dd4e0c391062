from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .search_stats import REPORT_DAYS, report

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
