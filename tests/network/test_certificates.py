"""Certificates of attendance: only to those who came, once, with the right hours and points (a masterclass
attended partly), a PDF that prints any name, a public check of the code, and kept apart from registrations."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from network import attendance
from network.attendance.certificates import send_certificates
from network.models import Accreditation, Certificate, RegisterNumber, Registration
from tests.factories import EventFactory, MasterclassFactory, publish
from tests.network.test_my_network import session_for

PAST = timezone.now() - timedelta(days=3)


def masterclass(site, rule="attended", **extra):
    page = MasterclassFactory(
        agenda=site.agenda, title="Masterclass Signaleren", start=PAST - timedelta(days=14), sessions=3, **extra
    )
    page.contact_hours = Decimal("6")
    page.certificate_rule = rule
    page.accreditations = [
        Accreditation(register="nip", points=Decimal("6"), number=""),
        Accreditation(register="lvsc", points=Decimal("1.5"), number="LVSC-2027-01"),
    ]
    return publish(page)


def came(page, email, name, sessions):
    registration = Registration.objects.create(event=page, name=name, email=email, status="confirmed")
    for session in sessions:
        attendance.check_in(registration, session, None)
    return registration


def pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_only_those_who_came_get_one_certificate_pro_rata_with_a_pdf_that_prints_any_name(site, on_commit):
    page = masterclass(site)
    first, second, third = list(page.sessions.all())
    RegisterNumber.objects.create(email="lucja@example.org", register="nip", number="NIP-00123456")
    came(page, "lucja@example.org", "Łucja Ősz", [first, second, third])
    came(page, "bram@example.org", "Bram", [first, third])
    came(page, "niet@example.org", "Niet Gekomen", [])
    Registration.objects.create(event=page, name="Wacht", email="wacht@example.org", status="waitlisted")
    with on_commit():
        assert send_certificates(site.network) == 2
    full, partly = Certificate.objects.get(email="lucja@example.org"), Certificate.objects.get(email="bram@example.org")
    assert (full.hours, full.sessions_attended, full.sessions_total) == (Decimal("6.00"), 3, 3)
    assert (partly.hours, partly.sessions_attended) == (Decimal("4.00"), 2)
    assert [(item["register"], item["points"], item["holder_number"]) for item in full.points] == [
        ("NIP", "6.00", "NIP-00123456"),
        ("LVSC", "1.50", ""),
    ]
    assert [item["points"] for item in partly.points] == ["4.00", "1.00"]
    assert sorted(m.to[0] for m in mail.outbox) == ["bram@example.org", "lucja@example.org"]

    [message] = [m for m in mail.outbox if m.to == ["lucja@example.org"]]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and name == f"bewijs-van-deelname-{full.code}.pdf"
    text = pdf_text(content)
    for expected in ("Łucja Ősz", "Masterclass Signaleren", "Bewijs van deelname", full.code, "NIP-00123456"):
        assert expected in text, expected
    assert "/netwerk/certificaat/" in message.body and "geen registernummer bekend" in message.body  # LVSC

    # Idempotent: a second run (cron twice, or two workers) sends nothing.
    mail.outbox.clear()
    with on_commit():
        assert send_certificates(site.network) == 0
    assert mail.outbox == [] and Certificate.objects.count() == 2


def test_all_sessions_rule_and_an_event_without_sessions(site, on_commit):
    page = masterclass(site, rule="all")
    first, second, third = list(page.sessions.all())
    came(page, "alles@example.org", "Alles", [first, second, third])
    came(page, "deels@example.org", "Deels", [first, second])
    meeting = EventFactory(agenda=site.agenda, start=PAST - timedelta(hours=3), contact_hours=Decimal("2.5"))
    came(meeting, "middag@example.org", "Middag", [None])
    with on_commit():
        assert send_certificates(site.network) == 2
    assert sorted(Certificate.objects.values_list("email", "hours")) == [
        ("alles@example.org", Decimal("6.00")),
        ("middag@example.org", Decimal("2.50")),
    ]


def test_nothing_before_the_end_for_called_off_events_or_without_contact_hours(site, on_commit):
    upcoming = EventFactory(agenda=site.agenda, contact_hours=Decimal("2"))
    called_off = EventFactory(agenda=site.agenda, start=PAST, contact_hours=Decimal("2"), cancelled=True)
    no_hours = EventFactory(agenda=site.agenda, start=PAST)
    for event in (upcoming, called_off, no_hours):
        came(event, f"{event.slug}@example.org", "Iemand", [None])
    with on_commit():
        call_command("send_certificates", stdout=io.StringIO())
    assert not Certificate.objects.exists() and mail.outbox == []


def test_the_printed_name_is_the_corrected_one_and_the_check_shows_only_what_the_certificate_says(site, on_commit):
    meeting = EventFactory(
        agenda=site.agenda, title="Netwerkdag", start=PAST - timedelta(hours=3), contact_hours=Decimal("3")
    )
    registration = came(meeting, "sanne@example.org", "sanne d vries", [None])
    Registration.objects.filter(pk=registration.pk).update(certificate_name="Sanne de Vries")
    with on_commit():
        send_certificates(site.network)
    certificate = Certificate.objects.get()
    assert certificate.holder_name == "Sanne de Vries"
    check = Client().get(f"/netwerk/certificaat/{certificate.code.lower()}/")
    text = check.content.decode()
    assert check.status_code == 200 and "Dit bewijs is echt" in text
    assert "Sanne de Vries" in text and "Netwerkdag" in text and "sanne@example.org" not in text
    assert "noindex" in check["X-Robots-Tag"]
    forged = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    for code in (forged, "x" * 400, "ABCD"):
        response = Client().get(f"/netwerk/certificaat/{code}/")
        assert response.status_code == 404 and "Geen bewijs van deelname" in response.content.decode(), code
    assert Client().get("/netwerk/certificaat/%00/").status_code == 404


def test_certificates_outlive_the_registrations_anonymisation_and_go_after_five_years(site, on_commit):
    meeting = EventFactory(agenda=site.agenda, start=PAST - timedelta(hours=3), contact_hours=Decimal("3"))
    came(meeting, "sanne@example.org", "Sanne", [None])
    with on_commit():
        send_certificates(site.network)
    Registration.objects.update()
    meeting.end = timezone.now() - timedelta(days=100)
    meeting.start = meeting.end - timedelta(hours=3)
    publish(meeting)
    call_command("purge_personal_data", stdout=io.StringIO())
    registration = Registration.objects.get()
    assert registration.anonymised_at is not None and registration.attendances.count() == 1  # counted, unnamed
    certificate = Certificate.objects.get()
    assert certificate.holder_name == "Sanne"
    Certificate.objects.update(issued_at=timezone.now() - timedelta(days=365 * 5 + 2))
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert not Certificate.objects.exists() and "bewijzen van deelname" in out.getvalue()


def test_a_person_downloads_their_own_certificate_on_mijn_netwerk_and_no_one_elses(site, on_commit):
    meeting = EventFactory(agenda=site.agenda, start=PAST - timedelta(hours=3), contact_hours=Decimal("3"))
    came(meeting, "sanne@example.org", "Sanne", [None])
    came(meeting, "ali@example.org", "Ali", [None])
    with on_commit():
        send_certificates(site.network)
    own, other = Certificate.objects.get(email="sanne@example.org"), Certificate.objects.get(email="ali@example.org")
    browser = session_for("sanne@example.org", site.network)
    page = browser.get("/netwerk/mijn/").content.decode()
    assert "Bewijzen van deelname" in page and f"bewijs/{own.code}/" in page and other.code not in page
    response = browser.get(f"/netwerk/mijn/bewijs/{own.code}/")
    assert response["Content-Type"] == "application/pdf" and "Sanne" in pdf_text(response.content)
    assert browser.get(f"/netwerk/mijn/bewijs/{other.code}/").status_code == 404
    assert Client().get(f"/netwerk/mijn/bewijs/{own.code}/").status_code == 403
