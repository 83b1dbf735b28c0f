from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from partners.models import Partner

# Long enough for any real value, short enough that an echoed junk value cannot flood the page.
_ECHO_LENGTH = 40


def _echo(value):
    return Truncator(value).chars(_ECHO_LENGTH)


class PartnerFilterForm(forms.Form):
    """The directory's filters, read from the query string (also used by the map and the exports)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Partner.Kind.choices],
        error_messages={"invalid_choice": _("There is no kind of partner “%(value)s”.")},
    )
    # Plain text fields shown as <select>: the options (with counts) come from the data, but any
    # ISO code or association is a valid filter, even one without partners yet.
    country = forms.CharField(label=_("Country"), required=False, widget=forms.Select)
    association = forms.CharField(label=_("Member of"), required=False, widget=forms.Select)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_country(self):
        value = self.cleaned_data["country"].strip()
        if not value:
            return ""
        code = countries.alpha2(value) if len(value) == 2 else ""
        if not code:
            raise forms.ValidationError(
                _("“%(value)s” is not a country code: use two letters, for example CN."),
                code="invalid_country",
                params={"value": _echo(value)},
            )
        return code

    def clean_association(self):
        value = self.cleaned_data["association"].strip()
        if not value:
            return None
        association = Partner.objects.published().associations().filter(slug=value[:80]).first()
        if association is None:
            raise forms.ValidationError(
                _("There is no association “%(value)s”."),
                code="invalid_association",
                params={"value": _echo(value)},
            )
        return association

    @property
    def filters(self):
        """The valid filters as keyword arguments for ``services.filter_partners``."""
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "country": data.get("country") or "",
            "association": data.get("association"),
        }

    def set_options(self, facets):
        """Offer only the options that have partners (plus the chosen one), each with its count."""
        self.fields["kind"].choices = [("", _("All kinds")), *_labelled(facets.kinds)]
        self.fields["country"].widget.choices = [("", _("All countries")), *_labelled(facets.countries)]
        self.fields["association"].widget.choices = [
            ("", _("Any or none")),
            *_labelled(facets.associations),
        ]


def _labelled(options):
    return [(option.value, f"{option.label} ({option.count})") for option in options]
