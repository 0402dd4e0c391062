"""The listing by keyboard: two Tabs and Enter reach the results (a skip link and a results landmark), the sort
select walked with the arrow keys reloads once when the reader stops, not once per key, and every facet
checkbox is a target of at least 24 × 24 px (WCAG 2.2, 2.5.8)."""

import pytest

from tests.browser.test_site_in_browser import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_tabs_and_enter_reach_the_first_result(live_server, world, browser_page):  # noqa: F811
    page = browser_page
    page.goto(f"{live_server.url}/kennisbank/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert skip == ["Naar de resultaten", "#resultaten"]
    assert page.locator("a.skip-link:focus").bounding_box()["y"] >= 0  # visible when it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "resultaten"
    assert page.get_by_role("region", name="Resultaten").count() == 1
    seen = []
    for _ in range(4):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        if page.evaluate("!!document.activeElement.closest('.card__title')"):
            break
    assert page.evaluate("document.activeElement.closest('.card__title') !== null"), seen


def test_the_sort_applies_once_when_the_reader_stops_not_per_arrow(live_server, world, browser_page):  # noqa: F811
    page = browser_page
    page.goto(f"{live_server.url}/kennisbank/")
    page.wait_for_load_state("networkidle")
    fetched = []
    page.on(  # one per reload (a redirect to the canonical address is part of the same one)
        "request",
        lambda request: (
            fetched.append(request.url) if "/kennisbank/" in request.url and request.redirected_from is None else None
        ),
    )
    page.locator("#listing-sort").focus()
    for _ in range(2):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(150)
    assert fetched == []
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert len(fetched) == 1, fetched
    assert "sorteer=" in page.url
    chosen = page.locator("#listing-sort").input_value()
    assert f"sorteer={chosen}" in page.url

    # With a pointer, a choice applies at once.
    fetched.clear()
    page.locator("#listing-sort").select_option(index=0)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert len(fetched) == 1, fetched


def test_every_facet_checkbox_is_at_least_24_by_24(live_server, world, browser_page):  # noqa: F811
    page = browser_page
    page.goto(f"{live_server.url}/kennisbank/")
    sizes = page.evaluate(
        "[...document.querySelectorAll('.facet input[type=checkbox]')].filter(e => e.offsetParent)"
        ".map(e => [e.id, e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert sizes
    small = [size for size in sizes if size[1] < 24 or size[2] < 24]
    assert not small, small
