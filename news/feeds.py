from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from news.models import Post
from partners.models import Partner

FEED_SIZE = 30


class LatestPostsFeed(Feed):
    """RSS 2.0 feed of the latest published news, in the active language."""

    title = _("International Relations Office: news")
    description = _("News of the International Relations Office.")

    def link(self):
        return reverse("news:list")

    def items(self):
        return Post.objects.published()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class PartnerPostsFeed(LatestPostsFeed):
    """RSS 2.0 feed of the published news linked to one partner."""

    def get_object(self, request, slug):
        return get_object_or_404(Partner, slug=slug)

    def title(self, obj):
        return _("News about %(partner)s") % {"partner": obj.name}

    def description(self, obj):
        return self.title(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return obj.posts.published()[:FEED_SIZE]
