"""The agenda's page listing for those who run events: next to the title, the date, places taken of the
capacity and the waiting list, counted for the whole page of results in one query."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.viewsets.pages import PageViewSet

from network.models import EventPage
from network.models.overview_panel import registration_counts


class AgendaIndexView(ExplorableIndexView):
    def get_table(self, object_list):
        pages = list(object_list)
        counts = registration_counts([page.pk for page in pages if isinstance(page, EventPage)])
        for page in pages:
            page.registration_counts = counts.get(page.pk)
        return super().get_table(pages)


def _date(page):
    return date_format(timezone.localtime(page.start), "j M Y, H:i") if isinstance(page, EventPage) else ""


class PlacesColumn(Column):
    """ "12 van 40", a link to the event's registrations for those who may see them."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if not isinstance(instance, EventPage):
            context["value"] = ""
            return context
        taken = instance.registration_counts["confirmed"]
        if instance.capacity:
            text = gettext("%(taken)s van %(capacity)s") % {"taken": taken, "capacity": instance.capacity}
        else:
            text = gettext("%(taken)s (geen maximum)") % {"taken": taken}
        request = parent_context.get("request")
        if request is not None and request.user.has_perm("network.change_registration"):
            url = reverse("network_registration_modeladmin_index") + f"?event__id__exact={instance.pk}"
            context["value"] = format_html('<a href="{}">{}</a>', url, text)
        else:
            context["value"] = text
        return context


def _waiting(page):
    return page.registration_counts["waitlisted"] if isinstance(page, EventPage) else ""


_columns = list(ExplorableIndexView.base_columns)
_after_title = [column.name for column in _columns].index("title") + 1
_columns[_after_title:_after_title] = [
    Column("start", label=_("Datum"), accessor=_date, width="14%"),
    PlacesColumn("places", label=_("Plekken bezet"), width="12%"),
    Column("waiting", label=_("Wachtlijst"), accessor=_waiting, width="9%"),
]


class AgendaPageViewSet(PageViewSet):
    """Used by Wagtail's explorer for the agenda (the parent that only holds events and masterclasses)."""

    model = EventPage
    index_view_class = AgendaIndexView
    columns = _columns
