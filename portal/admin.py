"""Admin pieces shared by the partners and news apps."""

from datetime import MAXYEAR, MINYEAR

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import BadRequest, EmptyResultSet, FullResultSet, ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from reversion.admin import VersionAdmin

from portal.images import ImageFormField
from portal.locking import VersionedFormMixin
from portal.translation_utils import language_codes, missing_in, missing_languages


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
    """For model admins and inlines: forged ids in posted data are refused, not handed to the
    database as they are (Django's admin would answer a 500)."""

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

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

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

    class Media:
        css = {"all": ("portal/admin.css",)}


class EditorialAdminForm(VersionedFormMixin, forms.ModelForm):
    pass


class EditorialAdmin(VersionAdmin, TranslatedAdmin):
    """Admin for the office's main content: revisions (history, restore, recover deleted)
    and refusal to save over a colleague's newer changes."""

    form = EditorialAdminForm

    def get_fieldsets(self, request, obj=None):
        (name, options), *rest = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": [*options["fields"], "edit_version"]}), *rest]


def image_preview(image, alt=""):
    """A small thumbnail of an uploaded image for admin lists and forms."""
    if not image:
        return "—"
    return format_html('<img src="{}" alt="{}" class="admin-preview">', image.url, alt)


def demo_marker(obj):
    if obj.is_demo:
        return format_html('<span class="demo-badge">{}</span>', _("DEMO"))
    return ""


admin.site.site_header = _("International Relations Office: administration")
admin.site.site_title = _("IRO portal")
admin.site.index_title = _("News, events and partners")


# Django's own admins for users and groups get the same checks as the office's.
for _model in (get_user_model(), Group):
    _model_admin = type(admin.site.get_model_admin(_model))
    admin.site.unregister(_model)
    admin.site.register(_model, type(_model_admin.__name__, (CheckedInputMixin, _model_admin), {}))
