import re
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from network.models import Member, Registration
from tests.factories import EventFactory

JOIN = {
    "name": "Ali Yilmaz",
    "email": "ali@example.org",
    "organisation": "Universiteit Leiden",
    "role": "beleid",
    "consent": "on",
}


def links(message):
    """The mail's one-purpose links (every mail also ends with the link to "Mijn netwerk")."""
    found = re.findall(r"https://kennisbank.example(/\S+/)", message.body)
    assert found[-1] == "/netwerk/mijn/"
    return found[:-1]


def test_join_with_double_opt_in_and_leave(client, site, on_commit):
    with on_commit():
        response = client.post(f"{site.network.url}lid-worden/", JOIN)
    assert "Bevestig je e-mailadres" in response.content.decode()
    member = Member.objects.get()
    assert not member.is_confirmed
    assert 'data-member-count="0"' in client.get(site.network.url).content.decode()
    confirm, leave = links(mail.outbox[0])
    assert "Ja, ik word lid" in client.get(confirm).content.decode()
    assert not Member.objects.get().is_confirmed  # a GET (a mail scanner) does not confirm
    client.post(confirm)
    assert Member.objects.get().is_confirmed
    assert 'data-member-count="1"' in client.get(site.network.url).content.decode()
    client.post(leave)
    assert not Member.objects.exists()
    assert client.get(leave).status_code == 404


def test_joining_again_does_not_disclose_or_duplicate(client, site, on_commit):
    Member.objects.create(name="Ali", email="ali@example.org", organisation="UL", confirmed_at=timezone.now())
    with on_commit():
        response = client.post(f"{site.network.url}lid-worden/", JOIN)
    assert "Bevestig je e-mailadres" in response.content.decode()
    assert Member.objects.count() == 1
    assert mail.outbox == []


def test_join_form_errors_are_shown(client, site):
    response = client.post(f"{site.network.url}lid-worden/", {**JOIN, "email": "nee"})
    assert "Voer een geldig e-mailadres in" in response.content.decode()
    assert not Member.objects.exists()


def test_purge_anonymises_old_registrations_and_unconfirmed_members(site):
    past = EventFactory(agenda=site.agenda, start=timezone.now() - timedelta(days=120))
    recent = EventFactory(agenda=site.agenda, start=timezone.now() - timedelta(days=10))
    Registration.objects.create(event=past, name="Oud", email="oud@example.org", status="confirmed")
    Registration.objects.create(event=recent, name="Nieuw", email="nieuw@example.org", status="confirmed")
    stale = Member.objects.create(name="Stil", email="stil@example.org", organisation="X")
    Member.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=40))
    Member.objects.create(name="Vers", email="vers@example.org", organisation="X")
    import io

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "1 aanmeldingen geanonimiseerd" in out.getvalue()
    assert "1 onbevestigde leden verwijderd" in out.getvalue()
    assert not Registration.objects.filter(name="Oud").exists()
    assert Registration.objects.filter(name="Nieuw", email="nieuw@example.org").exists()
    assert list(Member.objects.values_list("name", flat=True)) == ["Vers"]
