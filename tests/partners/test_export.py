import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partners import export
from tests.factories import AgreementFactory, MembershipFactory, PartnerFactory

pytestmark = pytest.mark.django_db

EXPORT_QUERIES = 3  # association lookup, partners, memberships


def export_url(fmt, lang="ru", query=""):
    with translation.override(lang):
        path = reverse(f"partners:export_{fmt}")
    return f"{path}?{query}" if query else path


def csv_rows(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))


@pytest.fixture
def hit():
    asrtu = PartnerFactory(association=True, slug="asrtu", country="RU")
    partner = PartnerFactory(
        slug="hit",
        name_en="Harbin Institute of Technology",
        name_ru="Харбинский политехнический университет",
        short_name_en="HIT",
        short_name_ru="ХПИ",
        native_name="哈尔滨工业大学",
        website="https://www.hit.edu.cn/",
        founded_year=1920,
        latitude="45.744000",
        longitude="126.630000",
    )
    MembershipFactory(association=asrtu, member=partner)
    AgreementFactory(partner=partner, title_ru="Внутреннее соглашение", is_public=False)
    return partner


def test_csv_is_a_utf8_download_with_a_bom(client, hit):
    response = client.get(export_url("csv", "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="partners-en-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")


def test_csv_has_every_field_in_the_active_language(client, hit):
    rows = csv_rows(client.get(export_url("csv", "en")))
    assert list(rows[0]) == export.fields()
    row = next(row for row in rows if row["slug"] == "hit")
    assert row == {
        "slug": "hit",
        "kind": "university",
        "name": "Harbin Institute of Technology",
        "name_ru": "Харбинский политехнический университет",
        "name_en": "Harbin Institute of Technology",
        "short_name": "HIT",
        "native_name": "哈尔滨工业大学",
        "country": "CN",
        "country_name": "China",
        "city": "Harbin",
        "website": "https://www.hit.edu.cn/",
        "founded_year": "1920",
        "latitude": "45.744",
        "longitude": "126.63",
        "associations": "asrtu",
        "url": "http://testserver/en/partners/hit/",
    }
    row = next(row for row in csv_rows(client.get(export_url("csv", "ru"))) if row["slug"] == "hit")
    assert (row["name"], row["short_name"], row["country_name"], row["city"]) == (
        "Харбинский политехнический университет",
        "ХПИ",
        "Китай",
        "Харбин",
    )
    assert row["url"] == "http://testserver/ru/partners/hit/"


def test_json_export(client, hit):
    response = client.get(export_url("json", "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["language"] == "en"
    assert data["count"] == 2
    record = next(record for record in data["partners"] if record["slug"] == "hit")
    assert set(record) == set(export.fields())
    assert record["latitude"] == 45.744
    assert record["longitude"] == 126.63
    assert record["founded_year"] == 1920
    assert record["associations"] == ["asrtu"]
    assert record["native_name"] == "哈尔滨工业大学"
    assert "哈尔滨工业大学".encode() in response.content  # readable UTF-8, not \\u escapes
    association = next(record for record in data["partners"] if record["slug"] == "asrtu")
    assert association["latitude"] is None
    assert association["founded_year"] is None
    assert association["associations"] == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_never_include_agreements(client, hit, fmt):
    content = client.get(export_url(fmt)).content.decode()
    assert "соглашение" not in content.lower()
    assert "agreement" not in content.lower()


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("kind=association", {"asrtu"}),
        ("country=cn", {"hit", "tsinghua"}),
        ("association=asrtu", {"hit"}),
        ("association=asrtu&country=RU", set()),
        ("kind=university&country=CN", {"hit", "tsinghua"}),
    ],
)
def test_exports_honour_the_filters(client, hit, query, slugs):
    PartnerFactory(slug="tsinghua")
    assert {row["slug"] for row in csv_rows(client.get(export_url("csv", "en", query)))} == slugs
    data = json.loads(client.get(export_url("json", "en", query)).content)
    assert {record["slug"] for record in data["partners"]} == slugs
    assert data["count"] == len(slugs)


@pytest.mark.parametrize("query", ["kind=castle", "country=ZZ", "association=hit", "country=%3Cb%3E"])
def test_invalid_filters_are_refused_with_the_reason(client, hit, query):
    response = client.get(export_url("csv", "en", query))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.strip()
    response = client.get(export_url("json", "en", query))
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert set(errors) == {query.split("=")[0]}


def test_spreadsheet_formulas_are_defused_in_csv(client):
    PartnerFactory(slug="formula", name_en='=HYPERLINK("http://evil")', longitude="-73.5", latitude="40.7")
    row = csv_rows(client.get(export_url("csv", "en")))[0]
    assert row["name"] == '\'=HYPERLINK("http://evil")'
    assert row["longitude"] == "-73.5"  # numbers are left alone
    record = json.loads(client.get(export_url("json", "en")).content)["partners"][0]
    assert record["name"] == '=HYPERLINK("http://evil")'


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, fmt):
    association = PartnerFactory(association=True, slug="asrtu")
    for partner in PartnerFactory.create_batch(3):
        MembershipFactory(association=association, member=partner)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(export_url(fmt, "en", "association=asrtu")).status_code == 200
        return len(context)

    few = queries()
    for partner in PartnerFactory.create_batch(100):
        MembershipFactory(association=association, member=partner)
        MembershipFactory(member=partner)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        client.get(export_url(fmt, "en", "association=asrtu"))
    assert queries() == few
