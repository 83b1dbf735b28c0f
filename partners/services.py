"""Read-only queries behind the partner directory, its map and its exports.

Each function runs a fixed number of queries, however many partners there are.
"""

from dataclasses import dataclass

from django.db.models import CharField, Count, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django_countries import countries
from modeltranslation.utils import build_localized_fieldname

from partners.models import Membership, Partner
from portal.core.translation_utils import language_codes, localized


@dataclass(frozen=True)
class Option:
    """One choice of a filter: its query-string value, its label and how many partners it gives."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    kinds: list[Option]
    countries: list[Option]
    associations: list[Option]


def filter_partners(queryset: QuerySet, *, kind="", country="", association=None) -> QuerySet:
    """``queryset`` narrowed to the directory's filters, already validated by ``PartnerFilterForm``."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if country:
        queryset = queryset.filter(country=country)
    if association is not None:
        # A subquery rather than a join: no duplicates, and it combines with any other filter.
        queryset = queryset.filter(
            pk__in=Membership.objects.published().filter(association=association).values("member_id")
        )
    return queryset


def shown_name(prefix=""):
    """The name a visitor sees, as an expression: the active language's, else the next one that has text."""
    lang = get_language()
    order = [lang, *(code for code in language_codes() if code != lang)]
    text = CharField()
    names = (
        NullIf(F(prefix + build_localized_fieldname("name", code)), Value(""), output_field=text)
        for code in order
    )
    return Coalesce(*names, output_field=text)


def memberships_with_associations(memberships: QuerySet | None = None):
    """A prefetch of each partner's memberships (published ones by default) with their associations."""
    if memberships is None:
        memberships = Membership.objects.published()
    return Prefetch(
        "memberships",
        queryset=memberships.select_related("association").order_by(
            shown_name("association__"), "association_id"
        ),
    )


def directory(queryset: QuerySet) -> QuerySet:
    """``queryset`` ready for the directory and the exports: in shown-name order, with memberships."""
    return (
        queryset.defer(*localized("description"))
        .prefetch_related(memberships_with_associations())
        .order_by(shown_name(), "pk")
    )


def _counts(queryset, field):
    return dict(queryset.order_by().values_list(field).annotate(count=Count("pk")))


def facets(*, kind="", country="", association=None) -> Facets:
    """Every filter's options with how many published partners each gives, other filters kept (3 queries)."""
    everyone = Partner.objects.published()

    kind_counts = _counts(filter_partners(everyone, country=country, association=association), "kind")
    kinds = [
        Option(value, label, kind_counts.get(value, 0))
        for value, label in Partner.Kind.choices
        if kind_counts.get(value) or value == kind
    ]

    country_counts = _counts(filter_partners(everyone, kind=kind, association=association), "country")
    if country:
        country_counts.setdefault(country, 0)
    country_options = sorted(
        (Option(code, countries.name(code), count) for code, count in country_counts.items()),
        key=lambda option: str(option.label),
    )

    members = filter_partners(everyone, kind=kind, country=country).values("pk")
    associations = (
        everyone.associations()
        .annotate(count=Count("members", filter=Q(members__member__in=members)))
        .order_by(shown_name(), "pk")
    )
    association_options = [
        Option(item.slug, item.display_name, item.count)
        for item in associations
        if item.count or item == association
    ]
    return Facets(kinds, country_options, association_options)


def partners_by_country(queryset: QuerySet) -> list[Option]:
    """The countries of ``queryset`` with their numbers of partners, in the order of their shown names."""
    counts = _counts(queryset, "country")
    return sorted(
        (Option(code, countries.name(code), count) for code, count in counts.items()),
        key=lambda option: str(option.label),
    )


def located_partners(queryset: QuerySet) -> QuerySet:
    """The partners of ``queryset`` that have coordinates, for the map's city dots."""
    # Only what a dot and the list under the map show: whole rows were most of the page's database time.
    return (
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .names("city", "country", "latitude", "longitude")
        .order_by(shown_name(), "pk")
    )
