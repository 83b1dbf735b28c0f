from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partners.models import Agreement, Membership, Partner
from portal.core.admin import (
    CheckedInputMixin,
    EditorialAdmin,
    LivePublishingInline,
    MissingTranslationFilter,
    TranslatedAdmin,
    image_preview,
)
from portal.core.editing import Status
from portal.core.publishing import can_publish
from portal.core.translation_utils import localized


def _may_publish_partners(request):
    return can_publish(request.user, Partner)


def _membership_is_public(membership):
    """Whether visitors see ``membership``: both organisations are published."""
    return (
        membership.association_id is not None
        and membership.member_id is not None
        and membership.association.status == Status.PUBLISHED
        and membership.member.status == Status.PUBLISHED
    )


class MembershipInline(LivePublishingInline, CheckedInputMixin, admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["association"]
    verbose_name = _("membership of an association")
    verbose_name_plural = _("memberships of associations")


class MemberInline(LivePublishingInline, CheckedInputMixin, admin.TabularInline):
    model = Membership
    fk_name = "association"
    extra = 0
    autocomplete_fields = ["member"]
    verbose_name = _("member")
    verbose_name_plural = _("members (for associations)")


class AgreementInline(LivePublishingInline, CheckedInputMixin, admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ["kind", *localized("title"), "signed_on", "valid_until", "document", "is_public"]
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not _may_publish_partners(request):
            readonly.append("is_public")
        return readonly


@admin.register(Partner)
class PartnerAdmin(EditorialAdmin):
    list_display = [
        *localized("name"),
        "short_name",
        "kind",
        "visibility",
        "country",
        "city",
        "member_count",
        "translation_status",
        "demo",
    ]
    list_display_links = localized("name")
    list_filter = ["status", "kind", "country", MissingTranslationFilter, "is_demo"]
    search_fields = [*localized("name", "short_name"), "native_name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["logo_preview", "preview_links", "created_at", "updated_at"]
    preview_url_name = "partners:preview"
    fieldsets = [
        (None, {"fields": ["kind", "name", "short_name", "native_name", "aliases", "slug"]}),
        (_("Publication"), {"fields": ["status", "preview_links"]}),
        (_("Where"), {"fields": ["country", "city", ("latitude", "longitude")]}),
        (
            _("About"),
            {"fields": ["description", "website", "founded_year", "logo", "logo_preview"]},
        ),
        (_("Record"), {"fields": ["is_demo", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [MembershipInline, MemberInline, AgreementInline]
    translation_check_fields = ("name", "description")
    required_translated_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    def get_inlines(self, request, obj):
        if obj is None or obj.kind != Partner.Kind.ASSOCIATION:
            return [MembershipInline, AgreementInline]
        return self.inlines

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count or "—"

    @admin.display(description=_("logo"))
    def logo_preview(self, obj):
        return image_preview(obj.logo, obj.name)


class MembershipAdminForm(forms.ModelForm):
    """Refuses an editor's membership that visitors would see at once (both sides published)."""

    request = None

    def clean(self):
        cleaned_data = super().clean()
        proposed = Membership(association=cleaned_data.get("association"), member=cleaned_data.get("member"))
        if _membership_is_public(proposed) and not _may_publish_partners(self.request):
            raise forms.ValidationError(
                _(
                    "Both organisations are published, so this membership would appear on the site at "
                    "once: only a publisher can add or change it."
                ),
                code="publish_permission",
            )
        return cleaned_data


@admin.register(Membership)
class MembershipAdmin(CheckedInputMixin, admin.ModelAdmin):
    list_display = ["member", "association", "role", "since"]
    list_filter = ["association", "role"]
    list_select_related = ["member", "association"]
    search_fields = localized("member__name", "association__name")
    autocomplete_fields = ["member", "association"]
    form = MembershipAdminForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def has_change_permission(self, request, obj=None):
        if obj is not None and _membership_is_public(obj) and not _may_publish_partners(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _membership_is_public(obj) and not _may_publish_partners(request):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Agreement)
class AgreementAdmin(TranslatedAdmin):
    list_display = [
        "__str__",
        "partner",
        "kind",
        "signed_on",
        "valid_until",
        "is_public",
        "document_link",
        "demo",
    ]
    list_filter = ["kind", "is_public", "partner__country", "is_demo"]
    list_select_related = ["partner"]
    search_fields = localized("title", "partner__name", "partner__short_name")
    autocomplete_fields = ["partner"]
    date_hierarchy = "signed_on"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not _may_publish_partners(request):
            # Only a publisher decides what is shown on the site: editors' agreements stay internal.
            readonly.append("is_public")
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_public and not _may_publish_partners(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_public and not _may_publish_partners(request):
            return False
        return super().has_delete_permission(request, obj)

    # The form's "Currently:" link goes through the same view as the public site (document.url).
    @admin.display(description=_("document"))
    def document_link(self, obj):
        if not obj.document:
            return "—"
        return format_html('<a href="{}" download>{}</a>', obj.document.url, _("Download"))
