import json

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import QueryDict
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from portal.querystrings import without_blanks
from portal.translation_utils import language_codes

register = template.Library()

# Open Graph wants a territory with each language.
OG_LOCALES = {"ru": "ru_RU", "en": "en_GB", "zh-hans": "zh_CN"}

# Query parameters that make a different page (filters, pagination); anything else is noise.
CANONICAL_PARAMETERS = frozenset(
    {"page", "partner", "country", "association", "kind", "topic", "year", "q", "type"}
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
    """Canonical URL and hreflang alternates of the current page, for every language."""
    request = context["request"]
    absolute = request.build_absolute_uri
    try:
        request.get_host()
    except DisallowedHost:
        # The 400 page for a forged Host header: no links to a host this site does not serve.
        absolute = str
    query = _canonical_query(request)
    alternates = [
        (lang, absolute(translate_url(request.path, lang) + (f"?{query}" if query else "")))
        for lang in language_codes()
    ]
    default = dict(alternates)[settings.LANGUAGE_CODE]
    current = get_language()
    return {
        "canonical": dict(alternates).get(current, default),
        "alternates": alternates,
        "x_default": default,
        "og_locale": OG_LOCALES.get(current, current),
        "og_alternate_locales": [OG_LOCALES.get(lang, lang) for lang, _url in alternates if lang != current],
    }


@register.simple_tag
def json_ld(data):
    """A JSON-LD block; the JSON is escaped so that no text in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def content_language(obj, field):
    """The language ``obj.<field>`` is actually shown in: the active one, or the fallback that has text."""
    for lang in [get_language(), *language_codes()]:
        if getattr(obj, build_localized_fieldname(field, lang), None):
            return lang
    return get_language()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """``url`` with scheme and host, for feeds, Open Graph and JSON-LD."""
    return context["request"].build_absolute_uri(url)
