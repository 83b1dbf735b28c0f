"""Staff previews: an item exactly as visitors will see it, whatever its status."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers

from portal.core.publishing import pending_for, with_pending


class StaffPreviewMixin:
    """Shows an item as visitors will see it once published — pending changes included — to staff
    who may view it. Everyone else gets the same 404 as for any unpublished item; previews are never
    cached or indexed.
    """

    def dispatch(self, request, *args, **kwargs):
        opts = self.model._meta
        if not (request.user.is_staff and request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")):
            raise Http404
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    def visible(self):
        return self.model._default_manager.all()

    def get_object(self, queryset=None):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        pending = pending_for(obj)
        return with_pending(obj, pending) if pending is not None else obj

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)
