from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.admin_gallery import PostImageInline
from news.models import Event, Post, Status, Topic
from portal.core import publishing
from portal.core.admin import EditorialAdmin, MissingTranslationFilter, TranslatedAdmin, image_preview
from portal.core.translation_utils import localized


class CoverMixin:
    @admin.display(description=_("cover"))
    def cover_preview(self, obj):
        return image_preview(obj.cover_image, obj.cover_alt)


@admin.register(Topic)
class TopicAdmin(TranslatedAdmin):
    list_display = [*localized("name"), "slug", "translation_status"]
    list_display_links = localized("name")
    search_fields = [*localized("name"), "slug"]
    list_filter = [MissingTranslationFilter]
    fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    translation_check_fields = ("name",)
    required_translated_fields = ("name",)

    def _shown_to_visitors(self, obj):
        return obj is not None and obj.posts.filter(status=Status.PUBLISHED).exists()

    def has_change_permission(self, request, obj=None):
        # A topic of published news is shown on the site: renaming it changes what visitors see.
        if self._shown_to_visitors(obj) and not publishing.can_publish(request.user, Post):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._shown_to_visitors(obj) and not publishing.can_publish(request.user, Post):
            return False
        return super().has_delete_permission(request, obj)


class PostVisibilityFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: what visitors actually see."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("live", _("Live on the site")),
            ("scheduled", _("Scheduled")),
            ("draft", _("Draft")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "live":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
            case "draft":
                return queryset.drafts()
        return queryset


@admin.register(Post)
class PostAdmin(CoverMixin, EditorialAdmin):
    list_display = [
        *localized("title"),
        "visibility",
        "published_at",
        "is_featured",
        "event",
        "translation_status",
        "demo",
    ]
    list_display_links = localized("title")
    list_filter = [
        PostVisibilityFilter,
        "status",
        "is_featured",
        MissingTranslationFilter,
        ("partners", admin.RelatedOnlyFieldListFilter),
        "partners__country",
        "topics",
        "published_at",
        "is_demo",
    ]
    list_select_related = ["event"]
    search_fields = [*localized("title", "lead"), "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["partners", "event", "topics"]
    readonly_fields = ["cover_preview", "preview_links", "author", "created_at", "updated_at"]
    publishing_fields = ("status", "published_at")
    preview_url_name = "news:preview"
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "reference_note"]}),
        (_("Publication"), {"fields": ["status", "published_at", "is_featured", "preview_links"]}),
        (_("Cover"), {"fields": ["cover_image", "cover_preview", "cover_alt"]}),
        (_("Links"), {"fields": ["partners", "event", "topics"]}),
        (_("Record"), {"fields": ["author", "is_demo", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    translation_check_fields = ("title", "lead", "body")
    required_translated_fields = ("title",)
    inlines = [PostImageInline]

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(CoverMixin, EditorialAdmin):
    list_display = [
        *localized("title"),
        "kind",
        "visibility",
        "local_start",
        "city",
        "country",
        "translation_status",
        "demo",
    ]
    list_display_links = localized("title")
    list_filter = [
        "status",
        "kind",
        "country",
        MissingTranslationFilter,
        ("organisers", admin.RelatedOnlyFieldListFilter),
        "starts_at",
        "is_demo",
    ]
    search_fields = [*localized("title", "city", "venue"), "slug"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["organisers", "participants"]
    readonly_fields = ["cover_preview", "preview_links", "created_at", "updated_at"]
    publishing_fields = ("status",)
    preview_url_name = "events:preview"
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "preview_links", "description"]}),
        (
            _("When"),
            {
                "fields": ["timezone", "starts_at", "ends_at"],
                "description": _("Dates and times are in the event's own time zone."),
            },
        ),
        (_("Where"), {"fields": ["country", "city", "venue"]}),
        (_("Partners"), {"fields": ["organisers", "participants"]}),
        (_("More"), {"fields": ["registration_url", "cover_image", "cover_preview", "cover_alt"]}),
        (_("Record"), {"fields": ["is_demo", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    translation_check_fields = ("title", "description")
    required_translated_fields = ("title",)

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, obj):
        return f"{obj.local_starts_at:%Y-%m-%d %H:%M} ({obj.timezone})"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Editors type and read an event's times in the event's own zone, so a
        # Qingdao session is entered as it appears on its programme.
        zone = self._event_zone(request, object_id)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Render while the zone is active; a TemplateResponse renders lazily.
            if hasattr(response, "render"):
                response.render()
            return response

    def _event_zone(self, request, object_id):
        name = request.POST.get("timezone")
        if not name and object_id:
            event = self.get_object(request, object_id)
            name = event and str(event.timezone)
        try:
            return ZoneInfo(name) if name else timezone.get_current_timezone()
        # OSError: ZoneInfo opens the name as a file ("Europe" is a folder, 300 letters too long).
        except (ZoneInfoNotFoundError, ValueError, OSError):
            return timezone.get_current_timezone()
