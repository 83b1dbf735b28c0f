"""Input no part of the portal can look up or store is refused before any view sees it."""

import re

from django.core.exceptions import BadRequest
from django.http import Http404

# PostgreSQL text cannot hold NUL, and UTF-8 cannot encode a lone surrogate: a lookup with either
# fails inside the database driver (a 500) instead of simply finding nothing.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _unstorable(values):
    return any(_UNSTORABLE.search(value) for value in values)


def _query_unstorable(query):
    return _unstorable(query.keys()) or any(_unstorable(query.getlist(key)) for key in query)


class RejectUnstorableInputMiddleware:
    """A 404 for NUL or lone surrogates in the path, a 400 for them in the query string or in posted
    form data.

    Cookies with them are dropped instead: a cookie is the browser's, not the visitor's typing,
    and refusing it would lock its owner out of the whole site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if _unstorable([name, value]):
                del request.COOKIES[name]
        if _UNSTORABLE.search(request.path_info):
            # No page has such an address: the same 404 as for any other.
            raise Http404("Unstorable character in the path")
        if _query_unstorable(request.GET):
            raise BadRequest("Unstorable character in the query string")
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            names = [upload.name or "" for key in request.FILES for upload in request.FILES.getlist(key)]
            if _query_unstorable(request.POST) or _unstorable(request.FILES.keys()) or _unstorable(names):
                raise BadRequest("Unstorable character in the form data")
        return self.get_response(request)
