"""The gallery of a news post, edited on the post's own admin page (``PostAdmin.inlines``)."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from news.models import PostImage
from portal.core.admin import LivePublishingInline, image_preview
from portal.core.images.validation import ImageFormField


class PostGalleryPermissions:
    """The gallery is part of the post: whoever may change the post may change its pictures."""

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("news.change_post") or request.user.has_perm("news.add_post")

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("news.view_post") or self.has_add_permission(request, obj)


class PostImageInline(LivePublishingInline, PostGalleryPermissions, TranslationTabularInline):
    """Pictures in the order of their position, each described and captioned in both languages."""

    model = PostImage
    extra = 0
    fields = ["position", "image", "preview", "alt", "caption"]
    readonly_fields = ["preview"]
    ordering = ["position", "pk"]
    # Errors that name the size and pixel limits, decompression bombs included.
    formfield_overrides = {models.ImageField: {"form_class": ImageFormField}}

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return image_preview(obj.image, obj.alt)
