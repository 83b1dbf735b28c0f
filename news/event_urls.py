from django.urls import path

from news import calendar, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("feed.ics", calendar.events_ical, name="ical_feed"),
    path("<slug:slug>.ics", calendar.event_ical, name="ical"),
    path("preview/<int:pk>/", views.EventPreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
]
