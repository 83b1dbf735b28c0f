import os
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_prose_editor.fields import ProseEditorField

from portal.core.documents import PrivateDocumentField, UnguessableName
from portal.core.editing import EditorialModel, RecordedModel, Status, choices_constraint
from portal.core.images.validation import validate_image_upload
from portal.core.richtext import RICH_TEXT, sanitize_html
from portal.core.search_fields import SearchIndex, search_vector_field
from portal.core.slugs import SluggedModel
from portal.core.translation_utils import some_language_constraint, validate_some_language


class PartnerQuerySet(models.QuerySet):
    def published(self):
        """Partners whose profile visitors may see."""
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        """Partners whose profile is still being prepared."""
        return self.filter(status=Status.DRAFT)

    def associations(self):
        """Partners that have members of their own (ASRTU and the like)."""
        return self.filter(kind=Partner.Kind.ASSOCIATION)

    def members_of(self, association):
        """Partners that belong to ``association``."""
        return self.filter(memberships__association=association).distinct()

    def names(self, *more):
        """Only what naming a partner takes (its address, kind and names), and the fields ``more``:
        for lists that show many partners by name, whose whole rows are mostly descriptions."""
        return self.only("slug", "kind", "name", "short_name", *more)


_NAMES = ("name_ru", "name_en", "short_name_ru", "short_name_en", "native_name", "aliases")


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    SCIENCE_PARK = "science_park", _("Science park")
    ENTERPRISE = "enterprise", _("Enterprise")
    GOVERNMENT = "government", _("Government body")


class Partner(SluggedModel, RecordedModel, EditorialModel):
    """A partner organisation: university, association, science park…"""

    Kind = PartnerKind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIVERSITY)
    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("For example HIT or SPbPU.")
    )
    native_name = models.CharField(
        _("name in its own language"),
        max_length=255,
        blank=True,
        help_text=_("The name in the partner's own language and script, e.g. 哈尔滨工业大学."),
    )
    aliases = models.CharField(
        _("other names"),
        max_length=500,
        blank=True,
        help_text=_("Abbreviations and former names, separated by commas."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Visitors see the profile only once a publisher has published it."),
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="partners/logos/",
        blank=True,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG or WebP; PNG and WebP keep a transparent background."),
    )
    description = ProseEditorField(_("description"), config=RICH_TEXT, sanitize=sanitize_html, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(800), MaxValueValidator(2100)],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # Site search (portal/core/search_fields.py): recomputed by the database whenever the row is
    # written. Every name in every language and script (weight A) and the city (B) also find the
    # partner's news.
    search_ru = search_vector_field(
        "russian", ("A", *_NAMES), ("B", "city_ru", "city_en"), ("C", "description_ru")
    )
    search_en = search_vector_field(
        "english", ("A", *_NAMES), ("B", "city_ru", "city_en"), ("C", "description_en")
    )

    objects = PartnerQuerySet.as_manager()

    # The text that makes its page "written in" a language: a page showing any of it in another
    # language says so, and is no hreflang alternate of its own.
    page_text_fields = ("description",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        permissions = [("publish_partner", _("Can publish and unpublish partner profiles"))]
        indexes = [
            models.Index(fields=["kind", "country"]),
            models.Index(fields=["status", "kind"]),
            # The sitemap's last change: the latest edit, read from this index rather than every row.
            models.Index(fields=["updated_at"], name="partner_updated_at"),
            SearchIndex(fields=["search_ru"], name="partner_search_ru"),
            SearchIndex(fields=["search_en"], name="partner_search_en"),
        ]
        constraints = [
            some_language_constraint("name", "partner"),
            choices_constraint("status", Status, "partner"),
            choices_constraint("kind", PartnerKind, "partner"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="partner_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="partner_longitude_range",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="partner_coordinates_both_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self):
        return self.name or self.native_name or self.slug

    slug_source = "name"

    def slug_text(self):
        # A partner known only by its own-language name, e.g. 哈尔滨工业大学, still gets an address.
        return super().slug_text() or self.native_name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def clean(self):
        validate_some_language(self, ["name"])
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    @property
    def display_name(self):
        """The short name when there is one, else the full name."""
        return self.short_name or self.name


class MembershipQuerySet(models.QuerySet):
    def published(self):
        """Memberships visitors may see: both the association and the member are published."""
        return self.filter(association__status=Status.PUBLISHED, member__status=Status.PUBLISHED)


class MembershipRole(models.TextChoices):
    FOUNDING_MEMBER = "founding", _("Founding member")
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinating member")
    OBSERVER = "observer", _("Observer")


class Membership(models.Model):
    """A partner's membership of an association."""

    Role = MembershipRole

    association = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="members",
        limit_choices_to={"kind": Partner.Kind.ASSOCIATION},
        verbose_name=_("association"),
    )
    member = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member")
    )
    since = models.PositiveSmallIntegerField(
        _("member since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["association__name", "member__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["association", "member"], name="membership_unique"),
            choices_constraint("role", MembershipRole, "membership"),
            models.CheckConstraint(
                condition=~Q(association=F("member")),
                name="membership_not_self",
                violation_error_message=_("An organisation cannot be a member of itself."),
            ),
        ]

    def __str__(self):
        return f"{self.member} — {self.association}"

    def clean(self):
        if self.association_id and self.association_id == self.member_id:
            raise ValidationError(_("An organisation cannot be a member of itself."))
        if self.association_id and self.association.kind != Partner.Kind.ASSOCIATION:
            raise ValidationError({"association": _("Only an association can have members.")})


def may_see_internal_agreements(user):
    """Staff who may view agreements in the admin (viewing or changing them) see internal ones too."""
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("partners.view_agreement") or user.has_perm("partners.change_agreement"))
    )


class AgreementQuerySet(models.QuerySet):
    def public(self):
        """Agreements the office has chosen to show on the public site, of published partners."""
        return self.filter(is_public=True, partner__status=Status.PUBLISHED)

    def visible_to(self, user):
        """Agreements ``user`` may see: every one for staff who may view agreements, else the public ones."""
        if may_see_internal_agreements(user):
            return self.all()
        return self.public()

    def in_force(self, on=None):
        """Agreements signed and not yet expired on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(signed_on__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))

    def expiring(self, within_days, on=None):
        """Agreements whose last valid day is between ``on`` (today by default) and ``within_days`` later."""
        on = on or timezone.localdate()
        return self.filter(valid_until__gte=on, valid_until__lte=on + timedelta(days=within_days))

    def expired(self, on=None):
        """Agreements whose last valid day was before ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(valid_until__lt=on)

    def with_validity(self, on=None):
        """Agreements marked ``is_in_force`` and ``has_expired`` on ``on``; neither means not yet signed."""
        on = on or timezone.localdate()
        everything = self.model._default_manager
        in_force = everything.in_force(on).filter(pk=OuterRef("pk"))
        expired = everything.expired(on).filter(pk=OuterRef("pk"))
        return self.annotate(is_in_force=Exists(in_force), has_expired=Exists(expired))


class AgreementKind(models.TextChoices):
    GENERAL = "general", _("General cooperation")
    STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
    JOINT_RESEARCH = "joint_research", _("Joint research")
    DOUBLE_DEGREE = "double_degree", _("Double degree")
    ACADEMIC_MOBILITY = "staff_mobility", _("Staff mobility")
    OTHER = "other", _("Other")


class Agreement(models.Model):
    """A cooperation agreement with a partner organisation."""

    Kind = AgreementKind

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    title = models.CharField(_("title"), max_length=255, blank=True)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty for an open-ended agreement.")
    )
    document = PrivateDocumentField(
        _("document"),
        upload_to=UnguessableName("agreements"),
        blank=True,
        help_text=_(
            "The signed text as a PDF file. Visitors can download it only if the agreement is public; "
            "an internal agreement's document is for the office's staff."
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Internal agreements are never shown on the public site. Only a publisher can make one public."
        ),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            choices_constraint("kind", AgreementKind, "agreement"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("signed_on")),
                name="agreement_valid_after_signed",
                violation_error_message=_("An agreement cannot expire before it is signed."),
            ),
        ]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} — {self.partner}"

    def get_document_url(self):
        return reverse("partners:agreement_document", kwargs={"pk": self.pk})

    @property
    def document_filename(self):
        """The name a downloaded document gets, e.g. ``hit-student-exchange-2024-05-17.pdf``."""
        # Uploads are all PDF; a file moved from before the PDF check keeps its own extension.
        extension = os.path.splitext(self.document.name)[1]
        return f"{self.partner.slug}-{self.kind.replace('_', '-')}-{self.signed_on:%Y-%m-%d}{extension}"

    def clean(self):
        if self.valid_until and self.signed_on and self.valid_until < self.signed_on:
            raise ValidationError({"valid_until": _("An agreement cannot expire before it is signed.")})
