"""The public evidence-gap map (`/kennisbank/overzicht/`): two vocabularies crossed, each cell the number of
live entries the listing gives for that pair, from the same engine; empty cells invite a contribution."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from entries.listing.filters import FACET_LABELS, FACETS, vocabulary_terms
from entries.search import engine
from home.cache.pages import serve_canonical

# ?weergave= -> (rows, columns); the first is the default.
VIEWS = {
    "uitgangspunt-thema": ("uitgangspunt", "thema"),
    "thema-onderwerp": ("thema", "onderwerp"),
    "onderwerp-sector": ("onderwerp", "sector"),
    "onderwerp-onderbouwing": ("onderwerp", "onderbouwing"),
}
# What a contributor may pre-fill: never onderbouwing, which stays the moderators' judgement.
PREFILLABLE = {"thema", "onderwerp", "sector", "uitgangspunt"}


def cross(row_facet, column_facet, levels=True):
    """[(row slug, row name, [(column slug, column name, count, {level slug: count})])] in one engine statement;
    the breakdown by evidence level is left out when onderbouwing is one of the two axes (or not asked for)."""
    terms = vocabulary_terms()
    split = "onderbouwing" if levels and "onderbouwing" not in (row_facet, column_facet) else None
    pairs, splits = engine.crosstab(engine.Selection(), row_facet, column_facet, split)
    level_terms = terms["onderbouwing"] if split else []
    table = []
    for slug, name, pk in terms[row_facet]:
        cells = []
        for column_slug, column_name, column_pk in terms[column_facet]:
            breakdown = {level: splits.get((pk, column_pk, level_pk), 0) for level, _label, level_pk in level_terms}
            cells.append((column_slug, column_name, pairs.get((pk, column_pk), 0), breakdown))
        table.append((slug, name, cells))
    return table


def shade(count, highest):
    """0 for a gap, 1..4 for the share of the highest count (the cell's colour; the number is in the text)."""
    return 0 if not count else 1 + min(3, (4 * count - 1) // max(highest, 1))


def gap_map(request, index):
    view = request.GET.get("weergave") or next(iter(VIEWS))
    if view not in VIEWS:
        raise Http404
    redirect = serve_canonical(request, f"weergave={view}" if request.GET.get("weergave") else "")
    if redirect:
        return redirect
    row_facet, column_facet = VIEWS[view]
    table = cross(row_facet, column_facet)
    highest = max((count for _slug, _name, cells in table for _c, _n, count, _levels in cells), default=0)
    level_names = {slug: label for slug, label, _pk in vocabulary_terms()["onderbouwing"]}
    listing_url = index.url
    contribute_url = index.url + index.reverse_subpage("contribute").lstrip("/")
    rows = []
    for slug, name, cells in table:
        row_cells = []
        for column_slug, column_name, count, breakdown in cells:
            # In the listing's canonical order, so that the link needs no redirect and hits its cached page.
            pair = sorted([(row_facet, slug), (column_facet, column_slug)], key=lambda item: FACETS.index(item[0]))
            prefill = [(facet, value) for facet, value in pair if facet in PREFILLABLE]
            row_cells.append(
                {
                    "count": count,
                    "level": shade(count, highest),
                    "column": column_name,
                    # the evidence levels within the cell, strongest first, only those present
                    "levels": [(slug, level_names[slug], n) for slug, n in reversed(breakdown.items()) if n],
                    "url": f"{listing_url}?{urlencode(pair)}",
                    "contribute_url": f"{contribute_url}?{urlencode(prefill)}",
                }
            )
        rows.append({"slug": slug, "name": name, "cells": row_cells})
    columns = [(column[0], column[1]) for column in table[0][2]] if table else []
    return TemplateResponse(
        request,
        "entries/overview.html",
        {
            "page": index,
            "self": index,
            "views": [(key, f"{FACET_LABELS[r]} × {FACET_LABELS[c]}") for key, (r, c) in VIEWS.items()],
            "view": view,
            "row_label": FACET_LABELS[row_facet],
            "column_label": FACET_LABELS[column_facet],
            "columns": columns,
            "rows": rows,
            "levels": [] if "onderbouwing" in (row_facet, column_facet) else list(level_names.items())[::-1],
            "title": _("Kennisoverzicht"),
        },
    )
