"""The site search (/suche/): one query over every kind of public content, results grouped by kind.

``portal`` is the lowest layer and may not import the apps above it, so each app hands in what it
offers with ``register_source`` in its ``AppConfig.ready()``: the public queryset (drafts never),
the fields to search with their weight, and how one hit reads in the list.

On PostgreSQL the search is full-text (German stemming: "Kommunen" finds "Kommune"), ranked by
``SearchRank``; elsewhere (SQLite in development) every word must appear in one of the fields,
case-insensitively. ``search_backend()`` decides; both return the same shape.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet

MAX_QUERY_LENGTH = 200
# Hits of each kind on the overview; the kind's own page shows PAGE_SIZE per page.
OVERVIEW_SIZE = 5
PAGE_SIZE = 10
WEIGHTS = ("A", "B", "C", "D")


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
    queryset: Callable[[], QuerySet]  # what the public may see, with what ``hit`` reads loaded
    fields: dict[str, str]  # field path → weight "A" (title) to "D"
    hit: Callable[[object], Hit]
    # Among equally good hits (and the whole order without ranking): field names or expressions,
    # or a function returning them (for an order that depends on the time of the search).
    ordering: tuple | Callable[[], tuple] = ("-pk",)
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


def _ordering(source: Source) -> tuple:
    return source.ordering() if callable(source.ordering) else source.ordering


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


def _portable_matches(source: Source, query: str) -> QuerySet:
    base = source.queryset()
    words = _words(query)
    if not words:
        return base.none()
    # Matching through a to-many field (topics) happens in a subquery: two matching topics, one hit.
    matching = base.model._default_manager.filter(_all_words_in(source.fields, words)).values("pk")
    return base.filter(pk__in=matching).order_by(*_ordering(source))


def _postgresql_matches(source: Source, query: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = "german"
    search_query = SearchQuery(query, config=config, search_type="websearch")

    def vector(paths):
        parts = [SearchVector(path, weight=source.fields[path], config=config) for path in paths]
        return reduce(operator.add, parts)

    base = source.queryset()
    manager = base.model._default_manager
    # Matching over every field, to-many ones (topics) included, in a subquery: one row per item.
    matching = manager.annotate(document=vector(source.fields)).filter(document=search_query).values("pk")
    words = _words(query)
    titles = [path for path, weight in source.fields.items() if weight == "A"]
    if words and titles:
        # Stemming does not split compound words: names and titles also match by part of a word,
        # so "Wartburg" finds "Wartburgkreis" and "Bildungsbüro" finds "Kreisbildungsbüro".
        matching = matching.union(manager.filter(_all_words_in(titles, words)).values("pk"))
    # Ranking over the item's own fields: a join to its topics would repeat the row.
    own = [path for path in source.fields if not _is_to_many(base.model, path)]
    return (
        base.filter(pk__in=matching)
        .annotate(rank=SearchRank(vector(own), search_query))
        .order_by("-rank", *_ordering(source))
    )


def _is_to_many(model, path: str) -> bool:
    for name in path.split("__")[:-1]:
        relation = model._meta.get_field(name)
        if relation.many_to_many or relation.one_to_many:
            return True
        model = relation.related_model
    return False


def matches(source: Source, query: str) -> QuerySet:
    """Return the source's public items that match ``query``, best first."""
    if search_backend() == "postgresql":
        return _postgresql_matches(source, query)
    return _portable_matches(source, query)


def site_search(*, query: str, source_key: str = "", page: str | int | None = 1) -> list[Group]:
    """Return one group per source with its number of hits: the first few of each on the overview,
    or, with ``source_key``, one page of that source's hits (its group carries the ``page``).

    A fixed number of queries: two per source, whatever the number of hits.
    """
    query = clean_query(query)
    groups = []
    for source in sources():
        found = matches(source, query)
        if source.key == source_key:
            page_obj = Paginator(found, PAGE_SIZE).get_page(page)
            group = Group(source, page_obj.paginator.count, [source.hit(item) for item in page_obj], page_obj)
        else:
            count = found.count()
            hits = [source.hit(item) for item in found[:OVERVIEW_SIZE]] if count and not source_key else []
            group = Group(source, count, hits)
        groups.append(group)
    return groups
