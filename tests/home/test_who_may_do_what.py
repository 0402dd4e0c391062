"""Who may do what with what others entrusted to the portal: a contribution waiting for moderation is
deleted only by Eindredactie, an event people still expect is not deleted, Netwerkbeheer sees the outbox
without bodies or links, and a registration cannot be moved to another event in the admin."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from entries.models import EntryPage
from home.mail import queue_mail
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS
from network.models import EventPage, Registration
from tests.factories import EventFactory
from tests.helpers import contribution_form, login_as
from tests.network.test_registration_admin import edit, full_event


@pytest.fixture
def contribution(client, site, on_commit):
    with on_commit():
        client.post("/kennisbank/delen/", contribution_form())
    return EntryPage.objects.get(title="Buddyproject")


def test_a_redacteur_cannot_delete_a_contribution_in_moderation(site, contribution, on_commit):
    """Regression: Wagtail lets `change` delete pages that are not live, so a Redacteur could delete a public
    contribution waiting for moderation, and the contributor was told "niet geplaatst"."""
    editor = login_as(EDITORS)
    url = f"/admin/pages/{contribution.pk}/delete/"
    for response in (editor.get(url), editor.post(url)):
        assert response.status_code == 302 and response["Location"] == f"/admin/pages/{contribution.pk}/edit/"
    bulk = editor.post(f"/admin/bulk/wagtailcore/page/delete/?next=/admin/pages/{site.index.pk}/&id={contribution.pk}")
    assert bulk.status_code == 302
    assert EntryPage.objects.filter(pk=contribution.pk).exists()
    moderator = login_as(MODERATORS)
    with on_commit():
        assert moderator.post(url).status_code == 302
    assert not EntryPage.objects.filter(pk=contribution.pk).exists()


def test_an_event_people_still_expect_is_not_deleted_until_it_is_called_off(site, on_commit):
    event = EventFactory(agenda=site.agenda, capacity=5)
    Registration.objects.create(event=event, name="Eva", email="eva@uni.nl", status="confirmed")
    manager = login_as(NETWORK_MANAGERS)
    response = manager.post(f"/admin/pages/{event.pk}/delete/")
    assert response.status_code == 302 and EventPage.objects.filter(pk=event.pk).exists()
    assert "Gaat niet door" in " ".join(str(m) for m in manager.get(response["Location"]).context["messages"])
    event.cancelled = True
    with on_commit():
        event.save_revision().publish()
    with on_commit():
        manager.post(f"/admin/pages/{event.pk}/delete/")
    assert not EventPage.objects.filter(pk=event.pk).exists()


def test_netwerkbeheer_sees_the_outbox_without_addresses_bodies_or_links(site, on_commit):
    """Regression: the outbox showed contributors' names and addresses and every working token link."""
    with on_commit():
        mail = queue_mail("fatima@uni.nl", "Bevestig je lidmaatschap", "", {}, purpose="join")
    mail.body = "https://kennisbank.example/netwerk/lid-worden/bevestigen/GeheimeToken123456789012345/"
    mail.save()
    manager = login_as(NETWORK_MANAGERS)
    listing = manager.get("/admin/home/outgoingmail/").content.decode()
    assert "lidmaatschap" in listing and "fatima@uni.nl" not in listing and "GeheimeToken" not in listing
    assert manager.get(f"/admin/home/outgoingmail/inspect/{mail.pk}/")["Location"] == "/admin/"
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@uni.nl", "pw"))
    assert "fatima@uni.nl" in admin.get("/admin/home/outgoingmail/").content.decode()


def test_a_registration_cannot_be_moved_to_a_full_event_in_the_admin(site, on_commit):
    """Regression: the edit form moved a registration to a full event: 13 confirmed on 12 places, ahead of the
    waiting list, and the person's cancel link became a 404."""
    event, people = full_event(site)
    other = EventFactory(agenda=site.agenda, capacity=1, slug="ander", confirm_email=False)
    Registration.objects.create(event=other, name="Vol", email="vol@uni.nl", status="confirmed")
    manager = login_as(NETWORK_MANAGERS)
    response = edit(manager, people[0], on_commit, event=other.pk, remarks="verhuisd")
    assert response.status_code == 302
    moved = Registration.objects.get(pk=people[0].pk)
    assert moved.event_id == event.pk and moved.remarks == "verhuisd"
    assert Registration.objects.filter(event=other, status="confirmed").count() == 1
    assert manager.get("/admin/network/registration/create/").status_code in (302, 403)
