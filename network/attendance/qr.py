"""The check-in QR code: it carries only the registration's check-in token (not a link, not the cancel token), so
a scan at the door identifies the registration and can do nothing else. Made with segno (pure Python, no Pillow)."""

import io

import segno

from network.events.ical import calendar_attachment

QR_FILENAME = "inchecken.png"


def _code(registration):
    return segno.make(registration.checkin_token, error="m")


def png(registration, scale=8):
    buffer = io.BytesIO()
    _code(registration).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def data_uri(registration):
    """For an <img> on the person's own page (the site's CSP allows data: images)."""
    return _code(registration).png_data_uri(scale=6, border=4)


def participant_attachments(context):
    """For home.mail (registrations.services.PARTICIPANT_ATTACHMENTS): the calendar file and, for a confirmed
    place, the QR code, built when the mail is sent."""
    registration, event = context.get("registration"), context["event"].specific
    attachments = [calendar_attachment(event)]
    if registration is not None and registration.status == registration.Status.CONFIRMED:
        attachments.append((QR_FILENAME, png(registration), "image/png"))
    return attachments
