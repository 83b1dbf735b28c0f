"""The admin site itself: its titles, and the admins of Django and of libraries with the office's checks.

The admin bases the apps build on (editorial admin, publishing rights, translation tabs) are in
``portal.core.admin``.
"""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.core.admin import CheckedInputMixin

admin.site.site_header = _("International Relations Office: administration")
admin.site.site_title = _("IRO portal")
admin.site.index_title = _("News, events and partners")


# The admins registered by Django (users, groups) and by libraries (django-axes' login records) get
# the same checks as the office's. This app is installed last, so they are all registered by now.
for _model in apps.get_models():
    _model_admin = admin.site.get_model_admin(_model) if admin.site.is_registered(_model) else None
    if _model_admin is not None and not isinstance(_model_admin, CheckedInputMixin):
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(type(_model_admin).__name__, (CheckedInputMixin, type(_model_admin)), {})
        )
