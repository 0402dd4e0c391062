"""Every door to a registration's state obeys the same rules: the admin's edit and delete, a capacity raised
on publish, and the public form at the same moment. Through the admin's real views, as a network manager."""

import base64
import threading
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from wagtail.models import ModelLogEntry

from home.permissions import NETWORK_MANAGERS
from network.models import EventPage, Registration
from tests.factories import EventFactory
from tests.helpers import soup


@pytest.fixture
def manager(site):
    user = User.objects.create_user("netwerkbeheerder", "nb@uni.nl", "pw")
    user.groups.add(Group.objects.get(name=NETWORK_MANAGERS))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def full_event(site, capacity=2, waiting=2, slug="vol"):
    event = EventFactory(agenda=site.agenda, capacity=capacity, slug=slug, confirm_email=False)
    people = []
    for n in range(capacity + waiting):
        status = "confirmed" if n < capacity else "waitlisted"
        people.append(Registration.objects.create(event=event, name=f"P{n}", email=f"p{n}@uni.nl", status=status))
    return event, people


def form_fields(response):
    """The edit form's current values, as a browser would post them."""
    form = soup(response).select_one("form[method=post]")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            data[name] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def edit(client, registration, on_commit, **changes):
    url = f"/admin/network/registration/edit/{registration.pk}/"
    data = {**form_fields(client.get(url)), **changes}
    with on_commit():
        return client.post(url, data)


def test_cancelling_in_the_admin_promotes_the_first_on_the_waiting_list(manager, site, on_commit):
    """Regression: the place was freed, but nobody was promoted or told; the next public registration took it."""
    event, people = full_event(site)
    response = edit(manager, people[0], on_commit, status="cancelled")
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "p0@uni.nl": "cancelled",
        "p1@uni.nl": "confirmed",
        "p2@uni.nl": "confirmed",
        "p3@uni.nl": "waitlisted",
    }
    assert [m.to for m in mail.outbox] == [["p2@uni.nl"]]
    assert "plek vrijgekomen" in mail.outbox[0].subject
    entry = ModelLogEntry.objects.filter(object_id=str(people[0].pk)).latest("timestamp")
    assert entry.user_id == manager.user.pk


def test_deleting_in_the_admin_promotes_too(manager, site, on_commit):
    event, people = full_event(site)
    with on_commit():
        response = manager.post(f"/admin/network/registration/delete/{people[1].pk}/")
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=people[1].pk).exists()
    assert Registration.objects.get(pk=people[2].pk).status == "confirmed"


def test_the_admin_cannot_confirm_beyond_capacity_and_says_why(manager, site, on_commit):
    event, people = full_event(site)
    response = edit(manager, people[3], on_commit, status="confirmed")
    assert response.status_code == 200
    assert "Deze bijeenkomst is vol" in response.content.decode()
    assert "Plaatsen" in response.content.decode()
    assert Registration.objects.get(pk=people[3].pk).status == "waitlisted"
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2


def test_other_fields_are_saved_without_touching_the_places(manager, site, on_commit):
    event, people = full_event(site)
    edit(manager, people[2], on_commit, remarks="rolstoel")
    assert Registration.objects.get(pk=people[2].pk).remarks == "rolstoel"
    assert Registration.objects.get(pk=people[2].pk).status == "waitlisted"
    assert mail.outbox == []


def test_raising_the_capacity_and_publishing_promotes_in_order(site, on_commit):
    event, people = full_event(site, capacity=2, waiting=3)
    page = EventPage.objects.get(pk=event.pk)
    page.capacity = 4
    with on_commit():
        page.save_revision().publish()
    statuses = [Registration.objects.get(pk=p.pk).status for p in people]
    assert statuses == ["confirmed", "confirmed", "confirmed", "confirmed", "waitlisted"]
    assert sorted(m.to[0] for m in mail.outbox) == ["p2@uni.nl", "p3@uni.nl"]


# -- the lock -----------------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stuck_transaction_makes_people_wait_seconds_not_forever(site):
    """Regression: a row lock without a timeout made every registration wait until the proxy gave up."""
    event = EventFactory(agenda=site.agenda, capacity=5, slug="vast")
    holding, release = threading.Event(), threading.Event()

    def stuck():
        with transaction.atomic():
            EventPage.objects.select_for_update().get(pk=event.pk)
            holding.set()
            release.wait(20)
        connection.close()

    thread = threading.Thread(target=stuck)
    thread.start()
    holding.wait(10)
    try:
        began = time.monotonic()
        response = Client().post(
            f"{event.url}aanmelden/", {"name": "Eva Jansen", "email": "eva@uni.nl", "consent": "on"}
        )
        waited = time.monotonic() - began
    finally:
        release.set()
        thread.join()
    assert response.status_code == 503
    assert "Het is nu erg druk" in response.content.decode()
    assert 'value="Eva Jansen"' in response.content.decode()  # the input is kept
    assert waited < 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_admin_cancellation_and_a_public_registration_for_the_last_place(site):
    """Whichever comes first, the place goes to the person waiting, never to the newcomer."""
    for round_ in range(3):
        event, people = full_event(site, capacity=2, waiting=1, slug=f"laatste-plek-{round_}")
        _cancel_and_register_at_once(event, people[0])
        statuses = dict(Registration.objects.filter(event=event).values_list("email", "status"))
        assert statuses["p2@uni.nl"] == "confirmed"
        assert statuses["nieuw@uni.nl"] == "waitlisted"
        assert list(statuses.values()).count("confirmed") == 2


def _cancel_and_register_at_once(event, registration):
    from network.registrations import admin_doors
    from network.registrations.views import cancel_url_maker

    start = threading.Barrier(2)

    def cancel():
        start.wait(5)
        admin_doors.set_status(registration, "cancelled", cancel_url_for=cancel_url_maker(event))
        connection.close()

    def register():
        start.wait(5)
        Client().post(f"{event.url}aanmelden/", {"name": "Nieuw", "email": "nieuw@uni.nl", "consent": "on"})
        connection.close()

    threads = [threading.Thread(target=cancel), threading.Thread(target=register)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# -- pages that tell the truth ------------------------------------------------------------------------
def test_the_network_page_gives_one_member_count(client, site):
    """Regression: "meer dan negenhonderd" in the text beside "telt 0 leden"."""
    assert "Het netwerk telt 0 leden." in client.get(site.network.url).content.decode()
    site.network.member_count_text = "ruim 900 professionals"
    site.network.save_revision().publish()
    text = client.get(site.network.url).content.decode()
    assert "Het netwerk telt ruim 900 professionals." in text
    assert "0 leden" not in text


def test_a_masterclass_reads_as_its_sessions_not_one_long_range(client, site, on_commit):
    """Regression: two afternoons a week apart read as "15 december 13:00 – 22 december 16:00"."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import MasterclassFactory

    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=13, minute=0)
    masterclass = MasterclassFactory(
        agenda=site.agenda,
        confirm_email=False,
        slug="twee-middagen",
        start=start,
        end=start + timedelta(days=7, hours=3),
    )
    facts = soup(client.get(masterclass.url)).select_one(".event__facts").get_text(" ", strip=True)
    assert "2 sessies" in facts
    with on_commit():
        client.post(f"{masterclass.url}aanmelden/", {"name": "Eva", "email": "eva@uni.nl", "consent": "on"})
    body = mail.outbox[-1].body
    assert body.count(" – ") >= 2 and "Sessies:" in body


def test_a_webinar_asks_only_what_it_needs(client, site, on_commit):
    """Regression: a webinar's form asked for dietary wishes."""
    webinar = EventFactory(agenda=site.agenda, kind="webinar", slug="online", questions=["organisation"])
    meeting = EventFactory(
        agenda=site.agenda, slug="fysiek", questions=["organisation", "role", "diet", "access_needs", "remarks"]
    )
    webinar_fields = {i["name"] for i in soup(client.get(webinar.url)).select("form[action$='aanmelden/'] [name]")}
    meeting_fields = {i["name"] for i in soup(client.get(meeting.url)).select("form[action$='aanmelden/'] [name]")}
    assert "diet" not in webinar_fields and "remarks" not in webinar_fields and "organisation" in webinar_fields
    assert {"diet", "access_needs", "remarks"} <= meeting_fields
    with on_commit():
        client.post(
            f"{meeting.url}aanmelden/",
            {
                "name": "Eva",
                "email": "eva@uni.nl",
                "diet": "veganistisch",
                "access_needs": "ringleiding",
                "consent": "on",
            },
        )
    registration = Registration.objects.get(event=meeting)
    assert (registration.diet, registration.access_needs) == ("veganistisch", "ringleiding")


def test_the_mail_is_recorded_with_the_registration_and_rendered_after_the_lock(
    site, django_capture_on_commit_callbacks
):
    """The outbox row is written in the registration's transaction (nothing is lost), but its text and calendar
    file are made after commit, outside the event's lock, so the lock is held only for the few writes."""
    from home.models import OutgoingMail
    from network.registrations import services

    event = EventFactory(agenda=site.agenda, capacity=5, slug="snel")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.register(event, name="Eva Jansen", email="eva@uni.nl", cancel_url_for=lambda r: "https://x/afmelden/")
    recorded = OutgoingMail.objects.get(to="eva@uni.nl")
    assert (recorded.body, recorded.attachments) == ("", [])  # not rendered inside the transaction
    assert recorded.template == "network/mail/confirmed.txt"
    for callback in callbacks:
        callback()
    recorded.refresh_from_db()
    assert "Eva Jansen" in recorded.body and "https://x/afmelden/" in recorded.body
    calendar = recorded.attachments[0]
    assert calendar["name"] == f"{event.slug}.ics" and b"BEGIN:VEVENT" in base64.b64decode(calendar["base64"])
    assert mail.outbox[-1].attachments[0][0] == f"{event.slug}.ics"  # named after the event


# -- reminders ---------------------------------------------------------------------------------------
def test_reminders_go_once_before_each_occasion_and_a_later_cancellation_still_promotes(site, settings, on_commit):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from tests.factories import MasterclassFactory

    settings.REMINDER_DAYS = 2
    soon = timezone.now() + timedelta(days=1)
    event, people = full_event(site, capacity=2, waiting=1, slug="morgen")
    EventPage.objects.filter(pk=event.pk).update(start=soon, end=soon + timedelta(hours=2))
    masterclass = MasterclassFactory(agenda=site.agenda, slug="reeks", start=soon, end=soon + timedelta(days=7))
    Registration.objects.create(event=masterclass, name="M", email="m@uni.nl", status="confirmed")
    with on_commit():
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115 - twice: nothing twice
    reminded = sorted(m.to[0] for m in mail.outbox)
    assert reminded == ["m@uni.nl", "p0@uni.nl", "p1@uni.nl"]  # confirmed only; the session a week on: later
    assert all(m.attachments and "/afmelden/" in m.body for m in mail.outbox)
    later = soon + timedelta(days=6)
    from network.registrations import reminders, services
    from network.registrations.views import cancel_url_maker

    with on_commit():
        reminders.send_reminders(later, cancel_url_for_event=cancel_url_maker)
    assert sorted(m.to[0] for m in mail.outbox).count("m@uni.nl") == 2  # the second session gets its own
    mail.outbox.clear()
    with on_commit():
        services.cancel(people[0], cancel_url_for=cancel_url_maker(event))
    assert Registration.objects.get(pk=people[2].pk).status == "confirmed"
    assert sorted(m.to[0] for m in mail.outbox) == [people[0].email, "p2@uni.nl"]  # confirmed, promoted
