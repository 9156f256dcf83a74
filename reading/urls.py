from django.urls import URLPattern, path

from reading.views import study

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
]
