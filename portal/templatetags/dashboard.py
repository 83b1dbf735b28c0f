from django import template

from portal.site.dashboard import dashboard_for

register = template.Library()


@register.simple_tag(takes_context=True)
def office_dashboard(context):
    """The office's dashboard for the admin index, limited to what the user may see."""
    return dashboard_for(context["request"])


@register.filter
def verbose_name(obj):
    """The kind of ``obj`` as editors call it, e.g. "news post"."""
    return obj._meta.verbose_name
