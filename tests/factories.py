import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from news.models import Event, Post, PostImage, Status, Topic
from partners.models import Agreement, Membership, Partner

IRO_GROUP = "International Relations Office"
PUBLISHERS_GROUP = "International Relations Office: publishers"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    kind = Partner.Kind.UNIVERSITY
    name_en = factory.Sequence(lambda n: f"Technical University No. {n}")
    name_ru = factory.Sequence(lambda n: f"Технический университет № {n}")
    country = "CN"
    city_en = "Harbin"
    city_ru = "Харбин"
    status = Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        association = factory.Trait(
            kind=Partner.Kind.ASSOCIATION,
            name_en=factory.Sequence(lambda n: f"Association No. {n}"),
            name_ru=factory.Sequence(lambda n: f"Ассоциация № {n}"),
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    association = factory.SubFactory(PartnerFactory, association=True)
    member = factory.SubFactory(PartnerFactory)
    since = 2011


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    kind = Agreement.Kind.STUDENT_EXCHANGE
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    is_public = True
    valid_until = factory.LazyAttribute(lambda o: o.signed_on + timedelta(days=5 * 365))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")


class EventFactory(factory.django.DjangoModelFactory):
    """A published event starting in a month, in Qingdao's time zone."""

    class Meta:
        model = Event

    title_en = factory.Sequence(lambda n: f"Forum of technical universities {n}")
    title_ru = factory.Sequence(lambda n: f"Форум технических университетов {n}")
    kind = Event.Kind.FORUM
    status = Status.PUBLISHED
    timezone = "Asia/Shanghai"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=2))
    country = "CN"

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
        )


class PostFactory(factory.django.DjangoModelFactory):
    """A published post, visible now."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Delegation visit number {n}")
    title_ru = factory.Sequence(lambda n: f"Визит делегации номер {n}")
    lead_en = "A delegation visited the university."
    lead_ru = "Университет посетила делегация."
    body_en = "The guests toured the laboratories."
    body_ru = "Гости осмотрели лаборатории."
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Params:
        iro_editor = factory.Trait(is_staff=True)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)


def iro_editor(**kwargs):
    """A staff member set up the way the office sets up a new colleague: in the IRO group."""
    return UserFactory(is_staff=True, groups=[Group.objects.get(name=IRO_GROUP)], **kwargs)


def iro_publisher(**kwargs):
    """A staff member of the office who may also publish: in both of the office's groups."""
    groups = Group.objects.filter(name__in=[IRO_GROUP, PUBLISHERS_GROUP])
    return UserFactory(is_staff=True, groups=list(groups), **kwargs)


def image_bytes(width=1200, height=800, format="JPEG", color=(30, 90, 160), mode="RGB", **save_options):
    """A real picture of the given size, encoded by Pillow; ``save_options`` go to ``Image.save``."""
    buffer = io.BytesIO()
    Image.new(mode, (width, height), color).save(buffer, format, **save_options)
    return buffer.getvalue()


def image_file(name="photo.jpg", **kwargs):
    """``image_bytes`` as a file to assign to an ImageField or post in a form."""
    return ContentFile(image_bytes(**kwargs), name=name)


def pdf_bytes(text="Cooperation agreement"):
    """A small, well-formed one-page PDF showing ``text`` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_file(name="agreement.pdf", **kwargs):
    """``pdf_bytes`` as a file to assign to an agreement's document or post in a form."""
    return ContentFile(pdf_bytes(**kwargs), name=name)


class PostImageFactory(factory.django.DjangoModelFactory):
    """A gallery picture, described and captioned in both languages."""

    class Meta:
        model = PostImage

    post = factory.SubFactory(PostFactory)
    image = factory.LazyFunction(image_file)
    alt_en = factory.Sequence(lambda n: f"Delegates in laboratory {n}")
    alt_ru = factory.Sequence(lambda n: f"Делегаты в лаборатории {n}")
    caption_en = factory.Sequence(lambda n: f"In the laboratory, day {n}")
    caption_ru = factory.Sequence(lambda n: f"В лаборатории, день {n}")
    position = factory.Sequence(lambda n: n)
