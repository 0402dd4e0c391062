from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template.loader import render_to_string


def page_not_found(request, exception=None):
    return HttpResponseNotFound(render_to_string("404.html", {"request_path": request.path}, request=request))


def server_error(request):
    # No context processors: the database may be what failed.
    return HttpResponseServerError(render_to_string("500.html"))
