"""Layout that holds any content: a 90-character unbroken title, a long URL and long Dutch compounds never
make a page scroll sideways, on a phone (320, 375 px), at 200 % zoom (640 CSS px) or on a laptop."""

import pytest

from tests.factories import EntryFactory, EventFactory, build_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

UNBROKEN = "Studentenhuiskamerbijeenkomstenorganisatiewerkgroepsvergaderingsverslagenarchiefbeheerders"[:90]
LONG_URL = "https://www.voorbeeld-hogeschool.nl/" + "studentenwelzijn/" * 6 + "?bron=nieuwsbrief&" + "x" * 60
COMPOUND = "Studentenwelzijnsmonitorresultatenbesprekingsbijeenkomst"


@pytest.fixture
def world(db):
    site = build_site()
    site.entry = EntryFactory(
        index=site.index,
        title=UNBROKEN,
        slug="lang",
        intro=f'{COMPOUND} met een link {LONG_URL} en =HYPERLINK("{LONG_URL}") erin.',
        thema=["preventie"],
        onderwerp=["slaap"],
        sector=["hbo"],
        external_url=LONG_URL[:500],
    )
    site.event = EventFactory(agenda=site.agenda, title=COMPOUND + "ennetwerkmiddag", slug="lang-event", venue=LONG_URL)
    return site


@pytest.mark.parametrize("width", [320, 375, 640, 1280])
def test_no_page_scrolls_sideways_with_hostile_content(live_server, world, chromium, width):
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="nl-NL")
    page = context.new_page()
    try:
        for path in ("/", "/kennisbank/", world.entry.url, "/netwerk/agenda/", world.event.url, "/zoeken/?q=slaap"):
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
    finally:
        context.close()
