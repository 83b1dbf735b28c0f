"""What makes news pages change, for the page cache (``portal.core.content_version``)."""

from django.db.models import Min, Q
from django.utils import timezone

from news.models import Event, Post, PostImage, Topic
from portal.core.content_version import register_next_change, register_public_models


def next_change_at():
    """The next scheduled post going live, or event starting or ending (upcoming becomes past)."""
    now = timezone.now()
    next_post = Post.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    events = Event.objects.published().aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    moments = [*next_post[:1], events["start"], events["end"]]
    return min((moment for moment in moments if moment), default=None)


def register():
    """Tell the page cache which news models are public and when news pages change by the clock."""
    register_public_models(Post, Event, Topic, PostImage)
    register_next_change(next_change_at)
