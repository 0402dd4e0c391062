import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from entries.models import EntryIndexPage, EntryPage
from home.models import HomePage, StandardPage
from network.models import EventIndexPage, EventPage, MasterclassPage, NetworkPage
from tests.factories import EntryFactory
from tests.helpers import sitemap_text

ROOT = Path(__file__).resolve().parents[2]


def test_home_page_is_dutch_with_skip_link_and_footer(client, site):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html and "Naar de inhoud" in html
    assert "Kennisbank Studentenwelzijn" in html
    assert 'href="/over-de-kennisbank/"' in html  # footer lists the standard pages
    assert html.count("<h1") == 1


def test_standard_page_shows_its_text(client, site):
    response = client.get("/over-de-kennisbank/")
    assert response.status_code == 200
    assert "De redactie bekijkt elk item." in response.content.decode()


def test_404_is_a_dutch_page(client, site):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_healthz_reports_database(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_is_503_when_database_fails(client, db, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("home.views.connection", UnreachableDatabase())
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unavailable"


def test_sitemap_lists_live_pages(client, site):
    body = sitemap_text(client)
    assert "https://kennisbank.example/over-de-kennisbank/" in body
    assert "https://kennisbank.example/kennisbank/" in body


def test_robots_txt_points_to_sitemap_and_hides_admin(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: https://kennisbank.example/sitemap.xml" in body


def test_admin_login_is_dutch(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode() or "Aanmelden" in response.content.decode()


class TestPageTreeRules(WagtailPageTestCase):
    def test_home(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {StandardPage, EntryIndexPage, NetworkPage})

    def test_knowledge_bank(self):
        self.assertAllowedParentPageTypes(EntryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EntryIndexPage, {EntryPage})
        self.assertAllowedParentPageTypes(EntryPage, {EntryIndexPage})
        self.assertAllowedSubpageTypes(EntryPage, set())

    def test_network(self):
        self.assertAllowedParentPageTypes(NetworkPage, {HomePage})
        self.assertAllowedSubpageTypes(NetworkPage, {EventIndexPage, StandardPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage, MasterclassPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedParentPageTypes(MasterclassPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertAllowedSubpageTypes(MasterclassPage, set())

    def test_standard_page(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


def _settings_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "PUBLIC_BASE_URL", "PORT"}
    }
    env.update(
        {"DJANGO_SETTINGS_MODULE": "portal.settings.production", "PUBLIC_BASE_URL": "https://kennisbank.example"}
    )
    env.update(extra)
    return {key: value for key, value in env.items() if value is not None}
    return env


def test_production_refuses_to_start_without_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_settings_env(ALLOWED_HOSTS="example.nl"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_public_base_url():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_settings_env(SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.nl", PUBLIC_BASE_URL=None),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "PUBLIC_BASE_URL must be set" in result.stderr


def test_without_public_base_url_links_follow_the_port_make_run_serves_on():
    """Regression: `PORT=8080 make run` served on 8080, but every absolute link pointed to :8000."""
    env = {key: value for key, value in os.environ.items() if key not in {"PUBLIC_BASE_URL", "WAGTAILADMIN_BASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.dev", "PORT": "8080"})
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.PUBLIC_BASE_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8080"


def test_production_refuses_to_start_without_allowed_hosts():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_settings_env(SECRET_KEY="x" * 60),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_is_clean_with_a_good_environment():
    env = _settings_env(SECRET_KEY="k" * 30 + "Zx9!q" * 10, ALLOWED_HOSTS="kennisbank.example.nl")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_tree():
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    first = list(Page.objects.order_by("path").values_list("path", "slug", "live"))
    registrations = EventPage.objects.get(slug="masterclass-vroegsignalering").registrations.count()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert list(Page.objects.order_by("path").values_list("path", "slug", "live")) == first
    assert EventPage.objects.get(slug="masterclass-vroegsignalering").registrations.count() == registrations
    slugs = {slug for _path, slug, _live in first}
    assert {"kennisbank", "netwerk", "agenda", "privacyverklaring", "toegankelijkheidsverklaring", "colofon"} <= slugs
    assert EntryPage.objects.live().count() >= 25


def test_one_search_field_per_page(client, site):
    """The header's search field gives way on pages with a search field of their own."""
    from tests.helpers import soup

    def search_fields(url):
        return len(soup(client.get(url)).select('input[type="search"]'))

    assert search_fields(site.home.url) == 1  # the home page's own, for the knowledge bank
    assert search_fields(site.about.url) == 1
    assert search_fields(site.index.url) == 1
    assert search_fields("/zoeken/?q=slaap") == 1
    assert soup(client.get(site.about.url)).select_one(".site-search-link")["href"] == "/zoeken/"


def test_the_footer_offers_the_statements_and_a_contact_address(client, site):
    from home.models import SiteSettings
    from tests.helpers import soup

    settings = SiteSettings.for_site(site.home.get_site())
    settings.contact_email = "redactie@uni.nl"
    settings.save()
    footer = soup(client.get(site.about.url)).select_one(".site-footer")
    links = {link.get_text(strip=True): link["href"] for link in footer.select("a")}
    assert links["Over de kennisbank"] == site.about.url
    assert links["Contact: redactie@uni.nl"] == "mailto:redactie@uni.nl"


def test_demo_entries_have_substance_and_real_attachments(db):
    import io

    import pypdf
    from django.core.management import call_command

    from entries.models import EntryPage

    call_command("load_demo", stdout=io.StringIO())
    entry = EntryPage.objects.get(slug="gatekeepertraining-suicidepreventie")
    assert len(entry.body) >= 3 and entry.external_url and entry.organisations.exists()
    document = entry.attachments.get().document
    with document.file.open("rb") as handle:
        text = pypdf.PdfReader(handle).pages[0].extract_text()
    assert "Checklist: het eerste gesprek" in text and "Luister zonder te oordelen" in text


def test_sitemap_is_an_index_of_parts_that_hold_every_live_page_once(client, site, settings):
    """Regression: one sitemap file stopped at 50,000 URLs (the rest of the collection was missing) and took
    23 s at 100,000 entries; now the index lists parts of SITEMAP_PAGE_SIZE pages."""
    settings.SITEMAP_PAGE_SIZE = 3
    for n in range(5):
        EntryFactory(index=site.index, title=f"Item {n}", slug=f"sitemap-item-{n}")
    EntryFactory(index=site.index, title="Concept", slug="sitemap-concept", live=False)
    index = client.get("/sitemap.xml").content.decode()
    parts = re.findall(r"<loc>([^<]+)</loc>", index)
    live = Page.objects.live().public().filter(depth__gt=1).count()
    assert len(parts) == -(-live // 3) >= 3
    assert all(part.startswith("https://kennisbank.example/sitemap-paginas.xml") for part in parts)
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap_text(client).split("</sitemapindex>", 1)[1])
    assert len(urls) == len(set(urls)) == live
    assert "https://kennisbank.example/kennisbank/sitemap-item-4/" in urls
    assert not any("sitemap-concept" in url for url in urls)
    for wrong in ("/sitemap-paginas.xml?p=99", "/sitemap-paginas.xml?p=x", "/sitemap-anders.xml"):
        assert client.get(wrong).status_code == 404, wrong


@pytest.mark.parametrize(("given", "kept"), [(None, "60 True"), ("0", "0 True"), ("300", "300 True")])
def test_production_keeps_database_connections_between_requests(given, kept):
    """A new PostgreSQL connection per request costs the database a process: production keeps them a minute by
    default (checked before reuse), and DB_CONN_MAX_AGE still decides."""
    env = _settings_env(SECRET_KEY="k" * 60, ALLOWED_HOSTS="kennisbank.example.nl", DB_CONN_MAX_AGE=given)
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == kept
