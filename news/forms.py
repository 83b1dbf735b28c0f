from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from news.facets import Filters
from news.models import Post, Topic
from partners.models import Membership, Partner
from portal.core.keyset import CursorForm
from portal.core.querystrings import filter_query


class PostFilterForm(CursorForm):
    """The news list's query-string filters, checked before they reach the ORM.

    Filters of different kinds combine with AND; several partners combine with OR
    (news about any of them). The position in the list (``after``/``before``) comes with them.
    """

    cursor_salt = "news.list"

    # Only published partners: a draft's slug is refused like one that does not exist.
    partner = forms.ModelMultipleChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.published(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no partner “%(value)s”.")},
    )
    country = forms.TypedChoiceField(
        label=_("Partner's country"),
        choices=[("", _("Any country")), *countries],
        required=False,
        error_messages={"invalid_choice": _("There is no country “%(value)s”.")},
    )
    association = forms.ModelChoiceField(
        label=_("Association"),
        queryset=Partner.objects.published().associations(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any association"),
        error_messages={"invalid_choice": _("There is no such association.")},
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any topic"),
        error_messages={"invalid_choice": _("There is no such topic.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1990,
        max_value=2100,
        required=False,
        error_messages={"invalid": _("The year must be a number such as 2016.")},
    )

    def filter(self, posts):
        """Narrow ``posts`` by the cleaned filters; call only when the form is valid."""
        data = self.cleaned_data
        # Links to draft partners do not count, as in the news list's facets: every partner below is
        # published. They are named by id, so that PostgreSQL's statistics tell it how many posts
        # each has and it walks the news list's index instead of reading all their links first.
        if data["partner"]:
            posts = posts.filter(pk__in=_about([partner.pk for partner in data["partner"]]))
        if data["country"]:
            in_country = Partner.objects.published().filter(country=data["country"])
            posts = posts.filter(pk__in=_about(list(in_country.values_list("pk", flat=True))))
        if association := data["association"]:
            members = Membership.objects.published().filter(association=association)
            posts = posts.filter(
                pk__in=_about([association.pk, *members.values_list("member_id", flat=True)])
            )
        if data["topic"]:
            posts = posts.filter(topics=data["topic"])
        if data["year"]:
            posts = posts.filter(published_at__year=data["year"])
        return posts

    def facet_filters(self):
        """The cleaned filters as ``news.facets.Filters``; no filter at all when the form is invalid."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            year=data["year"] or 0,
            topic=data["topic"].pk if data["topic"] else 0,
            partners=tuple(sorted(partner.pk for partner in data["partner"])),
            country=data["country"] or "",
            association=data["association"].pk if data["association"] else 0,
        )

    def active_filters(self):
        """(label, the filters without it as a QueryDict) for each filter in use, to remove it alone."""
        if not self.is_bound or not self.is_valid():
            return []
        data = self.cleaned_data
        active = []
        for partner in data["partner"]:
            active.append((partner.display_name, self._without("partner", partner.slug)))
        if data["country"]:
            active.append((countries.name(data["country"]), self._without("country")))
        if data["association"]:
            active.append((data["association"].display_name, self._without("association")))
        if data["topic"]:
            active.append((data["topic"].name, self._without("topic")))
        if data["year"]:
            active.append((str(data["year"]), self._without("year")))
        return active

    def _without(self, name, value=None):
        query = filter_query(self.data)
        if value is None:
            query.pop(name, None)
        else:
            query.setlist(name, [v for v in query.getlist(name) if v != value])
        return query


def _about(partner_ids):
    """The ids of posts about any of the partners ``partner_ids``, as a subquery."""
    return Post.partners.through.objects.filter(partner__in=partner_ids).values("post_id")


class EventArchiveForm(CursorForm):
    """The events page's query string, checked before the ORM: the year of past events to show, and
    a position (``after``/``before``) in the list the page pages through.

    Only a year from the first to the last with past events is valid; without one the archive shows
    the latest, and the position is in the upcoming events. With one, it is in that year's events.
    """

    upcoming_salt = "events.upcoming"
    archive_salt = "events.archive"

    year = forms.IntegerField(
        min_value=1,
        max_value=9999,
        required=False,
        error_messages={
            "invalid": _("The year must be a number such as 2016."),
            "min_value": _("There are no past events in the year you asked for."),
            "max_value": _("There are no past events in the year you asked for."),
        },
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and year not in self.years:
            raise forms.ValidationError(
                _("There are no past events in the year you asked for."), code="no_events"
            )
        return year

    def clean(self):
        # A position in one list is no position in the other: each is signed for its own.
        self.cursor_salt = self.archive_salt if self.cleaned_data.get("year") else self.upcoming_salt
        return super().clean()

    def shown_year(self):
        """The year to show: the one asked for, the latest if none was, None if the query is invalid."""
        if not self.is_valid():
            return None
        return self.cleaned_data["year"] or (self.years[0] if self.years else None)
