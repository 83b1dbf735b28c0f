"""Uploaded files in development: pictures only, never anything a browser would run.

Only the image formats the portal stores (``portal.core.images``: JPEG, PNG, WebP, and their
renditions) are served, each with its own content type and ``X-Content-Type-Options: nosniff``;
any other file under MEDIA_ROOT (an HTML page, an SVG with a script) is a 404. In production
the web server in front does the same (docs/deployment.md). Agreement documents are not media:
they live in the private storage (``portal.core.documents``).
"""

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views import static

MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def serve_media(request, path):
    """A picture from MEDIA_ROOT with its allow-listed content type, or a 404."""
    content_type = MEDIA_TYPES.get(PurePosixPath(path).suffix.lower())
    if content_type is None:
        raise Http404
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    response.headers["Content-Type"] = content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def media_urlpatterns():
    """The route to ``serve_media`` under MEDIA_URL, unless media live on another host."""
    if not settings.MEDIA_URL or urlsplit(settings.MEDIA_URL).netloc:
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [re_path(rf"^{prefix}(?P<path>.*)$", serve_media, name="media")]
