from django.urls import path

from news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("atom/", feeds.LatestPostsAtomFeed(), name="atom"),
    path("preview/<int:pk>/", views.PostPreviewView.as_view(), name="preview"),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="detail"),
]
