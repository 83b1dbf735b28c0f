from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.generic import TemplateView

from news.models import Event, Post
from partners.models import Partner
from portal.translation_utils import language_codes


class HomeView(TemplateView):
    """Latest and featured news, upcoming events and the partner network at a glance."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        posts = Post.objects.published().prefetch_related(
            Prefetch("partners", queryset=Partner.objects.all())
        )
        featured = list(posts.filter(is_featured=True)[:3])
        context.update(
            featured_posts=featured,
            latest_posts=posts.exclude(pk__in=[post.pk for post in featured])[:6],
            upcoming_events=Event.objects.upcoming()[:4],
            associations=Partner.objects.associations().annotate(member_count=Count("members")),
            partner_count=Partner.objects.count(),
            country_count=Partner.objects.values("country").distinct().count(),
        )
        return context


def robots_txt(request):
    """robots.txt: everything but the admin, in every language, and where the sitemap is."""
    admin_paths = []
    for lang in language_codes():
        with translation.override(lang):
            admin_paths.append(reverse("admin:index"))
    context = {"admin_paths": admin_paths, "sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
