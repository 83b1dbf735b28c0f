"""The partner directory as open data: CSV and JSON, one row per partner, in the active language."""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from partners.models import Partner
from portal.core.translation_utils import language_codes

# Cells starting with these are run as formulas by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def fields():
    """The columns of the export, in order."""
    return [
        "slug",
        "kind",
        "name",
        *(build_localized_fieldname("name", lang) for lang in language_codes()),
        "short_name",
        "native_name",
        "country",
        "country_name",
        "city",
        "website",
        "founded_year",
        "latitude",
        "longitude",
        "associations",
        "url",
    ]


def _number(value):
    return float(value) if value is not None else None


def partner_record(partner: Partner, request) -> dict:
    """One partner as plain data; needs ``memberships`` prefetched with their associations."""
    return {
        "slug": partner.slug,
        "kind": partner.kind,
        "name": partner.name,
        **{
            name: getattr(partner, name) or ""
            for name in (build_localized_fieldname("name", lang) for lang in language_codes())
        },
        "short_name": partner.short_name or "",
        "native_name": partner.native_name,
        "country": partner.country.code,
        "country_name": str(partner.country.name),
        "city": partner.city or "",
        "website": partner.website,
        "founded_year": partner.founded_year,
        "latitude": _number(partner.latitude),
        "longitude": _number(partner.longitude),
        "associations": [membership.association.slug for membership in partner.memberships.all()],
        "url": request.build_absolute_uri(partner.get_absolute_url()),
    }


def _filename(extension):
    return f"partners-{get_language()}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _spreadsheet_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_response(partners, request) -> HttpResponse:
    """A CSV download: UTF-8 with a byte order mark, so that Excel shows Cyrillic and Chinese."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=fields())
    writer.writeheader()
    for partner in partners:
        record = partner_record(partner, request)
        writer.writerow({key: _spreadsheet_cell(value) for key, value in record.items()})
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def json_response(partners, request) -> JsonResponse:
    """A JSON document: the language, the number of partners and one object per partner."""
    records = [partner_record(partner, request) for partner in partners]
    data = {"language": get_language(), "count": len(records), "partners": records}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{_filename("json")}"'
    return response


def json_errors(form) -> JsonResponse:
    """Why the filters were refused, as JSON with status 400."""
    errors = {field: [str(message) for message in messages] for field, messages in form.errors.items()}
    return JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})
