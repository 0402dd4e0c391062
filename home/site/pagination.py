from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404

PAGE_PARAMETER = "pagina"


def requested_page(request):
    """The page number asked for when it can be one (1 when not asked), else None (paginate gives a 404)."""
    raw = request.GET.get(PAGE_PARAMETER, "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 and int(raw) >= 1 else None


def paginate(request, object_list, per_page=20):
    """The requested page; a page that is not a positive number within range is a 404."""
    paginator = Paginator(object_list, per_page, allow_empty_first_page=True)
    raw = request.GET.get(PAGE_PARAMETER, "1")
    try:
        # A number of ten digits or more is never a real page: treat it as not a number (404).
        page = paginator.page(raw if len(raw) < 10 else "not-a-number")
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404("Deze pagina bestaat niet.") from error
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
