"""The sitemap: every public page in every language, with hreflang alternates."""

from pathlib import Path

import django.contrib.sitemaps
from django.contrib.sitemaps import Sitemap
from django.template.backends.django import DjangoTemplates
from django.urls import reverse

from news.models import Event, Post
from partners.models import Partner
from portal.core.translation_utils import complete_languages


class I18nSitemap(Sitemap):
    """Each item once per language, each entry listing the others and x-default (the unprefixed URL)."""

    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        # A page that shows its text in another language is no version of its own, as on the page.
        if fields := getattr(item, "page_text_fields", None):
            return complete_languages(item, fields)
        return super().get_languages_for_item(item)


class StaticViewSitemap(I18nSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "news:list", "events:list", "partners:list"]

    def location(self, item):
        return reverse(item)


class PostSitemap(I18nSitemap):
    def items(self):
        return Post.objects.published().order_by("-published_at", "pk")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(I18nSitemap):
    def items(self):
        return Event.objects.published().order_by("-starts_at", "pk")

    def lastmod(self, item):
        return item.updated_at


class PartnerSitemap(I18nSitemap):
    def items(self):
        return Partner.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "pages": StaticViewSitemap,
    "news": PostSitemap,
    "events": EventSitemap,
    "partners": PartnerSitemap,
}


def _shipped_template(name):
    """A template of django.contrib.sitemaps, found without the app in INSTALLED_APPS."""
    engine = DjangoTemplates(
        {
            "NAME": "sitemaps",
            "DIRS": [Path(django.contrib.sitemaps.__file__).parent / "templates"],
            "APP_DIRS": False,
            "OPTIONS": {},
        }
    )
    return engine.get_template(name)


sitemap_template = _shipped_template("sitemap.xml")
