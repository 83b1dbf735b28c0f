from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView, View
from django_countries import countries

from partners import export, services
from partners.forms import PartnerFilterForm
from partners.models import Agreement, Membership, Partner
from portal.core.documents import document_response
from portal.core.images.renditions import shareable_url
from portal.core.preview import StaffPreviewMixin
from portal.core.richtext import html_to_text
from portal.core.translation_utils import complete_languages, fallback


class PartnerFilterMixin:
    """Reads the directory's filters from the query string; invalid ones give an empty result and a 400."""

    def dispatch(self, request, *args, **kwargs):
        self.filter_form = PartnerFilterForm(request.GET)
        self.filters_valid = self.filter_form.is_valid()
        return super().dispatch(request, *args, **kwargs)

    def filtered_partners(self):
        if not self.filters_valid:
            return Partner.objects.none()
        return services.filter_partners(Partner.objects.published(), **self.filter_form.filters)

    def filter_query(self):
        """The valid, non-empty filters as a query string, tidied (upper-case country, no page)."""
        query = QueryDict(mutable=True)
        for name, value in self.filter_form.filters.items():
            if value:
                query[name] = value.slug if isinstance(value, Partner) else value
        return query

    def active_filters(self, path):
        """Each active filter with a link to the same page without it."""
        filters = self.filter_form.filters
        labels = {
            "kind": Partner.Kind(filters["kind"]).label if filters["kind"] else "",
            "country": countries.name(filters["country"]) if filters["country"] else "",
            "association": filters["association"].display_name if filters["association"] else "",
        }
        active = []
        for name, value in labels.items():
            if value:
                query = self.filter_query()
                del query[name]
                active.append(
                    {
                        "label": self.filter_form.fields[name].label,
                        "value": value,
                        "url": _with_query(path, query),
                    }
                )
        return active

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facets = services.facets(**self.filter_form.filters)
        self.filter_form.set_options(facets)
        query = self.filter_query()
        context.update(
            {
                "filter_form": self.filter_form,
                "filters_valid": self.filters_valid,
                "filter_query": query,
                "active_filters": self.active_filters(self.request.path),
                "list_url": _with_query(reverse("partners:list"), query),
                "map_url": _with_query(reverse("partners:map"), query),
                "csv_url": _with_query(reverse("partners:export_csv"), query),
                "json_url": _with_query(reverse("partners:export_json"), query),
            }
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if not self.filters_valid:
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


def _with_query(path, query):
    return f"{path}?{query.urlencode()}" if query else path


class PartnerListView(PartnerFilterMixin, ListView):
    template_name = "partners/partner_list.html"
    paginate_by = 20

    def get_queryset(self):
        return services.directory(self.filtered_partners())


class PartnerMapView(PartnerFilterMixin, TemplateView):
    template_name = "partners/partner_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partners = self.filtered_partners()
        by_country = services.partners_by_country(partners)
        rows = []
        for option in by_country:
            query = context["filter_query"].copy()
            query["country"] = option.value
            rows.append({"option": option, "url": _with_query(reverse("partners:list"), query)})
        context.update(
            {
                "countries": by_country,
                "country_rows": rows,
                "partner_count": sum(option.count for option in by_country),
                "located": list(services.located_partners(partners)),
            }
        )
        return context


class PartnerExportView(PartnerFilterMixin, View):
    """The directory as open data, with the same filters; the format comes from the URL."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        if not self.filters_valid:
            if self.format == "json":
                return export.json_errors(self.filter_form)
            messages = [str(message) for errors in self.filter_form.errors.values() for message in errors]
            return HttpResponseBadRequest("\n".join(messages), content_type="text/plain; charset=utf-8")
        partners = services.directory(self.filtered_partners())
        if self.format == "json":
            return export.json_response(partners, request)
        return export.csv_response(partners, request)


class PartnerDetailView(DetailView):
    """A published partner's profile; drafts are 404 for everyone here."""

    model = Partner

    def visible(self):
        """The partners this view may show."""
        return Partner.objects.published()

    def get_queryset(self):
        # Each membership shows only if the partner at its other end is published: on a published
        # profile that is Membership.objects.published(), and a staff preview of a draft shows the
        # memberships visitors will see once it is published.
        published = Partner.objects.published().values("pk")
        members = (
            Membership.objects.filter(member__in=published)
            .select_related("member")
            .order_by(services.shown_name("member__"), "pk")
        )
        agreements = Agreement.objects.public().with_validity().order_by("-signed_on")
        return self.visible().prefetch_related(
            services.memberships_with_associations(Membership.objects.filter(association__in=published)),
            Prefetch("members", queryset=members),
            Prefetch("agreements", queryset=agreements, to_attr="public_agreements"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        context.update(
            {
                "member_groups": _members_by_country(partner.members.all()),
                "json_ld_data": _json_ld(partner, self.request),
                "fallback": fallback(partner, Partner.page_text_fields),
                "content_languages": complete_languages(partner, Partner.page_text_fields),
            }
        )
        return context


class PartnerPreviewView(StaffPreviewMixin, PartnerDetailView):
    pass


def agreement_document(request, pk):
    """An agreement's document: a public agreement's for anyone, an internal one's for the office's staff.

    Everyone else gets a 404, as for an agreement that does not exist.
    """
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user).exclude(document="").select_related("partner"), pk=pk
    )
    public = Agreement.objects.public().filter(pk=agreement.pk).exists()
    return document_response(request, agreement.document, agreement.document_filename, public=public)


def _members_by_country(memberships):
    """An association's memberships grouped by the members' countries, countries in name order."""
    groups = {}
    for membership in memberships:
        groups.setdefault(membership.member.country.code, []).append(membership)
    return sorted(
        (
            {"country": members[0].member.country, "memberships": members, "count": len(members)}
            for members in groups.values()
        ),
        key=lambda group: str(group["country"].name),
    )


def _json_ld(partner, request):
    """schema.org data about the partner, for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "CollegeOrUniversity" if partner.kind == Partner.Kind.UNIVERSITY else "Organization",
        "name": partner.name,
        "url": request.build_absolute_uri(partner.get_absolute_url()),
    }
    alternate = []
    for name in [partner.short_name, partner.native_name, *partner.alias_list]:
        if name and name != partner.name and name not in alternate:
            alternate.append(name)
    if alternate:
        data["alternateName"] = alternate
    if partner.website:
        data["sameAs"] = [partner.website]
    address = {"@type": "PostalAddress", "addressCountry": partner.country.code}
    if partner.city:
        address["addressLocality"] = partner.city
    data["address"] = address
    if partner.founded_year:
        data["foundingDate"] = str(partner.founded_year)
    if partner.logo:
        data["logo"] = request.build_absolute_uri(shareable_url(partner.logo, "480"))
    if partner.description:
        data["description"] = html_to_text(partner.description)
    member_of = [
        {
            "@type": "Organization",
            "name": membership.association.name,
            "url": request.build_absolute_uri(membership.association.get_absolute_url()),
        }
        for membership in partner.memberships.all()
    ]
    if member_of:
        data["memberOf"] = member_of
    return data
