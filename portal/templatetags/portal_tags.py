from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, lang):
    """The current page (with its query string) in language ``lang``."""
    request = context["request"]
    url = translate_url(request.path, lang)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url
