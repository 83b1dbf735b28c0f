from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from partners.models import Agreement, Membership, Partner
from portal.admin import (
    CheckedInputMixin,
    EditorialAdmin,
    MissingTranslationFilter,
    TranslatedAdmin,
    demo_marker,
    image_preview,
)
from portal.translation_utils import localized


class MembershipInline(CheckedInputMixin, admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["association"]
    verbose_name = _("membership of an association")
    verbose_name_plural = _("memberships of associations")


class MemberInline(CheckedInputMixin, admin.TabularInline):
    model = Membership
    fk_name = "association"
    extra = 0
    autocomplete_fields = ["member"]
    verbose_name = _("member")
    verbose_name_plural = _("members (for associations)")


class AgreementInline(CheckedInputMixin, admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ["kind", *localized("title"), "signed_on", "valid_until", "document", "is_public"]
    show_change_link = True


@admin.register(Partner)
class PartnerAdmin(EditorialAdmin):
    list_display = [
        *localized("name"),
        "short_name",
        "kind",
        "country",
        "city",
        "member_count",
        "translation_status",
        "demo",
    ]
    list_display_links = localized("name")
    list_filter = ["kind", "country", MissingTranslationFilter, "is_demo"]
    search_fields = [*localized("name", "short_name"), "native_name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["logo_preview", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "short_name", "native_name", "aliases", "slug"]}),
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

    @admin.display(description=_("demo"), ordering="is_demo")
    def demo(self, obj):
        return demo_marker(obj)


@admin.register(Membership)
class MembershipAdmin(CheckedInputMixin, admin.ModelAdmin):
    list_display = ["member", "association", "role", "since"]
    list_filter = ["association", "role"]
    list_select_related = ["member", "association"]
    search_fields = localized("member__name", "association__name")
    autocomplete_fields = ["member", "association"]


@admin.register(Agreement)
class AgreementAdmin(TranslatedAdmin):
    list_display = ["__str__", "partner", "kind", "signed_on", "valid_until", "is_public", "demo"]
    list_filter = ["kind", "is_public", "partner__country", "is_demo"]
    list_select_related = ["partner"]
    search_fields = localized("title", "partner__name", "partner__short_name")
    autocomplete_fields = ["partner"]
    date_hierarchy = "signed_on"

    @admin.display(description=_("demo"), ordering="is_demo")
    def demo(self, obj):
        return demo_marker(obj)
