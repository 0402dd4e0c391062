"""Reminders before each occasion: the event, or each session of a masterclass (`manage.py send_reminders`)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.mail import queue_mail
from network.models import EventPage, Registration, Reminder
from network.registrations.services import PARTICIPANT_ATTACHMENTS


def send_reminders(now=None, *, cancel_url_for_event):
    """Remind every confirmed registration REMINDER_DAYS before each occasion (the event, or each
    masterclass session), once: the Reminder row and the mail are written in one transaction per person."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.REMINDER_DAYS)
    sent = 0
    events = EventPage.objects.live().filter(end__gte=now, start__lte=horizon, cancelled=False).specific()
    for event in events:
        occasions = [start for _suffix, _title, start, _end in event.sessions_for_calendar if now < start <= horizon]
        if not occasions:
            continue
        cancel_url_for = cancel_url_for_event(event)
        for registration in Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED):
            for occasion in occasions:
                with transaction.atomic():
                    _reminder, created = Reminder.objects.get_or_create(registration=registration, occasion=occasion)
                    if not created:
                        continue
                    queue_mail(
                        registration.email,
                        _("Herinnering: %(title)s") % {"title": event.title},
                        "network/mail/reminder.txt",
                        {
                            "registration": registration,
                            "event": event,
                            "occasion": timezone.localtime(occasion).strftime("%d-%m-%Y %H:%M"),
                            "cancel_url": cancel_url_for(registration),
                        },
                        purpose=f"reminder:{event.pk}",
                        attachment_builder=PARTICIPANT_ATTACHMENTS,
                    )
                    sent += 1
    return sent
