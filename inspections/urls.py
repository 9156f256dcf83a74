from django.urls import path

from inspections.views import campaigns, checklist, city, findings, instructions, notices

app_name = "inspections"
urlpatterns = [
    path("", findings.finding_list, name="finding_list"),
    path("mine/", findings.my_findings, name="my_findings"),
    path("rectification/", findings.rectification_list, name="rectification_list"),
    path("findings/new/", findings.finding_create, name="finding_create"),
    path("findings/people/", findings.finding_people, name="finding_people"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/confirm/", findings.finding_confirm, name="finding_confirm"),
    path("findings/<int:pk>/rectify/", findings.finding_rectify, name="finding_rectify"),
    path("findings/<int:pk>/dismiss/", findings.finding_dismiss, name="finding_dismiss"),
    path("findings/<int:pk>/feedback/", findings.finding_feedback, name="finding_feedback"),
    path("findings/<int:pk>/photos/", findings.finding_photos_add, name="finding_photos_add"),
    path("photos/<int:pk>/", findings.photo_view, name="photo"),
    path("rounds/", findings.round_list, name="round_list"),
    path("rounds/new/", findings.round_create, name="round_create"),
    path("rounds/<int:pk>/", findings.round_detail, name="round_detail"),
    path("checklist/", checklist.checklist, name="checklist"),
    path("checklist/new/", checklist.item_edit, name="item_create"),
    path("checklist/<int:pk>/", checklist.item_edit, name="item_edit"),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/compile/", notices.notice_compile, name="notice_compile"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", notices.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/publish/", notices.notice_publish, name="notice_publish"),
    path(
        "notices/<int:pk>/download.<str:fmt>",
        notices.notice_download,
        name="notice_download",
    ),
    path("city/", city.city_overview, name="city_overview"),
    path("instructions/", instructions.instruction_list, name="instruction_list"),
    path("instructions/new/", instructions.instruction_create, name="instruction_create"),
    path("instructions/mine/", instructions.my_instructions, name="my_instructions"),
    path("instructions/ledger/", instructions.instruction_ledger, name="instruction_ledger"),
    path("instructions/<int:pk>/", instructions.instruction_detail, name="instruction_detail"),
    path(
        "instructions/receipts/<int:pk>/accept/",
        instructions.receipt_accept,
        name="instruction_accept",
    ),
    path(
        "instructions/receipts/<int:pk>/feedback/",
        instructions.feedback_post,
        name="instruction_feedback",
    ),
    path(
        "instructions/receipts/<int:pk>/complete/",
        instructions.receipt_complete,
        name="instruction_complete",
    ),
    path(
        "instructions/receipts/<int:pk>/confirm/",
        instructions.receipt_confirm,
        name="instruction_confirm",
    ),
    path(
        "instructions/receipts/<int:pk>/return/",
        instructions.receipt_return,
        name="instruction_return",
    ),
    path(
        "instructions/attachments/<int:pk>/",
        instructions.attachment_view,
        name="instruction_attachment",
    ),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path(
        "campaigns/<int:pk>/completion/",
        campaigns.campaign_completion,
        name="campaign_completion",
    ),
    path(
        "campaigns/<int:pk>/completion.xlsx",
        campaigns.campaign_completion_xlsx,
        name="campaign_completion_xlsx",
    ),
]
