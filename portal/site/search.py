"""Site search over published news, events and partners, in the visitor's language.

On PostgreSQL every searchable row carries one weighted ``tsvector`` per language, kept current by the
database itself (a stored generated column, ``portal.core.search_fields``) and GIN-indexed (``SearchIndex``);
queries are parsed with ``websearch_to_tsquery``, so no input can be a syntax error. Elsewhere (the SQLite
default) a plain fallback looks for every word, case-insensitively, in the same columns.

Partners are found by all their names (in every language, in their own script, abbreviations); news and
events are found by their own text and also through the partners they are about, by a join at query time,
so renaming a partner or changing a post's partners needs no reindexing.

The models' search columns are built with ``portal.core.search_fields``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from html import unescape
from typing import TYPE_CHECKING

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.fields.array import ArrayOverlap
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import NullIf, Replace
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from portal.core.search_fields import SearchDocument

if TYPE_CHECKING:
    from partners.models import Partner

# --- The service --------------------------------------------------------------------------------------


class ResultType(models.TextChoices):
    NEWS = "news", _("News")
    EVENTS = "events", _("Events")
    PARTNERS = "partners", _("Partners")


# Each kind of item is ranked among at most this many of its newest matches (twice that for news and
# events, which are also found through their partners). A specific query never reaches it; a query for
# a word nearly every post contains would otherwise have to rank the whole archive on every search (at
# 100,000 posts, over 300 ms instead of under 50: bench/search.py, docs/search.md).
CANDIDATES = 500
# What a post or event gains from being about a partner whose names match (as much as a weight-D word).
PARTNER_LINK_RANK = 0.1
# Private-use characters PostgreSQL wraps around highlighted words, turned into <mark> after escaping
# (the same characters in the content itself could at worst add a harmless, balanced <mark>).
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")
_FALLBACK_WORDS = 12


@dataclass(frozen=True)
class Hit:
    """One search result: the item, why it ranks where it does, and its highlighted text."""

    type: ResultType
    object: models.Model
    rank: float
    date: datetime | None
    title: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class _Ranked:
    type: ResultType
    pk: int
    rank: float
    date: datetime | None

    def sort_key(self):
        return (-self.rank, -(self.date.timestamp() if self.date else float("-inf")), self.type, -self.pk)


class SearchResults:
    """Ranked hits of one search; sliceable for Django's Paginator, loading only the page shown."""

    def __init__(self, ranked: list[_Ranked], backend: _Backend, counts: dict[ResultType, int], capped: bool):
        self._ranked = ranked
        self._backend = backend
        self.counts = counts
        self.capped = capped
        self.useless = not ranked and not backend.has_terms()

    def count(self) -> int:
        return len(self._ranked)

    def __len__(self) -> int:
        return len(self._ranked)

    def __getitem__(self, index: slice) -> list[Hit]:
        rows = self._ranked[index]
        loaded = {}
        for result_type in ResultType:
            pks = [row.pk for row in rows if row.type == result_type]
            if pks:
                loaded[result_type] = self._backend.load(result_type, pks)
        # An item unpublished since the search was ranked is left out rather than shown.
        return [
            self._backend.hit(row, loaded[row.type][row.pk])
            for row in rows
            if row.pk in loaded.get(row.type, {})
        ]


def search(
    query: str, lang: str, types: Collection[str] = (), partners: Collection[Partner] = ()
) -> SearchResults:
    """Published news, events and partners matching ``query`` in language ``lang``, best first.

    ``types`` (ResultType values) narrows the kinds listed (the counts still cover every kind);
    ``partners`` keeps news and events about any of them, and those partners themselves.
    """
    backend = _backend(query, lang)
    ranked: list[_Ranked] = []
    counts = {}
    capped = False
    for source in _sources():
        rows = backend.ranked(source, [partner.pk for partner in partners])
        counts[source.type] = len(rows)
        capped = capped or (backend.window is not None and len(rows) >= backend.window)
        if not types or source.type in types:
            ranked.extend(rows)
    ranked.sort(key=_Ranked.sort_key)
    return SearchResults(ranked, backend, counts, capped)


def search_words(query: str) -> list[str]:
    """The words of ``query`` the fallback looks for; none means there is nothing to search for."""
    # A single letter would match nearly everything (and PostgreSQL drops most as stop words anyway).
    return re.findall(r"\w{2,}", query)[:_FALLBACK_WORDS]


@dataclass(frozen=True)
class _Source:
    """How one kind of item is searched and shown."""

    type: ResultType
    visible: models.QuerySet
    date: str
    # Many-to-many tables linking an item to partners, as (through model, column naming the item).
    links: tuple[tuple[type[models.Model], str], ...]
    title: str
    # (column, translated, HTML) in the order they make up the snippet.
    snippet: tuple[tuple[str, bool, bool], ...]
    prefetch: tuple[str, ...] = ()


def _sources() -> list[_Source]:
    from news.models import Event, Post
    from partners.models import Partner

    return [
        _Source(
            ResultType.NEWS,
            Post.objects.published(),
            "published_at",
            ((Post.partners.through, "post_id"),),
            "title",
            (("lead", True, False), ("body", True, True)),
            ("partners",),
        ),
        _Source(
            ResultType.EVENTS,
            Event.objects.published(),
            "starts_at",
            ((Event.organisers.through, "event_id"), (Event.participants.through, "event_id")),
            "title",
            (("description", True, True),),
        ),
        _Source(
            ResultType.PARTNERS,
            Partner.objects.published(),
            "created_at",
            (),
            "name",
            (("aliases", False, False), ("description", True, True)),
        ),
    ]


def _backend(query: str, lang: str) -> _Backend:
    if connection.vendor == "postgresql":
        return _PostgresBackend(query, lang)
    return _ContainmentBackend(query, lang)


class _Backend:
    # How many of the newest matches of each kind are ranked (None: all of them).
    window: int | None = None

    def __init__(self, query: str, lang: str):
        self.text = query
        self.lang = lang

    def column(self, name: str, translated: bool = True) -> str:
        return build_localized_fieldname(name, self.lang) if translated else name

    def document(self, model: type[models.Model]) -> SearchDocument:
        """The definition of ``model``'s search column in this language."""
        return model._meta.get_field(self.column("search")).expression

    @cached_property
    def named_partners(self) -> list[int]:
        """The published partners whose names or city match: their news and events match too (one query)."""
        from partners.models import Partner

        # A draft partner's names must find nothing, not even the news it is linked to.
        matching = Partner.objects.published().filter(self.names_match())
        return list(matching.order_by().values_list("pk", flat=True))

    def ranked(self, source: _Source, partners: list[int]) -> list[_Ranked]:
        """Every match of ``source`` (within the candidate window), with its rank; one query."""
        visible = source.visible.order_by()
        if partners:
            visible = visible.filter(self.about(source, partners))
        best: dict[int, _Ranked] = {}
        for pk, rank, date in self.rows(source, visible):
            if pk not in best or rank > best[pk].rank:
                best[pk] = _Ranked(source.type, pk, rank, date)
        return list(best.values())

    def about(self, source: _Source, partners: list[int]) -> Q:
        """Items of ``source`` about any of ``partners`` (primary keys)."""
        if not source.links:
            return Q(pk__in=partners)
        return reduce(
            operator.or_,
            (
                Q(pk__in=through.objects.filter(partner__in=partners).values(column))
                for through, column in source.links
            ),
        )

    def partner_bonus(self, source: _Source) -> Case | Value:
        """What an item of ``source`` gains from being about a partner whose names match."""
        linked = [
            Exists(through.objects.filter(**{column: OuterRef("pk")}, partner__in=self.named_partners))
            for through, column in source.links
            if self.named_partners
        ]
        if not linked:
            return Value(0.0)
        return Case(When(reduce(operator.or_, linked), then=Value(PARTNER_LINK_RANK)), default=Value(0.0))

    def load(self, result_type: ResultType, pks: list[int]) -> dict[int, models.Model]:
        from partners.models import Partner

        source = next(source for source in _sources() if source.type == result_type)
        partners = Partner.objects.published().defer(*_vector_columns(Partner))
        prefetch = [models.Prefetch(name, queryset=partners) for name in source.prefetch]
        objects = source.visible.filter(pk__in=pks).order_by().prefetch_related(*prefetch)
        return {obj.pk: obj for obj in self.annotate_text(source, objects)}


class _PostgresBackend(_Backend):
    """Full-text search with the language's text-search configuration (stemming, stop words)."""

    window = CANDIDATES

    def __init__(self, query: str, lang: str):
        from partners.models import Partner

        super().__init__(query, lang)
        self.vector = self.column("search")
        self.config = self.document(Partner).config
        self.query = SearchQuery(query, config=self.config, search_type="websearch")

    def partner_bonus(self, source: _Source) -> Case | Value:
        # Per row, the partners an item is linked to, as an array from the links' (item, partner) index:
        # an EXISTS here is planned as a hash of every link to the named partners, slow when they are many.
        linked = [
            Q(
                ArrayOverlap(
                    ArraySubquery(through.objects.filter(**{column: OuterRef("pk")}).values("partner_id")),
                    Value(self.named_partners, output_field=ArrayField(models.BigIntegerField())),
                )
            )
            for through, column in source.links
            if self.named_partners
        ]
        if not linked:
            return Value(0.0)
        return Case(When(reduce(operator.or_, linked), then=Value(PARTNER_LINK_RANK)), default=Value(0.0))

    def names_match(self) -> Q:
        # Names (weight A) and city (B), not the description: a word in a partner's description says
        # little about all the news that mentions the partner.
        names = _Filtered(F(self.vector), output_field=SearchVectorField())
        return Q(SearchVectorExact(names, self.query))

    def rows(self, source: _Source, visible: models.QuerySet) -> models.QuerySet:
        # Each branch is ranked as it is read, newest first, so that a query matching most of the archive
        # reads only the newest CANDIDATES matches (GIN index or date index: the planner picks). A union,
        # not an OR, so that each branch keeps its index.
        rank = SearchRank(F(self.vector), self.query)
        newest = visible.order_by(f"-{source.date}")
        fields = ("pk", "rank", source.date)
        rows = (
            newest.filter(**{self.vector: self.query})
            .annotate(rank=rank + self.partner_bonus(source))
            .values_list(*fields)[: self.window]
        )
        if source.links and self.named_partners:
            # Items about a named partner that do not match by their own text rank alike (the text of those
            # that do is ranked above), so this branch need not read their vectors: newest first is enough.
            about_named = newest.filter(self.about(source, self.named_partners))
            linked = about_named.annotate(rank=Value(PARTNER_LINK_RANK)).values_list(*fields)[: self.window]
            rows = rows.union(linked, all=True)
        return rows

    def annotate_text(self, source: _Source, objects: models.QuerySet) -> models.QuerySet:
        snippet = models.Func(
            Value(" · "),
            *(
                NullIf(_as_html(F(self.column(column, translated)), is_html), Value(""))
                for column, translated, is_html in source.snippet
            ),
            function="CONCAT_WS",
            output_field=models.TextField(),
        )
        marks = {"config": self.config, "start_sel": _START, "stop_sel": _STOP}
        return objects.defer(*_vector_columns(objects.model)).annotate(
            found_title=SearchHeadline(self.column(source.title), self.query, highlight_all=True, **marks),
            found_text=SearchHeadline(
                snippet,
                self.query,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )

    def hit(self, row: _Ranked, obj: models.Model) -> Hit:
        title = _marked(obj.found_title) if obj.found_title else escape(_display_title(obj))
        snippet = _marked(" ".join(unescape(obj.found_text).split()))
        return Hit(row.type, obj, row.rank, row.date, title, snippet)

    def has_terms(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))", [self.config, self.text]
            )
            return cursor.fetchone()[0] > 0


class _ContainmentBackend(_Backend):
    """The plain fallback: every word, in any case, somewhere in the same columns."""

    WEIGHTS = {"A": 1.0, "B": 0.4, "C": 0.2, "D": 0.1}

    def __init__(self, query: str, lang: str):
        super().__init__(query, lang)
        self.words = search_words(query)

    def contains(self, column: str, word: str) -> Q:
        # iregex, not icontains: SQLite's LIKE ignores case only for ASCII; Django's REGEXP is Python's re.
        return Q(**{f"{column}__iregex": re.escape(word)})

    def matches(self, columns: list[tuple[str, str]]) -> Q:
        if not self.words:
            return Q(pk__in=[])
        return reduce(
            operator.and_,
            (
                reduce(operator.or_, (self.contains(column, word) for column, _ in columns))
                for word in self.words
            ),
        )

    def names_match(self) -> Q:
        from partners.models import Partner

        return self.matches(self.document(Partner).columns("AB"))

    def rows(self, source: _Source, visible: models.QuerySet) -> models.QuerySet:
        columns = self.document(visible.model).columns()
        matches = self.matches(columns)
        if source.links and self.named_partners:
            matches |= self.about(source, self.named_partners)
        rank = reduce(
            operator.add,
            (
                Case(When(self.contains(column, word), then=Value(self.WEIGHTS[weight])), default=Value(0.0))
                for column, weight in columns
                for word in self.words
            ),
            self.partner_bonus(source),
        )
        return visible.filter(matches).annotate(rank=rank).values_list("pk", "rank", source.date)

    def annotate_text(self, source: _Source, objects: models.QuerySet) -> models.QuerySet:
        return objects

    def hit(self, row: _Ranked, obj: models.Model) -> Hit:
        from portal.core.richtext import html_to_text

        source = next(source for source in _sources() if source.type == row.type)
        title = getattr(obj, self.column(source.title)) or _display_title(obj)
        parts = []
        for column, translated, is_html in source.snippet:
            text = getattr(obj, self.column(column, translated)) or ""
            parts.append(html_to_text(text) if is_html else text)
        snippet = _excerpt(" · ".join(part for part in parts if part), self.words)
        return Hit(row.type, obj, row.rank, row.date, self.highlight(title), self.highlight(snippet))

    def highlight(self, text: str) -> SafeString:
        if not self.words:
            return escape(text)
        pattern = re.compile(
            "|".join(re.escape(word) for word in sorted(self.words, key=len, reverse=True)), re.I
        )
        return _marked(pattern.sub(lambda match: f"{_START}{match.group()}{_STOP}", text))

    def has_terms(self) -> bool:
        return bool(self.words)


class _Filtered(models.Func):
    """ts_filter(vector, '{a,b}'): the lexemes of weight A or B only."""

    template = "ts_filter(%(expressions)s, '{a,b}')"


def _as_html(expression, is_html: bool):
    """Plain text escaped as HTML, so that all the snippet's parts can be unescaped alike afterwards."""
    if is_html:
        return expression
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        expression = Replace(expression, Value(character), Value(entity))
    return expression


def _marked(text: str) -> SafeString:
    """``text`` escaped, with the words between the highlight markers in <mark>."""
    escaped = _MARKED.sub(r"<mark>\1</mark>", escape(text))
    return mark_safe(escaped.replace(_START, "").replace(_STOP, ""))


def _excerpt(text: str, words: list[str], size: int = 30) -> str:
    """About ``size`` words of ``text`` around the first of ``words`` it contains."""
    tokens = text.split()
    lowered = [word.lower() for word in words]
    first = next((i for i, token in enumerate(tokens) if any(word in token.lower() for word in lowered)), 0)
    start = max(0, first - size // 3)
    excerpt = " ".join(tokens[start : start + size])
    return f"{'… ' if start else ''}{excerpt}{' …' if start + size < len(tokens) else ''}"


def _display_title(obj: models.Model) -> str:
    """The title in the visitor's language or, failing that, another (modeltranslation's fallback)."""
    return str(obj)


def _vector_columns(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(getattr(field, "expression", None), SearchDocument)
    ]
