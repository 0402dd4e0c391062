"""Certificates of attendance for professional registers: `manage.py send_certificates` after each event with
contact hours, to each person who attended (all sessions, or pro rata, as the editor chose), once, through the
outbox. The PDF is made with fpdf2 and the DejaVu Sans font shipped beside this module (fpdf2's core fonts are
cp1252; WeasyPrint would need Pango and Cairo on every server for one page of text). A certificate keeps what it
said: name, event, dates, hours and points are copied in, so it outlives the registration's anonymisation."""

import logging
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from home.mail import queue_mail
from network import attendance
from network.models.attendance import Certificate
from network.models.pages import EventPage
from network.models.personal import RegisterNumber
from network.models.registrations import Registration

logger = logging.getLogger("network")
FONTS = Path(__file__).resolve().parent / "fonts"
ATTACHMENT = "network.attendance.certificates.certificate_attachment"
CENT = Decimal("0.01")


def verify_url(certificate, network):
    return network.get_full_url() + network.reverse_subpage("certificate", kwargs={"code": certificate.code}).lstrip(
        "/"
    )


def _dates(occasions, event):
    with translation.override("nl"):
        moments = [occasion.start if occasion else event.start for occasion in occasions]
        return ", ".join(formats.date_format(timezone.localtime(moment), "j F Y") for moment in moments)


def _share(value, attended, total):
    return (Decimal(value) * attended / total).quantize(CENT, rounding=ROUND_HALF_UP)


def register_numbers(emails):
    """{address in lower case: {register: number}} of these addresses, in one query."""
    found = {}
    rows = RegisterNumber.objects.annotate(address=Lower("email")).filter(address__in={e.lower() for e in emails})
    for number in rows:
        found.setdefault(number.address, {})[number.register] = number.number
    return found


def earned(event, registration, occasions, accreditations, numbers):
    """(sessions attended, hours, points) of one registration, or None when it earns no certificate. The event's
    occasions, its accreditations and the person's {register: number} come from the caller, once per event."""
    attended_sessions = {attendance.session_id for attendance in registration.attendances.all()}
    attended = sum(1 for occasion in occasions if (occasion.pk if occasion else None) in attended_sessions)
    total = len(occasions)
    if attended == 0 or (event.certificate_rule == EventPage.CertificateRule.ALL and attended < total):
        return None
    points = [
        {
            "register": accreditation.get_register_display(),
            "points": str(_share(accreditation.points, attended, total)),
            "accreditation": accreditation.number,
            "holder_number": numbers.get(accreditation.register, ""),
        }
        for accreditation in accreditations
    ]
    return attended, _share(event.contact_hours, attended, total), points


def issue(event, registration, occasions, accreditations, numbers, network):
    """Record the certificate and queue its mail in one transaction; None when it earns none or has one."""
    outcome = earned(event, registration, occasions, accreditations, numbers)
    if outcome is None:
        return None
    attended, hours, points = outcome
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                registration=registration,
                event=event,
                email=registration.email,
                holder_name=registration.certificate_name or registration.name,
                event_title=event.title,
                dates=_dates(occasions, event),
                hours=hours,
                sessions_attended=attended,
                sessions_total=len(occasions),
                points=points,
            )
            queue_mail(
                registration.email,
                _("Je bewijs van deelname: %(title)s") % {"title": event.title},
                "network/mail/certificate.txt",
                {"certificate": certificate, "verify_url": verify_url(certificate, network)},
                purpose=f"certificate:{event.pk}",
                attachment_builder=ATTACHMENT,
            )
    except IntegrityError:  # another run issued it a moment ago
        return None
    return certificate


def send_certificates(network, now=None):
    """Every certificate due: events that ended (within the registrations' retention period), not called off,
    with contact hours. Idempotent: one certificate per registration, ever. Returns how many were issued."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    events = EventPage.objects.filter(end__lt=now, end__gte=since, cancelled=False, contact_hours__isnull=False)
    issued = 0
    for event in events.specific():
        every = attendance.occasions(event)
        due = (
            Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED, anonymised_at__isnull=True)
            .filter(certificate__isnull=True, attendances__isnull=False)
            .distinct()
            .prefetch_related("attendances")
        )
        due = list(due)
        accreditations = list(event.accreditations.all())
        numbers = register_numbers([registration.email for registration in due])
        for registration in due:
            person = numbers.get(registration.email.lower(), {})
            if issue(event, registration, every, accreditations, person, network) is not None:
                issued += 1
    logger.info("certificates of attendance issued: %s", issued)
    return issued


# -- the PDF ---------------------------------------------------------------------------------------------


def _number(value):
    return formats.number_format(Decimal(value).normalize(), use_l10n=True) if value not in (None, "") else ""


def certificate_pdf(certificate, verify_address):
    with translation.override("nl"):
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_title(_("Bewijs van deelname"))
        pdf.set_author(settings.WAGTAIL_SITE_NAME)
        pdf.set_creation_date(certificate.issued_at)
        pdf.add_font("DejaVu", fname=str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", style="B", fname=str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_margins(25, 30, 25)
        pdf.add_page()
        pdf.set_font("DejaVu", size=11)
        pdf.cell(0, 8, settings.WAGTAIL_SITE_NAME, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(12)
        pdf.set_font("DejaVu", style="B", size=24)
        pdf.cell(0, 12, _("Bewijs van deelname"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
        pdf.set_font("DejaVu", size=12)
        pdf.multi_cell(0, 7, _("Hierbij verklaren wij dat"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", style="B", size=16)
        pdf.multi_cell(0, 10, certificate.holder_name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=12)
        pdf.multi_cell(0, 7, _("heeft deelgenomen aan"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", style="B", size=14)
        pdf.multi_cell(0, 9, certificate.event_title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("DejaVu", size=12)
        rows = [
            (_("Datum"), certificate.dates),
            (_("Contacturen"), _number(certificate.hours)),
        ]
        if certificate.sessions_total > 1:
            rows.append(
                (
                    _("Sessies"),
                    _("%(attended)s van %(total)s bijgewoond")
                    % {"attended": certificate.sessions_attended, "total": certificate.sessions_total},
                )
            )
        for item in certificate.points:
            detail = _("%(points)s punten") % {"points": _number(item["points"])}
            if item.get("accreditation"):
                detail += " · " + _("accreditatie %(number)s") % {"number": item["accreditation"]}
            if item.get("holder_number"):
                detail += " · " + _("registernummer %(number)s") % {"number": item["holder_number"]}
            rows.append((item["register"], detail))
        for label, value in rows:
            pdf.set_font("DejaVu", style="B", size=11)
            pdf.cell(45, 7, label)
            pdf.set_font("DejaVu", size=11)
            pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("DejaVu", size=10)
        pdf.multi_cell(
            0,
            6,
            _("Controleer dit bewijs met code %(code)s op %(url)s") % {"code": certificate.code, "url": verify_address},
            new_x="LMARGIN",
            new_y="NEXT",
        )
        issued = formats.date_format(timezone.localtime(certificate.issued_at), "j F Y")
        pdf.multi_cell(0, 6, _("Uitgegeven op %(date)s") % {"date": issued}, new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


def filename(certificate):
    return f"bewijs-van-deelname-{certificate.code}.pdf"


def certificate_attachment(context):
    """For home.mail: the PDF of the mail's certificate, made when the mail is sent."""
    certificate = context["certificate"]
    return [(filename(certificate), certificate_pdf(certificate, context["verify_url"]), "application/pdf")]


def purge(now, days):
    """Certificates after CERTIFICATE_RETENTION_YEARS (the retention job's --days is for registrations)."""
    cutoff = now - timedelta(days=365 * settings.CERTIFICATE_RETENTION_YEARS)
    count, _detail = Certificate.objects.filter(issued_at__lt=cutoff).delete()
    return [(count, f"bewijzen van deelname ouder dan {settings.CERTIFICATE_RETENTION_YEARS} jaar gewist")]
