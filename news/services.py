"""Editorial operations: publishing and unpublishing, with the rules about who may."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from news.models import Status


def can_publish(user, model):
    """Whether ``user`` may publish, schedule and unpublish items of ``model`` (posts or events)."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def _set_status(user, queryset, status, comment):
    if not can_publish(user, queryset.model):
        raise PermissionDenied(_("Only publishers can publish or unpublish."))
    changed = 0
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        # Lock the rows themselves: the admin's queryset may carry outer joins (select_related).
        items = queryset.model.objects.filter(pk__in=queryset.values("pk")).exclude(status=status)
        for item in items.select_for_update():
            item.status = status
            item.save()
            changed += 1
    return changed


def publish(user, queryset):
    """Publish the given posts or events; returns how many changed.

    Posts keep their publication date: one in the future schedules the post.
    """
    return _set_status(user, queryset, Status.PUBLISHED, _("Published"))


def unpublish(user, queryset):
    """Turn the given posts or events back into drafts; returns how many changed."""
    return _set_status(user, queryset, Status.DRAFT, _("Returned to draft"))
