"""An entry as OAI-PMH metadata: Dublin Core (`oai_dc`, required by the protocol) and NL LOM (`lom`, the Dutch
profile of IEEE LOM in its IMS-MD 1.2 XML binding, as Edurep harvests it). docs/oai-pmh.md maps every field."""

import re
from xml.etree.ElementTree import SubElement

from django.conf import settings

from entries.models.pages import LICENCE_URLS

XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
LOM = "http://www.imsglobal.org/xsd/imsmd_v1p2"
FORMATS = {
    "oai_dc": (OAI_DC, "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
    "lom": (LOM, "http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd"),
}
LOM_SOURCE = "LOMv1.0"
# NL LOM vocabularies (EduStandaard): the licence (6.2), the educational context (5.6).
LICENCE_SOURCE = "https://purl.edustandaard.nl/copyrightsandotherrestrictions_nllom_20180530"
CONTEXT_SOURCE = "http://purl.edustandaard.nl/vdex_context_czp_20060628.xml"
CONTEXTS = {"wo": "WO", "hbo": "HBO", "mbo": "BVE", "vo": "VO", "po": "PO"}
# Our licences in NL LOM's vocabulary: the CC licences by name; all rights reserved is "yes" (copyright applies).
LICENCE_VALUES = {
    "cc-by-40": "cc-by-40",
    "cc-by-sa-40": "cc-by-sa-40",
    "cc-by-nc-40": "cc-by-nc-40",
    "cc0-10": "cc0-10",
    "alle-rechten-voorbehouden": "yes",
    "onbekend": "unknown",
}


# Characters XML 1.0 does not allow (a control character in an intro would make the whole response unreadable).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    return NOT_IN_XML.sub("", str(value))


def _text(parent, tag, text, **attributes):
    element = SubElement(parent, tag, attributes)
    element.text = xml_text(text)
    return element


def _dated(entry):
    moment = entry.date or (entry.first_published_at.date() if entry.first_published_at else None)
    return moment.isoformat() if moment else ""


# -- Dublin Core --------------------------------------------------------------------------------------------


def oai_dc(parent, entry, url):
    root = SubElement(
        parent,
        f"{{{OAI_DC}}}dc",
        {f"{{{XSI}}}schemaLocation": f"{OAI_DC} {FORMATS['oai_dc'][1]}"},
    )
    _text(root, f"{{{DC}}}title", entry.title)
    for organisation in entry.organisations.all():
        _text(root, f"{{{DC}}}creator", organisation.name)
    for term in [*entry.themes.all(), *entry.topics.all()]:
        _text(root, f"{{{DC}}}subject", term.name)
    if entry.intro:
        _text(root, f"{{{DC}}}description", entry.intro)
    _text(root, f"{{{DC}}}publisher", settings.WAGTAIL_SITE_NAME)
    if _dated(entry):
        _text(root, f"{{{DC}}}date", _dated(entry))
    if entry.entry_type:
        _text(root, f"{{{DC}}}type", entry.entry_type.name)
    _text(root, f"{{{DC}}}format", "text/html")
    _text(root, f"{{{DC}}}identifier", url)
    if entry.external_url:
        _text(root, f"{{{DC}}}source", entry.external_url)
    _text(root, f"{{{DC}}}language", entry.language)
    _text(root, f"{{{DC}}}rights", LICENCE_URLS.get(entry.licence) or entry.get_licence_display())
    for sector in entry.sectors.all():
        _text(root, f"{{{DC}}}coverage", sector.name)
    return root


# -- NL LOM -------------------------------------------------------------------------------------------------


def _lom(parent, tag):
    return SubElement(parent, f"{{{LOM}}}{tag}")


def _langstring(parent, tag, text, language="x-none"):
    element = _lom(parent, tag)
    _text(element, f"{{{LOM}}}langstring", text, **{"{http://www.w3.org/XML/1998/namespace}lang": language})
    return element


def _vocabulary(parent, tag, source, value):
    element = _lom(parent, tag)
    _langstring(element, "source", source)
    _langstring(element, "value", value)
    return element


def _vcard(name):
    escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nORG:{escaped}\nEND:VCARD"


def _contribute(parent, role, name, date):
    contribute = _lom(parent, "contribute")
    _vocabulary(contribute, "role", LOM_SOURCE, role)
    centity = _lom(contribute, "centity")
    _text(centity, f"{{{LOM}}}vcard", _vcard(name))
    if date:
        _text(_lom(contribute, "date"), f"{{{LOM}}}datetime", date)


def lom(parent, entry, url, identifier):
    language = entry.language or "nl"
    root = SubElement(parent, f"{{{LOM}}}lom", {f"{{{XSI}}}schemaLocation": f"{LOM} {FORMATS['lom'][1]}"})

    general = _lom(root, "general")
    _langstring(general, "title", entry.title, language)
    catalogentry = _lom(general, "catalogentry")
    _text(catalogentry, f"{{{LOM}}}catalog", f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}")
    _langstring(catalogentry, "entry", identifier)
    _text(general, f"{{{LOM}}}language", language)
    if entry.intro:
        _langstring(general, "description", entry.intro, language)
    for term in [*entry.themes.all(), *entry.topics.all()]:
        _langstring(general, "keyword", term.name, language)
    _vocabulary(general, "aggregationlevel", LOM_SOURCE, "2")

    lifecycle = _lom(root, "lifecycle")
    for organisation in entry.organisations.all():
        _contribute(lifecycle, "author", organisation.name, _dated(entry))
    published = entry.first_published_at.date().isoformat() if entry.first_published_at else ""
    _contribute(lifecycle, "publisher", settings.WAGTAIL_SITE_NAME, published)

    metametadata = _lom(root, "metametadata")
    _text(metametadata, f"{{{LOM}}}metadatascheme", "LOMv1.0")
    _text(metametadata, f"{{{LOM}}}metadatascheme", "nl_lom_v1p0")
    _text(metametadata, f"{{{LOM}}}language", "nl")

    technical = _lom(root, "technical")
    _text(technical, f"{{{LOM}}}format", "text/html")
    _text(technical, f"{{{LOM}}}location", url)

    educational = _lom(root, "educational")
    _vocabulary(educational, "learningresourcetype", LOM_SOURCE, "narrative text")
    _vocabulary(educational, "intendedenduserrole", LOM_SOURCE, "teacher")
    for sector in entry.sectors.all():
        if sector.slug in CONTEXTS:
            _vocabulary(educational, "context", CONTEXT_SOURCE, CONTEXTS[sector.slug])

    rights = _lom(root, "rights")
    _vocabulary(rights, "cost", LOM_SOURCE, "no")
    _vocabulary(rights, "copyrightandotherrestrictions", LICENCE_SOURCE, LICENCE_VALUES.get(entry.licence, "unknown"))
    _langstring(rights, "description", LICENCE_URLS.get(entry.licence) or str(entry.get_licence_display()))

    if entry.external_url:
        relation = _lom(root, "relation")
        _vocabulary(relation, "kind", LOM_SOURCE, "isbasedon")
        resource = _lom(relation, "resource")
        _langstring(resource, "description", entry.external_url)

    for vocabulary, terms in (("thema", entry.themes.all()), ("onderwerp", entry.topics.all())):
        if not terms:
            continue
        classification = _lom(root, "classification")
        _vocabulary(classification, "purpose", LOM_SOURCE, "discipline")
        for term in terms:  # one path per term: the vocabularies are flat
            taxonpath = _lom(classification, "taxonpath")
            _langstring(taxonpath, "source", f"{settings.PUBLIC_BASE_URL}/kennisbank/?{vocabulary}")
            taxon = _lom(taxonpath, "taxon")
            _text(taxon, f"{{{LOM}}}id", term.slug)
            _langstring(taxon, "entry", term.name, "nl")
    return root


def write(metadata_prefix, parent, entry, url, identifier):
    if metadata_prefix == "lom":
        return lom(parent, entry, url, identifier)
    return oai_dc(parent, entry, url)
