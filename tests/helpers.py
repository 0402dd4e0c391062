import re

from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

PROXY = "10.0.0.1"  # the load balancer every request comes through in the proxy tests
JOIN = {"name": "Ali", "email": "ali@uni.nl", "organisation": "UL", "role": "beleid", "consent": "on"}


def behind_proxy(client_address, forged=""):
    """A client whose request reached us through PROXY; `forged` is what it put in X-Forwarded-For itself."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def result_count(response):
    return int(soup(response).select_one("[data-result-count]")["data-result-count"])


def result_titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".card-list .card__title a")]


def facet_counts(response, facet):
    """{slug: count} of one facet's options."""
    counts = {}
    for item in soup(response).select(f'[data-facet="{facet}"] li'):
        checkbox = item.select_one("input")
        counts[checkbox["value"]] = int(item.select_one("[data-count]")["data-count"])
    return counts


def assert_denied(response):
    """A logged-in user without the permission: Wagtail's admin sends them to the dashboard with a message
    (302 to /admin/). Exactly that, so that an error page can never pass as "denied"."""
    assert (response.status_code, response.get("Location")) == (302, "/admin/"), response.status_code


def assert_login_required(response):
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), response.status_code


def visit(client, url, data=None):
    """A reader's browser: a non-canonical address (unknown parameters or values, another order) is redirected
    once, to the canonical one, which then answers without another redirect."""
    response = client.get(url, data, follow=True)
    assert len(response.redirect_chain) <= 1, response.redirect_chain
    if response.redirect_chain:
        assert client.get(response.redirect_chain[0][0]).status_code in (200, 404)
    return response


def login_as(group, username=None):
    """A client logged in as a new member of `group` (its username the group's name in lower case)."""
    from django.contrib.auth.models import Group, User

    username = username or group.lower()
    user = User.objects.create_user(username, f"{username}@uni.nl", "pw")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def contribution_form(**overrides):
    """A valid public contribution (the form's required fields), as a contributor fills it in."""
    from entries.models import Soort

    return {
        "title": "Buddyproject",
        "intro": "Duo's van studenten",
        "description": "Uitleg",
        "entry_type": Soort.objects.get(slug="initiatief").pk,
        "organisation_name": "Hogeschool",
        "name": "Fatima",
        "email": "fatima@uni.nl",
        "consent": "on",
        **overrides,
    }


def sitemap_text(client):
    """The sitemap index and every part it lists, as one text (parts are fetched by their site-relative path)."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and b"<sitemapindex" in index.content
    parts = [
        client.get(location.replace("&amp;", "&").removeprefix(settings.PUBLIC_BASE_URL))
        for location in re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    ]
    assert parts and all(part.status_code == 200 for part in parts)
    return index.content.decode() + "".join(part.content.decode() for part in parts)
