from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from partners.models import Agreement, Membership, Partner
from tests.factories import AgreementFactory, MembershipFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_slug_is_transliterated_from_the_russian_name_when_there_is_no_english_one():
    partner = Partner.objects.create(name_ru="Харбинский политехнический университет", country="CN")
    assert partner.slug == "kharbinskii-politekhnicheskii-universitet"


def test_slug_prefers_the_english_name_and_stays_unique():
    first = Partner.objects.create(name_en="Harbin Institute of Technology", name_ru="ХПИ", country="CN")
    second = Partner.objects.create(name_en="Harbin Institute of Technology", country="CN")
    assert first.slug == "harbin-institute-of-technology"
    assert second.slug == "harbin-institute-of-technology-2"


def test_slug_does_not_change_when_the_name_is_edited():
    partner = PartnerFactory(name_en="Beijing Institute of Technology")
    slug = partner.slug
    partner.name_en = "BIT"
    partner.save()
    partner.refresh_from_db()
    assert partner.slug == slug


def test_duplicate_slug_is_refused_by_the_database():
    PartnerFactory(slug="hit")
    with pytest.raises(IntegrityError):
        PartnerFactory(slug="hit")


def test_a_partner_needs_a_name_in_some_language():
    partner = Partner(country="CN", name_ru="", name_en=None)
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "name_ru" in error.value.message_dict
    with pytest.raises(IntegrityError):
        Partner.objects.create(country="CN", slug="nameless", name_ru="", name_en="")


def test_an_english_only_name_is_enough():
    partner = Partner(country="CN", name_en="Harbin Engineering University", slug="heu")
    partner.full_clean()
    partner.save()
    assert Partner.objects.filter(slug="heu").exists()


def test_coordinates_come_in_pairs_and_within_range():
    with pytest.raises(IntegrityError):
        PartnerFactory(latitude=45.7, longitude=None)


def test_latitude_out_of_range_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        PartnerFactory(latitude=91, longitude=10)


def test_aliases_are_listed_one_by_one():
    partner = PartnerFactory(aliases="HIT,  Harbin Tech , ")
    assert partner.alias_list == ["HIT", "Harbin Tech"]


def test_members_of_an_association():
    asrtu = PartnerFactory(association=True)
    hit = MembershipFactory(association=asrtu).member
    PartnerFactory()
    assert list(Partner.objects.members_of(asrtu)) == [hit]


def test_membership_is_unique_per_association_and_member():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(association=membership.association, member=membership.member)


def test_an_organisation_cannot_be_a_member_of_itself():
    asrtu = PartnerFactory(association=True)
    with pytest.raises(ValidationError):
        Membership(association=asrtu, member=asrtu).full_clean()
    with pytest.raises(IntegrityError):
        Membership.objects.create(association=asrtu, member=asrtu)


def test_only_associations_have_members():
    university = PartnerFactory()
    with pytest.raises(ValidationError) as error:
        Membership(association=university, member=PartnerFactory()).full_clean()
    assert "association" in error.value.message_dict


def test_agreement_cannot_expire_before_it_is_signed():
    agreement = AgreementFactory.build(
        partner=PartnerFactory(), signed_on=date(2020, 5, 1), valid_until=date(2020, 4, 30)
    )
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "valid_until" in error.value.message_dict
    with pytest.raises(IntegrityError):
        agreement.save()


def test_agreements_in_force_and_public():
    today = date(2024, 6, 1)
    current = AgreementFactory(signed_on=date(2023, 1, 1), valid_until=date(2025, 1, 1))
    open_ended = AgreementFactory(signed_on=date(2020, 1, 1), valid_until=None)
    AgreementFactory(signed_on=date(2018, 1, 1), valid_until=date(2021, 1, 1))
    AgreementFactory(signed_on=date(2024, 7, 1), valid_until=None)
    internal = AgreementFactory(signed_on=date(2022, 1, 1), valid_until=None, is_public=False)
    assert set(Agreement.objects.in_force(on=today)) == {current, open_ended, internal}
    assert internal not in Agreement.objects.public()


def test_every_agreement_is_in_force_expired_or_not_yet_in_force():
    today = date(2024, 6, 1)
    current = AgreementFactory(signed_on=date(2023, 1, 1), valid_until=date(2025, 1, 1))
    last_day = AgreementFactory(signed_on=date(2023, 1, 1), valid_until=today)
    expired = AgreementFactory(signed_on=date(2018, 1, 1), valid_until=date(2024, 5, 31))
    future = AgreementFactory(signed_on=date(2024, 7, 1), valid_until=None)
    assert set(Agreement.objects.expired(on=today)) == {expired}
    states = {
        agreement: (agreement.is_in_force, agreement.has_expired)
        for agreement in Agreement.objects.with_validity(on=today)
    }
    assert states == {
        current: (True, False),
        last_day: (True, False),
        expired: (False, True),
        future: (False, False),
    }


def test_expiring_and_expired_agreements_are_asked_of_the_queryset():
    today = timezone.localdate()
    soon = AgreementFactory(signed_on=today - timedelta(days=400), valid_until=today + timedelta(days=30))
    later = AgreementFactory(signed_on=today - timedelta(days=400), valid_until=today + timedelta(days=300))
    over = AgreementFactory(signed_on=today - timedelta(days=400), valid_until=today - timedelta(days=1))
    assert list(Agreement.objects.expiring(90)) == [soon]
    assert list(Agreement.objects.expired()) == [over]
    assert later not in Agreement.objects.expiring(90)


@pytest.mark.parametrize(
    "model, field",
    [(Partner, "status"), (Partner, "kind"), (Membership, "role"), (Agreement, "kind")],
)
def test_the_database_refuses_a_value_outside_the_choices(model, field):
    factories = {Partner: PartnerFactory, Membership: MembershipFactory, Agreement: AgreementFactory}
    obj = factories[model]()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(**{field: "made-up"})
