from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news import services
from news.admin_gallery import PostImageInline
from news.models import Event, Post, Status, Topic
from portal.admin import (
    EditorialAdmin,
    MissingTranslationFilter,
    TranslatedAdmin,
    demo_marker,
    image_preview,
)
from portal.translation_utils import localized


class PublishingMixin:
    """Publishing rights for posts and events.

    Editors write and correct; only users with the publish permission publish,
    schedule or unpublish. The status (and, once published, the date) is
    read-only for everyone else, so the server ignores whatever they post.
    """

    actions = ["publish_selected", "unpublish_selected"]

    def has_publish_permission(self, request):
        return services.can_publish(request.user, self.model)

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

    @admin.action(description=_("Publish selected items"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = services.publish(request.user, queryset)
        message = ngettext("%(count)d item published.", "%(count)d items published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected items (back to draft)"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = services.unpublish(request.user, queryset)
        message = ngettext("%(count)d item returned to draft.", "%(count)d items returned to draft.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.display(description=_("demo"), ordering="is_demo")
    def demo(self, obj):
        return demo_marker(obj)

    @admin.display(description=_("cover"))
    def cover_preview(self, obj):
        return image_preview(obj.cover_image, obj.cover_alt)

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


@admin.register(Topic)
class TopicAdmin(TranslatedAdmin):
    list_display = [*localized("name"), "slug", "translation_status"]
    list_display_links = localized("name")
    search_fields = [*localized("name"), "slug"]
    list_filter = [MissingTranslationFilter]
    prepopulated_fields = {"slug": ["name_en"]}
    translation_check_fields = ("name",)
    required_translated_fields = ("name",)


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
class PostAdmin(PublishingMixin, EditorialAdmin):
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

    @admin.display(description=_("visibility"), ordering="status")
    def visibility(self, obj):
        if obj.status == Status.DRAFT:
            return _("Draft")
        if obj.is_scheduled:
            return _("Scheduled")
        return _("Live")

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(PublishingMixin, EditorialAdmin):
    list_display = [
        *localized("title"),
        "kind",
        "status",
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
