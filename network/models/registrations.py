"""Personal data of the network: registrations, members and the mail outbox."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.tokens import new_token  # also named by network's migrations

# The optional questions an editor can ask per event; the form shows only those.
QUESTIONS = [
    ("organisation", _("Organisatie")),
    ("role", _("Functie")),
    ("diet", _("Dieetwensen")),
    ("access_needs", _("Toegankelijkheid")),
    ("remarks", _("Opmerkingen")),
]


def default_questions():
    return ["organisation", "role", "remarks"]


# A registration that waits for its e-mail address to be confirmed holds its place this long.
PENDING_HOLD = timedelta(minutes=30)


def holds_place(prefix=""):
    """Q for registrations that take a place: confirmed, or pending for a place and not yet expired."""
    pending = Q(**{f"{prefix}status": "pending", f"{prefix}held_status": "confirmed"}) & Q(
        **{f"{prefix}created_at__gte": timezone.now() - PENDING_HOLD}
    )
    return Q(**{f"{prefix}status": "confirmed"}) | pending


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("bevestigd")
        WAITLISTED = "waitlisted", _("wachtlijst")
        CANCELLED = "cancelled", _("afgemeld")
        PENDING = "pending", _("wacht op bevestiging e-mailadres")

    event = models.ForeignKey(
        "network.EventPage", verbose_name=_("evenement"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    diet = models.CharField(_("dieetwensen"), max_length=300, blank=True)
    access_needs = models.CharField(_("toegankelijkheid"), max_length=300, blank=True)
    remarks = models.TextField(_("opmerkingen"), max_length=1000, blank=True)
    certificate_name = models.CharField(
        _("naam op het certificaat"),
        max_length=200,
        blank=True,
        help_text=_("Leeg: de naam van de aanmelding. Verbeter hier hoe de naam op het bewijs van deelname komt."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    # For a pending registration: what it becomes when the person confirms (a place, or the waiting list).
    held_status = models.CharField(_("na bevestiging"), max_length=12, blank=True, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # In the QR code of the confirmation: only check-in at the door reads it (the cancel token stays in the link).
    checkin_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    # Personal data stays out of Wagtail's reference index: no "usage" rows per person on the event page, and
    # four fewer queries per registration.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} – {self.event.title}"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    def waiting_position(self):
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            Registration.objects.filter(
                event_id=self.event_id, status=self.Status.WAITLISTED, created_at__lte=self.created_at
            )
            .exclude(pk=self.pk)
            .count()
            + 1
        )


class MemberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Member(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"), unique=True)
    organisation = models.CharField(_("organisatie"), max_length=200)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    sector = models.ForeignKey(
        "entries.Sector", verbose_name=_("sector"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("netwerklid")
        verbose_name_plural = _("netwerkleden")

    def __str__(self):
        return self.name

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Reminder(models.Model):
    """A reminder sent to one registration before one occasion (the event, or one masterclass session)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    occasion = models.DateTimeField(_("begin van de sessie"))
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [models.UniqueConstraint(fields=["registration", "occasion"], name="one_reminder_per_occasion")]

    def __str__(self):
        return f"{self.registration} @ {self.occasion:%Y-%m-%d %H:%M}"
