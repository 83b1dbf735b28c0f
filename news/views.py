from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from news.models import Event, Post


class PostListView(ListView):
    paginate_by = 12

    def get_queryset(self):
        return Post.objects.published().select_related("event").prefetch_related("partners")


class PostDetailView(DetailView):
    def get_queryset(self):
        return Post.objects.published().select_related("event").prefetch_related("partners", "topics")


class EventListView(ListView):
    template_name = "news/event_list.html"

    def get_queryset(self):
        return Event.objects.upcoming()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["past_events"] = Event.objects.past()[:20]
        return context


class EventDetailView(DetailView):
    template_name = "news/event_detail.html"

    def get_queryset(self):
        return Event.objects.published().prefetch_related(
            "organisers", "participants", Prefetch("posts", queryset=Post.objects.published())
        )
