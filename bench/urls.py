"""The portal's URLs plus the floor: a bare view served by the same server, settings and middleware.

Every page's throughput is quoted as a fraction of the floor's, measured in the same run, so the
figures compare across machines and across whatever else the machine is doing. Mounted only here,
never in portal/urls.py.
"""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler404
from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_PATH = "/bench/floor/"


def floor(request):
    """Nothing but the middleware's work: the fastest any page of this stack can be."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.lstrip("/"), floor, name="bench_floor"), *portal_urlpatterns]

__all__ = ["handler400", "handler404", "urlpatterns"]
