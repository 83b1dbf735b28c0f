"""Who changes what visitors see: publishing, unpublishing and editors' pending changes.

One rule for every path (admin forms, actions, history, recovery, imports): only a user with the
model's ``publish_<model>`` permission changes the public site. An editor's change to a published
item is kept as a ``PendingChange`` — the live row stays as visitors see it — until a publisher
publishes or discards it.
"""

import difflib
import uuid
from dataclasses import dataclass
from pathlib import PurePath

import reversion
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator

from portal.core.editing import Status
from portal.core.pending import PendingChange
from portal.core.richtext import html_to_text

# Decided by publishing itself, never by a pending change.
PUBLICATION_FIELDS = frozenset({"status", "published_at", "slug"})


def can_publish(user, model):
    """Whether ``user`` may publish, unpublish and change published items of ``model``."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def is_published(obj):
    """Whether ``obj`` is published (live, or scheduled to go live) as stored in the database."""
    if obj.pk is None:
        return False
    status = type(obj)._default_manager.filter(pk=obj.pk).values_list("status", flat=True).first()
    return status == Status.PUBLISHED


def _untranslated_originals(model):
    """The names of the fields modeltranslation shadows with per-language columns."""
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def pending_fields(model):
    """The concrete fields a pending change carries: what an editor may change on a published item."""
    originals = _untranslated_originals(model)
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and not field.generated
        and field.name not in PUBLICATION_FIELDS
        and field.name not in originals
    ]


def pending_relations(model):
    """The many-to-many fields a pending change carries."""
    return [field for field in model._meta.many_to_many if field.editable]


def _serialise(field, obj):
    value = field.value_from_object(obj)
    if value is None:
        return None
    return field.value_to_string(obj)


def proposed_data(obj, relations):
    """``obj``'s editable values (unsaved changes included) and ``relations`` ({name: [pk…]}) as data."""
    obj.sanitize_rich_text()
    for field in pending_fields(type(obj)):
        if isinstance(field, models.FileField):
            file = getattr(obj, field.attname)
            # A new upload is stored now, so the pending change can refer to it: under a name nobody
            # can guess, since it is not public until a publisher publishes the change.
            if file and not file._committed:
                file.save(uuid.uuid4().hex + PurePath(file.name).suffix.lower(), file.file, save=False)
    data = {field.attname: _serialise(field, obj) for field in pending_fields(type(obj))}
    data["_relations"] = {name: sorted(pks) for name, pks in relations.items()}
    return data


def store_pending(user, obj, data, base_version):
    """Keep ``data`` as the pending change of ``obj``; returns the PendingChange."""
    with transaction.atomic():
        pending = PendingChange.objects.for_item(obj).select_for_update().first()
        if pending is None:
            pending = PendingChange(item=obj, revision=0)
        pending.data = data
        pending.base_version = base_version
        pending.revision += 1
        pending.author = user if user is not None and user.is_authenticated else None
        pending.save()
    return pending


def pending_for(obj):
    """The pending change of ``obj``, or None."""
    if obj.pk is None:
        return None
    return PendingChange.objects.for_item(obj).select_related("author").first()


def with_pending(obj, pending, visible_only=True):
    """``obj`` (unsaved) as it will look once ``pending`` is published, relations included.

    The proposed related objects go into the prefetch cache, so ``obj.partners.all()`` and the like
    show them. With ``visible_only`` (previews) they pass the related model's ``published()`` rule
    where it has one, since that is what visitors would see; forms need them all.
    """
    fields = {field.attname: field for field in pending_fields(type(obj))}
    for attname, value in pending.data.items():
        if attname in fields:
            setattr(obj, attname, fields[attname].to_python(value))
    cache = getattr(obj, "_prefetched_objects_cache", {})
    for field in pending_relations(type(obj)):
        pks = pending.data.get("_relations", {}).get(field.name)
        if pks is None:
            continue
        related = field.related_model._default_manager.filter(pk__in=pks)
        if visible_only and hasattr(related, "published"):
            related = related.published()
        cache[field.name] = related
    obj._prefetched_objects_cache = cache
    obj.pending_change = pending
    return obj


def _proposed_relations(obj, pending):
    return {
        field.name: pending.data["_relations"][field.name]
        for field in pending_relations(type(obj))
        if field.name in pending.data.get("_relations", {})
    }


def _save_relations(obj, pending):
    """Store the relations ``pending`` proposes (after ``with_pending`` showed them through the cache)."""
    obj._prefetched_objects_cache = {}
    for name, pks in _proposed_relations(obj, pending).items():
        getattr(obj, name).set(pks)


def publish_pending(user, obj):
    """Make ``obj``'s pending change live; returns True if there was one."""
    if not can_publish(user, type(obj)):
        raise PermissionDenied(_("Only publishers can publish changes."))
    with transaction.atomic(), reversion.create_revision():
        live = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        pending = PendingChange.objects.for_item(live).select_for_update().first()
        if pending is None:
            return False
        author = pending.author
        with_pending(live, pending, visible_only=False)
        live.save()
        _save_relations(live, pending)
        pending.delete()
        reversion.set_user(user)
        reversion.set_comment(
            _("Published changes by %(author)s") % {"author": author.get_username() if author else "—"}
        )
    return True


def discard_pending(user, obj):
    """Throw ``obj``'s pending change away; its author or a publisher may. Returns True if there was one."""
    pending = pending_for(obj)
    if pending is None:
        return False
    if not (can_publish(user, type(obj)) or pending.author_id == user.pk):
        raise PermissionDenied(_("Only publishers and the author can discard pending changes."))
    pending.delete()
    return True


def _set_status(user, queryset, status, comment):
    if not can_publish(user, queryset.model):
        raise PermissionDenied(_("Only publishers can publish or unpublish."))
    changed = 0
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        # Lock the rows themselves: the admin's queryset may carry outer joins (select_related).
        items = queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
        for item in items.select_for_update():
            pending = PendingChange.objects.for_item(item).first()
            if item.status == status and pending is None:
                continue
            if pending is not None:
                # Publishing publishes the latest text; unpublishing keeps it in the draft.
                with_pending(item, pending, visible_only=False)
            item.status = status
            item.save()
            if pending is not None:
                _save_relations(item, pending)
                pending.delete()
            changed += 1
    return changed


def publish(user, queryset):
    """Publish the given items (with their pending changes); returns how many changed.

    Posts keep their publication date: one in the future schedules the post.
    """
    return _set_status(user, queryset, Status.PUBLISHED, _("Published"))


def unpublish(user, queryset):
    """Turn the given items back into drafts, pending changes folded in; returns how many changed."""
    return _set_status(user, queryset, Status.DRAFT, _("Returned to draft"))


@dataclass(frozen=True)
class FieldChange:
    """One field that a pending change alters: its label, language, and the two texts."""

    label: str
    language: str
    before: str
    after: str

    @property
    def diff(self):
        """The change word by word, removed words in <del>, added ones in <ins>."""
        old, new = self.before.split(), self.after.split()
        parts = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if op == "equal":
                parts.append(format_html("{}", " ".join(old[i1:i2])))
                continue
            if i2 > i1:
                parts.append(format_html("<del>{}</del>", " ".join(old[i1:i2])))
            if j2 > j1:
                parts.append(format_html("<ins>{}</ins>", " ".join(new[j1:j2])))
        return format_html_join(" ", "{}", ((part,) for part in parts))


def _readable(field, value):
    """A field's stored value as a reviewer reads it."""
    if value in (None, ""):
        return ""
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(field.to_python(value), value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else value
    text = str(value)
    return html_to_text(text) if "<" in text else text


def changes(obj, pending):
    """What ``pending`` changes on live ``obj``, field by field, per language ("" for common fields)."""
    result = []
    for field in pending_fields(type(obj)):
        if field.attname not in pending.data:
            continue
        before = _readable(field, _serialise(field, obj))
        after = _readable(field, pending.data[field.attname])
        if before == after:
            continue
        language = field.language if isinstance(field, TranslationField) else ""
        label = str(field.translated_field.verbose_name if language else field.verbose_name)
        result.append(FieldChange(label, language, before, after))
    relations = pending.data.get("_relations", {})
    for field in pending_relations(type(obj)):
        if field.name not in relations:
            continue
        live_pks = set(getattr(obj, field.name).values_list("pk", flat=True))
        if live_pks == set(relations[field.name]):
            continue
        names = {
            item.pk: str(item)
            for item in field.related_model._default_manager.filter(
                pk__in=live_pks | set(relations[field.name])
            )
        }
        before = ", ".join(sorted(names[pk] for pk in live_pks if pk in names))
        after = ", ".join(sorted(names[pk] for pk in relations[field.name] if pk in names))
        result.append(FieldChange(str(field.verbose_name), "", before, after))
    return result
