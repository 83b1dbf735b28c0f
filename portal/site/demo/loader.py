"""Load the starter content from ``portal.site.demo.data`` into the database, idempotently.

Rows are matched on a natural key (slug, or the fields named below), created when missing and
otherwise saved only when a value really differs, so a second run touches nothing, not even
``updated_at``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django_countries.fields import Country

from news.models import Event, Post, Status, Topic
from partners.models import Agreement, Membership, Partner
from portal.core.richtext import paragraphs_to_html
from portal.site.demo import data

# Keys of a data entry that are not plain model fields.
_EVENT_RELATIONS = ("organisers", "participants")
_POST_RELATIONS = ("partners", "topics", "event")
# Rich text fields, given in the data as plain-text paragraphs (a tuple) or a single paragraph.
_RICH_TEXT_FIELDS = ("body_ru", "body_en", "description_ru", "description_en")
_DECIMAL_FIELDS = ("latitude", "longitude")
# No demo item has a cover image, so its description is blank, but set in both languages all the same.
_NO_COVER = {"cover_alt_ru": "", "cover_alt_en": ""}

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadReport:
    """What a run of ``load_demo`` found and did."""

    totals: Counter[str] = field(default_factory=Counter)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, label: str, outcome: str) -> None:
        """Record one row of kind ``label`` as "created", "updated" or "unchanged"."""
        self.totals[label] += 1
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        """The one-line summary the command prints."""
        parts = ", ".join(f"{n} {label}" for label, n in self.totals.items())
        return (
            f"Demo content: {parts} "
            f"(created {self.created}, updated {self.updated}, unchanged {self.unchanged})"
        )


def load_demo() -> LoadReport:
    """Create or update the demo content; return what was done."""
    report = LoadReport()
    now = timezone.now()
    # The untranslated base columns (``name``, ``title``…) follow the active language on save; pin it
    # so the result does not depend on the caller's locale.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        topics = {item["slug"]: _load_topic(item, report) for item in data.TOPICS}
        partners = {item["slug"]: _load_partner(item, report) for item in data.PARTNERS}
        for item in data.MEMBERSHIPS:
            _load_membership(item, partners, report)
        events = {item["slug"]: _load_event(item, partners, now, report) for item in data.EVENTS}
        for item in data.POSTS:
            _load_post(item, partners, topics, events, now, report)
        for item in data.AGREEMENTS:
            _load_agreement(item, partners, report)
    return report


def _load_topic(item: dict[str, Any], report: LoadReport) -> Topic:
    """Create or update one topic."""
    values = _fields(item, exclude=("slug",))
    return _sync(Topic, {"slug": item["slug"]}, values, report=report, label="topics")


def _load_partner(item: dict[str, Any], report: LoadReport) -> Partner:
    """Create or update one partner organisation."""
    values = _fields(item, exclude=("slug",))
    for name in _DECIMAL_FIELDS:
        if values[name] is not None:
            values[name] = Decimal(values[name])
    values.setdefault("is_demo", False)
    values.setdefault("status", Status.PUBLISHED)
    return _sync(Partner, {"slug": item["slug"]}, values, report=report, label="partners")


def _load_membership(item: dict[str, Any], partners: dict[str, Partner], report: LoadReport) -> Membership:
    """Create or update one membership of an association."""
    lookup = {"association": partners[item["association"]], "member": partners[item["member"]]}
    values = {"role": item["role"], "since": item["since"]}
    return _sync(Membership, lookup, values, report=report, label="memberships")


def _load_event(
    item: dict[str, Any], partners: dict[str, Partner], now: datetime, report: LoadReport
) -> Event:
    """Create or update one event, its organisers and participants."""
    zone = ZoneInfo(item["timezone"])
    values = {**_NO_COVER, **_fields(item, exclude=("slug", "starts_at", "ends_at", *_EVENT_RELATIONS))}
    fixed, on_create = _split_datetimes(item, ("starts_at", "ends_at"), zone, now)
    m2m = {name: [partners[slug] for slug in item[name]] for name in _EVENT_RELATIONS}
    return _sync(
        Event,
        {"slug": item["slug"]},
        {**values, **fixed},
        on_create=on_create,
        m2m=m2m,
        report=report,
        label="events",
    )


def _load_post(
    item: dict[str, Any],
    partners: dict[str, Partner],
    topics: dict[str, Topic],
    events: dict[str, Event],
    now: datetime,
    report: LoadReport,
) -> Post:
    """Create or update one news post, its partners, topics and event."""
    zone = ZoneInfo(data.POST_TIMEZONE)
    values = {**_NO_COVER, **_fields(item, exclude=("slug", "published_at", *_POST_RELATIONS))}
    values["event"] = events[item["event"]] if item["event"] else None
    fixed, on_create = _split_datetimes(item, ("published_at",), zone, now)
    m2m = {
        "partners": [partners[slug] for slug in item["partners"]],
        "topics": [topics[slug] for slug in item["topics"]],
    }
    return _sync(
        Post,
        {"slug": item["slug"]},
        {**values, **fixed},
        on_create=on_create,
        m2m=m2m,
        report=report,
        label="posts",
    )


def _load_agreement(item: dict[str, Any], partners: dict[str, Partner], report: LoadReport) -> Agreement:
    """Create or update one cooperation agreement; all of them are made up, hence demo."""
    lookup = {"partner": partners[item["partner"]], "kind": item["kind"], "signed_on": item["signed_on"]}
    values = {**_fields(item, exclude=("partner", "kind", "signed_on")), "is_demo": True}
    return _sync(Agreement, lookup, values, report=report, label="agreements")


def _fields(item: dict[str, Any], exclude: tuple[str, ...]) -> dict[str, Any]:
    """A copy of ``item`` without the keys in ``exclude``, with rich text turned into HTML."""
    values = {key: value for key, value in item.items() if key not in exclude}
    for name in _RICH_TEXT_FIELDS:
        if name in values:
            text = values[name]
            values[name] = paragraphs_to_html((text,) if isinstance(text, str) else text)
    return values


def _split_datetimes(
    item: dict[str, Any], names: tuple[str, ...], zone: tzinfo, now: datetime
) -> tuple[dict[str, datetime], dict[str, datetime]]:
    """Resolve date-time specs into (fixed values, values to set only when the row is created)."""
    fixed, on_create = {}, {}
    for name in names:
        spec = item[name]
        if isinstance(spec, str):
            fixed[name] = datetime.fromisoformat(spec).replace(tzinfo=zone)
        else:
            day = timezone.localtime(now, zone).date() + timedelta(days=spec["days_from_now"])
            at = time.fromisoformat(spec["time"])
            on_create[name] = datetime.combine(day, at, tzinfo=zone)
    return fixed, on_create


def _sync(
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    report: LoadReport,
    label: str,
    on_create: dict[str, Any] | None = None,
    m2m: dict[str, list[models.Model]] | None = None,
) -> M:
    """Get the ``model`` row matching ``lookup`` and bring it in line with ``values``.

    ``on_create`` values are used only for a new row: relative dates must not move on later runs.
    Existing rows are saved only when a value differs, and many-to-many sets are replaced only when
    their members differ.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **(on_create or {}))
        obj.full_clean()
        obj.save()
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if not _same(getattr(obj, name), value)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.full_clean()
            obj.save()
        outcome = "updated" if changed else "unchanged"
    for name, related in (m2m or {}).items():
        manager = getattr(obj, name)
        wanted = {item.pk for item in related}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(related)
            if outcome == "unchanged":
                outcome = "updated"
    report.count(label, outcome)
    return obj


def _same(current: Any, wanted: Any) -> bool:
    """Whether a stored field value already equals the wanted one."""
    return _comparable(current) == _comparable(wanted)


def _comparable(value: Any) -> Any:
    """``value`` in a form that compares equal however the field returns it."""
    if isinstance(value, Country):
        return value.code
    if isinstance(value, tzinfo):
        return str(value)
    if isinstance(value, models.Model):
        return (type(value), value.pk)
    if value is None:
        # Translation columns are nullable; an empty string and NULL both mean "no text".
        return ""
    return value
