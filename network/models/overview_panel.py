"""The event's own overview at the top of its edit view, for those who run it: date, places taken of the
capacity, waiting list and pending holds, and the actions as visible buttons (not in the ⋯ menu)."""

from django.db.models import Count, Q
from wagtail.admin.panels import Panel

from network.models.registrations import PENDING_HOLD, Registration


def overview_counts(event):
    from django.utils import timezone

    return Registration.objects.filter(event_id=event.pk).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        pending=Count(
            "pk",
            filter=Q(status=Registration.Status.PENDING, created_at__gte=timezone.now() - PENDING_HOLD),
        ),
    )


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
