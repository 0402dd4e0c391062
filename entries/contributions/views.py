import logging

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from entries.contributions import submit_contribution
from entries.contributions.forms import ContributionForm
from entries.models.contribution import Contribution
from home.abuse.limits import within_limit

logger = logging.getLogger("portal.security")
FEED_SIZE = 50


def contribute(request, index):
    form = ContributionForm(request.POST or None, initial=ContributionForm.initial_from(request.GET))
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif form.cleaned_data.get("website_confirm"):
            # The honeypot was filled in: answer as if all went well, store nothing.
            logger.warning("contribution refused: honeypot")
            return TemplateResponse(request, "entries/contribution_done.html", {"page": index, "self": index})
        elif within_limit(request, "contribution", settings.CONTRIBUTION_RATE_LIMIT) is False:
            # Only valid contributions count; the person keeps what they typed.
            logger.warning("contribution refused: rate limit")
            form.add_error(
                None, _("Je hebt het afgelopen uur al meerdere bijdragen gestuurd. Probeer het later opnieuw.")
            )
            status = 429
        else:
            with transaction.atomic():
                submit_contribution(index, form.cleaned_data, request)
            return TemplateResponse(request, "entries/contribution_done.html", {"page": index, "self": index})
    return TemplateResponse(
        request, "entries/contribution_form.html", {"page": index, "self": index, "form": form}, status=status
    )


STEPS = ["received", "in_progress", "published"]


@never_cache  # behind a token: never in the shared page cache
def contribution_status(request, index, token):
    record = Contribution.objects.filter(token=token).first()
    if record is None:
        raise Http404
    reached = STEPS.index(record.status) if record.status in STEPS else 1
    go_live = None
    if record.status == Contribution.Status.SCHEDULED and record.entry:
        go_live = record.entry.go_live_at
    steps = [(Contribution.Status(step).label, number <= reached) for number, step in enumerate(STEPS)]
    response = TemplateResponse(
        request,
        "entries/contribution_status.html",
        {
            "page": index,
            "self": index,
            "record": record,
            "steps": steps,
            "declined": record.status == "declined",
            "go_live": go_live,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
