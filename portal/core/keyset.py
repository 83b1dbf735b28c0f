"""Keyset (seek) pagination: each page is found from where the previous one ended, not by counting.

Django's Paginator reads page N with ``OFFSET (N - 1) * size`` — the database reads and throws away
every row before the page — and counts every matching row for "page N of M", so a deep page of a
large list costs far more than the first. Here a page's links carry the position of the item next to
it in the list's ordering (its ordering values and primary key), and the next page is the rows beyond
that position, which an index on the ordering finds directly: page 5,000 costs what page 1 costs, and
items published while a visitor browses neither repeat nor vanish from the next page. The total is
counted only up to a bound.

A position travels in the query string signed (``django.core.signing``), so a forged or damaged one is
refused like any other invalid input; it also carries the page's number, to say "page 7" on the way.
"""

import math
import operator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property, reduce

from django import forms
from django.core import signing
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class Cursor:
    """A position in a list: the page holds the items beyond ``values`` (``forward``) or before them."""

    values: tuple
    forward: bool
    number: int


def _encode(value):
    if isinstance(value, datetime):
        return f"t{(value - _EPOCH) // _MICROSECOND}"
    if isinstance(value, int):
        return f"i{value}"
    raise TypeError(f"A keyset ordering can use dates and times or integers, not {type(value).__name__}")


def _decode(text):
    kind, number = text[:1], int(text[1:])
    if kind == "t":
        return _EPOCH + number * _MICROSECOND
    if kind == "i":
        return number
    raise ValueError(text)


def sign_cursor(cursor, salt):
    """``cursor`` as a query-string value that only this site can have made."""
    payload = ".".join([str(cursor.number), *(_encode(value) for value in cursor.values)])
    return signing.Signer(salt=salt).sign(payload)


def read_cursor(value, salt, *, forward, size):
    """The cursor signed in ``value``; ValueError if it was not made here or does not fit the list."""
    if len(value) > 200:
        raise ValueError(value)
    try:
        payload = signing.Signer(salt=salt).unsign(value)
        number, *values = payload.split(".")
        cursor = Cursor(tuple(_decode(text) for text in values), forward, int(number))
    except (signing.BadSignature, ValueError, OverflowError) as error:
        raise ValueError(value) from error
    if len(cursor.values) != size or cursor.number < 1:
        raise ValueError(value)
    return cursor


class CursorForm(forms.Form):
    """The position fields of a keyset-paginated list's query string: ``after`` or ``before``.

    A list's filter form inherits them and sets ``cursor_salt`` and ``cursor_size`` (the number of
    ordering columns); ``cleaned_data["cursor"]`` is then a Cursor or None (the first page).
    """

    cursor_salt = ""
    cursor_size = 2

    after = forms.CharField(required=False, widget=forms.HiddenInput)
    before = forms.CharField(required=False, widget=forms.HiddenInput)

    cursor_error = _(
        "The link to this page of the list is damaged or out of date: start again from the first page."
    )

    def clean(self):
        data = super().clean()
        after, before = data.get("after"), data.get("before")
        data["cursor"] = None
        if after and before:
            self.add_error(None, forms.ValidationError(self.cursor_error, code="cursor"))
        elif after or before:
            try:
                data["cursor"] = read_cursor(
                    after or before, self.cursor_salt, forward=bool(after), size=self.cursor_size
                )
            except ValueError:
                self.add_error(None, forms.ValidationError(self.cursor_error, code="cursor"))
        return data


# Old numbered links (?page=N) are still served this deep; the OFFSET they need stays small.
LEGACY_PAGE_LIMIT = 100


def legacy_page_number(value):
    """The page number of an old ``?page=N`` link; 404 unless it is a number from 1 to the limit."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404(_("That page number is not an integer")) from None
    if not 1 <= number <= LEGACY_PAGE_LIMIT:
        raise Http404(_("That page contains no results"))
    return number


class KeysetPaginator:
    """Pages of ``queryset`` in the order ``keys`` (e.g. ``("-published_at", "-pk")``; end with the pk).

    ``count`` is ``total`` when the caller knows it (from a maintained count, say); otherwise it is
    counted, exact up to ``count_limit`` and ``capped`` beyond it: counting stops there.
    """

    def __init__(self, queryset, per_page, keys, salt, count_limit=1000, total=None):
        self.keys = keys
        self.queryset = queryset.order_by(*keys)
        self.per_page = per_page
        self.salt = salt
        self.count_limit = count_limit
        self.total = total

    @cached_property
    def _bounded_count(self):
        if self.total is not None:
            return self.total
        return self.queryset.order_by()[: self.count_limit + 1].count()

    @property
    def count(self):
        return self._bounded_count if self.total is not None else min(self._bounded_count, self.count_limit)

    @property
    def capped(self):
        return self.total is None and self._bounded_count > self.count_limit

    @property
    def num_pages(self):
        """How many pages there are, or None when the count is capped."""
        return None if self.capped else max(1, math.ceil(self.count / self.per_page))

    def page(self, cursor=None, number=1):
        """The page at ``cursor``, or old-style page ``number`` (a small OFFSET); 404 if it is empty."""
        size = self.per_page
        if cursor is not None:
            beyond = self.queryset.filter(self._beyond(cursor.values, cursor.forward))
            if cursor.forward:
                rows = list(beyond[: size + 1])
                items, has_next, has_previous = rows[:size], len(rows) > size, True
            else:
                rows = list(beyond.reverse()[: size + 1])[::-1]
                items, has_next, has_previous = rows[-size:], True, len(rows) > size
            number = cursor.number if has_previous else 1
        else:
            rows = list(self.queryset[(number - 1) * size : number * size + 1])
            items, has_next, has_previous = rows[:size], len(rows) > size, number > 1
        if not items and (cursor is not None or number > 1):
            raise Http404(_("That page contains no results"))
        return KeysetPage(self, items, max(number, 2) if has_previous else 1, has_next, has_previous)

    def _beyond(self, values, forward):
        """Rows after (``forward``) or before the position ``values`` in the ordering."""
        alternatives = []
        equal = Q()
        for key, value in zip(self.keys, values, strict=True):
            name = key.removeprefix("-")
            later = "lt" if key.startswith("-") == forward else "gt"
            alternatives.append(equal & Q(**{f"{name}__{later}": value}))
            equal &= Q(**{name: value})
        # The first column's range alone, repeated, lets the database start the index scan there.
        first = self.keys[0]
        bound = "lte" if first.startswith("-") == forward else "gte"
        return Q(**{f"{first.removeprefix('-')}__{bound}": values[0]}) & reduce(operator.or_, alternatives)

    def position(self, item):
        return tuple(getattr(item, key.removeprefix("-")) for key in self.keys)


class KeysetPage:
    """One page: what the pagination partial needs, as Django's Page offers it, plus the cursors."""

    by_position = True

    def __init__(self, paginator, items, number, has_next, has_previous):
        self.paginator = paginator
        self.object_list = items
        self.number = number
        self._has_next = has_next
        self._has_previous = has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self._has_previous

    def has_other_pages(self):
        return self._has_next or self._has_previous

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    @property
    def next_cursor(self):
        """The ``after`` value of the next page's link."""
        if not self._has_next:
            return None
        last = self.paginator.position(self.object_list[-1])
        return sign_cursor(Cursor(last, True, self.number + 1), self.paginator.salt)

    @property
    def previous_cursor(self):
        """The ``before`` value of the previous page's link; None when that is the first page."""
        if not self._has_previous or self.number <= 2:
            return None
        first = self.paginator.position(self.object_list[0])
        return sign_cursor(Cursor(first, False, self.number - 1), self.paginator.salt)

    @property
    def total_pages(self):
        """How many pages the list has, when that is known and consistent with this page's number."""
        total = self.paginator.num_pages
        return total if total and self.number <= total else None
