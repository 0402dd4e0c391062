"""Builds the demo site. Idempotent: what exists is left as it is, so a second run changes nothing."""

import os
from datetime import date, datetime, time, timedelta

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from entries.models import EntryIndexPage, EntryPage, Onderwerp, Organisatie, Sector, Soort, Thema, Uitgangspunt
from home.demo import entries as demo_entries
from home.demo import pages as demo_pages
from home.models import HomePage, StandardPage
from home.permissions import EDITORS, MODERATORS, NETWORK_MANAGERS, assign_page_permissions
from home.public_urls import sync_default_site
from network.models import EventIndexPage, EventPage, MasterclassPage, MasterclassSession, NetworkPage, Registration

DEMO_USERS = [
    ("admin", "Beheerder", None, True),
    ("redacteur", "Rosa Redacteur", EDITORS, False),
    ("eindredacteur", "Eva Eindredacteur", MODERATORS, False),
    ("netwerkbeheerder", "Nadia Netwerkbeheer", NETWORK_MANAGERS, False),
]


def paragraphs(texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def publish(page):
    page.save_revision().publish()
    return page


class Command(BaseCommand):
    help = "Creates the demo site (pages, entries, events, users). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print only the logins.")

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.home()
        sync_default_site()
        self.standard_pages(home)
        index = self.child(
            home,
            EntryIndexPage,
            "kennisbank",
            "Kennisbank",
            intro=(
                "Onderzoek, handreikingen, tools en praktijkvoorbeelden over studentenwelzijn. Filter op thema, "
                "onderwerp, soort en sector, of zoek op een woord."
            ),
        )
        self.entries(index)
        network = self.child(
            home,
            NetworkPage,
            "netwerk",
            "Netwerk Studentenwelzijn",
            intro=demo_pages.NETWORK_INTRO,
            member_count_text=demo_pages.NETWORK_SIZE,
            body=paragraphs(demo_pages.NETWORK_BODY),
        )
        agenda = self.child(
            network,
            EventIndexPage,
            "agenda",
            "Agenda",
            intro=("Netwerkbijeenkomsten, webinars en masterclasses voor iedereen die werkt aan studentenwelzijn."),
        )
        self.events(agenda)
        assign_page_permissions(django_apps)
        self.users()

    # -- pages ---------------------------------------------------------------------
    def home(self):
        existing = HomePage.objects.first()
        if existing:
            return existing
        root = Page.get_first_root_node()
        # Wagtail's welcome page occupies the slug; it is replaced by our home page.
        for page in root.get_children().filter(slug="home"):
            if not isinstance(page.specific, HomePage):
                Site.objects.filter(root_page=page).update(root_page=root)
                page.delete()
        home = root.add_child(
            instance=HomePage(title="Kennisbank Studentenwelzijn", slug="home", intro=demo_pages.HOME_INTRO)
        )
        publish(home)
        site = Site.objects.filter(is_default_site=True).first()
        if site:
            site.root_page = home
            site.site_name = "Kennisbank Studentenwelzijn"
            site.save()
        else:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Kennisbank Studentenwelzijn",
            )
        return home

    def child(self, parent, model, slug, title, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = parent.add_child(instance=model(title=title, slug=slug, **fields))
        return publish(page)

    def standard_pages(self, home):
        for slug, title, intro, texts in demo_pages.STANDARD_PAGES:
            self.child(home, StandardPage, slug, title, intro=intro, body=paragraphs(texts))

    def entries(self, index):
        for slug, name, kind, website in demo_entries.ORGANISATIONS:
            Organisatie.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind, "website": website})
        for (
            slug,
            title,
            kind,
            themes,
            topics,
            sectors,
            principles,
            organisations,
            when,
            intro,
            body,
            evidence,
            country,
        ) in demo_entries.ENTRIES:
            if EntryPage.objects.filter(slug=slug).exists():
                continue
            entry = EntryPage(
                title=title,
                slug=slug,
                intro=intro,
                body=paragraphs([body]),
                entry_type=Soort.objects.get(slug=kind),
                date=date.fromisoformat(when),
                country=country,
                language="en" if country not in ("Nederland",) else "nl",
                evidence_level=evidence,
                evidence_body="113 Zelfmoordpreventie" if evidence == "erkend" else "",
                evaluated="ja"
                if evidence in ("effectevaluatie", "erkend")
                else "loopt"
                if evidence == "procesevaluatie"
                else "nee",
                accessibility="volledig",
            )
            index.add_child(instance=entry)
            entry.themes.set(Thema.objects.filter(slug__in=themes))
            entry.topics.set(Onderwerp.objects.filter(slug__in=topics))
            entry.sectors.set(Sector.objects.filter(slug__in=sectors))
            entry.principles.set(Uitgangspunt.objects.filter(slug__in=[demo_entries.PRINCIPLES[p] for p in principles]))
            entry.organisations.set(Organisatie.objects.filter(slug__in=organisations))
            publish(entry)

    def events(self, agenda):
        today = timezone.localdate()

        def at(days, hour, minute=0):
            return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour, minute)))

        if not EventPage.objects.filter(slug="netwerkbijeenkomst-voorjaar").exists():
            agenda.add_child(
                instance=EventPage(
                    title="Netwerkbijeenkomst: samen werken aan een inclusief studieklimaat",
                    slug="netwerkbijeenkomst-voorjaar",
                    kind="bijeenkomst",
                    intro="Een middag met korte pitches uit de praktijk en gesprekken in kleine groepen.",
                    start=at(30, 13),
                    end=at(30, 17),
                    venue="Jaarbeurs, Utrecht",
                    capacity=80,
                    speakers="Een studentendecaan\nEen onderzoeker studentenwelzijn",
                    programme="<p>13.00 inloop, 13.30 pitches, 15.00 gesprekstafels, 16.30 borrel.</p>",
                    questions=["organisation", "role", "diet", "access_needs", "remarks"],
                )
            )
            publish(EventPage.objects.get(slug="netwerkbijeenkomst-voorjaar"))
        if not EventPage.objects.filter(slug="masterclass-vroegsignalering").exists():
            masterclass = MasterclassPage(
                title="Masterclass vroegsignalering",
                slug="masterclass-vroegsignalering",
                intro="Twee middagen over het herkennen van zorgen en het gesprek dat daarop volgt.",
                start=at(20, 13),
                end=at(27, 16),
                venue="Hogeschool Utrecht, Padualaan",
                capacity=12,
                waiting_list=True,
                members_only=False,
                speakers="Een trainer suïcidepreventie",
                questions=["organisation", "role", "access_needs"],
            )
            masterclass.sessions = [
                MasterclassSession(title="Signalen herkennen", start=at(20, 13), end=at(20, 16)),
                MasterclassSession(title="Het gesprek voeren", start=at(27, 13), end=at(27, 16)),
            ]
            agenda.add_child(instance=masterclass)
            publish(masterclass)
            for n in range(1, 15):
                Registration.objects.create(
                    event=masterclass,
                    name=f"Deelnemer {n}",
                    email=f"deelnemer{n}@example.org",
                    organisation="Voorbeeldhogeschool",
                    status="confirmed" if n <= 12 else "waitlisted",
                )
        if not EventPage.objects.filter(slug="webinar-slaap-en-studie").exists():
            agenda.add_child(
                instance=EventPage(
                    title="Webinar: slaap en studie",
                    slug="webinar-slaap-en-studie",
                    kind="webinar",
                    intro="Een uur over wat slaap met studieresultaten en welzijn te maken heeft.",
                    start=at(10, 12),
                    end=at(10, 13),
                    online_url="https://example.org/webinar-slaap",
                    questions=["organisation"],
                )
            )
            publish(EventPage.objects.get(slug="webinar-slaap-en-studie"))
        if not EventPage.objects.filter(slug="inspiratiedag-studentenwelzijn").exists():
            agenda.add_child(
                instance=EventPage(
                    title="Inspiratiedag studentenwelzijn",
                    slug="inspiratiedag-studentenwelzijn",
                    kind="inspiratiedag",
                    intro="Een dag vol voorbeelden uit het hele land.",
                    start=at(-60, 10),
                    end=at(-60, 16),
                    venue="TivoliVredenburg, Utrecht",
                    capacity=200,
                )
            )
            publish(EventPage.objects.get(slug="inspiratiedag-studentenwelzijn"))

    def users(self):
        User = get_user_model()
        password = os.environ.get("DEMO_PASSWORD", "demo-wachtwoord")
        for username, full_name, group_name, superuser in DEMO_USERS:
            first, _, last = full_name.partition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "is_superuser": superuser,
                    "is_staff": superuser,
                },
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(f"Demo-logins (wachtwoord: {password}), beheer op /admin/:")
        for username, _full_name, group_name, _superuser in DEMO_USERS:
            self.stdout.write(f"  {username:18} {group_name or 'superuser'}")
