from django.urls import path

from partners import views

app_name = "partners"

# A partner's news feed (/partners/<slug>/feed/) and events calendar (/partners/<slug>/events.ics)
# are the news app's: their routes are in portal/urls.py, their views in news/feeds.py and
# news/calendar.py; the profile's "News and events" section is news/templatetags/news_partners.py.
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
