"""The three people who run the portal, end to end in the real admin: a Redacteur writes an entry with an
uploaded attachment and submits it; the Eindredactie asks for changes and then approves a scheduled
publication; Netwerkbeheer creates an event, messages its waiting list and moves its date. axe checks this
project's own admin markup on the way (Wagtail's own markup is upstream's)."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from entries.models import EntryPage
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS, assign_page_permissions
from network.models import EventPage, Registration
from tests.factories import build_site
from tests.helpers import contribution_form

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "geheim-wachtwoord"


@pytest.fixture
def world(db):
    from django.apps import apps

    site = build_site()
    assign_page_permissions(apps)
    for name, group in (("redacteur", EDITORS), ("eindredacteur", MODERATORS), ("netwerkbeheerder", NETWORK_MANAGERS)):
        user = User.objects.create_user(name, f"{name}@example.org", PASSWORD, first_name=name.capitalize())
        user.groups.add(Group.objects.get(name=group))
    return site


class Admin:
    """A person at the admin: signs in, and checks this project's markup with axe as they go."""

    def __init__(self, page, base):
        self.page, self.base, self.axe, self.violations = page, base, Axe(), {}

    def login(self, username):
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base}/admin/login/")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator("button[type=submit]").click()
        self.page.wait_for_url(f"{self.base}/admin/")

    def go(self, path):
        self.page.goto(f"{self.base}{path}")
        self.page.wait_for_load_state("networkidle")

    def check(self, name, selector):
        results = self.axe.run(self.page, context=selector)
        if results.violations_count:
            self.violations[name] = results.generate_report()

    def footer_action(self, name):
        """Press a button of the editor's footer menu (it sits in a dropdown; this is what a click there does)."""
        with self.page.expect_navigation(timeout=60_000):
            self.page.locator(f'button[name="{name}"]').first.evaluate("b => b.form.requestSubmit(b)")
        self.page.wait_for_load_state("networkidle")

    def workflow_action(self, action, comment=None):
        """Choose a workflow action from the footer; when it asks for a comment, type it in the dialog."""
        button = self.page.locator(f'button[data-workflow-action-name="{action}"]')
        if comment is None:
            button = button.filter(has_not_text="opmerking")
        button.first.dispatch_event("click")
        dialog = self.page.locator(".modal-dialog, .w-dialog").filter(has=self.page.locator("textarea")).first
        if comment is not None or dialog.count():
            dialog.locator("textarea").wait_for()
            dialog.locator("textarea").fill(comment or "")
            with self.page.expect_navigation(timeout=60_000):
                dialog.locator("button[type=submit]").first.click()
        else:
            self.page.wait_for_load_state("networkidle")
        self.page.wait_for_load_state("networkidle")

    def title(self, text):
        """Type a new page's title and wait for Wagtail to derive the slug from it (when the field loses focus)."""
        self.page.locator("#id_title").fill(text)
        self.page.locator("#id_title").blur()
        self.page.wait_for_function("document.querySelector('#id_slug').value !== ''")

    def messages(self):
        return self.page.locator(".messages").inner_text()


def test_a_redacteur_writes_an_entry_with_an_uploaded_attachment_and_submits_it(
    live_server, world, browser_page, tmp_path
):
    admin = Admin(browser_page, live_server.url)
    page = browser_page
    admin.login("redacteur")
    admin.go(f"/admin/pages/{world.index.pk}/")
    page.get_by_role("link", name="Voeg onderliggende pagina toe").click()
    page.wait_for_url(re.compile(r"/admin/pages/add/entries/entrypage/"))
    admin.title("Peer support op de campus")
    page.locator("#id_intro").fill("Studenten die elkaar helpen, met een handleiding als bijlage.")
    page.get_by_role("tab", name="Classificatie").click()
    page.locator("#id_entry_type").select_option(label="Tool")
    page.get_by_role("tab", name="Bijlagen en relaties").click()
    page.get_by_role("button", name="Voeg bijlage toe").click()
    page.get_by_role("button", name="Kies een document").first.click()
    page.get_by_role("tab", name="Uploaden").click()
    pdf = tmp_path / "handleiding-peer-support.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload = page.locator("form[action*='documents/chooser/create']")
    upload.locator("input[type=file]").set_input_files(str(pdf))
    upload.locator("input[name$='title']").fill("Handleiding peer support")
    upload.locator("button[type=submit]").click()
    page.locator(".chooser__title", has_text="Handleiding peer support").wait_for()
    admin.footer_action("action-submit")
    assert "ingediend" in admin.messages()

    entry = EntryPage.objects.get(title="Peer support op de campus")
    assert not entry.live
    assert WorkflowState.objects.get(object_id=str(entry.pk)).status == "in_progress"
    draft = entry.get_latest_revision_as_object()
    assert [a.document.title for a in draft.attachments.all()] == ["Handleiding peer support"]


def test_the_eindredactie_asks_for_changes_then_approves_a_scheduled_publication(
    live_server, world, browser_page, on_commit
):
    visitor = Client()
    visitor.post("/kennisbank/delen/", contribution_form(email="fatima@example.org"))
    entry = EntryPage.objects.get(title="Buddyproject")
    admin = Admin(browser_page, live_server.url)
    page = browser_page

    admin.login("eindredacteur")
    admin.go("/admin/")
    admin.check("dashboard-queue", "section.panel")
    admin.check("dashboard-coverage", ".coverage")
    admin.go(f"/admin/pages/{entry.pk}/edit/")
    admin.workflow_action("reject", comment="Graag een bron bij de resultaten.")
    assert "Teruggestuurd naar" in admin.messages()

    admin.login("redacteur")
    admin.go(f"/admin/pages/{entry.pk}/edit/")
    banner = admin.messages()
    assert "Wijzigingen gevraagd door Eindredacteur" in banner and "Graag een bron bij de resultaten." in banner
    page.locator('[data-a11y-dialog-show="schedule-publishing-dialog"]').first.dispatch_event("click")
    go_live = timezone.localtime() + timedelta(days=5)
    page.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    with page.expect_navigation(timeout=60_000):  # the date picker may still cover the button: submit it as a click
        page.get_by_role("button", name="Schema opslaan").evaluate("b => b.form.requestSubmit(b)")
    admin.footer_action("action-submit")

    admin.login("eindredacteur")
    admin.go(f"/admin/pages/{entry.pk}/edit/")
    mail.outbox.clear()
    admin.workflow_action("approve")
    assert "Ingepland voor" in admin.messages()
    entry.refresh_from_db()
    assert not entry.live
    assert not [m for m in mail.outbox if m.to == ["fatima@example.org"] and "online" in m.subject]

    # The go-live moment passes; the scheduler publishes and the contributor hears it once.
    past = timezone.now() - timedelta(minutes=1)
    for revision in Revision.objects.filter(object_id=str(entry.pk)).exclude(approved_go_live_at=None):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    EntryPage.objects.filter(pk=entry.pk).update(go_live_at=past)
    with on_commit():
        call_command("publish_scheduled")
        call_command("publish_scheduled")
    online = [m for m in mail.outbox if m.to == ["fatima@example.org"] and "online" in m.subject]
    assert len(online) == 1
    assert EntryPage.objects.get(pk=entry.pk).live
    assert not admin.violations, "\n\n".join(f"{name}:\n{report}" for name, report in admin.violations.items())


def test_netwerkbeheer_runs_an_event_from_creation_to_the_presence_list(live_server, world, browser_page):
    admin = Admin(browser_page, live_server.url)
    page = browser_page
    admin.login("netwerkbeheerder")
    admin.go(f"/admin/pages/add/network/eventpage/{world.agenda.pk}/")
    admin.title("Netwerkdag welzijn")
    start = timezone.localtime() + timedelta(days=21)
    page.locator("#id_start").fill(start.strftime("%Y-%m-%d 13:00"))
    page.locator("#id_end").fill(start.strftime("%Y-%m-%d 17:00"))
    page.locator("#id_venue").fill("Utrecht, Jaarbeurs")
    page.locator("#id_capacity").fill("2")
    admin.footer_action("action-publish")
    event = EventPage.objects.get(title="Netwerkdag welzijn")
    assert event.live
    for name, status in (("Anna", "confirmed"), ("Bram", "confirmed"), ("Cees", "waitlisted"), ("Dewi", "waitlisted")):
        Registration.objects.create(event=event, name=name, email=f"{name.lower()}@example.org", status=status)

    # The overview at the top of the event's page.
    admin.go(f"/admin/pages/{event.pk}/edit/")
    overview = page.locator(".event-overview")
    assert "2 van 2 bezet" in overview.inner_text()
    assert "4 deelnemers een e-mail" in overview.inner_text()  # before a change of time or place
    admin.check("event-overview", ".event-overview")

    # A message to the waiting list, with a preview and the number it goes to.
    overview.get_by_role("link", name="Bericht aan deelnemers").click()
    page.get_by_label(re.compile("Alleen de wachtlijst")).check()
    page.get_by_label("Onderwerp").fill("Er komt misschien een plek vrij")
    page.get_by_label("Bericht").fill("Je staat op de wachtlijst; we laten het je weten.")
    admin.check("message-form", "main form")
    page.get_by_role("button", name="Bekijk het bericht").click()
    preview = page.locator("main").inner_text()
    assert "Dit bericht gaat naar 2 deelnemers." in preview and "Er komt misschien een plek vrij" in preview
    admin.check("message-preview", "main")
    mail.outbox.clear()
    page.get_by_role("button", name="Versturen aan 2 deelnemers").click()
    page.wait_for_load_state("networkidle")
    assert sorted(m.to[0] for m in mail.outbox) == ["cees@example.org", "dewi@example.org"]

    # Moving the date: told before (above) and after how many were mailed.
    admin.go(f"/admin/pages/{event.pk}/edit/")
    later = start + timedelta(days=7)
    page.locator("#id_start").fill(later.strftime("%Y-%m-%d 13:00"))
    page.locator("#id_end").fill(later.strftime("%Y-%m-%d 17:00"))
    mail.outbox.clear()
    admin.footer_action("action-publish")
    assert re.search(r"4 (deelnemers|mensen)", admin.messages()), admin.messages()
    assert len({m.to[0] for m in mail.outbox}) == 4

    # The registrations list opens with the overview; the presence list prints.
    admin.go(f"/admin/network/registration/?event__id__exact={event.pk}")
    admin.check("registrations-overview", ".event-overview")
    page.locator(".event-overview").get_by_role("link", name="Presentielijst").click()
    page.wait_for_load_state("networkidle")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.__printed === true")
    assert "Anna" in page.locator("main").inner_text()
    admin.check("presence-list", "main")
    assert not admin.violations, "\n\n".join(f"{name}:\n{report}" for name, report in admin.violations.items())
