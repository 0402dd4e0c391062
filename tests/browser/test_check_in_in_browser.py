"""Check-in at the door on a phone (375 px): a manager signs in, searches a name, taps "Aanwezig", undoes it,
admits a walk-in; both accessibility engines find nothing and the page never scrolls sideways."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User

from home.permissions import NETWORK_MANAGERS
from network.models import Attendance, Registration
from tests.browser.test_second_engine import record_problems
from tests.factories import EventFactory, build_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
LONG = "Studentenwelzijnsmonitorresultatenbesprekingsbijeenkomstorganisatie"


@pytest.fixture
def world(db):
    site = build_site()
    site.event = EventFactory(agenda=site.agenda, title="Netwerkdag", slug="netwerkdag", capacity=2)
    Registration.objects.create(
        event=site.event, name="Sanne de Vries", email="s@example.org", organisation=LONG, status="confirmed"
    )
    Registration.objects.create(event=site.event, name="Ali Yilmaz", email="a@example.org", status="confirmed")
    user = User.objects.create_user("deur", "deur@example.org", "geheim-wachtwoord")
    user.groups.add(Group.objects.get(name=NETWORK_MANAGERS))
    return site


def test_check_in_on_a_phone(live_server, world, chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 800}, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    axe, problems = Axe(), {}

    def check(name):
        record_problems(page, axe, name, problems)

    try:
        page.goto(f"{live_server.url}/netwerk/agenda/netwerkdag/inchecken/")
        page.locator("#id_username").fill("deur")
        page.locator("#id_password").fill("geheim-wachtwoord")
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/netwerk/agenda/netwerkdag/inchecken/")
        assert "0 aanwezig van 2" in page.inner_text(".check-in__counts")
        check("lijst")
        page.get_by_label("Zoek op naam, e-mail of organisatie").fill("sanne")
        page.get_by_role("button", name="Zoek", exact=True).click()
        page.get_by_role("button", name="Aanwezig Sanne de Vries").click()
        assert "Sanne de Vries is aanwezig." in page.inner_text("[role=status]")
        assert "1 aanwezig van 2" in page.inner_text(".check-in__counts")
        check("aanwezig")
        page.get_by_role("button", name="Ongedaan maken Sanne de Vries").click()
        assert "0 aanwezig van 2" in page.inner_text(".check-in__counts")
        page.get_by_role("textbox", name="Naam (verplicht)").fill("Nieuw Gezicht")
        page.get_by_label("E-mailadres").fill("nieuw@example.org")
        page.get_by_role("button", name="Aanmelden en aanwezig").click()
        assert "Nieuw Gezicht is aangemeld en aanwezig." in page.inner_text("[role=status]")
        page.get_by_role("button", name="Aanmelden en aanwezig").click()  # empty: the errors shown
        check("walk-in-fouten")
    finally:
        context.close()
    assert Attendance.objects.filter(registration__email="nieuw@example.org").count() == 1
    assert not problems, "\n".join(f"{name}: {detail}" for name, detail in problems.items())
