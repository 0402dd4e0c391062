"""The "Mijn netwerk" pages in a real browser, at phone and laptop width: a person signs in by the link in their
mail, sees their registrations, alerts, membership and register numbers, cancels one, and every page passes both
accessibility engines and never scrolls sideways."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone

from entries.models.alerts import Alert
from network.models import Member, RegisterNumber, Registration
from tests.browser.test_second_engine import HTMLCS, record_problems
from tests.factories import EventFactory, MasterclassFactory, build_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EMAIL = "sanne.de.vries@hogeschool-voorbeeld.nl"
COMPOUND = "Studentenwelzijnsmonitorresultatenbesprekingsbijeenkomst"


@pytest.fixture
def world(db):
    site = build_site()
    site.event = EventFactory(agenda=site.agenda, title=f"{COMPOUND} Zwolle", slug="netwerkdag", capacity=1)
    site.masterclass = MasterclassFactory(agenda=site.agenda, title="Masterclass signaleren", slug="mc-signaleren")
    site.mine = Registration.objects.create(event=site.event, name="Sanne", email=EMAIL, status="confirmed")
    site.waiting = Registration.objects.create(
        event=site.event, name="Ali", email="ali@example.org", status="waitlisted"
    )
    Registration.objects.create(event=site.masterclass, name="Sanne", email=EMAIL, status="confirmed")
    Member.objects.create(name="Sanne de Vries", email=EMAIL, organisation=COMPOUND, confirmed_at=timezone.now())
    Alert.objects.create(email=EMAIL, query="thema=preventie&onderwerp=slaap", confirmed_at=timezone.now())
    RegisterNumber.objects.create(email=EMAIL, register="nip", number="NIP-00123456")
    return site


def sign_in(page, base):
    page.goto(f"{base}/netwerk/mijn/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    assert "Kijk in je mailbox" in page.inner_text("main")
    link = re.search(r"https?://\S+?(/netwerk/mijn/inloggen/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{base}{link}")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/netwerk/mijn/")


def test_a_person_signs_in_sees_everything_and_cancels_at_both_widths(live_server, world, chromium, screenshot_dir):
    assert HTMLCS.exists(), "make test installs html_codesniffer (npm ci)"
    axe = Axe()
    problems = {}

    def check(page, name, width):
        record_problems(page, axe, f"{name}-{width}", problems)
        page.screenshot(path=str(screenshot_dir / f"mijn-{name}-{width}.png"), full_page=True)

    for width in (375, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="nl-NL", bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            page.goto(f"{live_server.url}/netwerk/mijn/")
            check(page, "inloggen", width)
            sign_in(page, live_server.url)
            main = page.inner_text("main")
            for text in (COMPOUND, "Masterclass signaleren", "Preventie · Slaap", "NIP-00123456", EMAIL):
                assert text in main, text
            assert "Ali" not in main
            check(page, "overzicht", width)
            page.get_by_role("link", name="Bekijk mijn gegevens").click()
            assert "NIP-00123456" in page.inner_text("main")
            check(page, "gegevens", width)
            page.goto(f"{live_server.url}/netwerk/mijn/wissen/")
            check(page, "wissen", width)
            page.goto(f"{live_server.url}/netwerk/mijn/")
            page.get_by_role("button", name="Afmelden", exact=True).click()
            assert "Je bent afgemeld van Mijn netwerk" in page.inner_text("main")
        finally:
            context.close()

    # Cancelling from the page, found by its name as a screen reader user hears it.
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, live_server.url)
        page.get_by_role("button", name=f"Afmelden voor {COMPOUND} Zwolle").click()
        assert "Je bent afgemeld voor" in page.inner_text("[role=status]")
        check(page, "na-afmelden", 1280)
    finally:
        context.close()
    world.waiting.refresh_from_db()
    assert world.waiting.status == "confirmed"  # the waiting list moved up
    assert not problems, "\n".join(f"{name}: {detail}" for name, detail in problems.items())
