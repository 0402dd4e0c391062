"""The admin's view of alert subscriptions (Rapporten › Attenderingen): Netwerkbeheer and superusers see the
addresses (and may remove one or export them); every other admin user sees counts only."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext

from entries.alerts import describe
from entries.models.alerts import Alert
from home.site.pagination import paginate
from home.spreadsheets import csv_response

ADDRESSES = "entries.view_alert_addresses"


def _counts():
    return Alert.objects.aggregate(
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        weekly=Count("pk", filter=Q(confirmed_at__isnull=False, frequency=Alert.Frequency.WEEKLY)),
        monthly=Count("pk", filter=Q(confirmed_at__isnull=False, frequency=Alert.Frequency.MONTHLY)),
        unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
        addresses=Count("email", filter=Q(confirmed_at__isnull=False), distinct=True),
    )


def _popular(limit=20):
    """The most followed selections, in words, without any address."""
    rows = (
        Alert.objects.filter(confirmed_at__isnull=False)
        .values("query")
        .annotate(n=Count("pk"))
        .order_by("-n", "query")[:limit]
    )
    return [(describe(Alert(query=row["query"])), row["n"]) for row in rows]


def alert_list(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    sees_addresses = request.user.has_perm(ADDRESSES)
    if request.method == "POST":
        if not (sees_addresses and request.user.has_perm("entries.delete_alert")):
            raise PermissionDenied
        chosen = request.POST.get("remove", "")
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
            Alert.objects.filter(pk=int(chosen)).delete()
        return redirect("entries_alert_list")
    context = {"counts": _counts(), "popular": _popular(), "header_title": gettext("Attenderingen")}
    if sees_addresses:
        alerts = Alert.objects.order_by("email", "pk")
        if request.GET.get("export") == "csv":
            return csv_response(
                f"attenderingen-{timezone.localdate().isoformat()}",
                ["E-mailadres", "Selectie", "Frequentie", "Bevestigd op"],
                (
                    [
                        alert.email,
                        describe(alert),
                        alert.get_frequency_display(),
                        timezone.localtime(alert.confirmed_at).strftime("%d-%m-%Y") if alert.confirmed_at else "",
                    ]
                    for alert in alerts.iterator()
                ),
            )
        page = paginate(request, alerts, per_page=50)
        context["alerts"] = [(alert, describe(alert)) for alert in page]
        context["page"] = page
    return TemplateResponse(request, "entries/admin/alert_list.html", context)
