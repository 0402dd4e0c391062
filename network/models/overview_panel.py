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
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
            pending=Count(
                "pk",
                filter=Q(status=Registration.Status.PENDING, created_at__gte=timezone.now() - PENDING_HOLD),
            ),
        )
    )
    found = {row.pop("event_id"): row for row in rows}
    return {pk: found.get(pk, {"confirmed": 0, "waitlisted": 0, "pending": 0}) for pk in event_ids}


def overview_counts(event):
    return registration_counts([event.pk])[event.pk]


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
