"""Small tools readers use: the citation copied with one click (APA 7, as shown)."""

import pytest

from tests.browser.test_site_in_browser import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_citation_is_copied_as_it_reads(live_server, world, chromium):  # noqa: F811
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/kennisbank/slaapworkshop/")
        shown = " ".join(page.locator("#citation-text").inner_text().split())
        page.get_by_role("button", name="Kopieer de verwijzing").click()
        page.get_by_role("status").filter(has_text="Gekopieerd").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == shown
        assert shown.startswith("Slaapworkshop.") and shown.endswith("/kennisbank/slaapworkshop/")
    finally:
        context.close()


def test_without_javascript_there_is_no_dead_copy_button(live_server, world, no_js_page):  # noqa: F811
    no_js_page.goto(f"{live_server.url}/kennisbank/slaapworkshop/")
    assert not no_js_page.get_by_role("button", name="Kopieer de verwijzing").is_visible()
    assert no_js_page.locator("#citation-text").is_visible()


def test_the_gap_map_explains_what_each_width_draws(live_server, world, chromium):  # noqa: F811
    for width, shown, hidden in (
        (375, ".overview__legend--rows", ".overview__legend--table"),
        (1280, ".overview__legend--table", ".overview__legend--rows"),
    ):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            page.goto(f"{live_server.url}/kennisbank/overzicht/")
            assert page.locator(shown).is_visible(), (width, shown)
            assert not page.locator(hidden).is_visible(), (width, hidden)
            if width == 375:  # no bars on a phone, so no legend about bars
                assert not page.locator(".overview__levels").first.is_visible()
                assert "tussen haakjes" in page.locator(shown).inner_text()
            else:
                assert "balk" in page.locator(shown).inner_text()
        finally:
            context.close()
