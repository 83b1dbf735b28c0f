"""Editorial operations that change several objects at once."""

from django.utils import timezone

from news.models import Status


def publish(queryset):
    """Publish the given posts or events; returns how many changed.

    Posts keep a future publication date (they stay scheduled); events have none.
    """
    return queryset.exclude(status=Status.PUBLISHED).update(
        status=Status.PUBLISHED, updated_at=timezone.now()
    )


def unpublish(queryset):
    """Turn the given posts or events back into drafts; returns how many changed."""
    return queryset.exclude(status=Status.DRAFT).update(status=Status.DRAFT, updated_at=timezone.now())
