"""RFC 8058 one-click unsubscribe (`/attendering/<token>/afmelden/`, the digest's List-Unsubscribe header): a mail
program POSTs "List-Unsubscribe=One-Click" without a form or CSRF token; the token is the key. A person who opens
the address is sent to the unsubscribe page with its button."""

from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from entries.models.alerts import Alert
from entries.models.index import EntryIndexPage
from home.tokens import looks_like_token


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" without a form; the token is the key
@never_cache
def one_click_unsubscribe(request, token):
    if not looks_like_token(token):
        raise Http404
    if request.method == "POST":
        Alert.objects.filter(token=token).delete()
        return HttpResponse(_("Je bent afgemeld."), content_type="text/plain; charset=utf-8")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    index = EntryIndexPage.objects.live().order_by("path").first()
    if index is None:
        raise Http404
    return redirect(index.url + index.reverse_subpage("alert_unsubscribe", kwargs={"token": token}).lstrip("/"))
