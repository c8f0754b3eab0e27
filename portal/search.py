"""The site search (/suche/): one query over every kind of public content, results grouped by kind.

``portal`` is the lowest layer and may not import the apps above it, so each app hands in what it
offers with ``register_source`` in its ``AppConfig.ready()``: the public queryset at the time of the
search (drafts never), the related fields that also find an item, the fields its snippet comes from,
and how one hit reads (its own fields, and the related rows set from data kept per content version).
A searched model declares ``search_document = document_field(...)``: its own fields with their weight,
in one stored column, and ``SearchIndex`` over it.

On PostgreSQL the search is full-text (German stemming: "Kommunen" finds "Kommune") over that stored,
GIN-indexed column, ranked by ``SearchRank``, with the matching words highlighted by ``ts_headline``
for the rows shown; elsewhere (SQLite in development) every word must appear in one of the fields,
case-insensitively.
``search_backend()`` decides; both return the same shape.

A search costs two queries on PostgreSQL: one counts every source's matches and picks the best of
each (or a page of one), one reads the hits shown. Their SQL is compiled by the ORM once per process,
with slots for the words, the time and the page: compiling it on every search cost more than
PostgreSQL needs to run it.
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
from django.db import connection, models
from django.db.models import Count, F, Q, QuerySet, Window
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

MAX_QUERY_LENGTH = 200
# Hits of each kind on the overview; the kind's own page shows PAGE_SIZE per page.
OVERVIEW_SIZE = 5
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
    # Fields of related rows that also find an item ("topics__name"); they are not ranked.
    related: tuple[str, ...] = ()
    # The item's own fields its snippet comes from (HTML allowed); without full-text search, the first.
    snippet: tuple[str, ...] = ()
    # Among equally good hits (and the whole order without ranking): field names or expressions,
    # or a function of the time of the search returning them (for an order that depends on it).
    ordering: tuple | Callable[[datetime.datetime], tuple] = ("-pk",)
    order: int = 100  # position among the groups


@dataclass
class Group:
    source: Source
    count: int
    hits: list[Hit] = field(default_factory=list)
    page: Page | None = None


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
    """The related rows (a topic, the venue) whose fields match, as a subquery of their pks, or of the
    items linked to them where the relation is many-to-many: through the link table, not a join, so two
    matching topics are still one hit. Text vectors are computed for the related table's few rows only,
    never for the items themselves.

    One leaf written from the models' table and column names: built as querysets, the subqueries cost
    more to assemble than the search's whole query takes PostgreSQL to run.
    """

    def __init__(self, relation, names: list[str], search_query: "TextQuery"):
        super().__init__()
        self.relation, self.names, self.search_query = relation, names, search_query

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        related = self.relation.related_model._meta
        document = _spaced([quote(related.get_field(name).column) for name in self.names])
        query_sql, query_params = self.search_query.as_sql(compiler, connection)
        sql = (
            f"SELECT {quote(related.pk.column)} FROM {quote(related.db_table)} "
            f"WHERE to_tsvector({CONFIG_SQL}, {document}) @@ {query_sql}"
        )
        if self.relation.many_to_many:
            through = self.relation.remote_field.through._meta
            item = through.get_field(self.relation.m2m_field_name()).column
            linked = through.get_field(self.relation.m2m_reverse_field_name()).column
            sql = f"SELECT {quote(item)} FROM {quote(through.db_table)} WHERE {quote(linked)} IN ({sql})"
        return f"({sql})", query_params


def _spaced(columns: list[str]) -> str:
    """Return the SQL of the columns' text in one, each empty where NULL, separated by spaces: as
    ``SearchVector`` and ``Concat`` write it."""
    return " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)


class Headline(models.Func):
    """The passage of the fields' text (joined by spaces) that best matches the search, its matching
    words between MARK_START and MARK_STOP: ``SearchHeadline`` over ``Concat`` as one function, whose
    SQL costs no tree of concatenations and coalesces to build and compile for every source shown."""

    output_field = models.TextField()

    def __init__(self, *names: str, search_query: TextQuery):
        super().__init__(*(F(name) for name in names))
        self.search_query = search_query

    def as_sql(self, compiler, connection, **extra_context):
        columns, params = [], []
        for expression in self.get_source_expressions():
            sql, column_params = compiler.compile(expression)
            columns.append(sql)
            params.extend(column_params)
        # As Concat writes it: a single field as it is.
        text = _spaced(columns) if len(columns) > 1 else columns[0]
        query_sql, query_params = self.search_query.as_sql(compiler, connection)
        params.extend([*query_params, HEADLINE_OPTIONS])
        return f"ts_headline({CONFIG_SQL}, {text}, {query_sql}, %s)", params


def _related_condition(model, relation: str, names: list[str], search_query: TextQuery) -> Q:
    """Match items whose related row matches (a topic, the venue)."""
    field = model._meta.get_field(relation)
    matches = RelatedMatches(field, names, search_query)
    return Q(AnyOf(F("pk") if field.many_to_many else F(field.attname), matches))


def _condition(source: Source, model, query: str, search_query: TextQuery | None) -> Q | None:
    """Return what an item must meet to match, None where no word is left to look for."""
    if search_query is not None:
        # One pass over the table, the related rows' matches looked up in a hash: no union to join.
        condition = Q(**{DOCUMENT: search_query})
        relations = {}
        for path in source.related:
            relation, name = path.split("__", 1)
            relations.setdefault(relation, []).append(name)
        for relation, names in relations.items():
            condition |= _related_condition(model, relation, names, search_query)
        return condition
    words = _words(query)
    if not words:
        return None
    # Matching through a to-many field (topics) happens in a subquery: two matching topics, one hit.
    paths = [*_weights(model), *source.related]
    return Q(pk__in=model._default_manager.filter(_all_words_in(paths, words)).values("pk"))


def _matches(source: Source, query: str, search_query: TextQuery | None, now: datetime.datetime) -> QuerySet:
    """Return the source's public items that match ``query`` at ``now``, annotated with their ``rank``
    where the search is full-text, unordered; there must be a word to look for."""
    base = source.queryset(now)
    found = base.filter(_condition(source, base.model, query, search_query)).order_by()
    if search_query is None:
        return found
    return found.annotate(rank=SearchRank(F(DOCUMENT), search_query))


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
# (number, total, pk, position), its number of matches, or its best ones from OFFSET on (with their
# total), best first. Short, with few parameters: psycopg keeps its parse of a statement only up to
# 4 kB and 50 parameters, else parses it again on every search.
PARTS = {
    "count": ', COUNT(*), CAST(NULL AS INTEGER), 0 FROM ({part}) "found"',
    "ranked": ', "ranked".*, ROW_NUMBER() OVER () FROM ({part} LIMIT %s OFFSET %s) "ranked"',
}
# What the ORM compiles of one part: the matches, or their total and pks in order (no slice: the
# part's LIMIT and OFFSET are parameters, so one compiled SQL serves every page).
SELECTED = {
    "count": lambda source, found, search_query, now: found.values("pk"),
    "ranked": lambda source, found, search_query, now: (
        found.annotate(search_total=Window(Count("pk")))
        .order_by(*_best_first(source, search_query, now))
        .values_list("search_total", "pk")
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


def _compile(source: Source, kind: str, query: str, search_query: TextQuery | None, now) -> tuple[str, list]:
    found = _matches(source, query, search_query, now)
    sql, params = _sql_of(SELECTED[kind](source, found, search_query, now))
    return PARTS[kind].format(part=sql), [*params, *((LIMIT, OFFSET) if kind == "ranked" else ())]


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
    """Return the number of matches per source key and the pks fetched of each, best first, for all
    ``parts`` ((source, kind) pairs) in one query; ``values`` fill the slots (now, limit, offset).

    The union is written here, each part compiled by the ORM: Django's own union (and the subquery it
    wraps around a filter on a window function) cost more to build and compile than its parts.
    """
    if not parts:
        return {}, {}
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
    counts, best = {}, {}
    for number, total, pk, _position in sorted(rows, key=lambda row: (row[0], row[3])):
        key = parts[number][0].key
        counts[key] = total
        if pk is not None:
            best.setdefault(key, []).append(pk)
    return counts, best


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


def _shown_values(source: Source, pks, search_query: TextQuery | None, now) -> QuerySet:
    found = source.queryset(now)
    _model, columns = _shown_columns(source, portable=search_query is None)
    if search_query is None:
        return found.filter(pk__in=pks).values_list(*columns)
    found = found.filter(_AnyOfValues(F("pk"), pks))
    if not source.snippet:
        return found.values_list(*columns)
    headline = Headline(*source.snippet, search_query=search_query)
    return found.annotate(search_snippet=headline).values_list(*columns, "search_snippet")


def _shown_rows(shown: list[tuple[Source, list]], search_query: TextQuery | None, now) -> list[list[tuple]]:
    """Return, for each (source, pks) of ``shown``, the rows of the items that ``_shown_values`` selects.

    Full-text SQL is compiled once per process, as the search's query, and all sources' statements
    go to PostgreSQL in one round trip (psycopg's client-side binding takes several statements, their
    results one after another). Their values need no conversion on PostgreSQL (``_shown_columns``
    takes no field with ``from_db_value``), so the cursor's rows are the values.
    """
    if search_query is None:
        return [list(_shown_values(source, pks, None, now)) for source, pks in shown]
    statements = []
    for source, pks in shown:
        sql, params = _compiled_once(
            (source.key, "shown", bool(search_query.starts)),
            lambda slots, compiled_at, source=source: _sql_of(_shown_values(source, PKS, slots, compiled_at)),
        )
        values = {"pks": pks, "now": now, "text": search_query.text, "starts": search_query.starts}
        statements.append((sql, _filled(params, values)))
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


def _shown(best: dict[str, list], search_query: TextQuery | None, now) -> dict[str, list]:
    """Return the items of each source key's pks in ``best``, in this order, with what their hits show.

    Ranking and counting read only the table and its index; the snippet, which PostgreSQL's
    ts_headline makes expensive, is for these few rows alone, and the related rows come from data
    kept per content version.
    """
    shown = [(source, best[source.key]) for source in sources() if best.get(source.key)]
    if not shown:
        return {}
    items_by_key = {}
    for (source, pks), rows in zip(shown, _shown_rows(shown, search_query, now), strict=True):
        model, columns = _shown_columns(source, portable=search_query is None)
        items = {}
        for row in rows:
            item = model.from_db(connection.alias, columns, row[: len(columns)])
            if len(row) > len(columns):
                item.search_snippet = row[-1]
            items[item.pk] = item
        items_by_key[source.key] = [items[pk] for pk in pks]
        source.with_related(items_by_key[source.key])
    return items_by_key


def _snippet(source: Source, item) -> str:
    """Return the passage shown under a hit: on PostgreSQL with the matching words marked."""
    if not source.snippet:
        return ""
    if not hasattr(item, "search_snippet"):
        return Truncator(getattr(item, source.snippet[0])).chars(SNIPPET_LENGTH)
    # ts_headline drops the tags of HTML fields but keeps their entities.
    text = escape(" ".join(html.unescape(item.search_snippet).split()))
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


def _hits(source: Source, items) -> list[Hit]:
    return [replace(source.hit(item), text=_snippet(source, item)) for item in items]


def site_search(*, query: str, source_key: str = "", page: str | int | None = 1) -> list[Group]:
    """Return one group per source with its number of hits: the first few of each on the overview,
    or, with ``source_key``, one page of that source's hits (its group carries the ``page``).

    A fixed number of queries, whatever the number of hits: one for all counts and the best pks of
    each source (on a source's page, the pks of the page asked for), then one for the hits shown
    (without full-text search, one per source with hits); two more where the page asked for lies
    past the last one.
    """
    query = clean_query(query)
    now = timezone.now()
    search_query = TextQuery(query) if search_backend() == "postgresql" else None
    # Without full-text search, a query of quotes and brackets alone leaves no word to look for.
    searched = sources() if search_query is not None or _words(query) else []
    if not source_key:
        parts = [(source, "ranked") for source in searched]
        counts, best = _counts_and_pks(parts, query, search_query, now=now, limit=OVERVIEW_SIZE, offset=0)
        shown = _shown(best, search_query, now)
        return [
            Group(source, counts.get(source.key, 0), _hits(source, shown.get(source.key, [])))
            for source in sources()
        ]
    number = _page_number(page)
    parts = [(source, "ranked" if source.key == source_key else "count") for source in searched]
    page_slice = {"limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE}
    counts, best = _counts_and_pks(parts, query, search_query, now=now, **page_slice)
    chosen = source_get(source_key)
    if source_key not in counts and number > 1:
        # Past the last page: no row of the source came back to say how many it has.
        counts.update(_counts_and_pks([(chosen, "count")], query, search_query, now=now)[0])
    count = counts.get(source_key, 0)
    page_obj = CountedPaginator([], PAGE_SIZE, count=count).get_page(page)
    pks = best.get(source_key, [])
    if count and page_obj.number != number:
        # The page asked for does not exist: the paginator shows the last (or the first) instead.
        page_slice["offset"] = (page_obj.number - 1) * PAGE_SIZE
        pks = _counts_and_pks([(chosen, "ranked")], query, search_query, now=now, **page_slice)[1][source_key]
    # The page lists the items as fetched for their hits.
    page_obj.object_list = _shown({source_key: pks}, search_query, now).get(source_key, [])
    return [
        Group(source, count, _hits(source, page_obj.object_list), page_obj)
        if source is chosen
        else Group(source, counts.get(source.key, 0))
        for source in sources()
    ]
