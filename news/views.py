from django.db.models import Count, F, Func, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear
from django.views.generic import DetailView, ListView
from django_countries import countries

from news.forms import EventArchiveForm, PostFilterForm
from news.models import Event, Post, Topic
from news.structured_data import event_json_ld, post_json_ld
from partners.models import Membership, Partner
from portal.core.keyset import KeysetPaginator, legacy_page_number
from portal.core.preview import StaffPreviewMixin
from portal.core.querystrings import filter_query, without_blanks
from portal.core.translation_utils import complete_languages, fallback

# Every partner shown beside a post or an event, in lists, pages, previews and structured data: only
# those visitors may see.
PARTNER_CARD = Partner.objects.published()

# The news list's order; its index is news.Post.Meta.indexes' "post_published_order".
POST_ORDER = ("-published_at", "-pk")


class CountDistinct(Func):
    """COUNT(DISTINCT …) usable inside a subquery without a GROUP BY."""

    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"


def news_facets():
    """What the news list can be narrowed to, each with its number of published posts."""
    published = Post.objects.published().values("pk")
    # Links to draft partners count for nothing: neither as a partner, nor a country, nor a member.
    links = Post.partners.through.objects.filter(post__in=published, partner__in=PARTNER_CARD.values("pk"))
    members = Membership.objects.published().filter(association=OuterRef(OuterRef("pk"))).values("member_id")
    about_association = (
        links.filter(Q(partner=OuterRef("pk")) | Q(partner__in=members))
        .order_by()
        .annotate(total=CountDistinct("post_id"))
        .values("total")
    )
    return {
        "partners": PARTNER_CARD.filter(posts__in=published)
        .annotate(post_count=Count("posts"))
        .order_by("name"),
        "countries": sorted(
            (
                {"code": row["code"], "name": countries.name(row["code"]), "post_count": row["post_count"]}
                for row in links.values(code=F("partner__country"))
                .annotate(post_count=Count("post", distinct=True))
                .order_by()
            ),
            key=lambda country: country["name"],
        ),
        "associations": PARTNER_CARD.associations()
        .annotate(post_count=Subquery(about_association))
        .filter(post_count__gt=0),
        "topics": Topic.objects.filter(posts__in=published).annotate(post_count=Count("posts")),
        "years": Post.objects.published()
        .annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(post_count=Count("pk"))
        .order_by("-year"),
    }


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
        posts = Post.objects.published().prefetch_related(Prefetch("partners", queryset=PARTNER_CARD))
        if not self.filter_form.is_bound:
            return posts
        if not self.filter_form.is_valid():
            return posts.none()
        return self.filter_form.filter(posts)

    def paginate_queryset(self, queryset, page_size):
        # Pages are sought from a position (portal/core/keyset.py), so a deep page costs what the
        # first does; old ?page=N links are served up to a small depth.
        paginator = KeysetPaginator(queryset, page_size, POST_ORDER, salt=PostFilterForm.cursor_salt)
        form = self.filter_form
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
            facets=news_facets(),
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


class EventListView(ListView):
    """Upcoming events, soonest first, then the archive of past events by year."""

    template_name = "news/event_list.html"

    def get(self, request, *args, **kwargs):
        past = Event.objects.past()
        self.years = list(
            past.annotate(year=ExtractYear("starts_at"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        self.archive_form = EventArchiveForm(request.GET, years=self.years)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Event.objects.upcoming().prefetch_related(Prefetch("organisers", queryset=PARTNER_CARD))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The archive shows one year at a time, the latest by default, so the page stays small.
        year = self.archive_form.shown_year()
        past = Event.objects.past()
        context.update(
            archive_form=self.archive_form,
            past_events=past.filter(starts_at__year=year).prefetch_related(
                Prefetch("organisers", queryset=PARTNER_CARD)
            )
            if year
            else past.none(),
            years=self.years,
            selected_year=year,
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
