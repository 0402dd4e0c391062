"""OAI-PMH at /oai/, harvested by an independent client (oaipmh-scythe) through a real server, in both formats,
with small pages so that resumption is used; every error code; tombstones; NL LOM's required elements."""

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from oaipmh_scythe import Scythe
from wagtail.models import PageViewRestriction

from entries.models import EntryPage, OaiRecord
from tests.factories import EntryFactory, build_site
from tests.helpers import sitemap_text

OAI = "{http://www.openarchives.org/OAI/2.0/}"
LOM = "{http://www.imsglobal.org/xsd/imsmd_v1p2}"
# The elements NL LOM requires (docs/oai-pmh.md), as paths below <lom>.
LOM_REQUIRED = [
    "general/title/langstring",
    "general/catalogentry/catalog",
    "general/catalogentry/entry/langstring",
    "general/language",
    "metametadata/metadatascheme",
    "technical/format",
    "technical/location",
    "educational/learningresourcetype/value/langstring",
    "educational/context/value/langstring",
    "rights/cost/value/langstring",
    "rights/copyrightandotherrestrictions/value/langstring",
]


def world(site):
    live = [
        EntryFactory(
            index=site.index,
            title=f"Item {n} over slaap",
            soort="onderzoek" if n % 2 else "handreiking",
            thema=["preventie"],
            sector=["hbo", "wo"],
            licence="cc-by-40" if n == 1 else "onbekend",
        )
        for n in range(1, 6)
    ]
    EntryFactory(index=site.index, title="Concept", live=False)
    private = EntryFactory(index=site.index, title="Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return live, private


def harvest(base, prefix, **kwargs):
    with Scythe(f"{base}/oai/") as scythe:
        return list(scythe.list_records(metadata_prefix=prefix, **kwargs))


def ids_of(records):
    return [int(record.header.identifier.rsplit(":", 1)[1]) for record in records]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_harvester_gets_exactly_the_live_public_entries_in_both_formats_page_by_page(live_server, settings):
    settings.OAI_PAGE_SIZE = 2
    site = build_site()
    live, private = world(site)
    for prefix in ("oai_dc", "lom"):
        records = harvest(live_server.url, prefix)
        present = [record for record in records if not record.deleted]
        assert sorted(ids_of(present)) == sorted(entry.pk for entry in live), prefix
        # The private entry was public for a moment when it was published: a tombstone, without metadata.
        assert ids_of([record for record in records if record.deleted]) == [private.pk]
    identifiers = [record.header.identifier for record in harvest(live_server.url, "oai_dc", ignore_deleted=True)]
    assert all(re.fullmatch(r"oai:kennisbank-studentenwelzijn\.nl:entry:\d+", i) for i in identifiers)
    assert "127.0.0.1" not in " ".join(identifiers)

    for record in harvest(live_server.url, "lom", ignore_deleted=True):
        lom = record.xml.find(f".//{LOM}lom")
        assert lom is not None
        for path in LOM_REQUIRED:
            assert lom.find("/".join(f"{LOM}{part}" for part in path.split("/"))) is not None, path
        contexts = [e.text for e in lom.iterfind(f"{LOM}educational/{LOM}context/{LOM}value/{LOM}langstring")]
        assert sorted(contexts) == ["HBO", "WO"]
    first = EntryPage.objects.get(pk=live[0].pk)
    [dc] = [r for r in harvest(live_server.url, "oai_dc", ignore_deleted=True) if ids_of([r]) == [first.pk]]
    assert dc.metadata["title"] == [first.title] and dc.metadata["rights"] == [
        "https://creativecommons.org/licenses/by/4.0/"
    ]
    # Sets per soort and per thema, with their parents.
    assert sorted(ids_of(harvest(live_server.url, "oai_dc", set_="soort:onderzoek", ignore_deleted=True))) == sorted(
        entry.pk for entry in live if entry.entry_type.slug == "onderzoek"
    )
    assert len(harvest(live_server.url, "oai_dc", set_="thema", ignore_deleted=True)) == 5
    with Scythe(f"{live_server.url}/oai/") as scythe:
        specs = {item.setSpec for item in scythe.list_sets()}
        assert {"soort", "thema", "soort:onderzoek", "thema:preventie"} <= specs
        assert scythe.identify().granularity == "YYYY-MM-DD"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_during_a_harvest_neither_skips_nor_repeats(live_server, settings):
    settings.OAI_PAGE_SIZE = 2
    site = build_site()
    live, _private = world(site)
    with Scythe(f"{live_server.url}/oai/") as scythe:
        iterator = scythe.list_identifiers(metadata_prefix="oai_dc", ignore_deleted=True)
        seen = [next(iterator).identifier for _n in range(3)]
        # Meanwhile an editor republishes one already harvested and publishes a new one.
        EntryPage.objects.get(pk=live[0].pk).save_revision().publish()
        new = EntryFactory(index=site.index, title="Nieuw tijdens de oogst")
        seen += [header.identifier for header in iterator]
    numbers = [int(identifier.rsplit(":", 1)[1]) for identifier in seen]
    assert len(numbers) == len(set(numbers))
    assert set(numbers) == {entry.pk for entry in live} | {new.pk}


def oai(client, **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200 and response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def error_code(tree):
    error = tree.find(f"{OAI}error")
    return error.get("code") if error is not None else None


def test_unpublished_restricted_and_deleted_entries_become_persistent_tombstones(client, site):
    live, private = world(site)
    gone, restricted, deleted = live[0], live[1], live[2]
    EntryPage.objects.get(pk=gone.pk).unpublish()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    EntryPage.objects.get(pk=deleted.pk).delete()
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="lom")
    headers = {int(h.find(f"{OAI}identifier").text.rsplit(":", 1)[1]): h for h in tree.iter(f"{OAI}header")}
    assert {pk for pk, h in headers.items() if h.get("status") == "deleted"} == {
        gone.pk,
        restricted.pk,
        deleted.pk,
        private.pk,  # public for a moment when it was published, then restricted
    }
    record = oai(
        client,
        verb="GetRecord",
        metadataPrefix="oai_dc",
        identifier=f"oai:kennisbank-studentenwelzijn.nl:entry:{deleted.pk}",
    )
    assert record.find(f".//{OAI}header").get("status") == "deleted" and record.find(f".//{OAI}metadata") is None
    identify = oai(client, verb="Identify")
    assert identify.find(f".//{OAI}deletedRecord").text == "persistent"
    # The read API, the sitemap and the endpoint agree on the live entries.
    live_count = OaiRecord.objects.filter(deleted=False).count()
    assert live_count == client.get("/api/v2/kennisbank/").json()["meta"]["total_count"] == 2
    sitemap = sitemap_text(client)
    assert sum(f"/kennisbank/{entry.slug}/" in sitemap for entry in live) == live_count


def test_every_error_the_protocol_names_has_its_code(client, site, settings):
    world(site)
    entry = EntryPage.objects.live().first()
    known = f"oai:kennisbank-studentenwelzijn.nl:entry:{entry.pk}"
    cases = [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-12-01T00:00:00Z"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2027-01-02", "until": "2027-01-01"},
            "badArgument",
        ),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elders:entry:1"}, "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:x"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "thema:bestaat-niet"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "vervalst"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "lom", "identifier": known}, None),
    ]
    for params, code in cases:
        assert error_code(oai(client, **params)) == code, params
    repeated = etree.fromstring(client.get("/oai/?verb=Identify&verb=Identify").content)
    assert error_code(repeated) == "badArgument" and repeated.find(f"{OAI}request").attrib == {}
    # POST without a CSRF token (harvesters have none), and the same answer.
    strict = Client(enforce_csrf_checks=True)
    posted = strict.post("/oai/", {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": known})
    assert posted.status_code == 200 and entry.title in posted.content.decode()
    assert "no-cache" in posted["Cache-Control"]


def test_an_expired_resumption_token_says_so(client, site, settings):
    import time

    world(site)
    settings.OAI_PAGE_SIZE = 2
    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").find(f".//{OAI}resumptionToken")
    assert token.get("completeListSize") == "6" and token.get("cursor") == "0" and token.get("expirationDate")
    nxt = oai(client, verb="ListIdentifiers", resumptionToken=token.text).find(f".//{OAI}resumptionToken")
    assert nxt.get("cursor") == "2"
    settings.OAI_TOKEN_HOURS = 0
    time.sleep(1.1)
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token.text)) == "badResumptionToken"


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken", "x"]),
        st.one_of(
            st.sampled_from(["ListRecords", "ListIdentifiers", "GetRecord", "Identify", "ListSets", "lom", "oai_dc"]),
            st.text(max_size=30),
        ),
    )
)
def test_any_arguments_get_well_formed_xml_never_a_server_error(client, site, params):
    response = client.get("/oai/", params)
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    assert tree.tag == f"{OAI}OAI-PMH"


def test_xml_stays_well_formed_with_control_characters_in_an_entry(client, site):
    entry = EntryFactory(index=site.index, title="Titel", intro="Samen\x0bvatting met \x01 tekens & <tags>")
    tree = oai(
        client,
        verb="GetRecord",
        metadataPrefix="lom",
        identifier=f"oai:kennisbank-studentenwelzijn.nl:entry:{entry.pk}",
    )
    description = tree.find(f".//{LOM}general/{LOM}description/{LOM}langstring")
    assert description.text == "Samenvatting met  tekens & <tags>"


def test_a_page_of_records_costs_the_same_queries_for_few_and_many_entries(client, site, settings):
    """No query per record: a page of 2 and a page of 8 records cost the same (pinned)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(verb):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/oai/", {"verb": verb, "metadataPrefix": "lom"})
        assert response.status_code == 200
        return len(queries)

    for n in range(2):
        EntryFactory(index=site.index, title=f"Eerst {n}", thema=["preventie"], sector=["hbo"])
    cost("ListRecords")  # the site's root paths, once per process
    few = {verb: cost(verb) for verb in ("ListRecords", "ListIdentifiers")}
    for n in range(6):
        EntryFactory(index=site.index, title=f"Daarna {n}", thema=["preventie"], sector=["wo"], organisatie=())
    cost("ListRecords")  # the publications moved the generation on: the Site is read again, once
    many = {verb: cost(verb) for verb in ("ListRecords", "ListIdentifiers")}
    assert few == many
    assert many["ListIdentifiers"] <= 4 and many["ListRecords"] <= 8, many
