"""Factories for pages and snippets. Pages are added to the tree and published, as an editor would."""

from dataclasses import dataclass
from datetime import timedelta

import factory
from django.utils import timezone
from wagtail.models import Page, Site

from entries.models import EntryIndexPage, EntryPage, Onderwerp, Organisatie, Sector, Soort, Thema, Uitgangspunt
from home.models import HomePage, StandardPage
from network.models import EventIndexPage, EventPage, MasterclassPage, MasterclassSession, NetworkPage


@dataclass
class SiteTree:
    home: HomePage
    index: EntryIndexPage
    network: NetworkPage
    agenda: EventIndexPage
    about: StandardPage


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_site():
    root = Page.get_first_root_node()
    for page in root.get_children():
        Site.objects.filter(root_page=page).update(root_page=root)
        page.delete()
    root.refresh_from_db()
    home = publish(root.add_child(instance=HomePage(title="Kennisbank Studentenwelzijn", slug="home", intro="Welkom")))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "KB"}
    )
    about = publish(
        home.add_child(
            instance=StandardPage(
                title="Over de kennisbank",
                slug="over-de-kennisbank",
                intro="Wat de kennisbank is",
                body=[("paragraph", "<p>De redactie bekijkt elk item.</p>")],
            )
        )
    )
    index = publish(home.add_child(instance=EntryIndexPage(title="Kennisbank", slug="kennisbank")))
    network = publish(home.add_child(instance=NetworkPage(title="Netwerk", slug="netwerk")))
    agenda = publish(network.add_child(instance=EventIndexPage(title="Agenda", slug="agenda")))
    return SiteTree(home=home, index=index, network=network, agenda=agenda, about=about)


def existing_site():
    """The tree build_site() made, read back (specific pages), or None when it is not there."""
    home = HomePage.objects.filter(depth=2, slug="home").first()
    if home is None:
        return None
    children = {page.slug: page for page in home.get_children().specific()}
    network = children.get("netwerk")
    agenda = EventIndexPage.objects.child_of(network).filter(slug="agenda").first() if network else None
    parts = (children.get("kennisbank"), network, agenda, children.get("over-de-kennisbank"))
    if None in parts or len(children) != 3 or agenda.get_children().exists() or parts[0].get_children().exists():
        return None
    return SiteTree(home=home, index=parts[0], network=network, agenda=agenda, about=parts[3])


def term(model, slug):
    return model.objects.get(slug=slug)


class EntryFactory(factory.Factory):
    """EntryFactory(index=..., soort="onderzoek", thema=[...], onderwerp=[...], ...) -> a published entry."""

    class Meta:
        model = EntryPage

    title = factory.Sequence(lambda n: f"Item {n}")
    slug = factory.Sequence(lambda n: f"item-{n}")
    intro = "Een korte samenvatting."
    evidence_level = "niet-geevalueerd"

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        index,
        soort="onderzoek",
        thema=(),
        onderwerp=(),
        sector=(),
        uitgangspunt=(),
        organisatie=(),
        live=True,
        **kwargs,
    ):
        entry = model_class(entry_type=Soort.objects.get(slug=soort), **kwargs)
        index.add_child(instance=entry)
        entry.themes.set(Thema.objects.filter(slug__in=thema))
        entry.topics.set(Onderwerp.objects.filter(slug__in=onderwerp))
        entry.sectors.set(Sector.objects.filter(slug__in=sector))
        entry.principles.set(Uitgangspunt.objects.filter(slug__in=uitgangspunt))
        entry.organisations.set(Organisatie.objects.filter(slug__in=organisatie))
        revision = entry.save_revision()
        if live:
            revision.publish()
        else:
            EntryPage.objects.filter(pk=entry.pk).update(live=False)
        entry.refresh_from_db()
        return entry


class EventFactory(factory.Factory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    slug = factory.Sequence(lambda n: f"bijeenkomst-{n}")
    kind = "bijeenkomst"
    venue = "Utrecht"
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    capacity = 10
    waiting_list = True

    @classmethod
    def _create(cls, model_class, *args, agenda, **kwargs):
        event = model_class(**kwargs)
        agenda.add_child(instance=event)
        return publish(event)


class MasterclassFactory(EventFactory):
    class Meta:
        model = MasterclassPage

    kind = "masterclass"

    @classmethod
    def _create(cls, model_class, *args, agenda, sessions=2, **kwargs):
        page = model_class(**kwargs)
        page.sessions = [
            MasterclassSession(
                title=f"Sessie {n}",
                start=kwargs["start"] + timedelta(days=7 * n),
                end=kwargs["start"] + timedelta(days=7 * n, hours=2),
            )
            for n in range(sessions)
        ]
        agenda.add_child(instance=page)
        return publish(page)
