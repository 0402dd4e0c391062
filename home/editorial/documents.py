"""Documents follow their page: a file attached to (or linked from) a page is served to whoever may see that
page, and to nobody else. Wagtail serves every document to anyone who knows its address (ids are
sequential); this rule, checked before a document is served, closes that for restricted, unpublished and
unattached files. The proxy serves only images from /media/ (docs/deploy.md), so every document comes
through here."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page, ReferenceIndex


def may_see_page(page, request):
    if not page.live:
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def may_download(document, request):
    """Editors (anyone with admin access) always; readers when a page they may see refers to the document,
    or something that is not a page does (a snippet shown on the site)."""
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return True
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.get_references_to(document)
    if references.exclude(base_content_type=page_type).exists():
        return True
    page_ids = {int(object_id) for object_id in references.values_list("object_id", flat=True)}
    return any(may_see_page(page, request) for page in Page.objects.filter(pk__in=page_ids))


def guard_document(document, request):
    """The before_serve_document hook: a 404 (not a 403, which would confirm the file exists)."""
    if not may_download(document, request):
        raise Http404("Dit document bestaat niet of is niet openbaar.")
