from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_prose_editor.fields import ProseEditorField
from timezone_field import TimeZoneField

from partners.models import Partner
from portal.core.editing import EditorialModel, RecordedModel, Status, choices_constraint
from portal.core.images.validation import require_alt_text, validate_image_upload
from portal.core.richtext import RICH_TEXT, sanitize_html
from portal.core.search_fields import SearchIndex, search_vector_field
from portal.core.slugs import SluggedModel
from portal.core.translation_utils import localized, some_language_constraint, validate_some_language


class Topic(SluggedModel):
    """A subject news is filed under: nanotechnology, space research…"""

    name = models.CharField(_("name"), max_length=100)
    slug_source = "name"

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [some_language_constraint("name", "topic")]

    def __str__(self):
        return self.name

    def clean(self):
        validate_some_language(self, ["name"])


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events announced on the public site."""
        return self.filter(status=Status.PUBLISHED)

    def cards(self):
        """Without what a card in a list never shows: the description and the search vectors."""
        return self.defer("description", *localized("description"), "search_ru", "search_en")

    def upcoming(self):
        """Published events that have not ended yet, soonest first."""
        not_ended = self.published().filter(ends_at__gte=timezone.now())
        # Read in start order, PostgreSQL would walk every past event's start before the first that
        # has not ended (9 ms at 100,000 posts). The earliest start among those not ended comes from
        # the "event_not_ended" index first; the scan in start order begins there.
        first = (
            not_ended.annotate(first=Coalesce("starts_at", "ends_at")).order_by("first").values("first")[:1]
        )
        return not_ended.filter(starts_at__gte=Subquery(first)).order_by("starts_at")

    def past(self):
        """Published events that have ended, most recent first."""
        now = timezone.now()
        # An ended event has started too: said, it lets the start index skip the events coming.
        return self.published().filter(ends_at__lt=now, starts_at__lt=now).order_by("-starts_at")


def cover_path(instance, filename):
    """Covers are kept in a folder per kind of item: ``news/`` for posts, ``events/`` for events."""
    return f"{instance.cover_folder}/{filename}"


class CoveredModel(models.Model):
    """An item with a cover picture shown on its page and in lists, and its description."""

    cover_folder = ""

    cover_image = models.ImageField(
        _("cover image"),
        upload_to=cover_path,
        blank=True,
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG or WebP. Location and camera details are removed when it is saved."),
    )
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=255,
        blank=True,
        help_text=_("What the picture shows, for visitors who cannot see it."),
    )

    class Meta:
        abstract = True


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    CONFERENCE = "conference", _("Conference")
    SESSION = "session", _("Session")
    FORUM = "forum", _("Forum")
    DELEGATION_VISIT = "delegation_visit", _("Delegation visit")
    WORKSHOP = "workshop", _("Workshop")
    EXHIBITION = "exhibition", _("Exhibition")
    OTHER = "other", _("Other")


class Event(SluggedModel, CoveredModel, RecordedModel, EditorialModel):
    """A conference, summit, session or delegation visit."""

    Kind = EventKind
    cover_folder = "events"

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_at = models.DateTimeField(_("starts"), help_text=_("In the event's own time zone."))
    ends_at = models.DateTimeField(_("ends"), help_text=_("In the event's own time zone."))
    timezone = TimeZoneField(
        _("time zone"),
        default="Europe/Moscow",
        help_text=_("Where the event takes place, e.g. Asia/Shanghai for Qingdao or Harbin."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    organisers = models.ManyToManyField(
        Partner, blank=True, related_name="organised_events", verbose_name=_("organising partners")
    )
    participants = models.ManyToManyField(
        Partner, blank=True, related_name="attended_events", verbose_name=_("participating partners")
    )
    description = ProseEditorField(_("description"), config=RICH_TEXT, sanitize=sanitize_html, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    # Site search (portal/core/search_fields.py): recomputed by the database whenever the row is written.
    search_ru = search_vector_field(
        "russian", ("A", "title_ru"), ("B", "city_ru", "venue_ru"), ("C", "description_ru")
    )
    search_en = search_vector_field(
        "english", ("A", "title_en"), ("B", "city_en", "venue_en"), ("C", "description_en")
    )

    objects = EventQuerySet.as_manager()

    # The text that makes its page "written in" a language: a page showing any of it in another
    # language says so, and is no hreflang alternate of its own.
    page_text_fields = ("title", "description")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # Events not ended yet, with their starts: where upcoming() finds its first start.
            models.Index(fields=["status", "ends_at", "starts_at"], name="event_not_ended"),
            # The sitemap's last change: the latest edit, read from this index rather than every row.
            models.Index(fields=["updated_at"], name="event_updated_at"),
            SearchIndex(fields=["search_ru"], name="event_search_ru"),
            SearchIndex(fields=["search_en"], name="event_search_en"),
        ]
        permissions = [("publish_event", _("Can publish and unpublish events"))]
        constraints = [
            some_language_constraint("title", "event"),
            choices_constraint("status", Status, "event"),
            choices_constraint("kind", EventKind, "event"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        validate_some_language(self, ["title"])
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
        if errors := require_alt_text(self, "cover_image", "cover_alt"):
            raise ValidationError(errors)

    @property
    def zone(self):
        return ZoneInfo(str(self.timezone))

    @property
    def local_starts_at(self):
        """The start in the event's own time zone."""
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_ends_at(self):
        """The end in the event's own time zone."""
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def has_ended(self):
        """Whether the event is over: EventQuerySet.past()'s rule, for an event already in hand."""
        return self.ends_at < timezone.now()

    @property
    def utc_offset(self):
        """The event zone's offset from UTC at its start, e.g. "UTC+08:00"."""
        offset = self.local_starts_at.strftime("%z")
        return f"UTC{offset[:3]}:{offset[3:]}"


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts visitors may see: published and with a publication time that has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published posts whose publication time is still in the future."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        """Posts still being written."""
        return self.filter(status=Status.DRAFT)

    def cards(self):
        """Without what a card in a list never shows: the text, the reference note and the search
        vectors, most of each row (a list page of ten read 40 times the bytes it showed)."""
        texts = ("body", "reference_note")
        return self.defer(*texts, *localized(*texts), "search_ru", "search_en")


class Post(SluggedModel, CoveredModel, RecordedModel, EditorialModel):
    """A news post."""

    cover_folder = "news"

    title = models.CharField(_("title"), max_length=255)
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences shown in lists."))
    body = ProseEditorField(_("body"), config=RICH_TEXT, sanitize=sanitize_html, blank=True)
    reference_note = models.TextField(
        _("for your reference"),
        blank=True,
        help_text=_("Background shown in a box after the text, e.g. what ASRTU is."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("A published post with a future date stays hidden until then."),
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="posts", verbose_name=_("related partners")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("related event"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="posts", verbose_name=_("topics"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
        editable=False,
    )
    # Site search (portal/core/search_fields.py): recomputed by the database whenever the row is written.
    search_ru = search_vector_field(
        "russian", ("A", "title_ru"), ("B", "lead_ru"), ("C", "body_ru"), ("D", "reference_note_ru")
    )
    search_en = search_vector_field(
        "english", ("A", "title_en"), ("B", "lead_en"), ("C", "body_en"), ("D", "reference_note_en")
    )

    objects = PostQuerySet.as_manager()

    # The text that makes its page "written in" a language: a page showing any of it in another
    # language says so, and is no hreflang alternate of its own.
    page_text_fields = ("title", "lead", "body")

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        indexes = [
            # The news list's order with its tie-break: a page is a short walk of this index from
            # where the previous one ended (portal/core/keyset.py), however deep.
            models.Index(fields=["status", "published_at", "id"], name="post_published_order"),
            # The home page's featured news: a handful of rows, found without reading the others.
            models.Index(
                fields=["status", "published_at", "id"],
                condition=Q(is_featured=True),
                name="post_featured_order",
            ),
            # The sitemap's last change: the latest edit, read from this index rather than every row.
            models.Index(fields=["updated_at"], name="post_updated_at"),
            SearchIndex(fields=["search_ru"], name="post_search_ru"),
            SearchIndex(fields=["search_en"], name="post_search_en"),
        ]
        permissions = [("publish_post", _("Can publish, schedule and unpublish news"))]
        constraints = [
            some_language_constraint("title", "post"),
            choices_constraint("status", Status, "post"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self):
        validate_some_language(self, ["title"])
        if errors := require_alt_text(self, "cover_image", "cover_alt"):
            raise ValidationError(errors)

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at > timezone.now()


class PostImage(models.Model):
    """A picture in a post's gallery."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="images", verbose_name=_("news post")
    )
    image = models.ImageField(
        _("image"),
        upload_to="news/gallery/",
        validators=[validate_image_upload],
        help_text=_("JPEG, PNG or WebP. Location and camera details are removed when it is saved."),
    )
    alt = models.CharField(
        _("image description"),
        max_length=255,
        blank=True,
        help_text=_("What the picture shows, for visitors who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery")

    def __str__(self):
        return self.caption or self.alt or self.image.name

    def clean(self):
        if errors := require_alt_text(self, "image", "alt"):
            raise ValidationError(errors)


class FacetCount(models.Model):
    """How many visible posts have one combination of filter values (news/facets.py keeps it).

    0 (or "" for the country) stands for "any": a post adds 1 to each combination of its own values
    and "any" in every dimension, so each row counts distinct posts whatever the filters chosen.
    """

    year = models.PositiveSmallIntegerField(default=0)
    topic = models.BigIntegerField(default=0)
    partner = models.BigIntegerField(default=0)
    country = models.CharField(max_length=2, blank=True, default="")
    association = models.BigIntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("news filter count")
        verbose_name_plural = _("news filter counts")
        constraints = [
            # Also the index for reading the association counts: the four other values come first.
            models.UniqueConstraint(
                fields=["year", "topic", "partner", "country", "association"], name="facetcount_cell"
            ),
        ]
        # The news list reads the rows where all values but one are those of the chosen filters: one
        # index per dimension, with that dimension left out.
        indexes = [
            models.Index(fields=["topic", "partner", "country", "association"], name="facetcount_years"),
            models.Index(fields=["year", "partner", "country", "association"], name="facetcount_topics"),
            models.Index(fields=["year", "topic", "country", "association"], name="facetcount_partners"),
            models.Index(fields=["year", "topic", "partner", "association"], name="facetcount_countries"),
            models.Index(fields=["n"], condition=Q(n=0), name="facetcount_empty"),
        ]

    def __str__(self):
        return f"{self.year}/{self.topic}/{self.partner}/{self.country}/{self.association}: {self.n}"


class FacetEntry(models.Model):
    """What one published post adds to FacetCount, kept so that any later change can take it back.

    A scheduled post has its entry from the start but is ``counted`` only once its time has come.
    """

    # No foreign key: the entry must outlive its post's deletion until the post's counts are taken back.
    post_id = models.BigIntegerField(primary_key=True)
    visible_from = models.DateTimeField()
    counted = models.BooleanField(default=False)
    # {"year": 2024, "topic": [ids], "partner": [ids], "country": [codes], "association": [ids]}
    values = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("news filter entry")
        verbose_name_plural = _("news filter entries")
        indexes = [models.Index(fields=["visible_from"], condition=Q(counted=False), name="facetentry_due")]

    def __str__(self):
        return f"post {self.post_id}"


class FacetBacklog(models.Model):
    """A post whose counts are to be brought in line: written by the change, worked off at its commit.

    A change only notes the post here (one insert); the counts follow once per transaction, after it
    commits, or earlier for whoever reads them first, so a post saved with its partners and topics
    is counted once, not three times, and a reader never sees counts behind what it can read.
    """

    # No foreign key: a deleted post's counts must still be taken back.
    post_id = models.BigIntegerField(primary_key=True)

    class Meta:
        verbose_name = _("news filter change")
        verbose_name_plural = _("news filter changes")

    def __str__(self):
        return f"post {self.post_id}"
