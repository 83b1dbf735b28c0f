"""The site's URLs as in development (DEBUG): with the route that serves uploaded pictures."""

from portal.site.media import media_urlpatterns
from portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [*media_urlpatterns(), *site_urlpatterns]
