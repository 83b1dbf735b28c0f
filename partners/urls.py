from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    path("map/", views.PartnerMapView.as_view(), name="map"),
    path("export.csv", views.PartnerExportView.as_view(format="csv"), name="export_csv"),
    path("export.json", views.PartnerExportView.as_view(format="json"), name="export_json"),
    path("preview/<int:pk>/", views.PartnerPreviewView.as_view(), name="preview"),
    # An agreement's signed text, through a view that applies the agreement's visibility.
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    # Last: a partner whose slug is "map" would be hidden by the map (slugs are made from names).
    path("<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
]
