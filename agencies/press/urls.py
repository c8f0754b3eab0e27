from django.urls import path

from portal.page_cache import cached_page

from . import feeds, views

app_name = "press"

urlpatterns = [
    path("", views.press_release_list, name="list"),
    path("feed/rss/", cached_page(feeds.PressReleasesFeed()), name="feed_rss"),
    path("feed/atom/", cached_page(feeds.PressReleasesAtomFeed()), name="feed_atom"),
    path("feed/<slug:agency>/rss/", cached_page(feeds.AgencyPressReleasesFeed()), name="agency_feed_rss"),
    path(
        "feed/<slug:agency>/atom/", cached_page(feeds.AgencyPressReleasesAtomFeed()), name="agency_feed_atom"
    ),
    path("vorschau/<str:token>/", views.press_release_preview, name="preview"),
    path(
        "vorschau/<str:token>/anhang/<int:pk>/",
        views.preview_attachment_download,
        name="preview_attachment",
    ),
    path("<slug:slug>/", views.press_release_detail, name="detail"),
    path("<slug:slug>/anhang/<int:pk>/", views.attachment_download, name="attachment"),
]
