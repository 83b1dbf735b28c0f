"""Agreement documents: only PDF, kept out of the public media, sent as the agreement's visibility allows."""

import importlib
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_sendfile.utils import _get_sendfile
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Agreement, AgreementQuerySet
from portal.core.documents import MESSAGES, PrivateStorage, private_storage
from tests.factories import AgreementFactory, PartnerFactory, UserFactory, iro_editor, pdf_bytes, pdf_file
from tests.forms import form_data

pytestmark = pytest.mark.django_db

SIGNED_ON = date(2024, 5, 17)
STORED_NAME = re.compile(r"agreements/[0-9a-f]{32}\.pdf")

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


def agreement_form(partner, document, **fields):
    """POST data for the admin's "add agreement" form."""
    return {
        "partner": partner.pk,
        "kind": Agreement.Kind.STUDENT_EXCHANGE,
        "title_ru": "",
        "title_en": "",
        "signed_on": "2024-05-17",
        "valid_until": "",
        "is_public": "on",
        "document": document,
        **fields,
    }


def stored_path(agreement):
    return Path(agreement.document.path)


def document_url(agreement):
    return reverse("partners:agreement_document", kwargs={"pk": agreement.pk})


# What is accepted -------------------------------------------------------------------------------


def test_an_editor_uploads_a_pdf_and_it_is_stored_privately_under_a_random_name(editor_client, settings):
    partner = PartnerFactory(slug="hit")
    upload = SimpleUploadedFile("Договор HIT 2024.pdf", pdf_bytes(), content_type="application/pdf")
    response = editor_client.post(reverse("admin:partners_agreement_add"), agreement_form(partner, upload))
    assert response.status_code == 302, response.context["adminform"].form.errors

    agreement = Agreement.objects.get(partner=partner)
    assert STORED_NAME.fullmatch(agreement.document.name)
    path = stored_path(agreement)
    assert path.read_bytes() == pdf_bytes()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_two_uploads_of_the_same_file_get_different_names():
    first = AgreementFactory(document=pdf_file("agreement.pdf"))
    second = AgreementFactory(document=pdf_file("agreement.pdf"))
    assert first.document.name != second.document.name
    assert "agreement" not in first.document.name.removeprefix("agreements/")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("agreement.html", HTML, "text/html"),
        ("agreement.svg", SVG, "image/svg+xml"),
        ("agreement.pdf", HTML, "application/pdf"),  # an HTML page named and sent as a PDF
        ("agreement.docx", b"PK\x03\x04 a Word document", "application/pdf"),
    ],
)
def test_anything_but_a_pdf_is_refused_with_a_message(editor_client, settings, name, content, content_type):
    partner = PartnerFactory()
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = editor_client.post(reverse("admin:partners_agreement_add"), agreement_form(partner, upload))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["document"] == [str(MESSAGES["not_pdf"])]
    assert not Agreement.objects.exists()
    assert not Path(settings.PRIVATE_MEDIA_ROOT).exists() or not any(
        Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")
    )


def test_the_refusal_is_in_the_visitors_language(editor_client):
    upload = SimpleUploadedFile("agreement.pdf", HTML, content_type="application/pdf")
    response = editor_client.post(
        reverse("admin:partners_agreement_add"), agreement_form(PartnerFactory(), upload)
    )
    assertContains(response, "Этот файл — не документ PDF")


def test_an_empty_file_is_refused_with_a_message(editor_client):
    upload = SimpleUploadedFile("agreement.pdf", b"", content_type="application/pdf")
    response = editor_client.post(
        reverse("admin:partners_agreement_add"), agreement_form(PartnerFactory(), upload)
    )
    assert response.context["adminform"].form.errors["document"] == [str(MESSAGES["empty"])]


def test_a_cut_off_pdf_is_refused_as_damaged(editor_client):
    upload = SimpleUploadedFile("agreement.pdf", pdf_bytes()[:200], content_type="application/pdf")
    response = editor_client.post(
        reverse("admin:partners_agreement_add"), agreement_form(PartnerFactory(), upload)
    )
    assert response.context["adminform"].form.errors["document"] == [str(MESSAGES["damaged"])]


def test_a_pdf_over_the_size_limit_is_refused_naming_the_limit(editor_client, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("agreement.pdf", pdf_bytes() + b" " * 2048, content_type="application/pdf")
    response = editor_client.post(
        reverse("admin:partners_agreement_add"), agreement_form(PartnerFactory(), upload)
    )
    [error] = response.context["adminform"].form.errors["document"]
    assert "1,0" in error or "1.0" in error
    assert not Agreement.objects.exists()


def test_the_model_refuses_a_non_pdf_whoever_saves_it():
    agreement = AgreementFactory.build(partner=PartnerFactory(), document=ContentFile(SVG, name="a.pdf"))
    with pytest.raises(Exception, match="PDF") as error:
        agreement.full_clean()
    assert "document" in error.value.message_dict


def test_the_private_storage_has_no_public_address():
    with pytest.raises(ValueError):
        private_storage().url("agreements/x.pdf")


# Who gets a document ----------------------------------------------------------------------------


@pytest.fixture
def hit():
    return PartnerFactory(slug="hit")


@pytest.fixture
def public_agreement(hit):
    return AgreementFactory(partner=hit, document=pdf_file(), signed_on=SIGNED_ON)


@pytest.fixture
def internal_agreement(hit):
    return AgreementFactory(partner=hit, document=pdf_file(), signed_on=SIGNED_ON, is_public=False)


def _login(client, who):
    if who == "non-staff":
        client.force_login(UserFactory())
    elif who == "staff without agreements":
        client.force_login(UserFactory(is_staff=True))
    elif who == "office staff":
        client.force_login(iro_editor())


@pytest.mark.parametrize(
    ("who", "visibility", "status"),
    [
        ("anonymous", "public", 200),
        ("non-staff", "public", 200),
        ("staff without agreements", "public", 200),
        ("office staff", "public", 200),
        ("anonymous", "internal", 404),
        ("non-staff", "internal", 404),
        ("staff without agreements", "internal", 404),
        ("office staff", "internal", 200),
    ],
)
def test_visibility_matrix(client, request, who, visibility, status):
    agreement = request.getfixturevalue(f"{visibility}_agreement")
    _login(client, who)
    response = client.get(document_url(agreement))
    assert response.status_code == status
    if status == 200:
        assert response.content == pdf_bytes()


def test_a_public_document_is_a_pdf_download_with_a_telling_name(client, public_agreement):
    response = client.get(document_url(public_agreement))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="hit-student-exchange-2024-05-17.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


def test_an_internal_document_is_never_kept_by_a_shared_cache(editor_client, internal_agreement):
    response = editor_client.get(document_url(internal_agreement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def test_the_public_visibility_rule_decides(client, public_agreement, monkeypatch):
    # Whatever Agreement.objects.public() leaves out (internal agreements, and any rule added to
    # it later) is out of reach for visitors.
    monkeypatch.setattr(AgreementQuerySet, "public", lambda self: self.exclude(pk=public_agreement.pk))
    assert client.get(document_url(public_agreement)).status_code == 404


@pytest.mark.parametrize("case", ["no document", "file gone", "no agreement"])
def test_a_missing_document_is_not_found(editor_client, public_agreement, case):
    pk = public_agreement.pk
    if case == "no document":
        Agreement.objects.filter(pk=pk).update(document="")
    elif case == "file gone":
        stored_path(public_agreement).unlink()
    else:
        pk += 1000
    response = editor_client.get(reverse("partners:agreement_document", kwargs={"pk": pk}))
    assert response.status_code == 404


def test_nginx_sends_the_bytes_in_production(client, public_agreement, settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_URL = "/private-documents/"
    _get_sendfile.cache_clear()  # django-sendfile2 remembers the backend
    try:
        response = client.get(document_url(public_agreement))
    finally:
        _get_sendfile.cache_clear()
    assert response["X-Accel-Redirect"] == f"/private-documents/{public_agreement.document.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


# Files leave with their agreement -----------------------------------------------------------------


def test_replacing_a_document_removes_the_old_file(public_agreement, django_capture_on_commit_callbacks):
    old = stored_path(public_agreement)
    with django_capture_on_commit_callbacks(execute=True):
        public_agreement.document = pdf_file("new.pdf", text="Amended")
        public_agreement.save()
    assert not old.exists()
    assert stored_path(public_agreement).read_bytes() == pdf_bytes(text="Amended")


def test_saving_without_a_new_document_keeps_the_file(public_agreement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agreement = Agreement.objects.get(pk=public_agreement.pk)
        agreement.title_ru = "Новое название"
        agreement.save()
    assert stored_path(agreement).exists()


def test_clearing_the_document_in_the_admin_removes_the_file(
    publisher_client, public_agreement, django_capture_on_commit_callbacks
):
    path = stored_path(public_agreement)
    change_url = reverse("admin:partners_agreement_change", args=[public_agreement.pk])
    data = form_data(publisher_client.get(change_url), "agreement_form")
    data["document-clear"] = ["on"]
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(change_url, data)
    assert response.status_code == 302
    public_agreement.refresh_from_db()
    assert not public_agreement.document
    assert not path.exists()


def test_restoring_an_old_version_never_removes_a_file(public_agreement, django_capture_on_commit_callbacks):
    # Restoring from the history saves "raw": the version may name a file that is long gone.
    path = stored_path(public_agreement)
    restored = Agreement.objects.get(pk=public_agreement.pk)
    restored.document = "agreements/0123456789abcdef0123456789abcdef.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        restored.save_base(raw=True)
    assert path.exists()


def test_deleting_an_agreement_removes_its_file(public_agreement, django_capture_on_commit_callbacks):
    path = stored_path(public_agreement)
    with django_capture_on_commit_callbacks(execute=True):
        public_agreement.delete()
    assert not path.exists()


def test_a_deletion_that_is_rolled_back_keeps_the_file(public_agreement, django_capture_on_commit_callbacks):
    path = stored_path(public_agreement)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Agreement.objects.filter(pk=public_agreement.pk).delete()
    assert callbacks  # the removal waits for the commit, which never comes here
    assert path.exists()


def test_the_admin_bulk_delete_removes_the_files(publisher_client, django_capture_on_commit_callbacks):
    agreements = [AgreementFactory(document=pdf_file()) for _ in range(2)]
    paths = [stored_path(agreement) for agreement in agreements]
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(
            reverse("admin:partners_agreement_changelist"),
            {"action": "delete_selected", "_selected_action": [a.pk for a in agreements], "post": "yes"},
        )
    assert response.status_code == 302
    assert not Agreement.objects.exists()
    assert not any(path.exists() for path in paths)


def test_deleting_a_partner_removes_its_agreements_files(
    public_agreement, django_capture_on_commit_callbacks
):
    path = stored_path(public_agreement)
    with django_capture_on_commit_callbacks(execute=True):
        public_agreement.partner.delete()
    assert not path.exists()


def _partner_form(client, partner):
    response = client.get(reverse("admin:partners_partner_change", args=[partner.pk]))
    return form_data(response, "partner_form")


def test_deleting_an_agreement_in_the_partners_inline_removes_its_file(
    publisher_client, public_agreement, django_capture_on_commit_callbacks
):
    partner, path = public_agreement.partner, stored_path(public_agreement)
    data = _partner_form(publisher_client, partner)
    data["agreements-0-DELETE"] = ["on"]
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(reverse("admin:partners_partner_change", args=[partner.pk]), data)
    assert response.status_code == 302
    assert not Agreement.objects.exists()
    assert not path.exists()


def test_replacing_a_document_in_the_partners_inline_removes_the_old_file(
    publisher_client, public_agreement, django_capture_on_commit_callbacks
):
    partner, old = public_agreement.partner, stored_path(public_agreement)
    data = _partner_form(publisher_client, partner)
    data["agreements-0-document"] = SimpleUploadedFile("new.pdf", pdf_bytes(text="Amended"))
    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(reverse("admin:partners_partner_change", args=[partner.pk]), data)
    assert response.status_code == 302
    public_agreement.refresh_from_db()
    assert not old.exists()
    assert stored_path(public_agreement).read_bytes() == pdf_bytes(text="Amended")


# Where the document is linked ---------------------------------------------------------------------


@pytest.mark.parametrize("as_staff", [False, True])
def test_the_partner_page_links_public_documents_and_never_internal_ones(
    client, editor, public_agreement, as_staff
):
    internal = AgreementFactory(partner=public_agreement.partner, document=pdf_file(), is_public=False)
    without_document = AgreementFactory(partner=public_agreement.partner)
    if as_staff:
        client.force_login(editor)
    response = client.get(public_agreement.partner.get_absolute_url())
    assertContains(response, f'href="{document_url(public_agreement)}"')
    assertContains(response, "Текст соглашения (PDF)", count=1)
    assertNotContains(response, document_url(internal))
    assertNotContains(response, document_url(without_document))
    assertNotContains(response, internal.document.name)
    assertNotContains(response, "/media/agreements/")


def test_the_admin_links_the_document_through_the_view(publisher_client, public_agreement):
    response = publisher_client.get(reverse("admin:partners_agreement_change", args=[public_agreement.pk]))
    assertContains(response, f'href="{document_url(public_agreement)}"')
    assertContains(response, 'accept=".pdf,application/pdf"')
    assertNotContains(response, "/media/agreements/")
    response = publisher_client.get(reverse("admin:partners_agreement_changelist"))
    assertContains(response, f'href="{document_url(public_agreement)}"')
    response = publisher_client.get(
        reverse("admin:partners_partner_change", args=[public_agreement.partner.pk])
    )
    assertContains(response, f'href="{document_url(public_agreement)}"')


# Documents uploaded before: the migration ---------------------------------------------------------

migration = importlib.import_module("partners.migrations.0007_private_agreement_documents")


def test_the_migration_moves_old_documents_out_of_the_public_media(
    public_agreement, internal_agreement, settings, django_capture_on_commit_callbacks
):
    old_pdf = default_storage.save("agreements/contract-hit-2019.pdf", ContentFile(pdf_bytes()))
    old_scan = default_storage.save("agreements/Scan.DOCX", ContentFile(b"PK\x03\x04"))
    Agreement.objects.filter(pk=public_agreement.pk).update(document=old_pdf)
    Agreement.objects.filter(pk=internal_agreement.pk).update(document=old_scan)
    missing = AgreementFactory(document="")
    Agreement.objects.filter(pk=missing.pk).update(document="agreements/lost.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        migration.to_private_storage(apps, None)

    public_agreement.refresh_from_db()
    internal_agreement.refresh_from_db()
    missing.refresh_from_db()
    assert STORED_NAME.fullmatch(public_agreement.document.name)
    assert stored_path(public_agreement).read_bytes() == pdf_bytes()
    # Not a PDF: moved all the same, under a random name that keeps its real extension.
    assert re.fullmatch(r"agreements/[0-9a-f]{32}\.docx", internal_agreement.document.name)
    assert stored_path(internal_agreement).read_bytes() == b"PK\x03\x04"
    assert missing.document.name == ""
    assert not default_storage.exists(old_pdf)
    assert not default_storage.exists(old_scan)
    assert isinstance(public_agreement.document.storage, PrivateStorage)


def test_a_moved_document_that_is_no_pdf_is_sent_as_plain_bytes(editor_client, internal_agreement):
    name = private_storage().save("agreements/0123456789abcdef0123456789abcdef.docx", ContentFile(b"PK"))
    Agreement.objects.filter(pk=internal_agreement.pk).update(document=name)
    response = editor_client.get(document_url(internal_agreement))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="hit-student-exchange-2024-05-17.docx"'
