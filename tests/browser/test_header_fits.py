"""A header that fits: on a phone the sections open behind "Menu" (also without JavaScript), at laptop width
the header is one row on every page type, and at 200 % zoom it takes no more than a quarter of the screen."""

import pytest

from tests.browser.test_layout_holds import world  # noqa: F401 (fixture: hostile titles and venues)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECTIONS = ["Kennisbank", "Netwerk", "Agenda"]


def _pages(world):  # noqa: F811
    return [
        "/",
        "/kennisbank/",
        world.entry.url,
        "/netwerk/",
        "/netwerk/agenda/",
        world.event.url,
        "/zoeken/?q=slaap",
        "/kennisbank/delen/",
        "/kennisbank/overzicht/",
        "/bestaat-niet/",
    ]


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_sections_open_behind_menu(live_server, world, chromium, javascript):  # noqa: F811
    context = chromium.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        assert not nav.is_visible()
        toggle = page.locator(".site-menu__toggle")
        assert toggle.inner_text().strip() == "Menu"
        box = toggle.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24 and box["x"] + box["width"] <= 375
        toggle.click()
        for section in SECTIONS:
            link = nav.get_by_role("link", name=section, exact=True)
            assert link.is_visible(), section
            link_box = link.bounding_box()
            assert link_box["x"] >= 0 and link_box["x"] + link_box["width"] <= 375 and link_box["height"] >= 24
        nav.get_by_role("link", name="Agenda", exact=True).click()
        page.wait_for_url(f"{live_server.url}/netwerk/agenda/")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()


def _header(page):
    return page.evaluate(
        """() => {
            const inner = document.querySelector('.site-header__inner');
            const tops = [...inner.children].filter((el) => el.offsetParent !== null)
                .map((el) => el.getBoundingClientRect()).map((r) => [r.top, r.bottom]);
            return {height: document.querySelector('.site-header').getBoundingClientRect().height, tops};
        }"""
    )


def test_at_laptop_width_the_header_is_one_row_on_every_page_type(live_server, world, chromium):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        for path in _pages(world):
            page.goto(f"{live_server.url}{path}")
            header = _header(page)
            lowest_top = max(top for top, _bottom in header["tops"])
            highest_bottom = min(bottom for _top, bottom in header["tops"])
            assert lowest_top < highest_bottom, f"{path}: the header wraps to a second row {header}"
            assert page.get_by_role("navigation", name="Hoofdmenu").is_visible(), path
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_at_200_percent_zoom_the_header_takes_at_most_a_quarter(live_server, world, chromium, javascript):  # noqa: F811
    # 200 % zoom of a 1280 x 900 laptop screen: 640 x 450 CSS pixels at device scale 2.
    context = chromium.new_context(
        viewport={"width": 640, "height": 450}, device_scale_factor=2, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        for path in _pages(world):
            page.goto(f"{live_server.url}{path}")
            height = _header(page)["height"]
            assert height <= 450 / 4, f"{path}: header {height}px of 450"
            # Nothing in it is cut off: every visible piece lies within the width.
            assert page.evaluate(
                "[...document.querySelectorAll('.site-header__inner > *')].filter(e => e.offsetParent)"
                ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 0.5)"
            ), path
    finally:
        context.close()
