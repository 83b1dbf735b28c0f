"""Pictures in rich text: the upload page behind the figure dialog's "Browse..." button.

django-prose-editor's figure dialog asks for a picture's address and has no
upload of its own, but it can open a picker page (the Figure extension's
``pickerUrl``, see ``portal.core.richtext.RICH_TEXT``) and take back the chosen
picture through CKEditor's file browser protocol
(``window.opener.CKEDITOR.tools.callFunction``). This is that page: the editor
uploads a picture, checked like every image field (``portal.core.images.validation``: a real,
complete JPEG, PNG or WebP within the size and pixel limits), it is stored under
MEDIA_ROOT with a name of our own, and its address, description and caption go
back into the dialog (``portal/static/portal/rich-text-image.js``). The page is
``templates/admin/rich_text_image_upload.html``.

Asked for JSON (``Accept: application/json``), it answers ``{"url": ...}``
(201), or ``{"errors": ...}`` (400).
"""

import re
import uuid

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_prose_editor.fields import ProseEditorField

from portal.core.images.validation import ALLOWED_FORMATS, ImageFormField

#: Where uploaded pictures go, under MEDIA_ROOT (strftime placeholders).
UPLOAD_TO = "rich-text/%Y/%m/"

# django-prose-editor counts its callbacks down from -1.
_FUNC_NUM = re.compile(r"-?\d{1,9}")

TEMPLATE_NAME = "admin/rich_text_image_upload.html"


class RichTextImageForm(forms.Form):
    image = ImageFormField(
        label=_("Picture"),
        help_text=_("A JPEG, PNG or WebP image."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt = forms.CharField(
        label=_("Picture description"),
        max_length=255,
        required=False,
        help_text=_("What the picture shows, for visitors who cannot see it."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


def can_upload(user):
    """Whether ``user`` may add or change something that has rich text (a post, an event, a partner)."""
    for model in apps.get_models():
        if any(isinstance(field, ProseEditorField) for field in model._meta.local_fields):
            opts = model._meta
            for action in ("add", "change"):
                if user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}"):
                    return True
    return False


def store_image(image):
    """Save an accepted picture under MEDIA_ROOT with a fresh name; return its URL."""
    extension = ALLOWED_FORMATS[image.image.format]
    name = f"{timezone.now():{UPLOAD_TO}}{uuid.uuid4().hex}{extension}"
    return default_storage.url(default_storage.save(name, image))


@require_http_methods(["GET", "POST"])
def _image_upload(request):
    if not can_upload(request.user):
        raise PermissionDenied
    wants_json = request.accepts("application/json") and not request.accepts("text/html")
    func_num = request.GET.get("CKEditorFuncNum", "")
    context = {
        **admin.site.each_context(request),
        "title": _("Upload a picture"),
        "is_popup": True,
        "func_num": func_num if _FUNC_NUM.fullmatch(func_num) else "",
    }
    if request.method == "POST":
        form = RichTextImageForm(request.POST, request.FILES)
        if form.is_valid():
            url = store_image(form.cleaned_data["image"])
            if wants_json:
                return JsonResponse({"url": url}, status=201)
            context.update(image_url=url, alt=form.cleaned_data["alt"], caption=form.cleaned_data["caption"])
            return render(request, TEMPLATE_NAME, context)
        if wants_json:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        status = 400
    else:
        form = RichTextImageForm()
        status = 200
    context["form"] = form
    return render(request, TEMPLATE_NAME, context, status=status)


#: Staff only (others go to the admin's login page), never cached, CSRF-protected.
image_upload = admin.site.admin_view(_image_upload)
