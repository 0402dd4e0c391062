"""The network's section pages: the network page (members) and the agenda (events, iCal)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.site.access import ViewRestrictionsMixin
from home.site.public_urls import PublicUrlMixin
from network.models.pages import EventPage, upcoming_events


class NetworkPage(PublicUrlMixin, ViewRestrictionsMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("introductie"), blank=True)
    member_count_text = models.CharField(
        _("ledental"),
        max_length=100,
        blank=True,
        help_text=_(
            "Hoe het netwerk zijn omvang noemt, bijv. ‘ruim 900 professionals’. Leeg: het aantal bevestigde "
            "leden op de site. Noem het aantal dan niet ook in de introductie."
        ),
    )
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("member_count_text"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro", boost=2), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["network.EventIndexPage", "home.StandardPage"]
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("netwerkpagina")

    def get_context(self, request, *args, **kwargs):
        from network.members.forms import MemberForm
        from network.models.registrations import Member

        context = super().get_context(request, *args, **kwargs)
        context["member_count"] = Member.objects.confirmed().count()
        context["upcoming_events"] = upcoming_events()[:4]
        context.setdefault("member_form", MemberForm())
        return context

    @path("lid-worden/", name="join")
    def join(self, request):
        from network.members.views import join

        return join(request, self)

    @path("lid-worden/bevestigen/<str:token>/", name="confirm_member")
    def confirm_member(self, request, token):
        from network.members.views import confirm_member

        return confirm_member(request, self, token)

    @path("opzeggen/<str:token>/", name="leave")
    def leave(self, request, token):
        from network.members.views import leave

        return leave(request, self, token)

    @path("certificaat/<str:code>/", name="certificate")
    def certificate(self, request, code):
        from network.attendance.views import verify_certificate

        return verify_certificate(request, self, code)

    # -- "Mijn netwerk" (network/members/mine.py) --

    @path("mijn/", name="mine")
    def mine(self, request):
        from network.members.mine import mine

        return mine(request, self)

    @path("mijn/inloggen/<str:token>/", name="mine_sign_in")
    def mine_sign_in(self, request, token):
        from network.members.mine import sign_in

        return sign_in(request, self, token)

    @path("mijn/nieuw-adres/<str:token>/", name="mine_new_address")
    def mine_new_address(self, request, token):
        from network.members.mine import new_address

        return new_address(request, self, token)

    @path("mijn/afmelden/", name="mine_sign_out")
    def mine_sign_out(self, request):
        from network.members.mine import sign_out

        return sign_out(request, self)

    @path("mijn/gegevens/", name="mine_data")
    def mine_data(self, request):
        from network.members.mine import download

        return download(request, self)

    @path("mijn/bewijs/<str:code>/", name="mine_certificate")
    def mine_certificate(self, request, code):
        from network.members.mine import certificate_pdf

        return certificate_pdf(request, self, code)

    @path("mijn/wissen/", name="mine_erase")
    def mine_erase(self, request):
        from network.members.mine import erase

        return erase(request, self)


class EventIndexPage(PublicUrlMixin, ViewRestrictionsMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("introductie"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["network.NetworkPage"]
    subpage_types = ["network.EventPage", "network.MasterclassPage"]
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("agenda")

    @staticmethod
    def kinds():
        """{slug: label} of the kinds of event, for the agenda's filter."""
        return {kind.value: kind.label for kind in EventPage.Kind}

    def events(self, *, archive=False, kind=""):
        """The agenda's events with their places: upcoming first-to-last, or the archive last-to-first."""
        events = EventPage.objects.live().public().descendant_of(self).annotate_places()
        now = timezone.now()
        events = (
            events.filter(end__lt=now).order_by("-start") if archive else events.filter(end__gte=now).order_by("start")
        )
        return events.filter(kind=kind) if kind else events

    def upcoming(self):
        return upcoming_events().descendant_of(self)

    @path("")
    def agenda(self, request):
        from network.events.views import agenda

        return agenda(request, self)

    @path("ical/", name="ical_all")
    def ical(self, request):
        from network.events.views import ical_upcoming

        return ical_upcoming(request, self)
