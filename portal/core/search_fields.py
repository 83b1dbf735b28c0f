"""The models' search columns: a weighted tsvector per language, kept current by the database.

On PostgreSQL every searchable row carries one ``tsvector`` per language in a stored generated column
(``search_vector_field``), GIN-indexed (``SearchIndex``); elsewhere the column exists and stays NULL,
so one set of migrations serves both databases. The search service is ``portal.site.search``.
"""

import operator
from functools import reduce

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models


class SearchDocument(models.Func):
    """The weighted tsvector of some of a row's columns, for a stored ``GeneratedField``.

    ``parts`` are (weight, column, column…) tuples, e.g. ``SearchDocument("english", ("A", "title_en"))``.
    On any other database than PostgreSQL the column is simply NULL, so that one set of migrations
    creates it on SQLite too.
    """

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self, config: str, *parts: tuple[str, ...]):
        self.config = config
        self.parts = parts
        vectors = [SearchVector(*columns, config=config, weight=weight) for weight, *columns in parts]
        super().__init__(reduce(operator.add, vectors))

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)

    def columns(self, weights: str = "ABCD") -> list[tuple[str, str]]:
        """(column, weight) for every column whose weight is in ``weights``."""
        return [
            (column, weight) for weight, *columns in self.parts if weight in weights for column in columns
        ]


def search_vector_field(config: str, *parts: tuple[str, ...]) -> models.GeneratedField:
    """A tsvector column the database recomputes whenever the row is written (see ``SearchDocument``)."""
    return models.GeneratedField(
        expression=SearchDocument(config, *parts),
        output_field=SearchVectorField(),
        db_persist=True,
        serialize=False,  # derived data: kept out of fixtures and django-reversion's history
    )


class SearchIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere a plain index on the (always empty) column, for SQLite's sake."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)
