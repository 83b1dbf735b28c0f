"""The content version: one number that changes whenever anything visitors can see changes.

Apps register the models their public pages show (``register_public_models``) and the moments
their pages change by the clock alone (``register_next_change``: a scheduled post going live, an
event ending) from their ``AppConfig.ready()``. Every save, delete and many-to-many change of a
registered model bumps the version once its transaction commits, so no process can cache
content from before the commit under the new number.

The number lives where every process of every server sees it: in the default cache when that is
shared (Redis, Memcached, the database cache: no query per request), else in a one-row table (the
default per-process memory cache could not tell one worker about another's edit).
"""

import logging
import time
from datetime import datetime

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.transactions import once_on_commit

logger = logging.getLogger(__name__)

CACHE_KEY = "portal:content-version"
_ROW = 1

_next_change_callables = []


class ContentVersion(models.Model):
    """The content version, for servers whose default cache is not shared (one row)."""

    value = models.BigIntegerField(_("value"))

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.value)


def version_is_shared_through_cache():
    """Whether the default cache is one store for every process (Redis…) rather than each its own."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _fresh_start():
    # A version that never existed before, even after the store lost it (Redis evicted or flushed
    # it, a database was rebuilt): pages cached under an old number can then never be served again.
    return time.time_ns() // 1000


def current_version():
    """The content version now: one cache read, or one query when the default cache is per process."""
    if version_is_shared_through_cache():
        cache = caches["default"]
        version = cache.get(CACHE_KEY)
        if version is None:
            cache.add(CACHE_KEY, _fresh_start(), timeout=None)
            version = cache.get(CACHE_KEY)
        return version
    values = list(ContentVersion.objects.filter(pk=_ROW).values_list("value", flat=True)[:1])
    return values[0] if values else 0


def _bump_now():
    if version_is_shared_through_cache():
        cache = caches["default"]
        try:
            try:
                cache.incr(CACHE_KEY)
            except ValueError:  # not there (yet, or any more)
                cache.add(CACHE_KEY, _fresh_start(), timeout=None)
        except Exception:
            # The edit is saved; only visitors may see the old page a while (PAGE_CACHE_SECONDS at most).
            logger.exception("Could not change the content version: cached pages may be stale")
        return
    if not ContentVersion.objects.filter(pk=_ROW).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=_ROW, defaults={"value": _fresh_start()})


def bump_content_version():
    """Change the content version once the current transaction commits (at once outside one).

    Call it after writes that send no model signals (``QuerySet.update()``, ``bulk_create()``, raw SQL)
    to anything public. Several changes in one transaction bump it once.
    """
    once_on_commit(_bump_now)


def _saved_or_deleted(sender, **kwargs):
    bump_content_version()


def _relation_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        bump_content_version()


def register_public_models(*models_shown):
    """Bump the content version on every save, delete and many-to-many change of ``models_shown``."""
    for model in models_shown:
        uid = f"content-version:{model._meta.label}"
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=uid)
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _relation_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )


def register_next_change(next_change_at):
    """Register ``next_change_at()``: when public pages next change by the clock alone, or None.

    It answers an aware datetime after now (the next scheduled publication, an event's end…).
    """
    if next_change_at not in _next_change_callables:
        _next_change_callables.append(next_change_at)


def next_change_at():
    """The soonest moment any registered app's pages change by the clock alone, or None."""
    now = timezone.now()
    moments = [moment for find in _next_change_callables if (moment := find()) and moment > now]
    return min(moments, default=None)


def start_of_day(day):
    """The first moment of ``day`` in the current time zone: when a date-based rule next flips."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))
