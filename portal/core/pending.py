from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingChangeQuerySet(models.QuerySet):
    def for_item(self, item):
        """The pending change of ``item``, if any (a queryset of at most one)."""
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class PendingChange(models.Model):
    """An editor's change to a published item, kept aside until a publisher publishes or discards it.

    The live row stays exactly as visitors see it; ``data`` holds the proposed values of the item's
    editable fields (as strings, the way Django serialises them) and of its many-to-many relations
    (lists of primary keys).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("kind"))
    object_id = models.PositiveBigIntegerField(_("item"))
    item = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("proposed values"), encoder=DjangoJSONEncoder)
    base_version = models.PositiveIntegerField(
        _("based on version"), help_text=_("The live version the change was made from.")
    )
    revision = models.PositiveIntegerField(
        _("revision"),
        default=1,
        help_text=_("Goes up with every save, so that two editors cannot overwrite each other."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="pending_change_one_per_item")
        ]

    def __str__(self):
        return _("Changes to %(item)s") % {"item": self.item}
