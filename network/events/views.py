import logging
from urllib.parse import urlencode

from django.http import Http404, HttpResponse

from home.cache.pages import serve_canonical
from home.site.pagination import paginate, requested_page
from network.events.ical import calendar_filename, calendar_for

logger = logging.getLogger("portal.security")


# -- agenda --------------------------------------------------------------------


def agenda(request, index):
    kinds = index.kinds()
    kind = request.GET.get("soort", "")
    kind = kind if kind in kinds else ""
    archive = request.GET.get("periode") == "archief"
    filters = [(k, v) for k, v in (("soort", kind), ("periode", "archief" if archive else "")) if v]
    number = requested_page(request)
    if number is None:
        raise Http404("Deze pagina bestaat niet.")
    redirect = serve_canonical(request, urlencode(filters + ([("pagina", number)] if number > 1 else [])))
    if redirect:
        return redirect
    page = paginate(request, index.events(archive=archive, kind=kind), per_page=20)
    return index.render(
        request,
        context_overrides={
            "events": page,
            "kinds": kinds,
            "active_kind": kind,
            "archive": archive,
            "agenda_query": "?" + urlencode(filters),
        },
    )


def ical_event(request, event):
    response = HttpResponse(calendar_for([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(event)}"'
    return response


def ical_upcoming(request, index):
    events = index.upcoming().prefetch_related("masterclasspage__sessions")
    response = HttpResponse(calendar_for(_specific(events)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    return response


def _specific(events):
    for event in events:
        yield getattr(event, "masterclasspage", event)
