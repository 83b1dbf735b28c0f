from django.db.models import Prefetch
from django.utils.timezone import localtime
from django.views.generic import DetailView, ListView, TemplateView
from django_countries import countries

from news import facets
from news.forms import EventArchiveForm, PostFilterForm
from news.models import Event, Post, Topic
from news.structured_data import event_json_ld, post_json_ld
from partners.models import Partner
from portal.core.keyset import KeysetPaginator, legacy_page_number
from portal.core.preview import StaffPreviewMixin
from portal.core.querystrings import filter_query, without_blanks
from portal.core.translation_utils import complete_languages, fallback

# Every partner shown beside a post or an event, in lists, pages, previews and structured data: only
# those visitors may see.
PARTNER_CARD = Partner.objects.published()

# The news list's order; its index is news.Post.Meta.indexes' "post_published_order".
POST_ORDER = ("-published_at", "-pk")


def news_facets(filter_form, counts):
    """What the news list can be narrowed to: each option with the number of posts it would give,
    the other chosen filters kept (``counts``, from ``news.facets.counts``; 2 more queries, however
    many posts there are).

    Options that would give nothing are left out, except a chosen one, so that it can be unchosen.
    """
    filters = filter_form.facet_filters()
    options = counts.options
    partner_counts, association_counts = options["partner"], options["association"]
    shown = {pk for counted in (partner_counts, association_counts) for pk, count in counted.items() if count}
    shown.update(filters.partners, [filters.association] if filters.association else [])
    # Only what an option shows: whole rows (descriptions in two languages) took most of the query.
    partners = list(PARTNER_CARD.filter(pk__in=shown).names()) if shown else []
    topics = {pk for pk, count in options["topic"].items() if count} | ({filters.topic} - {0})
    return {
        "partners": _options(
            [p for p in partners if partner_counts.get(p.pk) or p.pk in filters.partners],
            partner_counts,
            filters.partners,
            label=lambda partner: partner.display_name,
        ),
        "countries": sorted(
            (
                {
                    "code": code,
                    "name": countries.name(code),
                    "post_count": count,
                    "selected": code == filters.country,
                }
                for code, count in _with_chosen(options["country"], filters.country).items()
            ),
            key=lambda country: str(country["name"]),
        ),
        "associations": _options(
            [
                p
                for p in partners
                if p.kind == Partner.Kind.ASSOCIATION
                and (association_counts.get(p.pk) or p.pk == filters.association)
            ],
            association_counts,
            [filters.association],
            label=lambda partner: partner.display_name,
        ),
        "topics": _options(
            list(Topic.objects.filter(pk__in=topics)) if topics else [],
            options["topic"],
            [filters.topic],
            label=lambda topic: topic.name,
        ),
        "years": [
            {"year": year, "post_count": count, "selected": year == filters.year}
            for year, count in sorted(_with_chosen(options["year"], filters.year).items(), reverse=True)
        ],
    }


def _options(items, counts, chosen, label):
    """``items`` (partners or topics) as the form offers them: slug, label, ``post_count``, ``selected``.

    Plain dicts: a template reads a dict's keys at once, where each model attribute (and, behind a
    translated one, modeltranslation's language resolution) cost it tens of microseconds; with 200
    partners that was a third of the news list's time.
    """
    return [
        {
            "pk": item.pk,
            "slug": item.slug,
            "label": label(item),
            "post_count": counts.get(item.pk, 0),
            "selected": item.pk in chosen,
        }
        for item in items
    ]


def _with_chosen(counts, chosen):
    """The options that give posts, and the chosen one even if it gives none."""
    shown = {value: count for value, count in counts.items() if count}
    if chosen:
        shown.setdefault(chosen, 0)
    return shown


class PostListView(ListView):
    """Published news, newest first, narrowed by the query-string filters."""

    paginate_by = 10

    def get(self, request, *args, **kwargs):
        # Empty parameters (an untouched select, a hand-made link) are no filter, here as in the links.
        query = without_blanks(request.GET)
        query.pop("page", None)
        self.filter_form = PostFilterForm(query if request.GET else None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        posts = (
            Post.objects.published()
            .cards()
            .prefetch_related(Prefetch("partners", queryset=PARTNER_CARD.names()))
        )
        if not self.filter_form.is_bound:
            return posts
        if not self.filter_form.is_valid():
            return posts.none()
        return self.filter_form.filter(posts)

    def paginate_queryset(self, queryset, page_size):
        # Pages are sought from a position (portal/core/keyset.py), so a deep page costs what the
        # first does; old ?page=N links are served up to a small depth.
        form = self.filter_form
        # The maintained counts give the number of matching posts too: no COUNT over the posts.
        self.facet_counts = facets.counts(form.facet_filters())
        total = self.facet_counts.total if not form.is_bound or form.is_valid() else 0
        paginator = KeysetPaginator(
            queryset, page_size, POST_ORDER, salt=PostFilterForm.cursor_salt, total=total
        )
        if form.is_bound and not form.is_valid():
            page = paginator.page()
        elif cursor := form.is_bound and form.cleaned_data["cursor"]:
            page = paginator.page(cursor)
        else:
            page = paginator.page(number=legacy_page_number(self.request.GET.get("page") or 1))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter_form=self.filter_form,
            active_filters=self.filter_form.active_filters(),
            facets=news_facets(self.filter_form, self.facet_counts),
            filter_query=filter_query(self.request.GET),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        # Filters the server cannot apply are refused, as everywhere on the site; the page still
        # shows the message, the filters and a way back.
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class PostDetailView(DetailView):
    """One published post; drafts and scheduled posts are 404 for everyone here."""

    def visible(self):
        """The posts this view may show."""
        return Post.objects.published()

    def get_queryset(self):
        return self.visible().prefetch_related(
            Prefetch("event", queryset=Event.objects.published()),
            Prefetch("partners", queryset=PARTNER_CARD),
            "topics",
        )

    def get_context_data(self, **kwargs):
        _show_visible_event(self.object)
        context = super().get_context_data(**kwargs)
        partners = self.object.partners.all()
        context["related_posts"] = (
            Post.objects.published()
            .filter(pk__in=Post.partners.through.objects.filter(partner__in=partners).values("post_id"))
            .exclude(pk=self.object.pk)
            .prefetch_related(Prefetch("partners", queryset=PARTNER_CARD))[:4]
            if partners
            else []
        )
        context["post_json_ld"] = post_json_ld(self.request, self.object)
        context["fallback"] = fallback(self.object, Post.page_text_fields)
        context["content_languages"] = complete_languages(self.object, Post.page_text_fields)
        return context


def _show_visible_event(post):
    """Leave on ``post`` only an event visitors may see.

    The queryset prefetches the published event; a preview whose pending change links another event
    has lost that, so the event is looked up again through the same rule.
    """
    if not Post.event.is_cached(post):
        event = Event.objects.published().filter(pk=post.event_id).first() if post.event_id else None
        Post.event.field.set_cached_value(post, event)


class EventListView(TemplateView):
    """Upcoming events, soonest first, then the archive of past events by year.

    Both lists come in pages of ``paginate_by`` found by position (portal/core/keyset.py), so the
    page costs the same with a decade of events. The query string pages through one of them: the
    upcoming events, or the archive's year when one is chosen; the other shows its first page with
    a link to the rest.
    """

    template_name = "news/event_list.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        # The years from the first to the last with past events: two index lookups (asked as one
        # MIN and MAX, PostgreSQL read every past event).
        starts = Event.objects.past().values_list("starts_at", flat=True)
        last, first = starts.order_by("-starts_at").first(), starts.order_by("starts_at").first()
        self.years = list(range(localtime(last).year, localtime(first).year - 1, -1)) if last else []
        self.archive_form = EventArchiveForm(request.GET, years=self.years)
        return super().get(request, *args, **kwargs)

    def _paged(self, events, keys, salt, paged):
        """(events, page, more): the page at the query's position when ``paged`` (``more`` False),
        else the first page's events, no page, and whether there is more than them."""
        events = events.cards()
        if not paged:
            first = list(events.order_by(*keys)[: self.paginate_by + 1])
            return first[: self.paginate_by], None, len(first) > self.paginate_by
        paginator = KeysetPaginator(events, self.paginate_by, keys, salt=salt)
        page = paginator.page(self.archive_form.cleaned_data["cursor"])
        return page.object_list, page, False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.archive_form
        valid = form.is_valid()
        year = form.shown_year()
        chosen = bool(valid and form.cleaned_data["year"])
        upcoming, upcoming_page, more_upcoming = self._paged(
            Event.objects.upcoming(), ("starts_at", "pk"), form.upcoming_salt, paged=valid and not chosen
        )
        past = Event.objects.past().filter(starts_at__year=year) if year else Event.objects.none()
        past_events, archive_page, more_past = self._paged(
            past, ("-starts_at", "-pk"), form.archive_salt, paged=chosen
        )
        context.update(
            object_list=upcoming,
            upcoming_page=upcoming_page,
            more_upcoming=more_upcoming,
            archive_form=form,
            past_events=past_events,
            archive_page=archive_page,
            more_past=more_past,
            years=self.years,
            selected_year=year,
            filter_query=filter_query(self.request.GET),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if not self.archive_form.is_valid():
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class EventDetailView(DetailView):
    template_name = "news/event_detail.html"

    def visible(self):
        """The events this view may show."""
        return Event.objects.published()

    def get_queryset(self):
        return self.visible().prefetch_related(
            Prefetch("organisers", queryset=PARTNER_CARD),
            Prefetch("participants", queryset=PARTNER_CARD),
            Prefetch(
                "posts",
                queryset=Post.objects.published().prefetch_related(
                    Prefetch("partners", queryset=PARTNER_CARD)
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event_json_ld"] = event_json_ld(self.request, self.object)
        context["fallback"] = fallback(self.object, Event.page_text_fields)
        context["content_languages"] = complete_languages(self.object, Event.page_text_fields)
        return context


class PostPreviewView(StaffPreviewMixin, PostDetailView):
    model = Post


class EventPreviewView(StaffPreviewMixin, EventDetailView):
    model = Event
