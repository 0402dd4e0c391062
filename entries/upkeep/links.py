"""`manage.py check_links`: the external links of live entries (the entry's own link and the links in its
body), checked politely — HEAD first, GET when a server does not answer HEAD, a timeout, a pause between
requests to the same host and a real user agent. Broken links are listed for editors; readers see the entry
as it is: the checker alone never hides a link."""

import re
import time
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils import timezone

from entries.models.links import LinkCheck
from entries.models.pages import EntryPage

HREF = re.compile(r"""href=["'](https?://[^"'\s>]+)["']""")
USER_AGENT = "KennisbankStudentenwelzijn-linkcheck/1.0 (+{base})"


def links_of(entry):
    """The entry's external link and every http(s) link in its body (rich text and link blocks), once each."""
    found = [entry.external_url] if entry.external_url else []

    def walk(value):
        if isinstance(value, str):
            found.extend(HREF.findall(value))
            if value.startswith(("http://", "https://")) and " " not in value:
                found.append(value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, Sequence):  # lists, and Wagtail's RawDataView of a StreamField
            for item in value:
                walk(item)

    walk(entry.body.raw_data if entry.body else [])
    return list(dict.fromkeys(url[:500] for url in found))


def check(url, session, timeout):
    """(status code or None, error name or "") — HEAD, then GET where HEAD is refused or fails."""
    try:
        response = session.head(url, timeout=timeout, allow_redirects=True)
        if response.status_code in (403, 405, 501) or response.status_code >= 500:
            response = session.get(url, timeout=timeout, allow_redirects=True, stream=True)
            response.close()
        return response.status_code, ""
    except requests.Timeout:
        return None, "timeout"
    except requests.RequestException as error:
        return None, type(error).__name__[:100]


def check_links(delay=1.0, timeout=10.0):
    """Checks every link of every live entry; returns (checked, broken)."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT.format(base=settings.PUBLIC_BASE_URL)
    last_request = {}
    checked = broken = 0
    for entry in EntryPage.objects.live().only("pk", "external_url", "body").iterator(chunk_size=200):
        urls = links_of(entry)
        LinkCheck.objects.filter(entry=entry).exclude(url__in=urls).delete()  # fixed or removed by an editor
        for url in urls:
            host = urlsplit(url).hostname or ""
            wait = delay - (time.monotonic() - last_request.get(host, -delay))
            if wait > 0:
                time.sleep(wait)
            status, error = check(url, session, timeout)
            last_request[host] = time.monotonic()
            is_broken = bool(error) or (status is not None and status >= 400)
            previous = LinkCheck.objects.filter(entry=entry, url=url).first()
            # An editor's "checked" holds while the link answers as it did when they looked.
            keep_mark = bool(previous and previous.marked_ok and previous.status_code == status and is_broken)
            LinkCheck.objects.update_or_create(
                entry=entry,
                url=url,
                defaults={
                    "status_code": status,
                    "error": error,
                    "broken": is_broken,
                    "marked_ok": keep_mark,
                    "checked_at": timezone.now(),
                },
            )
            checked += 1
            broken += is_broken and not keep_mark
    return checked, broken
