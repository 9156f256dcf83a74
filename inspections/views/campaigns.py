"""自查自纠 pages: campaigns, my report, completion (chiefs: their section; 督导小组/主任: all)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from inspections import selectors
from inspections.errors import InspectionError
from inspections.exports import CampaignCompletion, completion_params
from inspections.forms import CampaignForm, ReportForm
from inspections.models import SelfInspectionCampaign, SelfInspectionReport
from inspections.services import selfcheck as services
from inspections.views.common import require_inspector
from office.exports import file_response
from office.org import Viewer, acting_staff, viewer_for
from office.reports import INLINE_MAX_ROWS, export_build, export_start


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = Paginator(selectors.campaigns(viewer), 20).get_page(request.GET.get("page"))
    mine = selectors.my_report_statuses(viewer, [c.pk for c in page])
    rows = [(campaign, mine.get(campaign.pk)) for campaign in page]
    return render(
        request,
        "inspections/campaign_list.html",
        {
            "page": page,
            "rows": rows,
            "can_follow": selectors.can_follow_campaign(viewer),
        },
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    require_inspector(viewer_for(request.user))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(**form.cleaned_data, acting_user=request.user)
        except InspectionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "自查自纠活动已发起，活动范围内的在岗人员将收到通知。")
            return redirect("inspections:campaign_detail", campaign.pk)
    return render(request, "inspections/campaign_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """My own report for the campaign: tick items, write, save a draft or submit."""
    viewer = viewer_for(request.user)
    campaign = selectors.campaign_or_404(viewer, pk)
    report = selectors.my_report(viewer, campaign)
    initial = {"items": list(report.items.all()), "report": report.report} if report else {}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        _, staff = acting_staff(request)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.report_save(
                    campaign=campaign,
                    staff=staff,
                    items=form.cleaned_data["items"],
                    report=form.cleaned_data["report"],
                    submit=submit,
                    acting_user=request.user,
                )
            except InspectionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "自查报告已提交。" if submit else "草稿已保存。")
                return redirect("inspections:campaign_detail", campaign.pk)
    submitted = report is not None and report.status == SelfInspectionReport.Status.SUBMITTED
    return render(
        request,
        "inspections/campaign_detail.html",
        {
            "campaign": campaign,
            "report": report,
            "form": form,
            "submitted": submitted,
            "can_follow": selectors.can_follow_campaign(viewer),
        },
    )


def _campaign_to_follow(viewer: Viewer, pk: int) -> SelfInspectionCampaign:
    if not selectors.can_follow_campaign(viewer):
        raise PermissionDenied("只有科长、分管主任、主任和督导小组可以查看完成情况。")
    return selectors.campaign_or_404(viewer, pk)


@require_GET
def campaign_completion(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    campaign = _campaign_to_follow(viewer, pk)
    pending_only = bool(request.GET.get("pending"))
    people = selectors.campaign_completion(viewer, campaign, pending_only=pending_only)
    if request.GET.get("section", "").isdigit():  # from the 统计看板: one section's people
        people = people.filter(section_id=int(request.GET["section"]))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    # The head counts are the campaign's, whichever filter the list below uses.
    counts = selectors.completion_counts(selectors.campaign_completion(viewer, campaign))
    return render(
        request,
        "inspections/campaign_completion.html",
        {
            "campaign": campaign,
            "page": page,
            "counts": counts,
            "pending_only": pending_only,
            "inline_max_rows": INLINE_MAX_ROWS,
        },
    )


@require_http_methods(["GET", "POST"])
def campaign_completion_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """Up to ``INLINE_MAX_ROWS`` people download at once; a larger sheet (a city campaign: 10,000
    people) is written by a job, started by a POST, whose page ends with the download link. A GET
    of a large one shows that button instead (a GET starts nothing)."""
    viewer = viewer_for(request.user)
    campaign = _campaign_to_follow(viewer, pk)
    params = completion_params(campaign)
    rows = selectors.campaign_completion(viewer, campaign).count()
    if rows <= INLINE_MAX_ROWS:
        filename, content = export_build(CampaignCompletion.slug, viewer=viewer, params=params)
        return file_response(content, filename)
    if request.method == "POST":
        export = export_start(
            viewer=viewer, slug=CampaignCompletion.slug, params=params, acting_user=request.user
        )
        return redirect("office:job", export.job_id)
    return render(
        request, "inspections/campaign_completion_export.html", {"campaign": campaign, "rows": rows}
    )
