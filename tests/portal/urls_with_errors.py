"""The portal's URLs plus pages that fail, for the tests of error logging and mail."""

from django.core.exceptions import SuspiciousFileOperation
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("the database is on fire")


def suspicious(request):
    # As Django's storages do with a file name the client chose.
    raise SuspiciousFileOperation(f"Detected path traversal attempt in '{request.GET.get('name', '')}'")


urlpatterns = [path("broken/", broken), path("suspicious/", suspicious), *portal_urlpatterns]
