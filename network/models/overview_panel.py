"""The event's own overview at the top of its edit view, for those who run it: date, places taken of the
capacity, waiting list and pending holds, and the actions as visible buttons (not in the ⋯ menu)."""

from django.db.models import Count, Q
from wagtail.admin.panels import Panel

from network.models.registrations import PENDING_HOLD, Registration


def registration_counts(event_ids):
    """{event id: {confirmed, waitlisted, pending}} for these events in one query (pending: holds that still
    count). Events without registrations get zeros."""
    from django.utils import timezone

    rows = (
        Registration.objects.filter(event_id__in=list(event_ids))
        .values("event_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED), distinct=True),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED), distinct=True),
            pending=Count(
                "pk",
                filter=Q(status=Registration.Status.PENDING, created_at__gte=timezone.now() - PENDING_HOLD),
                distinct=True,
            ),
            # Checked in at the door at least once (network/attendance/).
            present=Count(
                "pk", filter=Q(status=Registration.Status.CONFIRMED, attendances__isnull=False), distinct=True
            ),
        )
    )
    found = {row.pop("event_id"): row for row in rows}
    empty = {"confirmed": 0, "waitlisted": 0, "pending": 0, "present": 0}
    return {pk: found.get(pk, dict(empty)) for pk in event_ids}


def overview_counts(event):
    """The figures of the event's overview; after its start also who came and the no-show rate."""
    from django.utils import timezone

    counts = registration_counts([event.pk])[event.pk]
    counts["started"] = event.start <= timezone.now()
    confirmed = counts["confirmed"]
    counts["no_show"] = confirmed - counts["present"]
    counts["no_show_percent"] = round(100 * counts["no_show"] / confirmed) if confirmed else 0
    return counts


class EventOverviewPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "network/admin/event_overview_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk) and self.request.user.has_perm(
                "network.change_registration"
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["event"] = self.instance
            context["counts"] = overview_counts(self.instance)
            return context
