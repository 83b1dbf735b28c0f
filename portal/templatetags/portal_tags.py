import copy
import json
from datetime import datetime

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.http import Http404, QueryDict
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import dateformat, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from modeltranslation.utils import resolution_order

from portal.core.querystrings import without_blanks
from portal.core.translation_utils import language_codes, shown_language

register = template.Library()

# Open Graph wants a territory with each language.
OG_LOCALES = {"ru": "ru_RU", "en": "en_GB", "zh-hans": "zh_CN"}

# Query parameters that make a different page (filters, pagination); anything else is noise.
CANONICAL_PARAMETERS = frozenset(
    {"page", "after", "before", "partner", "country", "association", "kind", "topic", "year", "q", "type"}
)

# Characters that could end a <script> element or start HTML inside JSON.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def url_in_language(context, lang):
    """The current page (with its query string) in language ``lang``."""
    request = context["request"]
    url = translate_url(request.path, lang)
    query = without_blanks(request.GET).urlencode()
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def error_page_url_in_language(context, lang):
    """For an error page: the same address in ``lang`` if there is a page there, else ``lang``'s home page."""
    request = context["request"]
    url = translate_url(request.path, lang)
    if url != request.path and _page_exists(request, url, lang):
        return url
    with translation.override(lang):
        return reverse("home")


def _page_exists(request, path, lang):
    """Whether a GET of ``path`` in ``lang`` answers with a page: it resolves and its view neither
    raises nor returns an error (a slug page is a 404 unless its object is visible)."""
    probe = copy.copy(request)
    probe.method = "GET"
    probe.path = probe.path_info = path
    probe.GET = QueryDict()
    probe.POST = QueryDict()
    # The language prefix resolves only while its language is active.
    with translation.override(lang):
        try:
            match = resolve(path)
        except Resolver404:
            return False
        # The admin answers a missing object with a redirect and a message stored for the user.
        if "admin" in match.namespaces:
            return False
        try:
            response = match.func(probe, *match.args, **match.kwargs)
        except (Http404, PermissionDenied):
            return False
    return response.status_code < 400


def _canonical_query(request):
    """The query string without unknown parameters or absurd values, in a stable order."""
    query = QueryDict(mutable=True)
    for key in sorted(CANONICAL_PARAMETERS & request.GET.keys()):
        values = [value for value in request.GET.getlist(key) if value and len(value) <= 100]
        if values:
            query.setlist(key, values)
    return query.urlencode()


@register.inclusion_tag("includes/alternates.html", takes_context=True)
def alternate_links(context):
    """Canonical URL and hreflang alternates of the current page, for every language it exists in.

    A page about one item sets ``content_languages`` to the languages its text is written in: the
    other languages' pages show it in a fallback language, so they are no alternates of their own
    and name, as canonical, the page in the language they fall back to.
    """
    request = context["request"]
    absolute = request.build_absolute_uri
    try:
        request.get_host()
    except DisallowedHost:
        # The 400 page for a forged Host header: no links to a host this site does not serve.
        absolute = str
    query = _canonical_query(request)
    languages = context.get("content_languages") or language_codes()
    alternates = [
        (lang, absolute(translate_url(request.path, lang) + (f"?{query}" if query else "")))
        for lang in language_codes()
        if lang in languages
    ]
    urls = dict(alternates)
    current = get_language()
    shown = next(lang for lang in (*resolution_order(current), *urls) if lang in urls)
    return {
        "canonical": urls[shown],
        "alternates": alternates,
        # Only the default language's version is the default (the sitemap says the same).
        "x_default": urls.get(settings.LANGUAGE_CODE),
        "og_locale": OG_LOCALES.get(shown, shown),
        "og_alternate_locales": [OG_LOCALES.get(lang, lang) for lang, _url in alternates if lang != shown],
    }


@register.simple_tag
def json_ld(data):
    """A JSON-LD block; the JSON is escaped so that no text in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def content_language(obj, field):
    """The language ``obj.<field>`` is actually shown in: the active one, or the fallback that has text."""
    return shown_language(obj, field) or get_language()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``url`` with scheme and host, for feeds, Open Graph and JSON-LD."""
    return context["request"].build_absolute_uri(url)


@register.filter
def date_range(start, end):
    """Two dates as one span, "12–14 October 2016", without repeating the month or year they share."""
    if isinstance(start, datetime):
        start, end = start.date(), end.date()
    # Each language writes dates its own way, hence date formats to translate.
    full = pgettext("date range: a full date", "j F Y")
    if start == end:
        return dateformat.format(end, full)
    if (start.year, start.month) == (end.year, end.month):
        first = pgettext("date range: first day, same month", "j")
        return f"{dateformat.format(start, first)}–{dateformat.format(end, full)}"
    if start.year == end.year:
        first = pgettext("date range: first day, same year", "j F")
        return f"{dateformat.format(start, first)} – {dateformat.format(end, full)}"
    return f"{dateformat.format(start, full)} – {dateformat.format(end, full)}"
