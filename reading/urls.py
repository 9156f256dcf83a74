from django.urls import path

from reading.views import circulars

app_name = "reading"
urlpatterns = [
    # 文件阅知. No pattern serves the original PDF: a reader gets page images only
    # (tests/reading/test_no_original_served.py walks every URL to prove it).
    path("circulars/", circulars.circular_list, name="circular_list"),
    path("circulars/new/", circulars.circular_new, name="circular_new"),
    path("circulars/<int:pk>/", circulars.circular_read, name="circular_read"),
    # An image, not a page (the accessibility walk skips paths that end in an extension).
    path("circulars/<int:pk>/pages/<int:page>.png", circulars.circular_page, name="circular_page"),
    path("circulars/<int:pk>/confirm/", circulars.circular_confirm, name="circular_confirm"),
    path("circulars/<int:pk>/readers/", circulars.circular_progress, name="circular_progress"),
    path("circulars/<int:pk>/cancel/", circulars.circular_cancel, name="circular_cancel"),
]
