"""OAI-PMH 2.0 at `/oai/` (GET and POST, no CSRF token: harvesters have none): the six verbs, `oai_dc` and NL LOM
(`lom`), sets per soort and per thema, day granularity, persistent deleted records.

Records come from the record table beside the search rows (entries/models/exchange.py), so a publish, an
unpublish, a restriction or a vocabulary rename gives a new datestamp, and an entry that is gone stays as a
tombstone. A list is ordered by entry id and a resumption token carries the last id it returned (signed, with its
expiry): a publish in between never makes a harvest skip or repeat a record. Never in the page cache."""

import re
from datetime import UTC, datetime, time, timedelta
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from entries.catalogue.vocabularies import BY_PARAM
from entries.exchange import metadata
from entries.models.exchange import OaiRecord
from entries.models.pages import EntryPage
from home.site.public_urls import public_url
from home.text import single_line
from home.tokens import as_id

OAI = "http://www.openarchives.org/OAI/2.0/"
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)?")
RESUMPTION_SALT = "entries.exchange.oai"
SET_FACETS = ("soort", "thema")
RELATIONS = ("themes", "topics", "sectors", "organisations")


# The prefixes the answers use (once, at start-up).
for _prefix, _uri in (("", OAI), ("oai_dc", metadata.OAI_DC), ("dc", metadata.DC), ("xsi", metadata.XSI)):
    register_namespace(_prefix, _uri)
register_namespace("lom", metadata.LOM)


class OaiError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def base_url():
    return public_url("/oai/")


def identifier_of(entry_id):
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:entry:{entry_id}"


def entry_id_of(identifier):
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:entry:"
    return as_id(identifier[len(prefix) :]) if identifier.startswith(prefix) else None


def _stamp(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


# -- the request --------------------------------------------------------------------------------------------


def _arguments(request):
    data = request.POST if request.method == "POST" else request.GET
    arguments = {}
    for key, values in data.lists():
        if len(values) > 1:
            raise OaiError("badArgument", f"Argument {single_line(key)[:40]} is repeated.")
        arguments[key] = values[0]
    return arguments


def _check(verb, arguments):
    if verb not in VERBS:
        raise OaiError("badVerb", "Illegal or missing verb.")
    given = set(arguments) - {"verb"}
    if "resumptionToken" in given:
        if given != {"resumptionToken"} or verb not in ("ListIdentifiers", "ListRecords", "ListSets"):
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        return
    required, optional = VERBS[verb]
    if given - required - optional:
        raise OaiError("badArgument", "Illegal argument: " + ", ".join(sorted(single_line(g)[:40] for g in given)))
    if required - given:
        raise OaiError("badArgument", "Missing argument: " + ", ".join(sorted(required - given)))


def _day(value, end=False):
    if not DAY.fullmatch(value):
        raise OaiError("badArgument", "Dates are days: YYYY-MM-DD.")
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as error:
        raise OaiError("badArgument", "Not a date.") from error
    moment = datetime.combine(day, time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if end else moment


def _format(prefix):
    if prefix not in metadata.FORMATS:
        raise OaiError("cannotDisseminateFormat", "Formats: oai_dc, lom.")
    return prefix


# -- the answer ---------------------------------------------------------------------------------------------


def _envelope(verb, arguments):
    root = Element(
        f"{{{OAI}}}OAI-PMH",
        {f"{{{metadata.XSI}}}schemaLocation": f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"},
    )
    SubElement(root, f"{{{OAI}}}responseDate").text = timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    request = SubElement(
        root, f"{{{OAI}}}request", {k: metadata.xml_text(v) for k, v in arguments.items()} if verb else {}
    )
    request.text = base_url()
    return root


def _xml(root):
    body = tostring(root, encoding="unicode")
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="text/xml; charset=utf-8")


def _sub(parent, tag, text=None, **attributes):
    element = SubElement(parent, f"{{{OAI}}}{tag}", attributes)
    if text is not None:
        element.text = metadata.xml_text(text)
    return element


def _header(parent, record):
    header = _sub(parent, "header", **({"status": "deleted"} if record.deleted else {}))
    _sub(header, "identifier", identifier_of(record.entry_id))
    _sub(header, "datestamp", _stamp(record.datestamp))
    for spec in record.set_specs.split():
        _sub(header, "setSpec", spec)
    return header


def _entries(ids):
    entries = EntryPage.objects.live().public().filter(pk__in=ids).select_related("entry_type")
    return {entry.pk: entry for entry in entries.prefetch_related(*RELATIONS)}


def _record(parent, record, entry, prefix):
    element = _sub(parent, "record")
    if entry is None and not record.deleted:  # no longer live a moment ago: the tombstone is on its way
        record.deleted = True
    _header(element, record)
    if not record.deleted:
        holder = _sub(element, "metadata")
        metadata.write(prefix, holder, entry, entry.get_full_url(), identifier_of(record.entry_id))


# -- the verbs ----------------------------------------------------------------------------------------------


def identify(root, arguments):
    body = _sub(root, "Identify")
    _sub(body, "repositoryName", settings.WAGTAIL_SITE_NAME)
    _sub(body, "baseURL", base_url())
    _sub(body, "protocolVersion", "2.0")
    _sub(body, "adminEmail", settings.OAI_ADMIN_EMAIL)
    earliest = OaiRecord.objects.order_by("datestamp").values_list("datestamp", flat=True).first()
    _sub(body, "earliestDatestamp", _stamp(earliest or timezone.now()))
    _sub(body, "deletedRecord", "persistent")
    _sub(body, "granularity", "YYYY-MM-DD")
    description = _sub(body, "description")

    scheme = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    oai_identifier = SubElement(
        description,
        f"{{{scheme}}}oai-identifier",
        {f"{{{metadata.XSI}}}schemaLocation": f"{scheme} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"},
    )
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", settings.OAI_REPOSITORY_IDENTIFIER),
        ("delimiter", ":"),
        ("sampleIdentifier", identifier_of(1)),
    ):
        SubElement(oai_identifier, f"{{{scheme}}}{tag}").text = text


def list_metadata_formats(root, arguments):
    if "identifier" in arguments:
        entry_id = entry_id_of(arguments["identifier"])
        if entry_id is None or not OaiRecord.objects.filter(entry_id=entry_id).exists():
            raise OaiError("idDoesNotExist", "No such record.")
    body = _sub(root, "ListMetadataFormats")
    for prefix, (namespace, schema) in metadata.FORMATS.items():
        item = _sub(body, "metadataFormat")
        _sub(item, "metadataPrefix", prefix)
        _sub(item, "schema", schema)
        _sub(item, "metadataNamespace", namespace)


def _sets():
    found = [("soort", str(BY_PARAM["soort"].label)), ("thema", str(BY_PARAM["thema"].label))]
    for facet in SET_FACETS:
        model = BY_PARAM[facet].model
        found += [
            (f"{facet}:{slug}", name)
            for slug, name in model.objects.order_by("sort_order", "name").values_list("slug", "name")
        ]
    return found


def list_sets(root, arguments):
    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "Sets come in one list.")
    body = _sub(root, "ListSets")
    for spec, name in _sets():
        item = _sub(body, "set")
        _sub(item, "setSpec", spec)
        _sub(item, "setName", name)


def get_record(root, arguments):
    prefix = _format(arguments["metadataPrefix"])
    entry_id = entry_id_of(arguments["identifier"])
    record = OaiRecord.objects.filter(entry_id=entry_id).first() if entry_id is not None else None
    if record is None:
        raise OaiError("idDoesNotExist", "No such record.")
    body = _sub(root, "GetRecord")
    _record(body, record, _entries([record.entry_id]).get(record.entry_id), prefix)


def _selection(arguments):
    """(prefix, set, from, until, after id) from the arguments or from a resumption token."""
    if "resumptionToken" in arguments:
        try:
            state = signing.loads(
                arguments["resumptionToken"], salt=RESUMPTION_SALT, max_age=settings.OAI_TOKEN_HOURS * 3600
            )
        except signing.BadSignature as error:  # forged, damaged or expired
            raise OaiError("badResumptionToken", "The resumption token is invalid or has expired.") from error
        return state["p"], state["s"], state["f"], state["u"], state["a"], state["c"]
    prefix = _format(arguments["metadataPrefix"])
    spec = arguments.get("set", "")
    if spec and not SET_SPEC.fullmatch(spec):
        raise OaiError("badArgument", "Not a setSpec.")
    start, end = arguments.get("from", ""), arguments.get("until", "")
    if start and end and len(start) == len(end) and _day(start) > _day(end):
        raise OaiError("badArgument", "from is after until.")
    for value in (start, end):
        if value:
            _day(value)
    return prefix, spec, start, end, 0, 0


def _records(spec, start, end):
    records = OaiRecord.objects.all()
    if spec:
        records = records.filter(set_specs__contains=f" {spec} " if ":" in spec else f" {spec}:")
    if start:
        records = records.filter(datestamp__gte=_day(start))
    if end:
        records = records.filter(datestamp__lt=_day(end, end=True))
    return records


def list_records(root, arguments, verb):
    prefix, spec, start, end, after, cursor = _selection(arguments)
    records = _records(spec, start, end)
    size = settings.OAI_PAGE_SIZE
    page = list(records.filter(entry_id__gt=after).order_by("entry_id")[: size + 1])
    if not page:
        if "resumptionToken" in arguments:
            raise OaiError("badResumptionToken", "Nothing left after this token.")
        raise OaiError("noRecordsMatch", "No records match.")
    more, page = len(page) > size, page[:size]
    body = _sub(root, verb)
    wanted = [record.entry_id for record in page if not record.deleted]
    if verb == "ListRecords":
        entries = _entries(wanted)
        for record in page:
            _record(body, record, entries.get(record.entry_id), prefix)
    else:
        alive = set(EntryPage.objects.live().public().filter(pk__in=wanted).values_list("pk", flat=True))
        for record in page:
            record.deleted = record.deleted or record.entry_id not in alive  # gone a moment ago
            _header(body, record)
    if more or "resumptionToken" in arguments:
        total = records.count()
        expires = timezone.now() + timedelta(hours=settings.OAI_TOKEN_HOURS)
        state = {"p": prefix, "s": spec, "f": start, "u": end, "a": page[-1].entry_id, "c": cursor + len(page)}
        _sub(
            body,
            "resumptionToken",
            signing.dumps(state, salt=RESUMPTION_SALT, compress=True) if more else "",
            completeListSize=str(total),
            cursor=str(cursor),
            **({"expirationDate": expires.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")} if more else {}),
        )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST", "HEAD"])
def endpoint(request):
    try:
        arguments = _arguments(request)
        verb = arguments.get("verb", "")
        _check(verb, arguments)
    except OaiError as error:
        root = _envelope("", {})
        _sub(root, "error", error.message, code=error.code)
        return _xml(root)
    root = _envelope(verb, {key: single_line(value)[:500] for key, value in arguments.items()})
    try:
        if verb in ("ListIdentifiers", "ListRecords"):
            list_records(root, arguments, verb)
        else:
            {
                "Identify": identify,
                "ListMetadataFormats": list_metadata_formats,
                "ListSets": list_sets,
                "GetRecord": get_record,
            }[verb](root, arguments)
    except OaiError as error:
        # After badVerb and badArgument the request element carries no arguments (the protocol, 3.6).
        shown = {} if error.code in ("badVerb", "badArgument") else arguments
        root = _envelope(verb if shown else "", {key: single_line(value)[:500] for key, value in shown.items()})
        _sub(root, "error", error.message, code=error.code)
    return _xml(root)
