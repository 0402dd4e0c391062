from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from entries.alerts.admin import alert_list
from entries.listing.overview import cross, shade
from entries.models import EntryIndexPage, LinkCheck, Onderwerp, Organisatie, Sector, Soort, Thema, Uitgangspunt
from entries.upkeep.review import due_for_review
from home.permissions import EDITORS, MODERATORS
from home.site.pagination import paginate


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    sort_order_field = "sort_order"
    ordering = ["sort_order", "name"]


def _term_viewset(term_model, icon):
    return type(f"{term_model.__name__}ViewSet", (TermViewSet,), {"model": term_model, "icon": icon})


class OrganisatieViewSet(SnippetViewSet):
    model = Organisatie
    icon = "home"
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["name"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Vocabulaires")
    menu_icon = "tag"
    menu_order = 250
    items = (
        _term_viewset(Thema, "folder-open-1"),
        _term_viewset(Onderwerp, "tag"),
        _term_viewset(Soort, "doc-full"),
        _term_viewset(Sector, "site"),
        _term_viewset(Uitgangspunt, "pick"),
        OrganisatieViewSet,
    )


register_snippet(VocabularyGroup)


class CoveragePanel(Component):
    """Themes against topics with the number of published entries, from the gap map's count (the listing's
    engine): gaps show at a glance, and every number opens that selection."""

    name = "coverage"
    order = 150
    template_name = "entries/admin/coverage_panel.html"

    def get_context_data(self, parent_context):
        table = cross("thema", "onderwerp", levels=False)
        highest = max((count for _slug, _name, cells in table for _c, _n, count, _levels in cells), default=0)
        index = EntryIndexPage.objects.live().order_by("path").first()
        listing = index.url if index is not None else None

        def cell(theme_slug, topic_slug, topic_name, n):
            url = f"{listing}?thema={theme_slug}&onderwerp={topic_slug}" if listing else None
            return {"n": n, "level": shade(n, highest), "url": url, "topic": {"name": topic_name}}

        topics = [{"name": name} for _slug, name, _count, _levels in table[0][2]] if table else []
        rows = [({"name": name}, [cell(slug, *column[:3]) for column in cells]) for slug, name, cells in table]
        return {"topics": topics, "rows": rows}


class ContributionQueuePanel(Component):
    name = "contribution_queue"
    order = 140
    template_name = "entries/admin/contribution_queue_panel.html"

    def get_context_data(self, parent_context):
        states = (
            WorkflowState.objects.active()
            .filter(base_content_type__model="page")
            .order_by("-created_at")
            .select_related("requested_by")[:20]
        )
        waiting_ids = [int(state.object_id) for state in states]
        pages = {page.pk: page for page in Page.objects.filter(pk__in=waiting_ids).specific()}
        return {
            "items": [(state, pages.get(int(state.object_id))) for state in states if int(state.object_id) in pages]
        }


class ReviewPanel(Component):
    """Entries due for a new review, oldest first; the whole list is one click away."""

    name = "review"
    order = 160
    template_name = "entries/admin/review_panel.html"

    def get_context_data(self, parent_context):
        due = due_for_review()
        return {"count": due.count(), "oldest": due[:5]}


def _is_moderator(user):
    return user.is_superuser or user.groups.filter(name=MODERATORS).exists()


@hooks.register("construct_homepage_panels")
def add_moderator_panels(request, panels):
    if _is_moderator(request.user):
        # The queue lists every page waiting, public contributions included: Wagtail's own "awaiting your
        # review" panel would list the same pages a second time.
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "workflow_objects_to_moderate"]
        panels.append(ContributionQueuePanel())
        panels.append(CoveragePanel())
        panels.append(ReviewPanel())


def review_list(request):
    """All entries due for review, oldest first, to filter by theme."""
    if not _is_moderator(request.user):
        raise PermissionDenied
    themes = list(Thema.objects.filter(is_active=True))
    chosen = request.GET.get("thema", "")
    due = due_for_review().select_related("entry_type")
    if chosen in {theme.slug for theme in themes}:
        due = due.filter(themes__slug=chosen)
    else:
        chosen = ""
    page = paginate(request, due, per_page=50)
    return TemplateResponse(
        request,
        "entries/admin/review_list.html",
        {"entries": page, "themes": themes, "chosen": chosen, "header_title": gettext("Toe aan beoordeling")},
    )


def _is_editor(user):
    return _is_moderator(user) or user.groups.filter(name=EDITORS).exists()


def broken_links(request):
    """Links check_links found broken, for editors: fix or remove them in the entry, or mark them as checked."""
    if not _is_editor(request.user):
        raise PermissionDenied
    if request.method == "POST":
        check = request.POST.get("check", "")
        if check.isascii() and check.isdigit() and len(check) < 19:  # anything else is not one of ours: nothing to mark
            LinkCheck.objects.filter(pk=int(check), broken=True).update(marked_ok=True)
        return redirect("entries_broken_links")
    checks = LinkCheck.objects.filter(broken=True, marked_ok=False).select_related("entry").order_by("-checked_at")
    return TemplateResponse(
        request,
        "entries/admin/broken_links.html",
        {"checks": paginate(request, checks, per_page=50), "header_title": gettext("Kapotte links")},
    )


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("kennisbank/te-beoordelen/", review_list, name="entries_review_list"),
        path("kennisbank/kapotte-links/", broken_links, name="entries_broken_links"),
        path("kennisbank/attenderingen/", alert_list, name="entries_alert_list"),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return _is_editor(request.user)


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return _is_moderator(request.user)


@hooks.register("register_reports_menu_item")
def review_menu_item():
    return ModeratorsMenuItem(_("Toe aan beoordeling"), reverse("entries_review_list"), icon_name="date", order=905)


@hooks.register("register_reports_menu_item")
def broken_links_menu_item():
    return EditorsMenuItem(_("Kapotte links"), reverse("entries_broken_links"), icon_name="link", order=910)


@hooks.register("register_reports_menu_item")
def alerts_menu_item():
    return MenuItem(_("Attenderingen"), reverse("entries_alert_list"), icon_name="mail", order=915)
