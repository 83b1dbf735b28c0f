"""Whole public pages for anonymous visitors, from the default cache, never stale.

A page is kept under the content version (``portal.core.content_version``), so any edit makes
every kept page unreachable at once, in every process; and never longer than until the next
moment the pages change by the clock alone (a scheduled post going live), nor than
``PAGE_CACHE_SECONDS`` (0 turns the cache off).

Only a visitor without a session or a messages cookie is served a kept page or has one kept; staff
never get one and never leave one (their pages carry CSRF tokens, messages, preview banners). A
page is kept only if it is a 200 for a GET, sets no cookie, leaves caching to this module (no
Cache-Control of its own: previews, the admin and documents have one), and does not vary by
anything but the cookies; the admin never is.

Every page kept has an ETag (its content's hash) and ``Cache-Control: public`` with a short
``s-maxage`` for a CDN in front; the ConditionalGetMiddleware placed before this one answers a
matching ``If-None-Match`` with a 304, cache hits included. Responses to visitors with a session
are ``private``.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from portal.core.content_version import current_version, next_change_at

logger = logging.getLogger(__name__)

_NO_TIME_LIMIT = -1.0
_KEEPABLE_VARY = frozenset({"cookie", "accept-encoding"})


def page_cache_seconds():
    """How long a page may be kept at most; 0: the page cache is off."""
    return max(0, int(getattr(settings, "PAGE_CACHE_SECONDS", 0)))


def display_mode_cookies():
    """Cookies that change how a page looks for a visitor (a future low-vision mode): part of the key."""
    return tuple(getattr(settings, "PAGE_CACHE_VARY_COOKIES", ()))


def is_anonymous_request(request):
    """Whether the request comes from a visitor with nothing of their own on the page."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _next_change_timestamp(version):
    """When pages next change by the clock, as a timestamp, remembered per content version."""
    cache = caches["default"]
    key = f"pagecache:next-change:{version}"
    remembered = cache.get(key)
    if remembered is not None and (remembered == _NO_TIME_LIMIT or remembered > time.time()):
        return remembered
    moment = next_change_at()
    value = moment.timestamp() if moment else _NO_TIME_LIMIT
    lifetime = page_cache_seconds() if moment is None else math.ceil(value - time.time())
    cache.set(key, value, timeout=max(1, min(lifetime, page_cache_seconds() or 1)))
    return value


def page_lifetime(version=None):
    """How many whole seconds a page rendered now may be kept: never past the next change by the clock."""
    seconds = page_cache_seconds()
    if not seconds:
        return 0
    next_change = _next_change_timestamp(current_version() if version is None else version)
    if next_change != _NO_TIME_LIMIT:
        seconds = min(seconds, math.floor(next_change - time.time()))
    return max(0, seconds)


def page_key(request, version):
    """The cache key of the page ``request`` asks for, under content ``version``."""
    modes = "&".join(f"{name}={request.COOKIES.get(name, '')}" for name in display_mode_cookies())
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}#{modes}"
    return f"pagecache:page:{version}:{hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()}"


def _vary(response):
    return {field.strip().lower() for field in response.get("Vary", "").split(",") if field.strip()}


def _drop_accept_language(response):
    fields = [field.strip() for field in response.get("Vary", "").split(",") if field.strip()]
    kept = [field for field in fields if field.lower() != "accept-language"]
    if kept:
        response.headers["Vary"] = ", ".join(kept)
    elif response.has_header("Vary"):
        del response.headers["Vary"]


def is_keepable(request, response):
    """Whether ``response`` is the same for every anonymous visitor and may be kept for them."""
    match = getattr(request, "resolver_match", None)
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A CSRF token used on the page (it renews the cookie, so is caught above too).
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and getattr(response, "page_cache", True)
        and match is not None
        and match.app_name != "admin"
        # A view that says how to cache its response (previews, the admin, documents) decides alone.
        and not response.has_header("Cache-Control")
        and _vary(response) <= _KEEPABLE_VARY
    )


def _public_headers(response, seconds):
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=max(0, min(seconds, settings.PAGE_CACHE_CDN_SECONDS))
    )


class PageCacheMiddleware:
    """Serve and keep anonymous visitors' pages (see the module's docstring); mark the others private.

    Goes before the session middleware (a hit needs no session, user or database) and after the
    ConditionalGetMiddleware (which turns a hit into a 304 when the visitor has it already).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_request(request):
            response = self._render(request)
            if not response.has_header("Cache-Control"):
                # Never kept by a shared cache, and checked again (a cheap 304) on every visit.
                patch_cache_control(response, private=True, max_age=0)
            return response
        if not page_cache_seconds() or request.method not in ("GET", "HEAD"):
            return self._render(request)

        cache = caches["default"]
        try:
            # Read before rendering: a page rendered while an edit commits is kept under the old number.
            version = current_version()
            key = page_key(request, version)
            kept = cache.get(key)
        except DisallowedHost:
            raise
        except Exception:
            # The cache server is away: the page is still served, only slower.
            logger.exception("Page cache unavailable")
            return self._render(request)
        if kept is not None:
            return self._from_cache(kept)

        response = self._render(request)
        if is_keepable(request, response):
            self._keep(request, response, key, page_lifetime(version))
        return response

    def _keep(self, request, response, key, seconds):
        if not response.has_header("ETag"):
            set_response_etag(response)
        _public_headers(response, seconds)
        if seconds > 0 and request.method == "GET":
            kept = {
                "status": response.status_code,
                "headers": list(response.headers.items()),
                "content": response.content,
                "expires": time.time() + seconds,
            }
            try:
                caches["default"].set(key, kept, timeout=seconds)
            except Exception:
                logger.exception("Page cache unavailable")

    def _render(self, request):
        response = self.get_response(request)
        if response.status_code == 200 and not translation.get_language_from_path(request.path_info):
            # LocaleMiddleware says every address outside the language prefix varies by
            # Accept-Language. Its redirects do; the pages found there (robots.txt, the sitemap) are
            # the same in every language, so caches need not keep one copy per browser language.
            _drop_accept_language(response)
        patch_vary_headers(response, ("Cookie",))
        return response

    def _from_cache(self, kept):
        response = HttpResponse(kept["content"], status=kept["status"])
        for name, value in kept["headers"]:
            response.headers[name] = value
        # What a CDN may still keep is what this cache may: no more than the entry's remaining life.
        _public_headers(response, math.floor(kept["expires"] - time.time()))
        response.page_cache_hit = True
        return response
