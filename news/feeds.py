"""RSS 2.0 and Atom feeds of published news, in the language of the URL prefix."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from news.models import Post
from partners.models import Partner

FEED_SIZE = 30


def _latest(posts):
    """The newest ``FEED_SIZE`` of ``posts``, with the topics the feed lists as categories."""
    return posts.cards().prefetch_related("topics").order_by("-published_at", "-pk")[:FEED_SIZE]


class LatestPostsFeed(Feed):
    """RSS 2.0 feed of the latest published news."""

    title = _("International Relations Office: news")
    description = _("News of the International Relations Office.")
    author_name = settings.SITE_NAME
    item_author_name = settings.SITE_NAME

    def link(self):
        return reverse("news:list")

    def items(self):
        return _latest(Post.objects.published())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers take the description as HTML (Atom says so: type="html"); the lead is plain text.
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    """Atom feed of the latest published news."""

    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class PartnerPostsFeed(LatestPostsFeed):
    """RSS 2.0 feed of the published news linked to one partner."""

    def get_object(self, request, slug):
        return get_object_or_404(Partner.objects.published(), slug=slug)

    def title(self, obj):
        return _("%(partner)s: news") % {"partner": obj.name}

    def description(self, obj):
        return _("News about %(partner)s.") % {"partner": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return _latest(Post.objects.published().filter(partners=obj))
