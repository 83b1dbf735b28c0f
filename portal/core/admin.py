"""Admin pieces shared by the partners and news apps."""

from datetime import MAXYEAR, MINYEAR

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import (
    BadRequest,
    EmptyResultSet,
    FullResultSet,
    PermissionDenied,
    ValidationError,
)
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin
from reversion.models import Version

from portal.core import publishing
from portal.core.editing import Status
from portal.core.images.validation import ImageFormField
from portal.core.locking import VersionedFormMixin
from portal.core.pending import PendingChange
from portal.core.translation_utils import language_codes, missing_in, missing_languages, missing_texts


class MissingTranslationFilter(admin.SimpleListFilter):
    """Lets the office find what still needs translating into each language."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        names = dict(settings.LANGUAGES)
        choices = [(lang, _("Missing %(language)s") % {"language": names[lang]}) for lang in language_codes()]
        return [*choices, ("none", _("Complete"))]

    def queryset(self, request, queryset):
        fields = self.model_admin.translation_check_fields
        value = self.value()
        if value in language_codes():
            return queryset.filter(missing_in(fields, value))
        if value == "none":
            for lang in language_codes():
                queryset = queryset.exclude(missing_in(fields, lang))
            return queryset
        return queryset

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)


class CheckedChangeList(ChangeList):
    """Django's change list, refusing dates it cannot handle like any other bad filter (a redirect
    with ``?e=1``) instead of failing with a 500: a date-hierarchy year outside datetime's range
    (``?published_at__year=99999999999``), or a date that leaves it once converted to UTC
    (``?starts_at__gte=0001-01-01`` on SQLite)."""

    def get_filters(self, request):
        years = request.GET.getlist(f"{self.date_hierarchy}__year") if self.date_hierarchy else []
        try:
            # A year of margin on each side: the hierarchy adds a year, and UTC may be a day away.
            if years and not MINYEAR < int(years[-1]) < MAXYEAR:
                raise IncorrectLookupParameters(f"Year out of range: {years[-1]}")
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            # Filter values are converted for the database only when the SQL is built: build it now,
            # while a value out of range can still be reported as a bad filter.
            queryset.query.get_compiler(queryset.db).as_sql()
        except (EmptyResultSet, FullResultSet):
            pass
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error
        return queryset


def _is_key(field, value):
    """Whether ``value`` can be looked up in ``field`` at all (for an id: a number in range)."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class _CheckedAutocomplete:
    """An autocomplete that shows a re-displayed form's chosen items without asking the database
    about values that cannot be ids (the form itself reports them as invalid choices)."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        return super().optgroups(name, [v for v in value if _is_key(target, v)], attr)


class CheckedAutocompleteSelect(_CheckedAutocomplete, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_CheckedAutocomplete, AutocompleteSelectMultiple):
    pass


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses values that cannot be ids before asking the database (SQLite fails on huge numbers)."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        field = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for pk in value:
            if not _is_key(field, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class CheckedInputMixin:
    """For model admins and inlines: forged ids in posted data and filters the database cannot
    take are refused, not handed to it as they are (Django's admin would answer a 500)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        # The add form takes initial values from the query string; a date or time it cannot read
        # (?published_at=x) is left out rather than breaking the widget that displays it.
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            field = next((f for f in self.model._meta.concrete_fields if f.name == name), None)
            if isinstance(field, (models.DateField, models.TimeField)):
                try:
                    initial[name] = field.to_python(value)
                except ValidationError:
                    del initial[name]
        return initial

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_object(self, request, object_id, from_field=None):
        # An empty ?_to_field= reaches here as the name of a field: Django then looks up a field
        # called "" and fails with a 500.
        return super().get_object(request, object_id, from_field or None)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(_is_key(self.model._meta.pk, value) for value in selected):
            raise BadRequest("Selected items that are not ids")
        return super().response_action(request, queryset)


class TranslatedAdmin(CheckedInputMixin, TabbedTranslationAdmin):
    """Tabbed Russian/English editing, with the office's translation checks.

    ``translation_check_fields`` lists the fields whose text must exist in a
    language for the object to count as translated into it.
    ``required_translated_fields`` must be filled in at least one language;
    modeltranslation alone would insist on the default language.
    """

    translation_check_fields = ()
    required_translated_fields = ()
    # Django 6 behaviour already: a typed "asrtu.ru" becomes https://asrtu.ru.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        # Names the size and pixel limits, even for files too large for Django's own check.
        models.ImageField: {"form_class": ImageFormField},
    }

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for field in self.required_translated_fields:
            for lang in language_codes():
                name = build_localized_fieldname(field, lang)
                if name in form.base_fields:
                    form.base_fields[name].required = False
        return form

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        missing = missing_languages(obj, self.translation_check_fields)
        badges = [
            format_html(
                '<span class="translation-badge translation-badge--{}" title="{}">{}</span>',
                "missing" if lang in missing else "done",
                _("missing") if lang in missing else _("done"),
                lang.upper(),
            )
            for lang in language_codes()
        ]
        return format_html(" ".join(["{}"] * len(badges)), *badges)

    @admin.display(description=_("demo"), ordering="is_demo")
    def demo(self, obj):
        """The DEMO badge of made-up content, for ``list_display``."""
        if getattr(obj, "is_demo", False):
            return format_html('<span class="demo-badge">{}</span>', _("DEMO"))
        return ""

    class Media:
        css = {"all": ("portal/admin.css",)}


def describe_missing(missing, fields_model):
    """Sentences saying what each language lacks, e.g. "English — not filled in: lead, body."."""
    names = dict(settings.LANGUAGES)
    sentences = []
    for lang, fields in missing.items():
        labels = ", ".join(str(fields_model._meta.get_field(field).verbose_name) for field in fields)
        sentences.append(
            _(
                "%(language)s — not filled in: %(fields)s. Visitors reading in this language will see "
                "the text of another language, with a notice."
            )
            % {"language": names[lang], "fields": labels}
        )
    return sentences


class EditorialAdminForm(VersionedFormMixin, forms.ModelForm):
    """The change form of posts, events and partners: locking, and publishing with eyes open."""

    pending_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    publish_incomplete = forms.BooleanField(
        label=_("Publish even though a translation is incomplete"),
        required=False,
        widget=forms.HiddenInput,
    )
    #: Set by the admin: the fields that must have text in a language (``translation_check_fields``).
    translation_check_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if hasattr(self.instance, "pending_change"):
            revision = self.instance.pending_change.revision
        elif self.instance.pk:
            revision = (
                PendingChange.objects.for_item(self.instance).values_list("revision", flat=True).first()
            )
        else:
            revision = None
        self.fields["pending_revision"].initial = revision or 0

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self._check_pending_revision(cleaned_data)
        self._check_translations_before_publishing(cleaned_data)
        return cleaned_data

    def _check_pending_revision(self, cleaned_data):
        current = (
            PendingChange.objects.for_item(self.instance)
            .select_for_update()
            .values_list("revision", flat=True)
            .first()
        ) or 0
        if (cleaned_data.get("pending_revision") or 0) != current:
            raise forms.ValidationError(
                _(
                    "Someone else changed the pending changes of this item after you opened it. Your "
                    "changes have not been saved, so that theirs are not lost: copy what you need, open "
                    "the item again and make your changes there."
                ),
                code="concurrent_edit",
            )

    def _check_translations_before_publishing(self, cleaned_data):
        becomes_public = (
            cleaned_data.get("status") == Status.PUBLISHED and self.instance.status != Status.PUBLISHED
        )
        if not becomes_public or cleaned_data.get("publish_incomplete"):
            return
        values = {**self.instance.__dict__, **cleaned_data}
        missing = missing_texts(values, self.translation_check_fields)
        if missing:
            self.fields["publish_incomplete"].widget = forms.CheckboxInput()
            self.add_error(
                "publish_incomplete",
                [*describe_missing(missing, self._meta.model), _("Tick the box to publish anyway.")],
            )


class LivePublishingInline:
    """An inline that only a publisher may change while its parent item is published.

    Editors' changes to a published item are kept as pending changes, which carry the item's own
    fields and relations but not its inline rows: those stay read-only until the item is a draft.
    """

    def _locked(self, request, obj):
        return (
            obj is not None
            and getattr(obj, "status", None) == Status.PUBLISHED
            and not publishing.can_publish(request.user, type(obj))
        )

    def has_add_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)


class _UndoRestore(Exception):
    """Rolls back a restore replayed only to learn what it would produce."""

    def __init__(self, response):
        self.response = response


class EditorialAdmin(VersionAdmin, TranslatedAdmin):
    """Admin for the office's main content: revisions (history, restore, recover deleted), refusal
    to save over a colleague's newer changes, and publishing rights on every path.

    Only users with the model's publish permission change what visitors see. Editors write drafts;
    their changes to a published item become a pending change; restoring or recovering an item
    as an editor gives a draft (or, for a published item, a pending change); deleting a published
    item needs the publish permission.
    """

    form = EditorialAdminForm
    actions = ["publish_selected", "unpublish_selected"]
    #: The URL name of the staff preview (takes ``pk``), e.g. "news:preview".
    preview_url_name = None
    #: Fields a publisher alone sets; read-only for editors. "published_at" is locked once published.
    publishing_fields = ("status",)

    # --- rights ---

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user, self.model)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.status != Status.PUBLISHED or self.has_publish_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == Status.PUBLISHED:
            # Once published, the address is out in the world (links, feeds, calendars): it stays.
            readonly.append("slug")
        if not self.has_publish_permission(request):
            readonly.append("status")
            if (
                obj is not None
                and obj.status == Status.PUBLISHED
                and "published_at" in self.publishing_fields
            ):
                readonly.append("published_at")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.status == Status.PUBLISHED:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.translation_check_fields = self.translation_check_fields
        return form

    def get_fieldsets(self, request, obj=None):
        (name, options), *rest = super().get_fieldsets(request, obj)
        hidden = ["edit_version", "pending_revision"]
        fieldsets = [(name, {**options, "fields": [*options["fields"], *hidden]}), *rest]
        if self.has_publish_permission(request):
            fieldsets = [
                (title, {**opts, "fields": [*opts["fields"], "publish_incomplete"]})
                if "status" in opts["fields"]
                else (title, opts)
                for title, opts in fieldsets
            ]
        return fieldsets

    def get_queryset(self, request):
        pending = PendingChange.objects.filter(
            content_type__app_label=self.model._meta.app_label,
            content_type__model=self.model._meta.model_name,
            object_id=OuterRef("pk"),
        )
        return super().get_queryset(request).annotate(has_pending_changes=Exists(pending))

    # --- saving: editors' changes to published items become pending changes ---

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and getattr(request, "_edit_pending", False):
            pending = publishing.pending_for(obj)
            if pending is not None:
                # The form starts from the latest text, not from what visitors see.
                publishing.with_pending(obj, pending, visible_only=False)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        request._edit_pending = True
        if request.method == "GET":
            obj = self.get_object(request, unquote(object_id))
            pending = getattr(obj, "pending_change", None)
            if pending is not None:
                self.message_user(request, self._pending_notice(obj, pending), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def _pending_notice(self, obj, pending):
        return format_html(
            '{} <a href="{}">{}</a>',
            _(
                "This item has changes waiting for a publisher (last by %(author)s). The form shows "
                "them; visitors still see the published version."
            )
            % {"author": pending.author or "—"},
            self._pending_url(obj),
            _("Review the changes"),
        )

    def _pending_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_pending", args=[quote(obj.pk)])

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            before = getattr(request, "_live_before_restore", None)
            if before is not None:
                was_published = before["status"] == Status.PUBLISHED
                base_version = before["version"]
            else:
                was_published = change and publishing.is_published(obj)
                base_version = obj.version
            if was_published:
                relations = {
                    field.name: [item.pk for item in form.cleaned_data[field.name]]
                    for field in publishing.pending_relations(self.model)
                    if field.name in form.cleaned_data
                }
                request._pending_proposal = (obj, publishing.proposed_data(obj, relations), base_version)
                if not getattr(request, "_defer_pending", False):
                    self._store_proposal(request)
                return
            if hasattr(request, "_live_before_restore"):
                # Restored or recovered by an editor: back as a draft, whatever the old version said.
                obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)
        if change:
            # A publisher's save includes the pending changes the form started from.
            PendingChange.objects.for_item(obj).delete()

    def _store_proposal(self, request):
        obj, data, base_version = request._pending_proposal
        publishing.store_pending(request.user, obj, data, base_version)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_pending_proposal", None):
            # Inlines are read-only on published items for editors: nothing of theirs to save.
            for formset in formsets:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if getattr(request, "_pending_proposal", None):
            message = [{"changed": {"fields": [str(_("pending changes"))]}}]
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if getattr(request, "_pending_proposal", None):
            self.message_user(
                request,
                _(
                    "Your changes to “%(item)s” are kept as pending changes: visitors see the published "
                    "version until a publisher publishes them."
                )
                % {"item": self.model._default_manager.get(pk=obj.pk)},
                messages.SUCCESS,
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
            )
        return super().response_change(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and obj.status == Status.PUBLISHED and not self.has_publish_permission(request):
            self.message_user(
                request,
                _("“%(item)s” is published: only a publisher can delete it or take it off the site.")
                % {"item": obj},
                messages.ERROR,
            )
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
            )
        return super().delete_view(request, object_id, extra_context)

    # --- history: restore and recover ---

    def revision_view(self, request, object_id, version_id, extra_context=None):
        return self._restore(
            request, unquote(object_id), super().revision_view, object_id, version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        return self._restore(request, version.object_id, super().recover_view, version_id, extra_context)

    def _restore(self, request, object_id, view, *args):
        if request.method != "POST" or self.has_publish_permission(request):
            return view(request, *args)
        try:
            live = self.model._default_manager.filter(pk=object_id).values("status", "version").first()
        except (ValueError, ValidationError) as error:
            raise Http404 from error
        request._live_before_restore = live or {"status": None, "version": 0}
        if live is None or live["status"] != Status.PUBLISHED:
            return view(request, *args)
        # A published item: replay the restore to learn what it would give, undo it, keep the
        # result as a pending change for a publisher.
        request._defer_pending = True
        try:
            with transaction.atomic():
                raise _UndoRestore(view(request, *args))
        except _UndoRestore as undo:
            response = undo.response
        if getattr(request, "_pending_proposal", None):
            self._store_proposal(request)
        return response

    # --- publishing actions ---

    @admin.action(description=_("Publish selected items"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        incomplete = []
        for obj in queryset:
            pending = publishing.pending_for(obj)
            shown = publishing.with_pending(obj, pending, visible_only=False) if pending else obj
            if missing := missing_texts(shown.__dict__, self.translation_check_fields):
                incomplete.append((obj, describe_missing(missing, self.model)))
        if incomplete and not request.POST.get("confirm"):
            context = {
                **self.admin_site.each_context(request),
                "title": _("Publish with incomplete translations?"),
                "opts": self.model._meta,
                "incomplete": incomplete,
                "queryset": queryset,
                "action": "publish_selected",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/publish_confirmation.html", context)
        count = publishing.publish(request.user, queryset)
        message = ngettext("%(count)d item published.", "%(count)d items published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
        return None

    @admin.action(description=_("Unpublish selected items (back to draft)"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = publishing.unpublish(request.user, queryset)
        message = ngettext("%(count)d item returned to draft.", "%(count)d items returned to draft.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    # --- pending changes: review, publish, discard ---

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/pending/",
                self.admin_site.admin_view(self.pending_view),
                name=f"{opts.app_label}_{opts.model_name}_pending",
            ),
            *super().get_urls(),
        ]

    def pending_view(self, request, object_id):
        """What an editor's pending change alters, per language, with publish and discard buttons."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        pending = publishing.pending_for(obj)
        can_publish = self.has_publish_permission(request)
        if request.method == "POST" and pending is not None:
            if "publish" in request.POST:
                publishing.publish_pending(request.user, obj)
                self.message_user(request, _("The changes are published."), messages.SUCCESS)
            elif "discard" in request.POST:
                publishing.discard_pending(request.user, obj)
                self.message_user(request, _("The pending changes are discarded."), messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        if pending is None:
            self.message_user(request, _("This item has no pending changes."), messages.INFO)
            return HttpResponseRedirect(change_url)
        names = dict(settings.LANGUAGES)
        field_changes = publishing.changes(obj, pending)
        groups = [
            {"language": names.get(code, ""), "changes": [c for c in field_changes if c.language == code]}
            for code in ["", *language_codes()]
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Pending changes to “%(item)s”") % {"item": obj},
            "opts": opts,
            "object": obj,
            "pending": pending,
            "groups": [group for group in groups if group["changes"]],
            "change_url": change_url,
            "preview_links": self.preview_links(obj),
            "live_url": obj.get_absolute_url(),
            "can_publish": can_publish,
            "can_discard": can_publish or pending.author_id == request.user.pk,
        }
        return TemplateResponse(request, "admin/pending_change.html", context)

    # --- list and form helpers ---

    @admin.display(description=_("visibility"), ordering="status")
    def visibility(self, obj):
        if obj.status == Status.DRAFT:
            label = _("Draft")
        elif getattr(obj, "is_scheduled", False):
            label = _("Scheduled")
        else:
            label = _("Live")
        if getattr(obj, "has_pending_changes", False):
            return format_html('{} <span class="pending-badge">{}</span>', label, _("changes pending"))
        return label

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the item first to preview it.")
        links = []
        for lang, name in settings.LANGUAGES:
            with translation.override(lang):
                url = reverse(self.preview_url_name, kwargs={"pk": obj.pk})
            links.append(format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, name))
        return format_html(" · ".join(["{}"] * len(links)), *links)


def image_preview(image, alt=""):
    """A small thumbnail of an uploaded image for admin lists and forms."""
    if not image:
        return "—"
    return format_html('<img src="{}" alt="{}" class="admin-preview">', image.url, alt)
