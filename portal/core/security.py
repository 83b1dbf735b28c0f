"""Admin login protection with django-axes: whose attempts are counted, and the lockout page."""

import ipaddress
import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def client_ip(request):
    """The address a login attempt comes from: the proxy's word for it only when BEHIND_PROXY is set."""
    if settings.BEHIND_PROXY:
        # The proxy appends the address it saw to X-Forwarded-For, so the last entry is the only one a
        # client cannot forge; anything before it is whatever the client chose to send.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The admin-styled page (429) shown instead of the login form while a username and address are locked."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": admin.site.site_title,
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    response = TemplateResponse(request, "admin/login_locked.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()
