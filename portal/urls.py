from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from news import calendar, feeds
from portal.site import uploads, views
from portal.site.media import media_urlpatterns
from portal.site.sitemaps import section_sitemap, sitemap_index

handler400 = views.bad_request
handler404 = views.page_not_found

# Outside the language prefix: Django's set_language view (i18n/setlang/), and robots.txt and the
# sitemap index and its sections, which crawlers look for at fixed addresses.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", section_sitemap, name="sitemap_section"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path("events/", include("news.event_urls")),
    # A partner's news feed and events calendar are news views under partners' addresses: routed
    # here because the partners package imports nothing from news (partners/urls.py says so too).
    path("partners/<slug:slug>/feed/", feeds.PartnerPostsFeed(), name="partner_news_feed"),
    path("partners/<slug:slug>/events.ics", calendar.partner_events_ical, name="partner_events_ical"),
    path("partners/", include("partners.urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("admin/rich-text/images/", uploads.image_upload, name="rich_text_image_upload"),
    path("admin/", admin.site.urls),
)

# In production the web server serves /media/ (docs/deployment.md); both serve pictures only.
if settings.DEBUG:
    urlpatterns += media_urlpatterns()
