from django.urls import URLPattern, path

from reading.views import circulars, study

app_name = "reading"
urlpatterns: list[URLPattern] = [
    # 学习任务
    path("study/", study.study_mine, name="study_mine"),
    path("study/new/", study.study_new, name="study_new"),
    path("study/sent/", study.study_sent, name="study_sent"),
    path("study/<int:pk>/", study.study_detail, name="study_detail"),
    path("study/<int:pk>/done/", study.study_done, name="study_done"),
    path("study/<int:pk>/document/", study.study_document, name="study_document"),
    path("study/<int:pk>/progress/", study.study_progress, name="study_progress"),
    path("study/<int:pk>/completion.xlsx", study.study_export, name="study_export"),
    path("study/<int:pk>/cancel/", study.study_cancel, name="study_cancel"),
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
