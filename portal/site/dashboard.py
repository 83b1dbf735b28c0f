"""What the office's admin index shows: translation work, agreements running out, posts not yet live.

Every list costs one query however much content there is: its first few rows carry the total as a
window count, so a page of the dashboard is a constant number of queries.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, Window, prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from news.models import Event, Post
from partners.models import Agreement, Partner
from portal.core.editing import stale_key
from portal.core.pending import PendingChange
from portal.core.translation_utils import filled_in, in_language, language_codes, missing_in

LIMIT = 10
# Agreements whose last valid day falls within this many days are listed as running out.
EXPIRY_WINDOW_DAYS = 90
TRANSLATED_MODELS = (Post, Event, Partner)


@dataclass(frozen=True)
class Language:
    """One of the portal's languages: its code and its name in the active language."""

    code: str
    name: str

    @property
    def phrase(self) -> str:
        """The phrase "in English", for sentences that end with the language."""
        return in_language(self.code)


@dataclass(frozen=True)
class Entry:
    """An object on the dashboard and the admin page where it is edited."""

    obj: models.Model
    url: str
    when: date | None = None
    behind: tuple[Language, ...] = ()
    partner_url: str | None = None
    by: str = ""
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listing:
    """The first few objects of a list, how many there are in all and where the admin lists them all."""

    count: int
    entries: list[Entry]
    all_url: str | None = None


@dataclass(frozen=True)
class MissingText:
    """The objects of one kind that lack text in ``language``."""

    language: Language
    listing: Listing


@dataclass(frozen=True)
class TranslationWork:
    """One kind of content: what lacks text in each language and what is stale."""

    key: str
    title: str
    missing: list[MissingText]
    stale: Listing


@dataclass(frozen=True)
class Dashboard:
    """Everything on the office's dashboard; a section the user may not see is empty or ``None``."""

    translations: list[TranslationWork] = field(default_factory=list)
    expiring_agreements: Listing | None = None
    expired_agreements: Listing | None = None
    scheduled_posts: Listing | None = None
    draft_posts: Listing | None = None
    pending_changes: Listing | None = None
    expiry_days: int = EXPIRY_WINDOW_DAYS

    @property
    def agreement_listings(self) -> list[Listing]:
        """Expiring, then expired agreements."""
        return [self.expiring_agreements, self.expired_agreements]

    @property
    def post_listings(self) -> list[Listing]:
        """Scheduled, then draft posts."""
        return [self.scheduled_posts, self.draft_posts]

    @property
    def is_empty(self) -> bool:
        """Whether the user may see none of the sections."""
        return (
            not self.translations
            and self.expiring_agreements is None
            and self.scheduled_posts is None
            and self.pending_changes is None
        )


def languages() -> list[Language]:
    """The portal's languages with their (translated) names, default language first."""
    names = dict(settings.LANGUAGES)
    return [Language(code, names[code]) for code in language_codes()]


def change_url(obj: models.Model) -> str:
    """The admin page where ``obj`` is edited."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[quote(obj.pk)])


def changelist_url(model: type[models.Model], **params) -> str:
    """The admin list of ``model``, filtered by ``params``."""
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def first_and_count(queryset: models.QuerySet, limit: int = LIMIT) -> tuple[list, int]:
    """The first ``limit`` objects of ``queryset`` and how many it holds in all, in one query."""
    rows = list(queryset.annotate(dashboard_total=Window(Count("pk")))[:limit])
    return rows, rows[0].dashboard_total if rows else 0


def translation_check_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields that must have text in a language for an object to count as translated into it."""
    return tuple(admin.site.get_model_admin(model).translation_check_fields)


def complete_in(fields: tuple[str, ...], lang: str) -> Q:
    """Q matching rows where every one of ``fields`` has text in ``lang``."""
    return reduce(lambda q, field: q & filled_in(field, lang), fields, Q())


def stale_in(fields: tuple[str, ...], lang: str) -> Q:
    """Q matching rows whose complete ``lang`` text is behind an edit of another language."""
    return complete_in(fields, lang) & Q(**{f"translations_updated_at__{stale_key(lang)}": True})


def missing_fields(obj: models.Model, fields: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """The names of those of ``fields`` that have no text in ``lang`` on ``obj``."""
    return tuple(
        str(obj._meta.get_field(name).verbose_name)
        for name in fields
        if getattr(obj, build_localized_fieldname(name, lang)) in (None, "")
    )


def missing_translations(model: type[models.Model], lang: str, limit: int = LIMIT) -> Listing:
    """Objects lacking text in ``lang``, most recently updated first, each with the fields it lacks."""
    fields = translation_check_fields(model)
    queryset = model._default_manager.filter(missing_in(fields, lang))
    rows, count = first_and_count(queryset.order_by("-updated_at", "-pk"), limit)
    entries = [Entry(obj, change_url(obj), missing=missing_fields(obj, fields, lang)) for obj in rows]
    return Listing(count, entries, changelist_url(model, missing=lang))


def stale_translations(model: type[models.Model], limit: int = LIMIT) -> Listing:
    """Objects with a stale language, most recently updated first, each with the languages behind."""
    fields = translation_check_fields(model)
    langs = {lang.code: lang for lang in languages()}
    conditions = {code: stale_in(fields, code) for code in langs}
    flags = {code: f"stale_{index}" for index, code in enumerate(langs)}
    queryset = (
        model._default_manager.filter(reduce(or_, conditions.values()))
        .annotate(
            **{
                flags[code]: models.ExpressionWrapper(condition, output_field=models.BooleanField())
                for code, condition in conditions.items()
            }
        )
        .order_by("-updated_at", "-pk")
    )
    rows, count = first_and_count(queryset, limit)
    entries = [
        Entry(obj, change_url(obj), behind=tuple(langs[code] for code in langs if getattr(obj, flags[code])))
        for obj in rows
    ]
    return Listing(count, entries)


def translation_work(model: type[models.Model], limit: int = LIMIT) -> TranslationWork:
    """What lacks text in each language, and what is stale, for one kind of content."""
    return TranslationWork(
        key=model._meta.model_name,
        title=model._meta.verbose_name_plural,
        missing=[MissingText(lang, missing_translations(model, lang.code, limit)) for lang in languages()],
        stale=stale_translations(model, limit),
    )


def _agreement_entries(rows: list[Agreement], link_partners: bool) -> list[Entry]:
    """Dashboard entries for agreements, linked to their partner's admin page if allowed."""
    return [
        Entry(
            agreement,
            change_url(agreement),
            when=agreement.valid_until,
            partner_url=change_url(agreement.partner) if link_partners else None,
        )
        for agreement in rows
    ]


def expiring_agreements(today: date | None = None, limit: int = LIMIT, link_partners: bool = True) -> Listing:
    """Agreements whose last valid day is between today and ``EXPIRY_WINDOW_DAYS`` from now, soonest first."""
    today = today or timezone.localdate()
    until = today + timedelta(days=EXPIRY_WINDOW_DAYS)
    queryset = Agreement.objects.expiring(EXPIRY_WINDOW_DAYS, today)
    rows, count = first_and_count(queryset.select_related("partner").order_by("valid_until", "pk"), limit)
    url = changelist_url(Agreement, valid_until__gte=today.isoformat(), valid_until__lte=until.isoformat())
    return Listing(count, _agreement_entries(rows, link_partners), url)


def expired_agreements(today: date | None = None, limit: int = LIMIT, link_partners: bool = True) -> Listing:
    """Agreements whose last valid day has passed, most recently expired first."""
    today = today or timezone.localdate()
    queryset = Agreement.objects.expired(today)
    rows, count = first_and_count(queryset.select_related("partner").order_by("-valid_until", "-pk"), limit)
    url = changelist_url(Agreement, valid_until__lt=today.isoformat())
    return Listing(count, _agreement_entries(rows, link_partners), url)


def scheduled_posts(limit: int = LIMIT) -> Listing:
    """Posts waiting for their publication time, soonest first."""
    rows, count = first_and_count(Post.objects.scheduled().order_by("published_at", "pk"), limit)
    return Listing(
        count,
        [Entry(post, change_url(post), when=post.published_at) for post in rows],
        changelist_url(Post, visibility="scheduled"),
    )


def draft_posts(limit: int = LIMIT) -> Listing:
    """Posts still in draft, most recently updated first."""
    rows, count = first_and_count(Post.objects.drafts().order_by("-updated_at", "-pk"), limit)
    return Listing(
        count,
        [Entry(post, change_url(post), when=post.updated_at) for post in rows],
        changelist_url(Post, visibility="draft"),
    )


def pending_changes(request: HttpRequest, limit: int = LIMIT) -> Listing | None:
    """Published items with editors' changes waiting for a publisher, most recent first.

    One query for the list and one per kind of item, however many there are.
    """
    kinds = [
        ContentType.objects.get_for_model(model) for model in TRANSLATED_MODELS if _can_view(request, model)
    ]
    if not kinds:
        return None
    queryset = PendingChange.objects.filter(content_type__in=kinds).select_related("author")
    rows, count = first_and_count(queryset.order_by("-updated_at", "-pk"), limit)
    prefetch_related_objects(rows, "item")
    entries = [
        Entry(
            pending.item,
            reverse(
                f"admin:{pending.item._meta.app_label}_{pending.item._meta.model_name}_pending",
                args=[quote(pending.object_id)],
            ),
            when=pending.updated_at,
            by=pending.author.get_username() if pending.author else "",
        )
        for pending in rows
        if pending.item is not None
    ]
    return Listing(count, entries)


def _can_view(request: HttpRequest, model: type[models.Model]) -> bool:
    """Whether the admin lets ``request.user`` see objects of ``model``."""
    if not admin.site.is_registered(model):
        return False
    return admin.site.get_model_admin(model).has_view_or_change_permission(request)


def dashboard_for(request: HttpRequest, limit: int = LIMIT) -> Dashboard:
    """The sections of the dashboard that ``request.user`` may see."""
    today = timezone.localdate()
    can_view_agreements = _can_view(request, Agreement)
    can_view_posts = _can_view(request, Post)
    link_partners = _can_view(request, Partner)
    return Dashboard(
        translations=[
            translation_work(model, limit) for model in TRANSLATED_MODELS if _can_view(request, model)
        ],
        expiring_agreements=expiring_agreements(today, limit, link_partners) if can_view_agreements else None,
        expired_agreements=expired_agreements(today, limit, link_partners) if can_view_agreements else None,
        scheduled_posts=scheduled_posts(limit) if can_view_posts else None,
        draft_posts=draft_posts(limit) if can_view_posts else None,
        pending_changes=pending_changes(request, limit),
    )
