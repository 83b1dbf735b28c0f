from django import forms
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import TemplateView

from news.forms import PostFilterForm
from news.models import Event, Post
from partners.models import Membership, Partner
from portal.core.querystrings import filter_query
from portal.core.translation_utils import language_codes
from portal.site.search import ResultType, search, search_words


class HomeView(TemplateView):
    """Latest and featured news, upcoming events and the partner network at a glance."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partners = Partner.objects.published()
        posts = (
            Post.objects.published().cards().prefetch_related(Prefetch("partners", queryset=partners.names()))
        )
        featured = list(posts.filter(is_featured=True)[:3])
        context.update(
            featured_posts=featured,
            latest_posts=posts.exclude(pk__in=[post.pk for post in featured])[:6],
            upcoming_events=Event.objects.upcoming().cards()[:4],
            associations=partners.associations().annotate(
                member_count=Count("members", filter=Q(members__in=Membership.objects.published()))
            ),
            partner_count=partners.count(),
            country_count=partners.values("country").distinct().count(),
        )
        return context


def _in_the_language_of_the_address(error_view):
    """An error page in the language of the URL, even for a request refused before the locale
    middleware ran (portal.core.middleware)."""

    def view(request, exception):
        language = translation.get_language_from_path(request.path_info) or translation.get_language()
        with translation.override(language):
            return error_view(request, exception)

    return view


bad_request = _in_the_language_of_the_address(defaults.bad_request)
page_not_found = _in_the_language_of_the_address(defaults.page_not_found)


def robots_txt(request):
    """robots.txt: everything but the admin, in every language, and where the sitemap index is."""
    admin_paths = []
    for lang in language_codes():
        with translation.override(lang):
            admin_paths.append(reverse("admin:index"))
    context = {"admin_paths": admin_paths, "sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


class SearchForm(forms.Form):
    """The search page's query string, checked before it reaches the database."""

    q = forms.CharField(
        label=_("Search for"),
        max_length=200,
        required=False,
        error_messages={
            "max_length": _("Search for at most %(limit_value)d characters: a few words are enough.")
        },
    )
    type = forms.MultipleChoiceField(
        label=_("Show"),
        choices=ResultType.choices,
        required=False,
        error_messages={"invalid_choice": _("There is no kind of result “%(value)s”.")},
    )
    # The news list's own partner filter, so that both read ?partner=<slug> alike.
    partner = PostFilterForm.base_fields["partner"]


class SearchView(TemplateView):
    """Site search: published news, events and partners in the visitor's language, best match first."""

    template_name = "portal/search.html"
    paginate_by = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Empty parameters are no filter, here as in the page links; ?q= alone still asks for a word.
        form = SearchForm(filter_query(self.request.GET) if self.request.GET else None)
        context.update(
            form=form,
            filter_query=filter_query(self.request.GET),
            partner_choices=Partner.objects.published().names(),
        )
        if form.is_bound and form.is_valid():
            context.update(self.found(form.cleaned_data))
        results, selected = context.get("results"), context.get("selected_types", [])
        context["type_choices"] = [
            (kind.value, kind.label, results.counts[kind] if results else None, kind in selected)
            for kind in ResultType
        ]
        return context

    def render_to_response(self, context, **response_kwargs):
        # A query the page cannot run is refused, as on every list: a 400 with the message and the form.
        if context["form"].errors:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)

    def found(self, data):
        """What the page shows for a valid query string: a message, or the page of results asked for."""
        q, types, partners = data["q"], data["type"], data["partner"]
        context = {"query": q, "selected_types": types, "selected_partners": partners}
        if not q:
            context["message"] = _("Type a word or two to search the news, events and partners.")
        elif not search_words(q):
            context["message"] = _("There is nothing to search for in “%(query)s”: try a word or a name.") % {
                "query": q
            }
        else:
            results = search(q, translation.get_language(), types, partners)
            if results.useless:
                context["message"] = _(
                    "“%(query)s” has only very common words, which the search skips: add a more specific one."
                ) % {"query": q}
            try:
                page = Paginator(results, self.paginate_by).page(self.request.GET.get("page") or 1)
            except InvalidPage as error:
                raise Http404(str(error)) from error
            context.update(results=results, page_obj=page, paginator=page.paginator)
        return context


def opensearch(request):
    """The OpenSearch description that lets browsers add the portal as a search engine, per language."""
    # The strings are translated here: makemessages does not read .xml templates.
    context = {
        "short_name": _("IRO portal"),  # OpenSearch allows 16 characters
        "description": _("News, events and partner universities of the International Relations Office."),
        "language": translation.get_language(),
        "search_url": request.build_absolute_uri(reverse("search")),
        "self_url": request.build_absolute_uri(reverse("opensearch")),
        "icon_url": request.build_absolute_uri(static("portal/favicon.svg")),
    }
    return render(
        request,
        "opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
