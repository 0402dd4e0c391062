"""People using the site in a real Chromium: readers, members, editors, contributors, keyboard users."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from entries.models import EntryPage
from home.permissions import EDITORS, MODERATORS, assign_page_permissions
from tests.factories import EntryFactory, EventFactory, MasterclassFactory, build_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


ENTRIES = [
    # title, slug, type, themes, topics, sectors
    ("Slaap en studiesucces", "slaap-en-studiesucces", "onderzoek", ["preventie"], ["slaap"], ["hbo"]),
    ("Slaapworkshop", "slaapworkshop", "tool", ["preventie"], ["slaap", "stress-prestatiedruk"], ["wo"]),
    ("Tegen eenzaamheid", "tegen-eenzaamheid", "tool", ["transities"], ["eenzaamheid"], ["mbo"]),
    ("Monitor welzijn", "monitor-welzijn", "onderzoek", ["data-en-monitoring"], ["psychische-klachten"], ["wo"]),
]


@pytest.fixture
def world(db):
    site = build_site()
    for title, slug, kind, themes, topics, sectors in ENTRIES:
        EntryFactory(
            index=site.index, title=title, slug=slug, soort=kind, thema=themes, onderwerp=topics, sector=sectors
        )
    site.event = EventFactory(
        agenda=site.agenda, title="Netwerkmiddag", slug="netwerkmiddag", capacity=20, confirm_email=False
    )
    site.masterclass = MasterclassFactory(
        agenda=site.agenda,
        title="Masterclass signaleren",
        slug="masterclass-signaleren",
        start=timezone.now() + timedelta(days=9),
    )
    return site


def fill(page, fields):
    """Types into each field found by its visible label, as a person would."""
    for label, value in fields.items():
        page.get_by_label(label).fill(value)


def count(page):
    return int(page.locator("[data-result-count]").get_attribute("data-result-count"))


def titles(page):
    return page.locator(".card-list .card__title a").all_inner_texts()


def test_reader_filters_opens_an_entry_and_finds_related(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/kennisbank/")
    assert count(page) == 4
    # Eleven topics: the first six show, and a button shows all of them.
    assert not page.get_by_label(re.compile(r"^Slaap")).is_visible()
    page.locator('[data-facet="onderwerp"] [data-facet-more]').click()
    page.get_by_label(re.compile(r"^Slaap")).check()
    page.wait_for_url(re.compile(r"onderwerp=slaap"))
    expect(page.locator("[data-result-count]")).to_have_attribute("data-result-count", "2")
    assert page.locator('input[value="tool"] + label [data-count]').get_attribute("data-count") == "1"
    page.locator('input[name="soort"][value="tool"]').check()
    expect(page.locator("[data-result-count]")).to_have_attribute("data-result-count", "1")
    assert titles(page) == ["Slaapworkshop"]
    page.get_by_role("link", name=re.compile("Filter Soort: Tool verwijderen")).click()
    expect(page.locator("[data-result-count]")).to_have_attribute("data-result-count", "2")
    page.go_back()
    expect(page.locator("[data-result-count]")).to_have_attribute("data-result-count", "1")
    page.get_by_role("link", name="Slaapworkshop").click()
    page.wait_for_url(re.compile("/kennisbank/slaapworkshop/"))
    related = page.locator(".related")
    assert "Slaap en studiesucces" in related.inner_text()


def test_reader_combines_free_text_with_a_type_and_a_bad_page(live_server, world, browser_page):
    """Regression: text plus a type answered 500 and the live results stayed greyed out without a word."""
    page = browser_page
    page.goto(f"{live_server.url}/kennisbank/")
    page.get_by_label("Zoek in de kennisbank").fill("slaap")
    page.get_by_label("Zoek in de kennisbank").press("Enter")
    expect(page.locator("[data-result-count]")).to_have_attribute("data-result-count", "2")
    page.locator('input[name="soort"][value="onderzoek"]').check()
    expect(page.locator("[data-result-count]")).to_have_attribute("data-result-count", "1")
    assert titles(page) == ["Slaap en studiesucces"]
    assert page.locator("[data-results]").get_attribute("aria-busy") is None
    # A page past the end is a 404: the browser shows it as a page instead of leaving stale results.
    page.evaluate("history.pushState({}, '', '/kennisbank/?pagina=9')")
    page.evaluate("history.back()")
    page.evaluate("history.forward()")
    expect(page.locator("h1")).to_contain_text("Deze pagina bestaat niet")


def test_reader_filters_without_javascript(live_server, world, no_js_page):
    page = no_js_page
    page.goto(f"{live_server.url}/kennisbank/")
    page.locator('input[name="onderwerp"][value="slaap"]').check()
    page.locator('input[name="soort"][value="tool"]').check()
    page.get_by_role("button", name="Toepassen").click()
    page.wait_for_url(re.compile(r"onderwerp=slaap.*soort=tool|soort=tool.*onderwerp=slaap"))
    assert count(page) == 1
    page.get_by_role("link", name=re.compile("Filter Soort: Tool verwijderen")).click()
    assert count(page) == 2
    page.get_by_role("link", name="Slaap en studiesucces").click()
    assert "Slaapworkshop" in page.locator(".related").inner_text()


def test_member_registers_and_cancels_through_the_mail_link(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}{world.event.url}")
    assert "Nog 20 plekken" in page.inner_text("main")
    fill(page, {"Naam": "Noor Bakker", "E-mailadres": "noor@example.org", "Organisatie": "Universiteit Utrecht"})
    page.get_by_label(re.compile("Ik ga akkoord")).check()
    page.get_by_role("button", name="Aanmelden").click()
    assert "Je bent aangemeld" in page.inner_text("h1")
    message = next(m for m in mail.outbox if m.to == ["noor@example.org"])
    link = re.search(r"https?://\S+(/netwerk/agenda/\S+/afmelden/\S+/)", message.body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Ja, meld mij af").click()
    assert "Je bent afgemeld" in page.inner_text("h1")


def test_contributor_shares_an_initiative(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/kennisbank/delen/")
    page.get_by_role("button", name="Bijdrage versturen").click()
    assert "Er ging iets mis" in page.inner_text("main")
    assert page.evaluate("document.activeElement.id") == "fouten"  # the summary has the focus
    fill(
        page,
        {
            "Titel van het initiatief": "Kookclub voor eerstejaars",
            "Korte samenvatting": "Samen koken tegen eenzaamheid.",
            "Beschrijving": "Elke week koken studenten samen.",
            "Naam van de organisatie": "Hogeschool Inholland",
            "Je naam": "Joris",
            "Je e-mailadres": "joris@example.org",
        },
    )
    page.get_by_label("Soort").select_option(label="Initiatief")
    page.get_by_label("Eenzaamheid").check()
    page.get_by_label(re.compile("De redactie mag contact")).check()
    page.get_by_role("button", name="Bijdrage versturen").click()
    assert "Bedankt voor je bijdrage" in page.inner_text("h1")
    assert EntryPage.objects.get(title="Kookclub voor eerstejaars").live is False


def test_reader_follows_a_selection_confirms_and_unsubscribes_from_the_digest(live_server, world, browser_page):
    from entries.alerts import send_alerts
    from entries.models import Alert

    axe, page = Axe(), browser_page
    page.goto(f"{live_server.url}/kennisbank/?thema=preventie&onderwerp=slaap")
    page.get_by_role("link", name="Volg deze selectie per e-mail").click()
    assert page.locator("[data-alert-description]").inner_text() == "Preventie · Slaap"
    page.get_by_role("button", name="Volg deze selectie").click()
    assert "Er ging iets mis" in page.inner_text("main")  # no address: the summary, the selection kept
    violations = {"volgen-met-fouten": axe.run(page).violations_count}
    page.get_by_label("Je e-mailadres").fill("lezer@example.org")
    page.get_by_label("Eens per maand").check()
    page.get_by_role("button", name="Volg deze selectie").click()
    assert "Kijk in je mail" in page.inner_text("h1")
    link = re.search(r"https?://\S+?(/kennisbank/volgen/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Ja, stuur me nieuwe items").click()
    assert "Je attendering is bevestigd" in page.inner_text("main")
    assert page.locator(".alert-list__title").all_inner_texts() == ["Preventie · Slaap"]
    violations["volgen-beheren"] = axe.run(page).violations_count

    alert = Alert.objects.get()
    assert alert.frequency == "monthly"
    Alert.objects.filter(pk=alert.pk).update(confirmed_at=timezone.now() - timedelta(days=70))
    Alert.objects.filter(pk=alert.pk).update(covered_until=timezone.now() - timedelta(days=70))
    send_alerts(
        world.index, timezone.now() + timedelta(days=40)
    )  # next month: the world's entries are new to this alert
    digest = mail.outbox[-1]
    assert re.findall(r"^- (.+?) \(", digest.body, re.M) == ["Slaapworkshop", "Slaap en studiesucces"]
    unsubscribe = re.search(r"https?://\S+?(/kennisbank/volgen/\S+/afmelden/)", digest.body).group(1)
    page.goto(f"{live_server.url}{unsubscribe}")
    violations["volgen-afmelden"] = axe.run(page).violations_count
    page.get_by_role("button", name="Ja, meld me af").click()
    assert "Je bent afgemeld" in page.inner_text("h1") and not Alert.objects.exists()
    assert violations == {"volgen-met-fouten": 0, "volgen-beheren": 0, "volgen-afmelden": 0}


def test_editor_submits_and_moderator_approves_in_the_admin(live_server, world, browser_page):
    from django.apps import apps

    assign_page_permissions(apps)
    editor = User.objects.create_user("redacteur", "r@example.org", "geheim-wachtwoord")
    editor.groups.add(Group.objects.get(name=EDITORS))
    moderator = User.objects.create_user("eindredacteur", "e@example.org", "geheim-wachtwoord")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    page = browser_page

    def login(username):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/admin/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill("geheim-wachtwoord")
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/admin/")

    login("redacteur")
    page.goto(f"{live_server.url}/admin/pages/add/entries/entrypage/{world.index.pk}/")
    page.locator("#id_title").fill("Nieuw uit de browser")
    page.locator("#id_intro").fill("Een samenvatting uit de browsertest.")
    page.get_by_role("tab", name="Classificatie").click()  # the entry form is in tabs, as an editor works
    page.locator("#id_entry_type").select_option(label="Tool")
    assert page.locator('button[name="action-publish"]').count() == 0
    page.wait_for_load_state("networkidle")
    with page.expect_navigation(timeout=60_000):
        # The submit action sits in the save button's dropdown; submitting through it is what a click does.
        page.locator('button[name="action-submit"]').evaluate("button => button.form.requestSubmit(button)")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/|/admin/pages/\d+/$"), timeout=60_000)
    assert "ingediend" in page.locator(".messages").inner_text()
    entry = EntryPage.objects.get(title="Nieuw uit de browser")
    assert not entry.live

    login("eindredacteur")
    page.goto(f"{live_server.url}/admin/pages/{entry.pk}/edit/")
    page.locator(
        '[data-workflow-action-name="approve"], button[name="action-workflow-action"][value="approve"]'
    ).first.dispatch_event("click")
    dialog_submit = page.locator(
        ".w-dialog button[type=submit]:visible, form[action*='workflow/action'] button[type=submit]:visible"
    )
    if dialog_submit.count():
        dialog_submit.first.click()
    page.wait_for_timeout(500)
    page.goto(f"{live_server.url}/kennisbank/")
    assert "Nieuw uit de browser" in page.inner_text("main")


def test_keyboard_only_filter_and_registration(live_server, world, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/kennisbank/")
    page.locator('[data-facet="onderwerp"] [data-facet-more]').focus()
    page.keyboard.press("Enter")  # "Toon alle 11"
    assert page.locator('[data-facet="onderwerp"] [data-facet-more]').get_attribute("aria-expanded") == "true"
    page.locator('input[name="onderwerp"][value="eenzaamheid"]').focus()
    page.keyboard.press("Space")
    expect(page.locator("[data-result-count]")).to_have_attribute("data-result-count", "1")
    assert page.evaluate("document.activeElement.value") == "eenzaamheid"

    page.goto(f"{live_server.url}{world.event.url}")
    page.locator("#id_name").focus()
    page.keyboard.type("Kees Toetsenbord")
    page.keyboard.press("Tab")
    page.keyboard.type("kees@example.org")
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aanmelden"
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Je bent aangemeld')")


AXE_PAGES = [
    ("home", "/"),
    ("kennisbank", "/kennisbank/"),
    ("kennisbank-gefilterd", "/kennisbank/?onderwerp=slaap&soort=tool"),
    ("item", "/kennisbank/slaapworkshop/"),
    ("agenda", "/netwerk/agenda/"),
    ("evenement", "/netwerk/agenda/netwerkmiddag/"),
    ("masterclass", "/netwerk/agenda/masterclass-signaleren/"),
    ("netwerk", "/netwerk/"),
    ("zoeken", "/zoeken/?q=slaap"),
    ("delen", "/kennisbank/delen/"),
    ("overzicht", "/kennisbank/overzicht/"),
    ("overzicht-onderwerp-sector", "/kennisbank/overzicht/?weergave=onderwerp-sector"),
    ("volgen", "/kennisbank/volgen/?thema=preventie&q=slaap"),
    ("404", "/bestaat-niet/"),
]


def test_axe_finds_no_violations_and_screenshots_are_written(live_server, world, browser_page, screenshot_dir):
    """WCAG checks on every page type at both widths (with the phone's filter sheet open), with form errors
    shown, and in the admin views this project adds; a screenshot of each at 375 and 1280 px."""
    axe = Axe()
    page = browser_page
    failures = {}

    def check(name, context=None):
        results = axe.run(page, context=context) if context else axe.run(page)
        if results.violations_count:
            failures[name] = results.generate_report()

    for name, path in AXE_PAGES:
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            if width == 375 and page.locator("[data-facets-panel]").count():
                page.locator("[data-facets-panel] > summary").click()  # the filter sheet, open
            check(f"{name}-{width}")
            page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/kennisbank/delen/")
    page.get_by_role("button", name="Bijdrage versturen").click()
    check("delen-met-fouten")
    page.goto(f"{live_server.url}{world.event.url}")
    page.get_by_role("button", name="Aanmelden").click()
    check("aanmelden-met-fouten")
    page.screenshot(path=str(screenshot_dir / "aanmelden-met-fouten-1280.png"), full_page=True)

    # The admin views of this project (Wagtail's own markup is Wagtail's: only our parts are checked there).
    User.objects.create_superuser("beheer", "b@example.org", "geheim-wachtwoord")
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("beheer")
    page.locator("#id_password").fill("geheim-wachtwoord")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    check("admin-dekking", context=".coverage")
    page.screenshot(path=str(screenshot_dir / "admin-dashboard-1280.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/netwerk/evenementen/{world.event.pk}/bericht/")
    check("admin-bericht", context="form")
    page.goto(f"{live_server.url}/admin/netwerk/evenementen/{world.event.pk}/presentielijst/")
    check("admin-presentielijst")
    page.goto(f"{live_server.url}/admin/kennisbank/attenderingen/")
    check("admin-attenderingen", context=".nice-padding")
    page.goto(f"{live_server.url}/admin/handleiding/")
    check("admin-handleiding", context=".nice-padding")
    assert not failures, "\n\n".join(f"{name}:\n{report}" for name, report in failures.items())
    assert (screenshot_dir / "kennisbank-375.png").exists()
