"""The site search (/suche/): one query over every kind of public content, results grouped by kind.

``portal`` is the lowest layer and may not import the apps above it, so each app hands in what it
offers with ``register_source`` in its ``AppConfig.ready()``: the public queryset at the time of the
search (drafts never), the relations whose rows also find an item, the fields its snippet comes from,
and how one hit reads (its own fields, and the related rows set from data kept per content version).
A searched model declares ``search_document = document_field(...)``: its own fields with their weight,
in one stored column, and ``SearchIndex`` over it.

On PostgreSQL the search is full-text (German stemming: "Kommunen" finds "Kommune") over that stored,
GIN-indexed column, ranked by ``SearchRank``, with the matching words highlighted by ``ts_headline``
for the rows shown; elsewhere (SQLite in development) every word must appear in one of the fields,
case-insensitively.
``search_backend()`` decides; both return the same shape. Where more than RANKED_AT_MOST items of a
kind match, the newest of them are ranked and the page says there are more.

A search costs one query on PostgreSQL: it counts every source's matches and picks the best of each
(or a page of one) with their snippets; the hits' titles, addresses and meta lines are kept per
content version, and the items are read (in one more query) only for hits not kept yet. The SQL is
compiled by the ORM once per process, with slots for the words, the time and the page: compiling it
on every search cost more than PostgreSQL needs to run it.
"""

import datetime
import html
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import reduce

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db import connection, migrations, models
from django.db.models import Count, F, Q, QuerySet, Window
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .page_cache import cached_fragments

MAX_QUERY_LENGTH = 200
# Hits of each kind on the overview; the kind's own page shows PAGE_SIZE per page.
OVERVIEW_SIZE = 5
# A word in nearly every item ("Bildung") would have every item ranked on every search: where more of
# a kind match, the search ranks the first this many by the kind's ``ranked_first`` (the newest) and
# says there are more. Finding them takes PostgreSQL a walk along an index of that order, not a
# look at every match.
RANKED_AT_MOST = 100
PAGE_SIZE = 10
# The highest page fetched along with the counts: an offset PostgreSQL can count to. A page past the
# last one is fetched again anyway, as the paginator picks it.
LAST_GUESSED_PAGE = 10**6
CONFIG = "german"
# The configuration written into the SQL, not a parameter: a search's query names it thirty times, and
# psycopg quotes every parameter of every query anew. A literal of unknown type, which PostgreSQL
# reads as the regconfig the text search functions take (shorter than a cast, see PARTS).
CONFIG_SQL = f"'{CONFIG}'"
DOCUMENT = "search_document"  # the stored vector's field name on every searched model
# ts_headline marks the matching words with these (private-use characters, never typed); the snippet
# is escaped first and the marks become <mark> afterwards, so no stored text turns into markup.
MARK_START, MARK_STOP = "\ue000", "\ue001"
SNIPPET_LENGTH = 240
NOT_IN_A_WORD = re.compile(r"[^\w-]")
HEADLINE_OPTIONS = (
    f"StartSel='{MARK_START}', StopSel='{MARK_STOP}', MaxWords=20, MinWords=10, MaxFragments=2, "
    "FragmentDelimiter=' … '"
)


class SearchDocument(models.Func):
    """The weighted German text vector of a model's own fields (``title="A", teaser="B"``).

    Stored in a generated column, PostgreSQL keeps it current on every write, whatever writes the row
    (services, the admin, ``bulk_create``, ``COPY``). SQLite has no text vectors: there the column stays
    empty and the portable search reads the fields themselves.
    """

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self, **weights):
        self.weights = weights
        vectors = [SearchVector(name, weight=weight, config=CONFIG) for name, weight in weights.items()]
        super().__init__(reduce(operator.add, vectors))

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def document_field(**weights) -> models.GeneratedField:
    """Return the stored search vector over the model's own fields, for its ``DOCUMENT`` field."""
    return models.GeneratedField(
        expression=SearchDocument(**weights), output_field=SearchVectorField(), db_persist=True
    )


# Statistics PostgreSQL keeps on a search document's words (its default: 100). With them it knows that
# a common word finds half the events, and reads the newest along an index (RANKED_AT_MOST) instead of
# every match; with the default it took "Bildung" for one event in six.
WORD_STATISTICS = 1000


def keep_word_statistics(model_label: str) -> migrations.RunPython:
    """Return the migration step that has PostgreSQL keep WORD_STATISTICS words of the model's
    search document (nothing elsewhere)."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(apps.get_model(model_label)._meta.db_table)
            column = schema_editor.quote_name(DOCUMENT)
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {WORD_STATISTICS}"
            )

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)


class SearchIndex(GinIndex):
    """The GIN index over a model's ``DOCUMENT``; a plain index where the column stays empty (SQLite)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    text: str = ""
    meta: str = ""


@dataclass(frozen=True)
class Source:
    """One kind of content the search covers."""

    key: str  # in the address: ?bereich=<key>
    label: str  # plural heading, e.g. "Veranstaltungen"
    queryset: Callable[[datetime.datetime], QuerySet]  # what the public may see at the time of the search
    hit: Callable[[object], Hit]  # title, address and meta line; the search adds the snippet
    # The item's own fields ``hit`` reads, foreign keys included ("agency"): the items shown are read
    # with these columns alone, and ``with_related`` sets the related rows (from data kept per content
    # version, without a join or a query) on the list of them.
    fields: tuple[str, ...] = ()
    with_related: Callable[[list], object] = list
    # Relations whose rows also find an item ("topics", "venue"), by their model's own search document
    # (its ``DOCUMENT``, ``document_field`` with weight "D"); they are not ranked.
    related: tuple[str, ...] = ()
    # The item's own fields its snippet comes from (HTML allowed); without full-text search, the first.
    snippet: tuple[str, ...] = ()
    # Among equally good hits (and the whole order without ranking): field names or expressions,
    # or a function of the time of the search returning them (for an order that depends on it).
    ordering: tuple | Callable[[datetime.datetime], tuple] = ("-pk",)
    order: int = 100  # position among the groups
    # Which items are ranked where more than RANKED_AT_MOST match: the first in this order, which an
    # index should serve (the newest, where items have a date); without it, ``ordering``.
    ranked_first: tuple = ()


@dataclass
class Group:
    source: Source
    count: int  # the hits ranked: all, or RANKED_AT_MOST where ``more`` match
    hits: list[Hit] = field(default_factory=list)
    page: Page | None = None
    more: bool = False


_sources: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Let the site search find ``source``'s content."""
    _sources[source.key] = source


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))


def source_get(key: str) -> Source | None:
    return _sources.get(key)


def _ordering(source: Source, now: datetime.datetime) -> tuple:
    return source.ordering(now) if callable(source.ordering) else source.ordering


def _weights(model) -> dict[str, str]:
    return model._meta.get_field(DOCUMENT).expression.weights


def clean_query(text: str | None) -> str:
    """Return the search words as typed, trimmed, spaces collapsed, at most MAX_QUERY_LENGTH characters."""
    text = " ".join((text or "").replace("\x00", " ").split())
    return text[:MAX_QUERY_LENGTH].strip()


def search_backend() -> str:
    """Return "postgresql" (full-text search) or "portable" (substring search)."""
    return "postgresql" if connection.vendor == "postgresql" else "portable"


def _words(query: str) -> list[str]:
    return [word.strip("\"'()") for word in query.split() if word.strip("\"'()")]


def _all_words_in(paths, words) -> Q:
    """Match items where every word appears (case-insensitively) in one of ``paths``."""
    return reduce(
        operator.and_,
        (reduce(operator.or_, (Q(**{f"{path}__icontains": word}) for path in paths)) for word in words),
    )


class TextQuery(SearchQuery):
    """The visitor's words as PostgreSQL reads them: as a search engine does ("Bildung -Monitoring",
    quoted phrases, "or"), or'ed with each word as the start of a word in a title (weight A), since
    stemming does not split compound words: "Wartburg" finds "Wartburgkreis", "Bildung" "Bildungsmonitoring".

    One leaf, not a tree of expressions: a search query holds it up to six times (the match, the related
    rows, the rank, the snippet), and Django copies a tree each time it resolves one.
    """

    invert = False

    def __init__(self, text: str):
        models.Func.__init__(self)  # no source expressions: a leaf
        self.text = text
        # Only letters, digits and inner hyphens: nothing of the raw tsquery syntax reaches PostgreSQL.
        starts = [word for word in (NOT_IN_A_WORD.sub("", word).strip("-") for word in text.split()) if word]
        self.starts = " & ".join(f"'{word}':*A" for word in starts)

    @classmethod
    def of_slots(cls, *, with_starts: bool) -> "TextQuery":
        """Return the query for SQL compiled once: its words and their starts filled in per search."""
        search_query = cls("")
        search_query.text, search_query.starts = TEXT, STARTS if with_starts else ""
        return search_query

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = f"websearch_to_tsquery({CONFIG_SQL}, %s)", [self.text]
        if self.starts:
            sql, params = f"({sql} || to_tsquery({CONFIG_SQL}, %s))", [*params, self.starts]
        return sql, params


class AnyOf(models.lookups.Lookup):
    """``column = ANY(ARRAY(subquery))``: the subquery runs once, before the scan, and its values are
    looked up in the column's index. ``column IN (subquery)`` within an OR is a hashed subplan that no
    index serves, so PostgreSQL reads every row of the table instead of or'ing the GIN index's matches
    with the related ones."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.lhs)
        subquery, subquery_params = compiler.compile(self.rhs)
        return f"{column} = ANY(ARRAY{subquery})", [*column_params, *subquery_params]


class RelatedMatches(models.Expression):
    """The items whose related rows (a topic, the venue) match, as a subquery of their pks: through
    the link table or the foreign key, not a join, so two matching topics are still one hit, by
    the related rows' stored search document. Items' pks, not the venues': PostgreSQL plans
    ``pk = ANY(...)`` as a few rows, where ``venue_id = ANY(...)`` looked like a tenth of the table
    and had it walk all events in date order for a rare word (``RANKED_AT_MOST``).

    One leaf written from the models' table and column names: built as querysets, the subqueries cost
    more to assemble than the search's whole query takes PostgreSQL to run.
    """

    def __init__(self, relation, search_query: "TextQuery"):
        super().__init__()
        self.relation, self.search_query = relation, search_query

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        related = self.relation.related_model._meta
        query_sql, query_params = self.search_query.as_sql(compiler, connection)
        sql = (
            f"SELECT {quote(related.pk.column)} FROM {quote(related.db_table)} "
            f"WHERE {quote(related.get_field(DOCUMENT).column)} @@ {query_sql}"
        )
        if self.relation.many_to_many:
            through = self.relation.remote_field.through._meta
            item = through.get_field(self.relation.m2m_field_name()).column
            linked = through.get_field(self.relation.m2m_reverse_field_name()).column
            sql = f"SELECT {quote(item)} FROM {quote(through.db_table)} WHERE {quote(linked)} IN ({sql})"
        else:
            items = self.relation.model._meta
            sql = (
                f"SELECT {quote(items.pk.column)} FROM {quote(items.db_table)} "
                f"WHERE {quote(self.relation.column)} IN ({sql})"
            )
        return f"({sql})", query_params


def _spaced(columns: list[str]) -> str:
    """Return the SQL of the columns' text in one, each empty where NULL, separated by spaces: as
    ``SearchVector`` and ``Concat`` write it."""
    return " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)


def _headline_sql(columns: list[str], search_query: TextQuery) -> tuple[str, list]:
    """Return the SQL of the passage of the columns' text (joined by spaces) that best matches the
    search, its matching words between MARK_START and MARK_STOP: ``SearchHeadline`` over ``Concat``,
    written as one function."""
    # As Concat writes it: a single field as it is.
    text = _spaced(columns) if len(columns) > 1 else columns[0]
    query_sql, query_params = search_query.as_sql(None, connection)
    return f"ts_headline({CONFIG_SQL}, {text}, {query_sql}, %s)", [*query_params, HEADLINE_OPTIONS]


def _related_condition(model, relation: str, search_query: TextQuery) -> Q:
    """Match items whose related row matches (a topic, the venue)."""
    return Q(AnyOf(F("pk"), RelatedMatches(model._meta.get_field(relation), search_query)))


def _related_paths(source: Source, model) -> list[str]:
    """Return the paths of the related rows' fields that find an item ("topics__name"): those of
    each related model's search document."""
    return [
        f"{relation}__{name}"
        for relation in source.related
        for name in _weights(model._meta.get_field(relation).related_model)
    ]


def _condition(source: Source, model, query: str, search_query: TextQuery | None) -> Q | None:
    """Return what an item must meet to match, None where no word is left to look for."""
    if search_query is not None:
        # One pass over the table, the related rows' matches looked up in a hash: no union to join.
        condition = Q(**{DOCUMENT: search_query})
        for relation in source.related:
            condition |= _related_condition(model, relation, search_query)
        return condition
    words = _words(query)
    if not words:
        return None
    # Matching through a to-many field (topics) happens in a subquery: two matching topics, one hit.
    paths = [*_weights(model), *_related_paths(source, model)]
    return Q(pk__in=model._default_manager.filter(_all_words_in(paths, words)).values("pk"))


def _matches(source: Source, query: str, search_query: TextQuery | None, now: datetime.datetime) -> QuerySet:
    """Return the source's public items that match ``query`` at ``now``, at most RANKED_AT_MOST + 1
    (the first by ``ranked_first``), annotated with their ``rank`` where the search is full-text,
    unordered; there must be a word to look for."""
    base = source.queryset(now)
    found = base.filter(_condition(source, base.model, query, search_query))
    order = source.ranked_first or _ordering(source, now)
    first = found.order_by(*order).values("pk")[: RANKED_AT_MOST + 1]
    if search_query is None:
        return base.model._base_manager.filter(pk__in=first)
    first_ones = base.model._base_manager.filter(AnyOf(F("pk"), first))
    return first_ones.annotate(rank=SearchRank(F(DOCUMENT), search_query))


def _best_first(source: Source, search_query: TextQuery | None, now: datetime.datetime) -> tuple:
    ordering = _ordering(source, now)
    return ordering if search_query is None else ("-rank", *ordering)


class _Slot:
    """A value that changes from search to search in SQL compiled once: the words, the time, the page."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return f"<slot {self.name}>"


TEXT, STARTS, NOW, LIMIT, OFFSET = (_Slot(name) for name in ("text", "starts", "now", "limit", "offset"))
# Full-text SQL is compiled for this time of the search, and every parameter equal to it becomes a
# slot for the time of each search: the visibility rules and orderings hand their time on as it is.
COMPILED_AT = datetime.datetime(2000, 1, 1, 0, 0, 0, 1, tzinfo=datetime.UTC)

# What one source contributes to the search's one query, after its number among the parts: rows of
# (number, total, pk, position, snippet), its number of matches, or its best ones from OFFSET on (with
# their total and, with full-text search, the passage shown under each), best first.
PARTS = {
    "count": ', COUNT(*), CAST(NULL AS INTEGER), 0, CAST(NULL AS TEXT) FROM ({part}) "found"',
    "ranked": (
        ', "ranked"."search_total", "ranked"."pk", ROW_NUMBER() OVER (), {snippet} '
        'FROM ({part} LIMIT %s OFFSET %s) "ranked"'
    ),
}
NO_SNIPPET = ("CAST(NULL AS TEXT)", [])
# What the ORM compiles of one part: the matches, or their total and pks in order, with the fields
# the snippet comes from where the search is full-text (no slice: the part's LIMIT and OFFSET are
# parameters, so one compiled SQL serves every page).
SELECTED = {
    "count": lambda source, found, search_query, now: found.values("pk"),
    "ranked": lambda source, found, search_query, now: (
        found.annotate(search_total=Window(Count("pk")))
        .order_by(*_best_first(source, search_query, now))
        .values_list("search_total", "pk", *(source.snippet if search_query is not None else ()))
    ),
}
_compiled: dict[tuple, tuple[str, tuple]] = {}


def _compiled_once(key: tuple, compile_sql) -> tuple[str, tuple]:
    """Return the SQL and parameters ``compile_sql(search_query, now)`` compiles for slots in place
    of the words and the time, compiled once per process under ``key`` (its last item: whether the
    words have starts to look for, which changes the SQL)."""
    if key not in _compiled:
        sql, params = compile_sql(TextQuery.of_slots(with_starts=key[-1]), COMPILED_AT)
        # A time worked out from the search's (a day earlier, its date) would stay that of COMPILED_AT.
        if any(isinstance(param, datetime.date) and param != COMPILED_AT for param in params):
            raise ImproperlyConfigured(f"Search part {key!r}: use the time of the search as it is.")
        _compiled[key] = (sql, tuple(NOW if param == COMPILED_AT else param for param in params))
    return _compiled[key]


def _filled(params, values: dict) -> list:
    """Return ``params`` with each slot's value from ``values``."""
    return [values[param.name] if type(param) is _Slot else param for param in params]


def _sql_of(queryset: QuerySet) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _snippet_sql(source: Source, search_query: TextQuery | None) -> tuple[str, list]:
    """Return the SQL of the passage a ranked hit shows, from the snippet fields its part selects
    (full-text search only: for the few rows of the page, as PostgreSQL's ts_headline is expensive)."""
    if search_query is None or not source.snippet:
        return NO_SNIPPET
    model = source.queryset(COMPILED_AT).model
    quote = connection.ops.quote_name
    columns = [f'"ranked".{quote(model._meta.get_field(name).column)}' for name in source.snippet]
    return _headline_sql(columns, search_query)


def _compile(source: Source, kind: str, query: str, search_query: TextQuery | None, now) -> tuple[str, list]:
    found = _matches(source, query, search_query, now)
    sql, params = _sql_of(SELECTED[kind](source, found, search_query, now))
    if kind == "count":
        return PARTS[kind].format(part=sql), list(params)
    snippet_sql, snippet_params = _snippet_sql(source, search_query)
    return PARTS[kind].format(part=sql, snippet=snippet_sql), [*snippet_params, *params, LIMIT, OFFSET]


def _part(source: Source, kind: str, query: str, search_query: TextQuery | None, now) -> tuple[str, list]:
    """Return the SQL of one source's part of the search's query and its parameters, slots left in.

    The full-text part is compiled by the ORM once per process: compiling it for every search cost
    more than PostgreSQL needs to run it. The portable search compiles its own for each search, as
    its SQL depends on the number of words.
    """
    if search_query is None:
        return _compile(source, kind, query, None, now)
    return _compiled_once(
        (source.key, kind, bool(search_query.starts)),
        lambda slots, compiled_at: _compile(source, kind, "", slots, compiled_at),
    )


def _counts_and_pks(parts: list[tuple[Source, str]], query: str, search_query: TextQuery | None, **values):
    """Return the number of matches per source key, the pks fetched of each, best first, and the
    passage each shows (``{pk: snippet}`` per source key, full-text search only), for all ``parts``
    ((source, kind) pairs) in one query; ``values`` fill the slots (now, limit, offset).

    The union is written here, each part compiled by the ORM: Django's own union (and the subquery it
    wraps around a filter on a window function) cost more to build and compile than its parts.
    """
    if not parts:
        return {}, {}, {}
    if search_query is not None:
        values.update(text=search_query.text, starts=search_query.starts)
    sqls, params = [], []
    for number, (source, kind) in enumerate(parts):
        sql, part_params = _part(source, kind, query, search_query, values["now"])
        sqls.append(f"SELECT {number}{sql}")
        params.extend(_filled(part_params, values))
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sqls), params)
        rows = cursor.fetchall()
    counts, best, snippets = {}, {}, {}
    for number, total, pk, _position, snippet in sorted(rows, key=lambda row: (row[0], row[3])):
        key = parts[number][0].key
        counts[key] = total
        if pk is not None:
            best.setdefault(key, []).append(pk)
            snippets.setdefault(key, {})[pk] = snippet
    return counts, best, snippets


class CountedPaginator(Paginator):
    """A paginator told its number of items: the search counts all sources in one query."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


def _page_number(page) -> int:
    """Return the page to fetch along with the counts, before they tell whether it exists: the one
    ``page`` asks for where it is a whole number from 1 to LAST_GUESSED_PAGE, else the nearest."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), LAST_GUESSED_PAGE)


class _AnyOfValues(models.lookups.Lookup):
    """``column = ANY(%s)``: one parameter, a list, whatever its length, so one compiled SQL serves
    every number of items (PostgreSQL only)."""

    lookup_name = "any_of_values"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.lhs)
        return f"{column} = ANY(%s)", [*params, self.rhs]


PKS = _Slot("pks")


_columns: dict[tuple[str, bool], tuple[type[models.Model], list[str]]] = {}


def _shown_columns(source: Source, *, portable: bool) -> tuple[type[models.Model], list[str]]:
    """Return the source's model and the columns read of the items shown, in the model's order (as
    ``from_db`` takes them): the pk, what the hit reads and, without full-text search, the field the
    snippet is cut from. Looked up once per source."""
    key = (source.key, portable)
    if key not in _columns:
        model = source.queryset(COMPILED_AT).model
        wanted = {model._meta.pk.name, *source.fields, *(source.snippet[:1] if portable else ())}
        fields = [field for field in model._meta.concrete_fields if field.name in wanted]
        # The full-text search hands the cursor's values to ``from_db`` as they come (``_shown_rows``).
        if not portable and any(hasattr(field, "from_db_value") for field in fields):
            raise ImproperlyConfigured(f"Search source {source.key!r}: its fields must need no conversion.")
        _columns[key] = (model, [field.attname for field in fields])
    return _columns[key]


def _shown_values(source: Source, pks, now, *, portable: bool) -> QuerySet:
    found = source.queryset(now)
    _model, columns = _shown_columns(source, portable=portable)
    if portable:
        return found.filter(pk__in=pks).values_list(*columns)
    return found.filter(_AnyOfValues(F("pk"), pks)).values_list(*columns)


def _shown_rows(shown: list[tuple[Source, list]], now, *, portable: bool) -> list[list[tuple]]:
    """Return, for each (source, pks) of ``shown``, the rows of the items that ``_shown_values`` selects.

    Full-text SQL is compiled once per process, as the search's query, and all sources' statements
    go to PostgreSQL in one round trip (psycopg's client-side binding takes several statements, their
    results one after another). Their values need no conversion on PostgreSQL (``_shown_columns``
    takes no field with ``from_db_value``), so the cursor's rows are the values.
    """
    if portable:
        return [list(_shown_values(source, pks, now, portable=True)) for source, pks in shown]
    statements = []
    for source, pks in shown:
        sql, params = _compiled_once(
            (source.key, "shown", False),
            lambda _slots, compiled_at, source=source: _sql_of(
                _shown_values(source, PKS, compiled_at, portable=False)
            ),
        )
        statements.append((sql, _filled(params, {"pks": pks, "now": now})))
    # Server-side binding takes one statement at a time.
    one_at_a_time = connection.settings_dict["OPTIONS"].get("server_side_binding")
    batches = [[statement] for statement in statements] if one_at_a_time else [statements]
    rows = []
    with connection.cursor() as cursor:
        for batch in batches:
            cursor.execute("; ".join(sql for sql, _params in batch), [p for _sql, ps in batch for p in ps])
            for _statement in batch:
                rows.append(cursor.fetchall())
                cursor.nextset()
    return rows


def _hit_name(source: Source, pk) -> str:
    return f"search:hit:{source.key}:{pk}"


def _kept_hits(shown: list[tuple[Source, list]], now, *, portable: bool) -> dict[str, Hit]:
    """Return the hits of the (source, pks) pairs of ``shown`` by ``_hit_name``, without the marked
    snippet: made once per content version and language (the reversed address, the date line), so
    the items are read only for hits not kept yet, with the related rows from data kept per
    content version. An item gone since the search found it has no hit."""

    def make(names):
        names = set(names)
        missing = [(source, [pk for pk in pks if _hit_name(source, pk) in names]) for source, pks in shown]
        missing = [(source, pks) for source, pks in missing if pks]
        made = {}
        for (source, _pks), rows in zip(missing, _shown_rows(missing, now, portable=portable), strict=True):
            model, columns = _shown_columns(source, portable=portable)
            items = [model.from_db(connection.alias, columns, row) for row in rows]
            source.with_related(items)
            for item in items:
                text = _start_of_snippet(source, item) if portable else ""
                made[_hit_name(source, item.pk)] = replace(source.hit(item), text=text)
        return made

    return cached_fragments([_hit_name(source, pk) for source, pks in shown for pk in pks], make)


def _start_of_snippet(source: Source, item) -> str:
    """Return the passage a hit shows without full-text search: the start of its first snippet field."""
    return Truncator(getattr(item, source.snippet[0])).chars(SNIPPET_LENGTH) if source.snippet else ""


def _marked(snippet: str | None) -> str:
    """Return ts_headline's passage as HTML, its matching words in <mark>."""
    if not snippet:
        return ""
    # ts_headline drops the tags of HTML fields but keeps their entities.
    text = escape(" ".join(html.unescape(snippet).split()))
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def _hits(
    best: dict[str, list], snippets: dict[str, dict], search_query: TextQuery | None, now
) -> dict[str, list[Hit]]:
    """Return the hits of each source key's pks in ``best``, in this order: on PostgreSQL with the
    passage of ``snippets`` (the search's query made them for these few rows alone), elsewhere with
    the start of the snippet field."""
    shown = [(source, best[source.key]) for source in sources() if best.get(source.key)]
    if not shown:
        return {}
    portable = search_query is None
    kept = _kept_hits(shown, now, portable=portable)
    hits = {}
    for source, pks in shown:
        found = [(pk, kept[name]) for pk in pks if (name := _hit_name(source, pk)) in kept]
        if portable:
            hits[source.key] = [hit for _pk, hit in found]
        else:
            marked = snippets.get(source.key, {})
            hits[source.key] = [replace(hit, text=_marked(marked.get(pk))) for pk, hit in found]
    return hits


def _slice(size: int, offset: int) -> dict[str, int]:
    """Return the LIMIT and OFFSET of hits ``offset`` to ``offset + size``, the ranked ones only: a
    part ranks one more than RANKED_AT_MOST where more match, to tell."""
    return {"limit": max(0, min(size, RANKED_AT_MOST - offset)), "offset": offset}


def _ranked_count(counts: dict[str, int], source_key: str) -> int:
    """Return how many of the source's matches are ranked: all, or RANKED_AT_MOST where more match."""
    return min(counts.get(source_key, 0), RANKED_AT_MOST)


def _group(source: Source, counts: dict[str, int], hits=(), page: Page | None = None) -> Group:
    more = counts.get(source.key, 0) > RANKED_AT_MOST
    return Group(source, _ranked_count(counts, source.key), list(hits), page, more=more)


def site_search(*, query: str, source_key: str = "", page: str | int | None = 1) -> list[Group]:
    """Return one group per source with its number of hits: the first few of each on the overview,
    or, with ``source_key``, one page of that source's hits (its group carries the ``page``).

    A fixed number of queries, whatever the number of hits: one for all counts and the best pks of
    each source (on a source's page, the pks of the page asked for), then one for the hits shown
    that are not kept yet (without full-text search, one per source with such hits); two more where
    the page asked for lies past the last one.
    """
    query = clean_query(query)
    now = timezone.now()
    search_query = TextQuery(query) if search_backend() == "postgresql" else None
    # Without full-text search, a query of quotes and brackets alone leaves no word to look for.
    searched = sources() if search_query is not None or _words(query) else []
    if not source_key:
        parts = [(source, "ranked") for source in searched]
        counts, best, snippets = _counts_and_pks(
            parts, query, search_query, now=now, **_slice(OVERVIEW_SIZE, 0)
        )
        hits = _hits(best, snippets, search_query, now)
        return [_group(source, counts, hits.get(source.key, [])) for source in sources()]
    number = _page_number(page)
    parts = [(source, "ranked" if source.key == source_key else "count") for source in searched]
    page_slice = _slice(PAGE_SIZE, (number - 1) * PAGE_SIZE)
    counts, best, snippets = _counts_and_pks(parts, query, search_query, now=now, **page_slice)
    chosen = source_get(source_key)
    if source_key not in counts and number > 1:
        # Past the last page: no row of the source came back to say how many it has.
        counts.update(_counts_and_pks([(chosen, "count")], query, search_query, now=now)[0])
    count = _ranked_count(counts, source_key)
    page_obj = CountedPaginator([], PAGE_SIZE, count=count).get_page(page)
    if count and page_obj.number != number:
        # The page asked for does not exist: the paginator shows the last (or the first) instead.
        page_slice = _slice(PAGE_SIZE, (page_obj.number - 1) * PAGE_SIZE)
        _counts, best, snippets = _counts_and_pks(
            [(chosen, "ranked")], query, search_query, now=now, **page_slice
        )
    page_obj.object_list = _hits({source_key: best.get(source_key, [])}, snippets, search_query, now).get(
        source_key, []
    )
    return [
        _group(source, counts, page_obj.object_list, page_obj) if source is chosen else _group(source, counts)
        for source in sources()
    ]
