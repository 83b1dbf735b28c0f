from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package: home page, shared admin pieces, demo content, staff groups."""

    name = "portal"
    verbose_name = _("Portal")
