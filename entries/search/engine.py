"""The query engine: a selection of facets, words and a sort, answered inside the database.

Within a facet the chosen options are OR, between facets AND; each option's count is the number of
results when exactly that option is chosen in its facet and everything else stays. All counts and the
total come from one query; a page of ids from a second. PostgreSQL matches words with a GIN-indexed
`tsvector` (Dutch stemming, prefix on the last word) and filters facets with GIN-indexed id arrays;
SQLite runs the same statements over JSON arrays and weight-tagged stems. To move the text part to a
search server (OpenSearch, Elasticsearch), replace `_TextSql` and keep the rest.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction

from ..models import EntrySearchRow
from .text import stem

TABLE = EntrySearchRow._meta.db_table
FACETS = EntrySearchRow.facet_columns()
ORDERS = {
    "nieuwste": "r.sort_date DESC, r.published_at DESC, r.page_id DESC",
    "oudste": "r.sort_date ASC, r.published_at ASC, r.page_id ASC",
    "titel": "r.title_key ASC, r.page_id ASC",
    "gepubliceerd": "r.published_at DESC, r.page_id DESC",
    "relevantie": "rank DESC, r.sort_date DESC, r.published_at DESC, r.page_id DESC",
}
# Relevance ranks at most this many matches (the newest); beyond them results follow by date, so that
# a word found in most of the collection does not make every request rank the whole collection.
RANK_WINDOW = 2_000


@dataclass(frozen=True)
class Selection:
    """Validated parameters: {facet: (term ids…)} with only non-empty facets, query words, a sort."""

    facets: dict = field(default_factory=dict)
    words: tuple = ()
    sort: str = "nieuwste"
    published_after: object = None  # alerts: only entries first published in a period
    published_before: object = None

    def without(self, facet):
        return Selection(
            {name: ids for name, ids in self.facets.items() if name != facet},
            self.words,
            self.sort,
            self.published_after,
            self.published_before,
        )


@dataclass
class Counts:
    total: int
    options: dict  # {facet: {term id: count}}


class _TextSql:
    """The text part of the engine, per database."""

    def __init__(self, words):
        self.words = list(words)

    def _tsquery(self, joiner):
        return joiner.join([*self.words[:-1], f"{self.words[-1]}:*"])

    def condition(self):
        if connection.vendor == "postgresql":
            return "r.document @@ to_tsquery('dutch', %s)", [self._tsquery(" & ")]
        parts, params = [], []
        for position, word in enumerate(self.words):
            last = position == len(self.words) - 1
            parts.append("r.document LIKE %s")
            params.append(f"%:{stem(word)}{'%' if last else ' %'}")
        return " AND ".join(parts), params

    def rank(self):
        if connection.vendor == "postgresql":
            return "ts_rank(r.document, to_tsquery('dutch', %s))", [self._tsquery(" | ")]
        parts, params = [], []
        for word in self.words:
            token = stem(word)
            parts.append(
                "(CASE WHEN r.document LIKE %s THEN 1.0 WHEN r.document LIKE %s THEN 0.4 "
                "WHEN r.document LIKE %s THEN 0.2 ELSE 0.1 END)"
            )
            params += [f"% a:{token}%", f"% b:{token}%", f"% c:{token}%"]
        return " + ".join(parts), params


def _any_of(column, ids):
    if connection.vendor == "postgresql":
        return f"r.{column} && %s::bigint[]", [list(ids)]
    marks = ", ".join(["%s"] * len(ids))
    return f"EXISTS (SELECT 1 FROM json_each(r.{column}) WHERE json_each.value IN ({marks}))", list(ids)


def _unnest(column):
    """FROM-clause item that yields one row per id in r.<column>, and the expression of that id."""
    if connection.vendor == "postgresql":
        return f"CROSS JOIN LATERAL unnest(r.{column}) AS u(term)", "u.term"
    return f"CROSS JOIN json_each(r.{column}) AS u", "u.value"


def _where(selection):
    parts, params = [], []
    for facet, ids in selection.facets.items():
        sql, values = _any_of(facet, ids)
        parts.append(sql)
        params += values
    text, text_params = _text_and_period(selection)
    return (" AND ".join(parts + text) or "1 = 1"), params + text_params


# PostgreSQL's planner does not count the cost of reading TOASTed search documents, so on a small table it
# prefers a sequential scan that unpacks every document over the GIN indexes (25 ms instead of 1 ms at
# 10,000 entries). Within the engine's own statements it is told to use its indexes, and not to JIT-compile.
PLANNER_SETTINGS = "SET LOCAL enable_seqscan = off; SET LOCAL jit = off"


def _fetch(sql, params):
    if connection.vendor != "postgresql":
        return _run(sql, params)
    if connection.in_atomic_block:  # the settings last until the enclosing transaction ends
        return _run(sql, params, PLANNER_SETTINGS)
    with transaction.atomic():
        return _run(sql, params, PLANNER_SETTINGS)


def _run(sql, params, settings=None):
    with connection.cursor() as cursor:
        if settings:
            cursor.execute(settings)
        cursor.execute(sql, params)
        return cursor.fetchall()


def _matches(selection):
    """A CTE of the ids whose document matches the words, read from the text index alone. Joining it costs
    one index read; checking each candidate row's document instead would unpack every document (TOAST),
    which dominates when a word is common."""
    if not selection.words:
        return "", []
    sql, params = _TextSql(selection.words).condition()
    return f"matches AS MATERIALIZED (SELECT r.page_id FROM {TABLE} r WHERE {sql})", params


# A word in at least this share of the entries is matched through the `matches` CTE (see _matches).
COMMON_SHARE = 0.5
STATS_CACHE_KEY = "entries:lexeme-shares"


def _lexeme_shares():
    """{lexeme: share of rows} for PostgreSQL's most common lexemes of the documents (its planner statistics)."""
    shares = cache.get(STATS_CACHE_KEY)
    if shares is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND attname = 'document'",
                [TABLE],
            )
            row = cursor.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        cache.set(STATS_CACHE_KEY, shares, 3600)
    return shares


def _text_is_common(selection):
    """True when every word of the query is in most entries (only on PostgreSQL; SQLite has one strategy)."""
    if not selection.words or connection.vendor != "postgresql":
        return False
    shares = _lexeme_shares()
    return min(shares.get(stem(word), 0) for word in selection.words) >= COMMON_SHARE


def _text_and_period(selection, joined=False):
    parts, params = [], []
    if selection.words and not joined:
        sql, values = _TextSql(selection.words).condition()
        parts.append(sql)
        params += values
    if selection.published_after is not None:
        parts.append("r.published_at >= %s")
        params.append(selection.published_after)
    if selection.published_before is not None:
        parts.append("r.published_at < %s")
        params.append(selection.published_before)
    return parts, params


def counts(selection):
    """The total and every option's count, in one statement.

    The rows that can count anywhere (the "pool": the text matches that pass all active facets but at
    most one) are read once, with one flag per active facet; each facet's counts then group the pool rows
    that pass every other facet, so no row is matched against the text twice.
    """
    active = list(selection.facets)
    flags, flag_params = [], []
    for facet in active:
        sql, values = _any_of(facet, selection.facets[facet])
        flags.append(f"({sql}) AS f_{facet}")
        flag_params += values
    where, params = _text_and_period(selection, joined=True)
    if len(active) >= 2:
        alternatives = []
        for skipped in active:
            group = []
            for facet in active:
                if facet != skipped:
                    sql, values = _any_of(facet, selection.facets[facet])
                    group.append(sql)
                    params += values
            alternatives.append("(" + " AND ".join(group) + ")")
        where.append("(" + " OR ".join(alternatives) + ")")
    columns = ", ".join(["r.page_id", *[f"r.{facet}" for facet in FACETS], *flags])
    matches, match_params = _matches(selection) if _text_is_common(selection) else ("", [])
    if not matches:
        text, text_params = _TextSql(selection.words).condition() if selection.words else ("", [])
        where = [text, *where] if text else where
        params = text_params + params
    source = f"{TABLE} r JOIN matches m ON m.page_id = r.page_id" if matches else f"{TABLE} r"
    pool = (
        f"WITH {matches + ', ' if matches else ''}pool AS MATERIALIZED "
        f"(SELECT {columns} FROM {source} WHERE {' AND '.join(where) or '1 = 1'}) "
    )

    def passing(skip=None):
        kept = [f"r.f_{facet}" for facet in active if facet != skip]
        return " AND ".join(kept) or "1 = 1"

    branches = [f"SELECT '' AS facet, 0 AS term, COUNT(*) AS n FROM pool r WHERE {passing()}"]
    for facet in FACETS:
        join, term = _unnest(facet)
        branches.append(f"SELECT '{facet}', {term}, COUNT(*) FROM pool r {join} WHERE {passing(facet)} GROUP BY {term}")
    result = Counts(total=0, options={facet: {} for facet in FACETS})
    for facet, term, n in _fetch(pool + " UNION ALL ".join(branches), match_params + flag_params + params):
        if facet:
            result.options[facet][int(term)] = n
        else:
            result.total = n
    return result


def _source(selection):
    """(CTEs, their params, FROM clause, WHERE clause, its params) of all the selection's filters.

    The text stays a condition here: with all facets applied, few rows remain to check (measured: joining
    the `matches` CTE is slower for ids and totals, and faster only for the counts' larger pool)."""
    where, params = _where(selection)
    return [], [], f"{TABLE} r", where, params


def total(selection):
    ctes, cte_params, source, where, params = _source(selection)
    prefix = f"WITH {', '.join(ctes)} " if ctes else ""
    return _fetch(f"{prefix}SELECT COUNT(*) FROM {source} WHERE {where}", cte_params + params)[0][0]


def ids(selection, offset=0, limit=None):
    """Entry ids of the selection in its sort order, from `offset`, at most `limit` (None: all)."""
    ctes, cte_params, source, where, params = _source(selection)
    sort = selection.sort if selection.words or selection.sort != "relevantie" else "nieuwste"
    if sort == "relevantie":
        rank, rank_params = _TextSql(selection.words).rank()
        # Rank the newest RANK_WINDOW matches; the rest come after them, newest first.
        ctes = [
            *ctes,
            f"hits AS MATERIALIZED (SELECT r.page_id, r.sort_date, r.published_at FROM {source} WHERE {where})",
            f"newest AS (SELECT r.page_id FROM hits r ORDER BY {ORDERS['nieuwste']} LIMIT {RANK_WINDOW})",
            f"ranked AS (SELECT r.page_id, {rank} AS rank FROM {TABLE} r "
            f"WHERE r.page_id IN (SELECT page_id FROM newest))",
        ]
        select = (
            f"WITH {', '.join(ctes)} SELECT r.page_id FROM hits r LEFT JOIN ranked ON ranked.page_id = r.page_id "
            f"ORDER BY (ranked.rank IS NULL), ranked.rank DESC, {ORDERS['nieuwste']}"
        )
        params = cte_params + params + rank_params
    else:
        prefix = f"WITH {', '.join(ctes)} " if ctes else ""
        select = f"{prefix}SELECT r.page_id FROM {source} WHERE {where} ORDER BY {ORDERS[sort]}"
        params = cte_params + params
    if limit is not None:
        select += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    elif offset:
        select += f" LIMIT -1 OFFSET {int(offset)}" if connection.vendor == "sqlite" else f" OFFSET {int(offset)}"
    return [row[0] for row in _fetch(select, params)]
