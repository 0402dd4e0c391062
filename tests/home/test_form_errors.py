"""Every public form answers mistakes the same way (the GOV.UK error summary): a summary at the top that links
to each field in error, the input kept, and the consent linking the privacy statement."""

import pytest

from home.models import StandardPage
from tests.factories import EventFactory, publish
from tests.helpers import soup


@pytest.fixture
def privacy(site):
    page = site.home.add_child(instance=StandardPage(title="Privacyverklaring", slug="privacyverklaring", intro="x"))
    return publish(page)


def forms(site):
    event = EventFactory(agenda=site.agenda, capacity=5)
    return [
        (f"{site.index.url}delen/", {"title": "", "name": "Fatima", "email": "fout"}),
        (f"{event.url}aanmelden/", {"name": "Fatima", "email": "fout"}),
        (f"{site.network.url}lid-worden/", {"name": "Fatima", "email": "fout", "organisation": ""}),
    ]


def test_each_form_sums_up_its_errors_with_links_to_the_fields(client, site, privacy):
    for url, data in forms(site):
        page = soup(client.post(url, data))
        summary = page.select_one("[data-error-summary]")
        assert summary is not None and summary["role"] == "alert" and summary["tabindex"] == "-1", url
        links = summary.select("a")
        assert links, url
        for link in links:
            assert page.select_one(link["href"]) is not None, (url, link["href"])  # each link reaches its field
        assert any(link["href"] == "#id_email" for link in links), url
        assert page.select_one("#id_name")["value"] == "Fatima"  # input kept
        consent = page.select_one("#id_consent").find_parent(class_="field")
        assert consent.select_one("a")["href"] == privacy.url, url


def test_the_public_forms_say_je_not_u(client, site):
    for url, _data in forms(site):
        text = soup(client.get(url.replace("aanmelden/", "").replace("lid-worden/", ""))).select_one("main").get_text()
        words = set(text.lower().split())
        assert not {"u", "uw"} & words, url


def test_personal_fields_say_what_they_hold_and_errors_read_as_sentences(client, site):
    """WCAG 1.3.5: name, e-mail and organisation carry autocomplete; the error summary read
    "…volgens de privacyverklaring.: Geef toestemming…" (a label's full stop before the colon)."""
    from tests.factories import EventFactory
    from tests.helpers import soup

    event = EventFactory(agenda=site.agenda)
    form = soup(client.get(event.url))
    assert form.select_one('input[name="name"]')["autocomplete"] == "name"
    assert form.select_one('input[name="email"]')["autocomplete"] == "email"
    assert form.select_one('input[name="organisation"]')["autocomplete"] == "organization"
    join = soup(client.get(site.network.url))
    assert join.select_one('input[name="email"]')["autocomplete"] == "email"
    errors = soup(client.post(f"{event.url}aanmelden/", {"name": "Eva", "email": "eva@uni.nl"}))
    summary = errors.select_one("[data-error-summary]").get_text(" ", strip=True)
    assert "privacyverklaring: Geef toestemming" in summary and ".:" not in summary
