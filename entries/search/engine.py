"""The query engine: a selection of facets, words and a sort, answered inside the database.

Within a facet the chosen options are OR, between facets AND; each option's count is the number of
results when exactly that option is chosen in its facet and everything else stays. All counts and the
total come from one query; a page of ids from a second, sent with it in one round trip on PostgreSQL.
PostgreSQL matches words with a GIN-indexed `tsvector` (Dutch stemming, prefix on the last word) and
filters facets with GIN-indexed id arrays;
SQLite runs the same statements over JSON arrays and weight-tagged stems. To move the text part to a
search server (OpenSearch, Elasticsearch), replace `_TextSql` and keep the rest.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import connection

from entries.models.search import EntrySearchRow
from entries.search.text import stem

TABLE = EntrySearchRow._meta.db_table
FACETS = EntrySearchRow.facet_columns()
ORDERS = {
    "nieuwste": "r.sort_date DESC, r.published_at DESC, r.page_id DESC",
    "oudste": "r.sort_date ASC, r.published_at ASC, r.page_id ASC",
    "titel": "r.title_key ASC, r.page_id ASC",
    "gepubliceerd": "r.published_at DESC, r.page_id DESC",
}
# Relevance ranks at most this many matches (the newest); beyond them results follow by date, so that
# a word found in most of the collection does not make every request rank the whole collection.
RANK_WINDOW = 2_000


@dataclass(frozen=True)
class Selection:
    """Validated parameters: {facet: (term ids…)} with only non-empty facets, query words, a sort, and
    optionally a period of first publication [published_from, published_until) (alert digests)."""

    facets: dict = field(default_factory=dict)
    words: tuple = ()
    sort: str = "nieuwste"
    published_from: datetime | None = None
    published_until: datetime | None = None


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


def _unnest(column, alias="u"):
    """FROM-clause item that yields one row per id in r.<column>, and the expression of that id."""
    if connection.vendor == "postgresql":
        return f"CROSS JOIN LATERAL unnest(r.{column}) AS {alias}(term)", f"{alias}.term"
    return f"CROSS JOIN json_each(r.{column}) AS {alias}", f"{alias}.value"


def _period(selection):
    """Conditions on the first publication; bounds in UTC, as the rows store them on either database."""
    parts, params = [], []
    for bound, operator in ((selection.published_from, ">="), (selection.published_until, "<")):
        if bound is not None:
            parts.append(f"r.published_at {operator} %s")
            params.append(bound.astimezone(UTC))
    return parts, params


def _where(selection):
    """All the selection's conditions, with the text checked row by row (cheap once the facets applied)."""
    parts, params = _period(selection)
    for facet, ids in selection.facets.items():
        sql, values = _any_of(facet, ids)
        parts.append(sql)
        params += values
    if selection.words:
        sql, values = _TextSql(selection.words).condition()
        parts.append(sql)
        params += values
    return (" AND ".join(parts) or "1 = 1"), params


# PostgreSQL's planner does not count the cost of reading TOASTed search documents, so on a small table it
# prefers a sequential scan that unpacks every document over the GIN indexes (25 ms instead of 1 ms at
# 10,000 entries). Within the engine's own statements it is told to use its indexes, and not to JIT-compile.
# The settings travel in the same query string as the statements: PostgreSQL runs a multi-statement query as
# one implicit transaction, so SET LOCAL ends with it and the whole costs one round trip, without BEGIN and
# COMMIT (Django's psycopg cursor binds parameters on the client, which allows several statements).
PLANNER_SETTINGS = "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "


def _fetch(sql, params):
    return _fetch_all([(sql, params)])[0]


def _fetch_all(statements):
    """The rows of each (sql, params), in order: on PostgreSQL one round trip with the planner settings, on
    SQLite (one statement per call) one call each."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            results = []
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
            return results
        cursor.execute(
            PLANNER_SETTINGS + "; ".join(sql for sql, _params in statements),
            [value for _sql, params in statements for value in params],
        )
        results = []
        while cursor.nextset():  # past the SET results to each statement's rows
            if cursor.description is not None:
                results.append(cursor.fetchall())
        return results


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


COMBINED = "terms"  # the branch of the counts that counts every facet nobody filters on


def _counts_sql(selection):
    """The statement of the total and every option's count.

    The rows that can count anywhere (the "pool": the text matches that pass all active facets but at
    most one) are read once, with one flag per active facet. Each active facet's counts group the pool rows
    that pass every other facet; the facets nobody filters on are counted together, in one pass over the
    rows that pass every active facet, from the one array of all their terms (`terms`). No row is matched
    against the text twice.
    """
    active = list(selection.facets)
    conditions = {facet: _any_of(facet, selection.facets[facet]) for facet in active}
    flags = [f"({conditions[facet][0]}) AS f_{facet}" for facet in active]
    flag_params = [value for facet in active for value in conditions[facet][1]]
    where, params = _period(selection)
    if len(active) >= 2:  # a row counts somewhere when it passes every active facet but at most one
        alternatives = []
        for skipped in active:
            kept = [facet for facet in active if facet != skipped]
            alternatives.append("(" + " AND ".join(conditions[facet][0] for facet in kept) + ")")
            params += [value for facet in kept for value in conditions[facet][1]]
        where.append("(" + " OR ".join(alternatives) + ")")
    columns = ", ".join(["r.page_id", "r.terms", *[f"r.{facet}" for facet in active], *flags])
    matches, match_params = _matches(selection) if _text_is_common(selection) else ("", [])
    if selection.words and not matches:
        text, text_params = _TextSql(selection.words).condition()
        where.insert(0, text)
        params = text_params + params
    source = f"{TABLE} r JOIN matches m ON m.page_id = r.page_id" if matches else f"{TABLE} r"
    pool = (
        f"WITH {matches + ', ' if matches else ''}pool AS MATERIALIZED "
        f"(SELECT {columns} FROM {source} WHERE {' AND '.join(where) or '1 = 1'}) "
    )

    def passing(skip=None):
        kept = [f"r.f_{facet}" for facet in active if facet != skip]
        return " AND ".join(kept) or "1 = 1"

    join, term = _unnest("terms")
    branches = [
        f"SELECT '' AS facet, 0 AS term, COUNT(*) AS n FROM pool r WHERE {passing()}",
        f"SELECT '{COMBINED}', {term}, COUNT(*) FROM pool r {join} WHERE {passing()} GROUP BY {term}",
    ]
    for facet in active:
        join, term = _unnest(facet)
        branches.append(f"SELECT '{facet}', {term}, COUNT(*) FROM pool r {join} WHERE {passing(facet)} GROUP BY {term}")
    return pool + " UNION ALL ".join(branches), match_params + flag_params + params


def _read_counts(rows, selection):
    result = Counts(total=0, options={facet: {} for facet in FACETS})
    for facet, term, n in rows:
        if facet == COMBINED:
            facet, term = EntrySearchRow.split_term(int(term))
            if facet in selection.facets:  # counted among the rows that pass this facet too: not its count
                continue
        if facet:
            result.options[facet][int(term)] = n
        else:
            result.total = n
    return result


def counts(selection):
    """The total and every option's count, in one statement (see _counts_sql)."""
    return _read_counts(_fetch(*_counts_sql(selection)), selection)


def counts_and_ids(selection, offset, limit):
    """(counts, a page of ids): what one listing page needs, in one round trip on PostgreSQL."""
    count_rows, id_rows = _fetch_all([_counts_sql(selection), _ids_sql(selection, offset, limit)])
    return _read_counts(count_rows, selection), [row[0] for row in id_rows]


def crosstab(selection, rows, columns, split=None):
    """Two facets crossed within the selection, in one statement over the rows: {(row id, column id): count} —
    the number of results when exactly that row and that column term are chosen — and, with `split` (a facet
    with at most one term per entry, such as onderbouwing), the same counts broken down by it:
    {(row id, column id, split id): count} (the evidence-gap map). Entries without a split term count in the
    pair only."""
    where, params = _where(selection)
    row_join, row_term = _unnest(rows, "a")
    column_join, column_term = _unnest(columns, "b")
    split_join, split_term = "", "NULL"
    if split:  # a left join keeps entries without a term; one pass instead of a second grouping (half the time)
        if connection.vendor == "postgresql":
            split_join, split_term = f"LEFT JOIN LATERAL unnest(r.{split}) AS s(term) ON true", "s.term"
        else:
            split_join, split_term = f"LEFT JOIN json_each(r.{split}) AS s ON 1 = 1", "s.value"
    sql = (
        f"SELECT {row_term}, {column_term}, {split_term}, COUNT(*) FROM {TABLE} r {row_join} {column_join} "
        f"{split_join} WHERE {where} GROUP BY {row_term}, {column_term}{', ' + split_term if split else ''}"
    )
    pairs, splits = {}, {}
    for row, column, part, n in _fetch(sql, params):
        pair = (int(row), int(column))
        pairs[pair] = pairs.get(pair, 0) + n
        if part is not None:
            splits[(*pair, int(part))] = n
    return pairs, splits


# Related entries are scored among at most this many of the newest entries that share a topic or theme, so an
# entry page costs the same at 1,000 entries as at 100,000 (scoring every entry cost 0.7 s at 100,000).
SIMILAR_WINDOW = 2_000


def _shared(column, ids):
    """How many of `ids` the row's <column> holds."""
    if connection.vendor == "postgresql":
        return f"cardinality(ARRAY(SELECT unnest(r.{column}) INTERSECT SELECT unnest(%s::bigint[])))", [list(ids)]
    marks = ", ".join(["%s"] * len(ids))
    return f"(SELECT COUNT(DISTINCT value) FROM json_each(r.{column}) WHERE value IN ({marks}))", list(ids)


def similar(shared_terms, exclude, limit, window=SIMILAR_WINDOW):
    """Ids of at most `limit` entries that share the most of `shared_terms` ({facet: ids}), newest first among
    equals, never one of `exclude`; scored among the newest `window` entries that share any of them."""
    shared_terms = {facet: list(ids) for facet, ids in shared_terms.items() if ids}
    if not shared_terms or limit <= 0:
        return []
    anys = [_any_of(facet, ids) for facet, ids in shared_terms.items()]
    scores = [_shared(facet, ids) for facet, ids in shared_terms.items()]
    excluded = ", ".join(["%s"] * len(exclude)) or "NULL"
    columns = ", ".join(["r.page_id", "r.published_at", *(f"r.{facet}" for facet in shared_terms)])
    sql = (
        f"WITH candidates AS MATERIALIZED (SELECT {columns} FROM {TABLE} r "
        f"WHERE ({' OR '.join(sql for sql, _ in anys)}) "
        f"AND r.page_id NOT IN ({excluded}) ORDER BY r.published_at DESC, r.page_id DESC LIMIT {int(window)}) "
        f"SELECT r.page_id FROM candidates r "
        f"ORDER BY {' + '.join(sql for sql, _ in scores)} DESC, r.published_at DESC, r.page_id DESC LIMIT {int(limit)}"
    )
    params = [value for _sql, values in anys for value in values] + list(exclude)
    params += [value for _sql, values in scores for value in values]
    return [row[0] for row in _fetch(sql, params)]


def total(selection):
    where, params = _where(selection)
    return _fetch(f"SELECT COUNT(*) FROM {TABLE} r WHERE {where}", params)[0][0]


def ids(selection, offset=0, limit=None):
    """Entry ids of the selection in its sort order, from `offset`, at most `limit` (None: all)."""
    return [row[0] for row in _fetch(*_ids_sql(selection, offset, limit))]


def _ids_sql(selection, offset=0, limit=None):
    # The text stays a row-by-row condition here: with every facet applied few rows remain (measured: the
    # `matches` join of the counts is slower for a page of ids and for totals).
    where, params = _where(selection)
    sort = selection.sort if selection.words or selection.sort != "relevantie" else "nieuwste"
    if sort == "relevantie" and limit is not None and offset + limit <= RANK_WINDOW:
        # A page within the ranked window: every result on it is among the newest RANK_WINDOW matches, which
        # all have a rank, so neither all matches nor their order beyond the window are needed.
        rank, rank_params = _TextSql(selection.words).rank()
        select = (
            f"WITH newest AS MATERIALIZED (SELECT r.page_id FROM {TABLE} r "
            f"WHERE {where} ORDER BY {ORDERS['nieuwste']} LIMIT {RANK_WINDOW}) "
            f"SELECT r.page_id FROM newest n JOIN {TABLE} r ON r.page_id = n.page_id "
            f"ORDER BY {rank} DESC, {ORDERS['nieuwste']}"
        )
        params = params + rank_params
    elif sort == "relevantie":
        rank, rank_params = _TextSql(selection.words).rank()
        # Rank the newest RANK_WINDOW matches; the rest come after them, newest first.
        ctes = [
            f"hits AS MATERIALIZED (SELECT r.page_id, r.sort_date, r.published_at FROM {TABLE} r WHERE {where})",
            f"newest AS (SELECT r.page_id FROM hits r ORDER BY {ORDERS['nieuwste']} LIMIT {RANK_WINDOW})",
            f"ranked AS (SELECT r.page_id, {rank} AS rank FROM {TABLE} r "
            f"WHERE r.page_id IN (SELECT page_id FROM newest))",
        ]
        select = (
            f"WITH {', '.join(ctes)} SELECT r.page_id FROM hits r LEFT JOIN ranked ON ranked.page_id = r.page_id "
            f"ORDER BY (ranked.rank IS NULL), ranked.rank DESC, {ORDERS['nieuwste']}"
        )
        params = params + rank_params
    else:
        select = f"SELECT r.page_id FROM {TABLE} r WHERE {where} ORDER BY {ORDERS[sort]}"
    if limit is not None:
        select += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    elif offset:
        select += f" LIMIT -1 OFFSET {int(offset)}" if connection.vendor == "sqlite" else f" OFFSET {int(offset)}"
    return select, params
