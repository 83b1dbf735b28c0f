from django.views.generic import TemplateView

from news.models import Event, Post
from partners.models import Partner


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_posts"] = Post.objects.published().prefetch_related("partners")[:6]
        context["upcoming_events"] = Event.objects.upcoming()[:4]
        context["partner_count"] = Partner.objects.count()
        return context
