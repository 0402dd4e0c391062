"""Paths stored in the database keep working after modules moved into capability packages: queued and failed
mails name a template and an attachment builder, task results name the task's module."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.utils.module_loading import import_string

from home.mail import deliver, moved_path
from home.models import OutgoingMail
from network.events.ical import CALENDAR_ATTACHMENT, calendar_attachment_for
from tests.factories import EventFactory

ROOT = Path(settings.BASE_DIR)


def test_the_calendar_builder_resolves_under_its_old_and_new_name():
    assert import_string(CALENDAR_ATTACHMENT) is calendar_attachment_for
    assert import_string(moved_path("network.ical.calendar_attachment_for")) is calendar_attachment_for


def test_a_mail_queued_before_the_move_is_sent_with_its_calendar_file(site):
    event = EventFactory(agenda=site.agenda, slug="oud")
    mail = OutgoingMail.objects.create(
        to="oud@example.org",
        subject="Oude mail",
        template="network/mail/reminder.txt",
        context={
            "event": {"model": "network.EventPage", "pk": event.pk},
            "registration": {"value": None},
            "cancel_url": {"value": "https://x/"},
        },
        attachment_builder="network.ical.calendar_attachment_for",
    )
    deliver(mail)
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.SENT, mail.last_error
    assert mail.attachment_name == "oud.ics" and "BEGIN:VEVENT" in mail.attachment


def test_every_mail_template_the_code_names_exists():
    names = set()
    for path in [*ROOT.glob("home/**/*.py"), *ROOT.glob("entries/**/*.py"), *ROOT.glob("network/**/*.py")]:
        names |= set(re.findall(r'"((?:home|entries|network)/mail/[\w/]+\.txt)"', path.read_text()))
    assert len(names) >= 10
    for name in names:
        get_template(name)


def test_the_mail_task_keeps_its_module_path():
    task = import_string("home.mail.send_outgoing_mail")
    assert task.module_path == "home.mail.send_outgoing_mail"
