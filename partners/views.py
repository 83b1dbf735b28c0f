from django.views.generic import DetailView, ListView

from partners.models import Partner


class PartnerListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Partner.objects.all()


class PartnerDetailView(DetailView):
    def get_queryset(self):
        return Partner.objects.prefetch_related("memberships__association", "members__member")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = self.object.agreements.public()
        return context
