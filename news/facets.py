"""The news list's filter counts, kept in a small table instead of counted over every post per request.

``FacetCount`` is a count cube: each visible post adds 1 to every combination of (one of its values or
"any") in each dimension — year, topic, partner, country, association — so the row holding the chosen
filters with one dimension left free gives, for each option of that dimension, the exact number of
distinct posts it would show. Reading the counts is one indexed query whatever the number of posts.

``FacetEntry`` remembers what each published post added, so that any change (a post edited,
unpublished or deleted, a partner unpublished, a membership removed, a topic deleted) takes exactly
that back before adding the new values. A change only notes its posts in ``FacetBacklog``; the
counts follow once per transaction, when it commits (``catch_up``), so a post saved with its
partners and topics is counted once. A scheduled post gets its entry at once but is counted only
when its time has come. Every read of the counts also asks whether a noted change is waiting or a
scheduled post is due, and the first reader to find one catches up, so no one has to save anything
and no reader sees counts behind the posts it can read.

The values follow the news list's filters (``PostFilterForm.filter``): only links to published
partners count, as partner, as country and towards an association (itself, or a member through a
membership between published partners); the year is the publication's in the site's time zone.
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby, islice, product
from operator import itemgetter

from django.apps import apps as live_apps
from django.db import connection, transaction
from django.db.models import Exists, Q, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from portal.core.editing import Status
from portal.core.transactions import once_on_commit

DIMENSIONS = ("year", "topic", "partner", "country", "association")
# What stands for "any value" in each dimension of the cube.
ANY = {"year": 0, "topic": 0, "partner": 0, "country": "", "association": 0}
ASSOCIATION = "association"  # Partner.Kind.ASSOCIATION, spelled out for historical models
BATCH = 500


@dataclass(frozen=True)
class Filters:
    """The news list's filters as ids: 0, "" or () where a filter is not used."""

    year: int = 0
    topic: int = 0
    partners: tuple[int, ...] = ()
    country: str = ""
    association: int = 0

    def cell(self):
        """The cube row of these filters; several partners (news about any of them) read as "any"."""
        partner = self.partners[0] if len(self.partners) == 1 else 0
        return {
            "year": self.year,
            "topic": self.topic,
            "partner": partner,
            "country": self.country,
            "association": self.association,
        }


@dataclass
class Counts:
    """How many posts the filters give, and for each dimension {option: posts with the other filters}."""

    total: int = 0
    options: dict = field(default_factory=lambda: {dimension: {} for dimension in DIMENSIONS})


def counts(filters: Filters = Filters()) -> Counts:
    """Each filter option's number of visible posts, the other filters kept (1 query).

    With several partners chosen, the cube cannot tell posts about two of them from two posts, so
    the counts other than the partners' come from the chosen partners' posts only (one more query,
    bounded by those posts rather than by all of them).
    """
    cell = filters.cell()
    result = Counts()
    for *values, n in _fresh(cube_rows(filters)):
        different = [name for name, value in zip(DIMENSIONS, values, strict=True) if value != cell[name]]
        if not different:
            result.total = n
            for name in DIMENSIONS:
                if cell[name] != ANY[name]:
                    result.options[name][cell[name]] = n
        elif len(different) == 1 and (value := values[DIMENSIONS.index(different[0])]) != ANY[different[0]]:
            result.options[different[0]][value] = n
    if len(filters.partners) > 1:  # the counts have caught up by now
        among = _counts_among_partners(filters)
        among.options["partner"] = result.options["partner"]
        result = among
    return result


def cube_rows(filters: Filters):
    """The cube rows that hold the filters' cell with at most one dimension left free (one query)."""
    cell = filters.cell()
    one_free = Q()
    for free in DIMENSIONS:
        one_free |= Q(**{name: value for name, value in cell.items() if name != free})
    return _with_due(_models().FacetCount.objects.filter(one_free), *DIMENSIONS, "n")


def count_for(filters: Filters = Filters()) -> int:
    """How many visible posts the filters give, without counting the posts (1 query)."""
    if len(filters.partners) > 1:
        catch_up()
        return _counts_among_partners(filters).total
    rows = _fresh(_with_due(_models().FacetCount.objects.filter(**filters.cell()), "n"))
    return rows[0][0] if rows else 0


def _due():
    return _models().FacetEntry.objects.filter(counted=False, visible_from__lte=timezone.now())


def _with_due(rows, *fields):
    """``rows`` as tuples of ``fields``, each followed by whether a change waits, and when the next
    scheduled post is due.

    The questions ride along with the counts (uncorrelated subqueries, asked once per query): the
    first row of the backlog, and the first of the index of uncounted entries by time; no statistics
    can make either a scan.
    """
    m = _models()
    uncounted = m.FacetEntry.objects.filter(counted=False).order_by("visible_from")
    return rows.annotate(
        noted=Exists(m.FacetBacklog.objects.all()), next_due=Subquery(uncounted.values("visible_from")[:1])
    ).values_list(*fields, "noted", "next_due")


def _fresh(rows):
    """The rows of a ``_with_due`` query (without the questions), after catching up if need be."""
    found = list(rows)
    if found:
        behind = found[0][-2] or (found[0][-1] is not None and found[0][-1] <= timezone.now())
    else:  # the filters give no post at all: ask directly
        behind = _models().FacetBacklog.objects.exists() or _due().exists()
    if behind:
        catch_up()
        found = list(rows.all())
    return [row[:-2] for row in found]


def _counts_among_partners(filters):
    """Counts for several chosen partners, from the entries of their posts only."""
    m = _models()
    chosen = set(filters.partners)
    wanted = {name: value for name, value in filters.cell().items() if name != "partner" and value}
    links = m.Post.partners.through.objects.filter(partner_id__in=chosen).values("post_id")
    result = Counts()
    for values in m.FacetEntry.objects.filter(counted=True, post_id__in=links).values_list(
        "values", flat=True
    ):
        if not chosen.intersection(values["partner"]):
            continue  # a link to a partner visitors do not see
        missing = [name for name, value in wanted.items() if value not in values[name]]
        if not missing:
            result.total += 1
        for name in DIMENSIONS:
            if name != "partner" and (not missing or missing == [name]):
                for value in values[name]:
                    result.options[name][value] = result.options[name].get(value, 0) + 1
    return result


def catch_up() -> None:
    """Bring the counts up to date: the posts noted by changes, then the scheduled posts now due."""
    backlog = _models().FacetBacklog.objects
    while noted := list(backlog.values_list("post_id", flat=True)[:BATCH]):
        refresh(noted)
    while due := list(_due().values_list("post_id", flat=True)[:BATCH]):
        refresh(due)


def note(post_ids) -> None:
    """Have these posts' counts brought in line once the transaction commits (or by the next reader).

    Call it after writes that send no signals (``QuerySet.update()``, ``bulk_create()``) to a few
    posts; after bulk loads, ``rebuild_news_facets`` is quicker.
    """
    post_ids = set(post_ids) - {None}
    if not post_ids:
        return
    backlog = _models().FacetBacklog
    backlog.objects.bulk_create([backlog(post_id=pk) for pk in post_ids], ignore_conflicts=True)
    once_on_commit(catch_up)


def refresh(post_ids, *, apps=None) -> None:
    """Bring the counts of these posts in line with what they are now (or take back deleted ones)."""
    m = _models(apps)
    for chunk in _batches(sorted(set(post_ids))):
        with transaction.atomic():
            if m.FacetBacklog is not None:
                # Taken off before reading: a change that notes a post again from now on is not lost.
                m.FacetBacklog.objects.filter(post_id__in=chunk).delete()
            # Posts first, then entries: every refresh takes its locks in the same order.
            current = _current_values(m, chunk, lock=True)
            entries = {
                entry.post_id: entry
                for entry in m.FacetEntry.objects.select_for_update().filter(post_id__in=chunk)
            }
            now = timezone.now()
            change = Counter()
            gone, changed = [], []
            for post_id in chunk:
                entry = entries.get(post_id)
                if entry is not None and entry.counted:
                    _add(change, entry.values, -1)
                if post_id not in current:
                    if entry is not None:
                        gone.append(post_id)
                    continue
                visible_from, values = current[post_id]
                counted = visible_from <= now
                if counted:
                    _add(change, values, 1)
                new = m.FacetEntry(post_id=post_id, visible_from=visible_from, counted=counted, values=values)
                if entry is None or (entry.visible_from, entry.counted, entry.values) != (
                    visible_from,
                    counted,
                    values,
                ):
                    changed.append(new)
            if gone:
                m.FacetEntry.objects.filter(post_id__in=gone).delete()
            if changed:
                m.FacetEntry.objects.bulk_create(
                    changed,
                    update_conflicts=True,
                    unique_fields=["post_id"],
                    update_fields=["visible_from", "counted", "values"],
                )
            _apply(m, change)


def rebuild(*, apps=None) -> int:
    """Recount every published post from scratch (after bulk imports); return the number of posts counted."""
    m = _models(apps)
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for model in (m.FacetCount, m.FacetEntry, m.FacetBacklog):
                if model is not None:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        # Many posts share their values: expand each distinct set of values into its cells once.
        signatures = Counter()
        counted = 0
        for chunk in _batches(_every_current_value(m), 2000):
            entries = []
            for post_id, (visible_from, values) in chunk:
                is_counted = visible_from <= now
                entries.append(
                    m.FacetEntry(
                        post_id=post_id, visible_from=visible_from, counted=is_counted, values=values
                    )
                )
                if is_counted:
                    counted += 1
                    signatures[_signature(values)] += 1
            m.FacetEntry.objects.bulk_create(entries, batch_size=BATCH)
        cells = Counter()
        for signature, posts in signatures.items():
            for cell in product(*signature):
                cells[cell] += posts
        m.FacetCount.objects.bulk_create(
            (m.FacetCount(**dict(zip(DIMENSIONS, cell, strict=True)), n=n) for cell, n in cells.items()),
            batch_size=BATCH,
        )
    if connection.vendor == "postgresql":
        # Fresh statistics, so that the planner reads the new rows through their indexes at once.
        with connection.cursor() as cursor:
            for model in (m.FacetCount, m.FacetEntry):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return counted


def _current_values(m, post_ids, *, lock=False):
    """{post id: (visible from, values)} for the published posts among ``post_ids`` (4 queries)."""
    posts = m.Post.objects.filter(pk__in=post_ids, status=Status.PUBLISHED)
    if lock:
        # Two transactions refreshing one post take turns, so neither counts it on top of the other.
        posts = posts.select_for_update()
    published_at = dict(posts.values_list("pk", "published_at"))
    if not published_at:
        return {}
    links = list(_links(m).filter(post_id__in=published_at))
    associations_of = _associations_of(m, {link[1] for link in links})
    topics = m.Post.topics.through.objects.filter(post_id__in=published_at).values_list("post_id", "topic_id")
    links_of, topics_of = {}, {}
    for link in links:
        links_of.setdefault(link[0], []).append(link)
    for link in topics:
        topics_of.setdefault(link[0], []).append(link)
    return {
        pk: (when, _values(when, links_of.get(pk, ()), topics_of.get(pk, ()), associations_of))
        for pk, when in published_at.items()
    }


def _every_current_value(m):
    """(post id, (visible from, values)) for every published post, by id: four queries read in step,
    whatever the number of posts, without holding them all in memory."""
    posts = (
        m.Post.objects.filter(status=Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", "published_at")
        .iterator(chunk_size=2000)
    )
    links = _in_step(_links(m).order_by("post_id").iterator(chunk_size=2000))
    topics = _in_step(
        m.Post.topics.through.objects.order_by("post_id")
        .values_list("post_id", "topic_id")
        .iterator(chunk_size=2000)
    )
    associations_of = _associations_of(m)
    for pk, when in posts:
        yield pk, (when, _values(when, links.send(pk), topics.send(pk), associations_of))


def _in_step(rows):
    """A generator that, sent a post id (in increasing order), answers with that post's rows."""
    stepper = _stepper(rows)
    next(stepper)
    return stepper


def _stepper(rows):
    groups = groupby(rows, key=itemgetter(0))
    current = next(groups, None)
    found = []
    while True:
        post_id = yield found
        while current is not None and current[0] < post_id:
            current = next(groups, None)
        found = list(current[1]) if current is not None and current[0] == post_id else []


def _links(m):
    """(post, partner, country, kind) of each link to a published partner."""
    return m.Post.partners.through.objects.filter(partner__status=Status.PUBLISHED).values_list(
        "post_id", "partner_id", "partner__country", "partner__kind"
    )


def _associations_of(m, partner_ids=None):
    """{partner id: ids of the published associations it is a published member of}."""
    memberships = m.Membership.objects.filter(
        member__status=Status.PUBLISHED, association__status=Status.PUBLISHED, association__kind=ASSOCIATION
    )
    if partner_ids is not None:
        memberships = memberships.filter(member_id__in=partner_ids)
    found = {}
    for member_id, association_id in memberships.values_list("member_id", "association_id"):
        found.setdefault(member_id, set()).add(association_id)
    return found


def _values(published_at, links, topics, associations_of):
    """A post's values in each dimension, from its links to published partners and its topics."""
    partners, countries, associations = set(), set(), set()
    for _post_id, partner_id, country, kind in links:
        partners.add(partner_id)
        countries.add(country)
        associations.update(associations_of.get(partner_id, ()))
        if kind == ASSOCIATION:
            associations.add(partner_id)
    return {
        "year": [timezone.localtime(published_at, timezone.get_default_timezone()).year],
        "topic": sorted({topic_id for _post_id, topic_id in topics}),
        "partner": sorted(partners),
        "country": sorted(countries),
        "association": sorted(associations),
    }


def _signature(values):
    """The choices, "any" included, that a post with ``values`` has in each dimension."""
    return tuple((ANY[name], *values[name]) for name in DIMENSIONS)


def _add(change, values, sign):
    for cell in product(*_signature(values)):
        change[cell] += sign


def _apply(m, change):
    """Add ``change`` ({cell: posts}) to the cube in place, and drop the rows that reach nothing."""
    rows = sorted((cell, n) for cell, n in change.items() if n)  # one order: no deadlock between writers
    if not rows:
        return
    table = connection.ops.quote_name(m.FacetCount._meta.db_table)
    columns = ", ".join(DIMENSIONS)
    with connection.cursor() as cursor:
        for chunk in _batches(rows):
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}, n) VALUES {placeholders} "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n",
                [value for cell, n in chunk for value in (*cell, n)],
            )
    if any(n < 0 for _cell, n in rows):
        m.FacetCount.objects.filter(n=0).delete()


def _batches(items, size=BATCH):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


@dataclass(frozen=True)
class _Models:
    Post: type
    Membership: type
    FacetCount: type
    FacetEntry: type
    FacetBacklog: type | None  # None in the migrations before it


def _models(apps=None):
    """The models to work on: the live ones, or a migration's historical ones."""
    apps = apps or live_apps
    labels = ("news.Post", "partners.Membership", "news.FacetCount", "news.FacetEntry")
    backlog = "facetbacklog" in apps.all_models["news"]
    return _Models(
        *(apps.get_model(label) for label in labels),
        apps.get_model("news.FacetBacklog") if backlog else None,
    )


# Keeping the counts in step. Bulk writes (``bulk_create``, ``QuerySet.update``) send no signals: call
# ``note()`` with the posts they touched, or run ``manage.py rebuild_news_facets`` after bulk loads.


def _post_changed(sender, instance, **kwargs):
    note([instance.pk])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A post's partners or topics changed, or a partner's or topic's posts (from the other side)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            note([instance.pk])
    elif action == "pre_clear":
        instance._facet_posts = _linked_posts(sender, instance)
    elif action in ("post_add", "post_remove"):
        note(pk_set)
    elif action == "post_clear":
        note(getattr(instance, "_facet_posts", []))


def _linked_posts(through, instance):
    column = "topic_id" if through is live_apps.get_model("news.Post").topics.through else "partner_id"
    return list(through.objects.filter(**{column: instance.pk}).values_list("post_id", flat=True))


def _posts_about_partners(partner_ids):
    """The posts whose values a change to these partners may alter: theirs and their members'."""
    m = _models()
    members = m.Membership.objects.filter(association_id__in=partner_ids).values("member_id")
    return list(
        m.Post.partners.through.objects.filter(Q(partner_id__in=partner_ids) | Q(partner_id__in=members))
        .values_list("post_id", flat=True)
        .distinct()
    )


def _partner_saving(sender, instance, **kwargs):
    instance._facet_before = (
        sender.objects.filter(pk=instance.pk).values_list("status", "country", "kind").first()
        if instance.pk
        else None
    )


def _partner_saved(sender, instance, created, **kwargs):
    before = getattr(instance, "_facet_before", None)
    if not created and before != (instance.status, instance.country, instance.kind):
        note(_posts_about_partners([instance.pk]))


def _partner_deleting(sender, instance, **kwargs):
    instance._facet_posts = _posts_about_partners([instance.pk])


def _topic_deleting(sender, instance, **kwargs):
    instance._facet_posts = _linked_posts(live_apps.get_model("news.Post").topics.through, instance)


def _posts_noted(sender, instance, **kwargs):
    note(getattr(instance, "_facet_posts", []))


def _membership_saving(sender, instance, **kwargs):
    instance._facet_before = (
        sender.objects.filter(pk=instance.pk).values_list("member_id", flat=True).first()
        if instance.pk
        else None
    )


def _membership_changed(sender, instance, **kwargs):
    members = {instance.member_id, getattr(instance, "_facet_before", None)} - {None}
    links = _models().Post.partners.through.objects.filter(partner_id__in=members)
    note(links.values_list("post_id", flat=True))


def connect_signals():
    """Keep the counts in step with every save and delete that can change them (from NewsConfig.ready)."""
    post = live_apps.get_model("news.Post")
    topic = live_apps.get_model("news.Topic")
    partner = live_apps.get_model("partners.Partner")
    membership = live_apps.get_model("partners.Membership")
    uid = "news.facets"
    post_save.connect(_post_changed, sender=post, dispatch_uid=uid)
    post_delete.connect(_post_changed, sender=post, dispatch_uid=uid)
    for through in (post.partners.through, post.topics.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=uid)
    pre_save.connect(_partner_saving, sender=partner, dispatch_uid=uid)
    post_save.connect(_partner_saved, sender=partner, dispatch_uid=uid)
    pre_delete.connect(_partner_deleting, sender=partner, dispatch_uid=uid)
    post_delete.connect(_posts_noted, sender=partner, dispatch_uid=uid)
    pre_delete.connect(_topic_deleting, sender=topic, dispatch_uid=uid)
    post_delete.connect(_posts_noted, sender=topic, dispatch_uid=uid)
    pre_save.connect(_membership_saving, sender=membership, dispatch_uid=uid)
    post_save.connect(_membership_changed, sender=membership, dispatch_uid=uid)
    post_delete.connect(_membership_changed, sender=membership, dispatch_uid=uid)
