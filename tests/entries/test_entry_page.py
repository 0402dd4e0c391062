"""An entry page a reader can scan: every classification links to the listing that holds the entry, the
evidence level is a badge that says what it means, the quality frame a checklist, attachments say their type
and size, and a reference is ready to copy."""

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from entries.models import EntryAttachment, Organisatie, RelatedEntry
from entries.search import engine
from tests.factories import EntryFactory, publish
from tests.helpers import result_titles, soup


def test_every_classification_leads_to_a_listing_with_the_entry(client, site):
    entry = EntryFactory(
        index=site.index,
        title="Slaapcoach",
        soort="tool",
        thema=["preventie"],
        onderwerp=["slaap"],
        sector=["hbo"],
        uitgangspunt=["inclusief-studieklimaat"],
        evidence_level="procesevaluatie",
        licence="cc-by-sa-40",
    )
    EntryFactory(index=site.index, title="Iets anders", soort="onderzoek", thema=["transities"])
    facts = soup(client.get(entry.url)).select_one(".entry__facts")
    links = [link["href"] for link in facts.select("dd a") if "?" in link["href"]]  # not the licence's own terms
    links += [facts.select_one(".evidence__badge a")["href"]]
    params = {link.split("?")[1].split("=")[0] for link in links}
    assert params == {"soort", "thema", "onderwerp", "sector", "uitgangspunt", "onderbouwing", "licentie"}
    for link in links:
        assert result_titles(client.get(link)) == ["Slaapcoach"], link


def test_the_quality_frame_reads_as_a_badge_and_a_checklist(client, site):
    entry = EntryFactory(
        index=site.index, evidence_level="erkend", evidence_body="Erkenningscommissie", evaluated="loopt"
    )
    entry.accessibility = "volledig"
    entry.duration = "2 jaar"
    publish(entry)
    facts = soup(client.get(entry.url)).select_one(".entry__facts")
    assert "Onderbouwing: erkend" in facts.select_one(".evidence__badge").get_text(" ", strip=True)
    assert "onafhankelijke commissie" in facts.select_one(".evidence__meaning").get_text()
    items = [item.get_text(" ", strip=True) for item in facts.select(".checklist li")]
    assert items == [
        "deels: Een evaluatie loopt",
        "ja: Het materiaal is volledig digitaal toegankelijk",
        "Looptijd: 2 jaar",
    ]


def test_attachments_say_type_and_size_and_the_reference_is_ready(client, site):
    document = Document(title="Handreiking")
    document.file.save("handreiking.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 2048), save=False)
    document.save()
    entry = EntryFactory(index=site.index, title="Peer-mentoring", date="2024-03-01")
    Organisatie.objects.create(name="Hogeschool Utrecht", slug="hu", kind="hogeschool")
    entry.organisations.set(Organisatie.objects.filter(slug="hu"))
    entry.attachments = [EntryAttachment(document=document)]
    publish(entry)
    page = soup(client.get(entry.url))
    assert page.select_one(".attachments li").get_text(" ", strip=True) == "Handreiking (PDF, 2,0\xa0KB)"
    citation = page.select_one("#citation-text")
    assert citation.get_text(" ", strip=True) == (
        f"Hogeschool Utrecht. (2024). Peer-mentoring. Kennisbank Studentenwelzijn. {entry.full_url}"
    )
    assert citation.select_one("i").get_text() == "Peer-mentoring."  # APA sets the title in italics


def test_the_citation_without_organisation_names_no_site_as_author(client, site):
    """APA 7: without an author the title takes its place; the site is the publisher only, once."""
    entry = EntryFactory(index=site.index, title="Werkt dit?", date="2023-05-01")
    text = soup(client.get(entry.url)).select_one("#citation-text").get_text(" ", strip=True)
    assert text == f"Werkt dit? (2023). Kennisbank Studentenwelzijn. {entry.full_url}"
    assert text.count("Kennisbank Studentenwelzijn") == 1


def test_several_organisations_are_joined_as_apa_does(client, site):
    entry = EntryFactory(index=site.index, title="Samen", date="2022-01-01")
    for slug, name in (("a", "Hogeschool Utrecht"), ("b", "Universiteit Leiden"), ("c", "ISO")):
        Organisatie.objects.create(name=name, slug=slug, kind="hogeschool")
    entry.organisations.set(Organisatie.objects.filter(slug__in=["a", "b", "c"]).order_by("name"))
    publish(entry)
    text = soup(client.get(entry.url)).select_one("#citation-text").get_text(" ", strip=True)
    assert text.startswith("Hogeschool Utrecht, ISO, & Universiteit Leiden. (2022). Samen.")


def related_titles(client, entry):
    section = soup(client.get(entry.url)).select_one(".related")
    return [card.get_text(" ", strip=True) for card in section.select(".card__title")] if section else []


def test_related_entries_are_chosen_ones_first_then_the_most_shared_newest_first(client, site):
    entry = EntryFactory(
        index=site.index, title="Slaap en stress", thema=["preventie"], onderwerp=["slaap", "eenzaamheid"]
    )
    EntryFactory(index=site.index, title="Niets gedeeld", thema=["transities"], onderwerp=["middelengebruik"])
    EntryFactory(index=site.index, title="Een onderwerp, ouder", thema=["transities"], onderwerp=["slaap"])
    EntryFactory(index=site.index, title="Alles gedeeld", thema=["preventie"], onderwerp=["slaap", "eenzaamheid"])
    EntryFactory(index=site.index, title="Een onderwerp, nieuwer", thema=["transities"], onderwerp=["eenzaamheid"])
    EntryFactory(index=site.index, title="Concept met alles", thema=["preventie"], onderwerp=["slaap"], live=False)
    private = EntryFactory(index=site.index, title="Besloten met alles", thema=["preventie"], onderwerp=["slaap"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert related_titles(client, entry) == ["Alles gedeeld", "Een onderwerp, nieuwer", "Een onderwerp, ouder"]

    chosen = EntryFactory(index=site.index, title="Door de redactie gekozen", thema=["transities"])
    RelatedEntry.objects.create(page=entry, entry=chosen)
    publish(entry)
    assert related_titles(client, entry) == [
        "Door de redactie gekozen",
        "Alles gedeeld",
        "Een onderwerp, nieuwer",
        "Een onderwerp, ouder",
    ]


def test_related_entries_are_scored_among_the_newest_that_share_something(site):
    """The cost stays flat as the collection grows: only the newest SIMILAR_WINDOW candidates are scored."""
    entry = EntryFactory(index=site.index, title="Basis", thema=["preventie"], onderwerp=["slaap"])
    best_but_old = EntryFactory(index=site.index, title="Oud", thema=["preventie"], onderwerp=["slaap"])
    newer = [EntryFactory(index=site.index, title=f"Nieuw {n}", onderwerp=["slaap"]).pk for n in range(3)]
    shared = {"thema": [entry.themes.get().pk], "onderwerp": [entry.topics.get().pk]}
    assert engine.similar(shared, [entry.pk], 2) == [best_but_old.pk, newer[-1]]
    assert engine.similar(shared, [entry.pk], 2, window=3) == [newer[-1], newer[-2]]
    assert engine.similar({"thema": [], "onderwerp": []}, [entry.pk], 4) == []
