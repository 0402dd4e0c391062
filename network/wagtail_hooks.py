"""Personal data in the admin: only users with the network permissions (Netwerkbeheer) see it."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import DeleteView, EditView, IndexView

from home.models import OutgoingMail
from network.attendance.admin_views import accreditation_export
from network.models import Certificate, EventPage, Member, RegisterNumber, Registration
from network.models.overview_panel import overview_counts
from network.registrations import admin_doors, admin_views, exports, services
from network.registrations.views import cancel_url_maker


class ExportIndexView(IndexView):
    """Exports in Dutch, `;`-separated and quoted, times in Europe/Amsterdam (network/exports.py)."""

    export_kind = None

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return exports.export(self.export_kind, queryset, spreadsheet_format)


class RegistrationIndexView(ExportIndexView):
    """Filtered to one event, the list opens with that event's overview: places taken of the capacity, the
    waiting list, pending holds and the event's actions."""

    export_kind = "registrations"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event_id = self.request.GET.get("event__id__exact", "")
        if event_id.isascii() and event_id.isdigit():
            event = EventPage.objects.filter(pk=int(event_id)).first()
            if event is not None:
                context["event"] = event
                context["counts"] = overview_counts(event)
        return context


class MemberIndexView(ExportIndexView):
    export_kind = "members"


class RegistrationEditView(EditView):
    """The admin's edit goes through the registration service: a changed status frees places for the waiting
    list (with the e-mails people expect), and a state the rules forbid is refused with the reason."""

    def form_valid(self, form):
        old_status = Registration.objects.values_list("status", flat=True).get(pk=self.instance.pk)
        new_status = form.cleaned_data["status"]
        event = self.instance.event.specific
        try:
            with transaction.atomic():
                registration = form.save(commit=False)
                registration.status = old_status  # the service changes the status, under the event's lock
                registration.save()
                self.instance = admin_doors.set_status(
                    registration, new_status, cancel_url_for=cancel_url_maker(event, self.request)
                )
                log(instance=self.instance, action="wagtail.edit", user=self.request.user, content_changed=True)
        except services.RegistrationRefused as refusal:
            form.add_error("status", refusal.message)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message(self.instance))
        return redirect(self.get_success_url())


class RegistrationDeleteView(DeleteView):
    def delete_instance(self):
        event = self.instance.event.specific
        admin_doors.delete(self.instance, cancel_url_for=cancel_url_maker(event, self.request))


class RegistrationButtonHelper(ButtonHelper):
    """Per row: inspect, edit and (for the waiting list) "Plaatsen", which asks before it acts. Deleting is
    not a row button beside every name: it is on the registration's edit page, behind its own confirmation."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = [*(exclude or []), "delete"]
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.status == Registration.Status.WAITLISTED and self.request.user.has_perm("network.change_registration"):
            buttons.append(
                {
                    "url": reverse("network_promote_registration", args=[obj.pk]),
                    "label": _("Plaatsen"),
                    "classname": "button button-small button-secondary",
                    "title": _("Van de wachtlijst naar een bevestigde plek"),
                }
            )
        return buttons


class RegistrationPermissionHelper(PermissionHelper):
    """Registrations are made through the registration service (the public form; walk-ins at check-in), never
    typed in the admin, where capacity, the waiting list and the confirmation mail would be skipped."""

    def user_can_create(self, user):
        return False


class RegistrationAdmin(ModelAdmin):
    model = Registration
    permission_helper_class = RegistrationPermissionHelper
    # The event and the time of arrival are what the places and the waiting list rest on: read-only here.
    form_fields_exclude = ("event", "created_at", "cancelled_at", "anonymised_at")
    menu_label = gettext_lazy("Aanmeldingen")
    menu_icon = "list-ul"
    index_view_class = RegistrationIndexView
    button_helper_class = RegistrationButtonHelper
    edit_view_class = RegistrationEditView
    delete_view_class = RegistrationDeleteView
    index_template_name = "network/admin/registration_index.html"
    list_display = ("name", "email", "organisation", "event", "status_label", "created_at")
    list_filter = ("status", "event")
    search_fields = ("name", "email", "organisation")
    list_export = ("event", "name", "email", "organisation", "role", "remarks", "status", "created_at")
    export_filename = "aanmeldingen"
    list_select_related = ("event",)
    inspect_view_enabled = True

    STATUS_CLASSES = {
        Registration.Status.CONFIRMED: "registration-status--confirmed",
        Registration.Status.WAITLISTED: "registration-status--waiting",
    }

    def status_label(self, obj):
        return format_html(
            '<span class="registration-status {}">{}</span>',
            self.STATUS_CLASSES.get(obj.status, ""),
            obj.get_status_display(),
        )

    status_label.short_description = gettext_lazy("status")
    status_label.admin_order_field = "status"


class MemberAdmin(ModelAdmin):
    model = Member
    menu_label = gettext_lazy("Leden")
    menu_icon = "group"
    index_view_class = MemberIndexView
    list_display = ("name", "email", "organisation", "sector", "confirmed_at")
    list_filter = ("sector", "confirmed_at")
    search_fields = ("name", "email", "organisation")
    list_export = ("name", "email", "organisation", "role", "sector", "created_at", "confirmed_at")
    export_filename = "netwerkleden"


class RegisterNumberAdmin(ModelAdmin):
    """Numbers that people keep in professional registers (from "Mijn netwerk"), for certificates and
    accreditation exports: Netwerkbeheer and superusers only."""

    model = RegisterNumber
    menu_label = gettext_lazy("Registernummers")
    menu_icon = "tag"
    list_display = ("email", "register", "number", "created_at")
    list_filter = ("register",)
    search_fields = ("email", "number")


class CertificatePermissionHelper(PermissionHelper):
    """A certificate is a record of what was issued: never written or edited by hand (the name to print is
    corrected on the registration before `send_certificates` runs); withdrawing one deletes it."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class CertificateAdmin(ModelAdmin):
    model = Certificate
    permission_helper_class = CertificatePermissionHelper
    menu_label = gettext_lazy("Bewijzen van deelname")
    menu_icon = "doc-full"
    list_display = ("holder_name", "event_title", "hours", "code", "issued_at")
    list_filter = ("issued_at",)
    search_fields = ("holder_name", "email", "code", "event_title")
    inspect_view_enabled = True


class OutboxPermissionHelper(PermissionHelper):
    """The outbox is a record: mail is queued by the site, never written or edited by hand."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_inspect_obj(self, user, obj):
        # A mail's body holds working links (confirm, cancel, leave, manage): superusers only.
        return user.is_superuser


class OutgoingMailAdmin(ModelAdmin):
    """Netwerkbeheer sees whether mail goes out (what for, status, times, attempts), never to whom, what it
    says or the links in it: those would let a manager confirm someone else's membership or alert, and
    contributors' mails are not theirs to see. Superusers see everything."""

    model = OutgoingMail
    permission_helper_class = OutboxPermissionHelper
    menu_label = gettext_lazy("Uitgaande e-mail")
    menu_icon = "mail"
    list_display = ("kind", "status", "attempts", "last_error", "created_at", "sent_at")
    list_filter = ("status",)
    inspect_view_enabled = True

    def get_list_display(self, request):
        if request.user.is_superuser:
            return ("subject", "to", "status", "attempts", "last_error", "created_at")
        return self.list_display

    def get_search_fields(self, request):
        return ("to", "subject") if request.user.is_superuser else ()

    KINDS = {
        "join": gettext_lazy("lidmaatschap"),
        "registration": gettext_lazy("aanmelding"),
        "message": gettext_lazy("bericht aan deelnemers"),
        "change": gettext_lazy("wijziging van een evenement"),
        "reminder": gettext_lazy("herinnering"),
        "alert-confirm": gettext_lazy("attendering"),
        "contribution": gettext_lazy("inzending"),
        "password-reset": gettext_lazy("wachtwoord herstellen"),
        "sign-in": gettext_lazy("Mijn netwerk"),
        "erased": gettext_lazy("gegevens gewist"),
        "certificate": gettext_lazy("bewijs van deelname"),
    }

    def kind(self, obj):
        return self.KINDS.get(obj.purpose.split(":", 1)[0], _("overig"))

    kind.short_description = gettext_lazy("soort")


@modeladmin_register
class NetworkAdminGroup(ModelAdminGroup):
    menu_label = gettext_lazy("Netwerk")
    menu_icon = "group"
    menu_order = 300
    items = (RegistrationAdmin, MemberAdmin, RegisterNumberAdmin, CertificateAdmin, OutgoingMailAdmin)


def promote_registration(request, pk):
    """GET asks (who, which event, that they get a mail); POST places them."""
    if not request.user.has_perm("network.change_registration"):
        raise PermissionDenied
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    event = registration.event.specific
    if request.method != "POST":
        return TemplateResponse(
            request, "network/admin/promote_confirm.html", {"registration": registration, "event": event}
        )
    if services.promote(registration, cancel_url_for=cancel_url_maker(event, request)):
        log(instance=registration, action="wagtail.edit", user=request.user, content_changed=True)
        messages.success(request, _("%(name)s heeft nu een bevestigde plek.") % {"name": registration.name})
    else:
        messages.warning(request, _("Deze aanmelding staat niet op de wachtlijst."))
    return redirect(reverse("network_registration_modeladmin_index") + f"?event__id__exact={event.pk}")


@hooks.register("register_admin_urls")
def register_network_urls():
    return [
        path("netwerk/aanmeldingen/<int:pk>/plaatsen/", promote_registration, name="network_promote_registration"),
        path("netwerk/evenementen/<int:pk>/bericht/", admin_views.message_registrants, name="network_message"),
        path("netwerk/evenementen/<int:pk>/presentielijst/", admin_views.presence_list, name="network_presence_list"),
        path(
            "netwerk/evenementen/<int:pk>/accreditatie/<slug:register>/",
            accreditation_export,
            name="network_accreditation_export",
        ),
    ]


@hooks.register("register_log_actions")
def register_network_log_actions(actions):
    actions.register_action(
        admin_views.MESSAGE_ACTION,
        gettext_lazy("Bericht aan deelnemers"),
        gettext_lazy("Bericht aan deelnemers verstuurd"),
    )


def _event_buttons(page, user, priority):
    if not issubclass(page.specific_class or object, EventPage) or not user.has_perm("network.change_registration"):
        return
    yield Button(
        _("Aanmeldingen"),
        reverse("network_registration_modeladmin_index") + f"?event__id__exact={page.pk}",
        icon_name="list-ul",
        priority=priority,
    )
    yield Button(
        _("Bericht aan deelnemers"), reverse("network_message", args=[page.pk]), icon_name="mail", priority=priority + 1
    )
    yield Button(
        _("Presentielijst"),
        reverse("network_presence_list", args=[page.pk]),
        icon_name="doc-full",
        priority=priority + 2,
    )
    specific = page.specific_deferred
    if specific.url:
        yield Button(
            _("Inchecken"), specific.url + specific.reverse_subpage("check_in"), icon_name="tick", priority=priority + 3
        )


@hooks.register("register_page_header_buttons")
def event_header_buttons(page, user, view_name=None, next_url=None):
    yield from _event_buttons(page, user, priority=80)


@hooks.register("register_page_listing_more_buttons")
def event_listing_buttons(page, user, next_url=None):
    yield from _event_buttons(page, user, priority=80)


@hooks.register("after_publish_page")
def say_how_many_were_told(request, page):
    """After publishing a changed time or place: how many people the change mail went to."""
    if not issubclass(page.specific_class or object, EventPage):
        return None
    since = timezone.now() - timedelta(minutes=2)
    told = OutgoingMail.objects.filter(purpose=f"change:{page.pk}", created_at__gte=since).count()
    if told:
        messages.info(
            request,
            ngettext(
                "De wijziging is per e-mail naar %(n)s deelnemer gestuurd.",
                "De wijziging is per e-mail naar %(n)s deelnemers gestuurd.",
                told,
            )
            % {"n": told},
        )
    return None


@hooks.register("register_admin_viewset")
def agenda_listing():
    from network.events.agenda_listing import AgendaPageViewSet

    return AgendaPageViewSet("agenda_pages")
