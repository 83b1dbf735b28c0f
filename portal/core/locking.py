"""Optimistic locking for the admin: the second of two concurrent saves is refused."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VersionedFormMixin(forms.Form):
    """Carries the version the editor started from and refuses to save over a newer one.

    The admin validates and saves inside one transaction; locking the row here
    makes a simultaneous second save wait, then see the new version and fail.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        started_from = cleaned_data.get("edit_version")
        current = type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is not None and started_from != current.version:
            changed = timezone.localtime(current.updated_at)
            raise forms.ValidationError(
                _(
                    "Someone else saved this item at %(time)s, after you opened it. Your changes have not "
                    "been saved, so that theirs are not lost: copy what you need, open the item again "
                    "and make your changes there."
                ),
                code="concurrent_edit",
                params={"time": changed.strftime("%H:%M:%S")},
            )
        return cleaned_data
