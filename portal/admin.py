"""The admin site itself: its titles, and Django's own user and group admins with the office's checks.

The admin bases the apps build on (editorial admin, publishing rights, translation tabs) are in
``portal.core.admin``.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from portal.core.admin import CheckedInputMixin

admin.site.site_header = _("International Relations Office: administration")
admin.site.site_title = _("IRO portal")
admin.site.index_title = _("News, events and partners")


# Django's own admins for users and groups get the same checks as the office's.
for _model in (get_user_model(), Group):
    _model_admin = type(admin.site.get_model_admin(_model))
    admin.site.unregister(_model)
    admin.site.register(_model, type(_model_admin.__name__, (CheckedInputMixin, _model_admin), {}))
