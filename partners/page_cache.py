"""What makes partner pages change, for the page cache (``portal.core.content_version``)."""

from datetime import timedelta

from django.db.models import Min, Q
from django.utils import timezone

from partners.models import Agreement, Membership, Partner
from portal.core.content_version import register_next_change, register_public_models, start_of_day


def next_change_at():
    """The next day a public agreement comes into force or expires (``AgreementQuerySet.in_force``)."""
    today = timezone.localdate()
    days = Agreement.objects.public().aggregate(
        signed=Min("signed_on", filter=Q(signed_on__gt=today)),
        last_valid=Min("valid_until", filter=Q(valid_until__gte=today)),
    )
    moments = []
    if days["signed"]:
        moments.append(start_of_day(days["signed"]))
    if days["last_valid"]:
        moments.append(start_of_day(days["last_valid"] + timedelta(days=1)))
    return min(moments, default=None)


def register():
    """Tell the page cache which partner models are public and when partner pages change by the clock."""
    register_public_models(Partner, Membership, Agreement)
    register_next_change(next_change_at)
