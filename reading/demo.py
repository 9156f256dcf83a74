"""Demo 学习任务 and 文件阅知 for `manage.py seed_demo`, through the services.

政工科 (6001) sets the whole unit a study of the 纪律处分条例 and the campaign's mobilisation
speech with a 学习心得: about a third have marked 已学 (1102, the demo's 干部职工, has not);
chief 1101 calls 综合科 to a study meeting tomorrow. 6001 also circulates the campaign's
implementation plan (a two-page PDF drawn here, never a file in the repository) to the leaders,
every chief and 综合科: some have read both pages and confirmed 已阅, 1104 has opened the first
page only, 1102 has not opened it. Each is found again by its title: a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from office import calendar
from office.models import Assignment, Receipt, Section, Staff
from office.org import viewer_for
from reading.circular_selectors import KIND as CIRCULAR
from reading.circular_selectors import circular_access
from reading.models import StudyTask
from reading.models.study import KIND as STUDY
from reading.pdfpages import watermark_font_file
from reading.services.circulars import circular_confirm_read, circular_open_record, circular_send
from reading.services.study import study_create, study_mark_done

UNIT_STUDY = "学习《中国共产党纪律处分条例》和全市工作纪律作风整顿动员会讲话精神"
SECTION_STUDY = "综合科集中学习《党政机关公文处理工作条例》"
CIRCULAR_TITLE = "关于印发《市政府办公室工作纪律作风整顿实施方案》的通知"
IP = "10.10.1.20"
REFLECTIONS = [
    "通过学习，我深刻认识到纪律是干事创业的保障。对照动员会讲话查摆，本人存在上班时间偶尔处理私事、"
    "学习不够系统等问题，今后严格遵守作息制度，守规矩、明底线，把纪律要求落实到每一项工作中。",
    "条例把党的纪律具体化，讲话把作风要求讲透了。我所在岗位对外服务多，今后要做到首问负责、限时办结，"
    "不推诿扯皮，主动接受群众和同事监督，以实际行动树立机关干部良好形象。",
    "学习后对照31项具体问题逐条检视，发现自己在公文办理时限上抓得不紧。下一步制定个人整改清单，"
    "每周自查一次，做到件件有着落、事事有回音，努力提升工作效能。",
    "动员会讲话指出的“凭老经验、老办法”问题在我身上也有体现。今后坚持每天学习半小时，"
    "多向领导和同事请教，学业务、学政策，提高解决新问题的能力，不辜负组织信任。",
]
# (page heading, paragraphs) of the circulated document.
PLAN_PAGES = [
    (
        "市政府办公室工作纪律作风整顿实施方案",
        [
            "为深入贯彻全市工作纪律作风整顿动员会精神，切实解决办公室在工作纪律、作风效能、形象修养和"
            "“三公”消费等方面存在的突出问题，制定本方案。",
            "一、总体要求。坚持问题导向、立查立改，以钉钉子精神抓好作风建设，推动各项工作提质增效。",
            "二、整顿内容。对照实施方案列出的4个方面31项具体问题，逐项查摆、逐项整改。",
            "三、方法步骤。（一）动员部署阶段；（二）自查自纠阶段；（三）督导检查阶段；"
            "（四）总结提升阶段。",
        ],
    ),
    (
        "四、工作要求",
        [
            "（一）加强组织领导。各科室主要负责同志是第一责任人，要亲自部署、亲自督导。",
            "（二）严格督导检查。督导小组每周开展明察暗访，发现问题按周通报。",
            "（三）强化结果运用。整顿情况纳入科室和个人年度绩效考核。",
        ],
    ),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _lines(text: str, per_line: int) -> list[str]:
    """``text`` in lines of ``per_line`` characters; a closing mark never starts a line (it
    stays on the line before, one character over)."""
    lines: list[str] = []
    for char in text:
        if lines and (len(lines[-1]) < per_line or char in "，。；、：）》”"):
            lines[-1] += char
        else:
            lines.append(char)
    return lines


def plan_pdf() -> bytes:
    """The circulated document: two A4 pages (100 dpi) drawn with Pillow, a 红头 and the plan's
    text in the Chinese font the watermark uses; with no such font, grey bars stand for the
    lines so the pages still read as a document."""
    found = watermark_font_file()
    pages = []
    for number, (heading, paragraphs) in enumerate(PLAN_PAGES, start=1):
        page = Image.new("RGB", (827, 1169), "white")
        draw = ImageDraw.Draw(page)
        if number == 1:
            draw.line((80, 190, 747, 190), fill=(200, 0, 0), width=4)
        y = 230 if number == 1 else 100
        if found is None:
            draw.text((80, 1100), f"- {number} -", fill="black", font=ImageFont.load_default(24))
            for _ in range(18):
                draw.rectangle((80, y, 747, y + 14), fill=(190, 190, 190))
                y += 40
            pages.append(page)
            continue
        title = ImageFont.truetype(found[0], 30, index=found[1])
        body = ImageFont.truetype(found[0], 22, index=found[1])
        if number == 1:
            red = ImageFont.truetype(found[0], 56, index=found[1])
            draw.text((413, 110), "市政府办公室文件", fill=(200, 0, 0), font=red, anchor="mm")
            draw.text((413, 170), "市府办〔2026〕18号", fill="black", font=body, anchor="mm")
        draw.text((413, y), heading, fill="black", font=title, anchor="mm")
        y += 60
        for paragraph in paragraphs:
            for line in _lines(f"　　{paragraph}", 28):
                draw.text((80, y), line, fill="black", font=body)
                y += 36
            y += 8
        if number == len(PLAN_PAGES):
            draw.text((727, y + 60), "市政府办公室", fill="black", font=body, anchor="ra")
        draw.text((413, 1100), f"— {number} —", fill="black", font=body, anchor="mm")
        pages.append(page)
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=100)
    return out.getvalue()


def _people(*numbers: str) -> dict[str, Staff]:
    return {
        s.staff_no: s
        for s in Staff.objects.select_related("user", "section").filter(staff_no__in=numbers)
    }


def _receipts(assignment_id: int) -> list[Receipt]:
    return list(
        Receipt.objects.filter(assignment_id=assignment_id)
        .select_related("assignment", "staff__user")
        .order_by("staff__staff_no")
    )


def _unit_study(sender: Staff, due: dt.datetime) -> None:
    task = study_create(
        acting_user=sender.user,
        title=UNIT_STUDY,
        form=StudyTask.Form.TEXT,
        body="请全体干部职工认真学习《中国共产党纪律处分条例》和全市工作纪律作风整顿动员会上的讲话，"
        "对照4个方面31项具体问题查摆自身不足，学习后提交不少于50字的学习心得。",
        due_at=due,
        needs_reflection=True,
        reflection_min_length=50,
        section_ids=Section.objects.filter(unit_id=sender.section.unit_id).values_list(
            "pk", flat=True
        ),
    )
    rng = random.Random(2026)
    for receipt in _receipts(task.pk):
        if receipt.staff.staff_no == "1102" or rng.random() > 0.45:
            continue
        study_mark_done(
            task=task,
            receipt=receipt,
            acting_user=receipt.staff.user,
            reflection=rng.choice(REFLECTIONS),
        )


def _section_study(chief: Staff, meeting: dt.date) -> None:
    study_create(
        acting_user=chief.user,
        title=SECTION_STUDY,
        form=StudyTask.Form.MEETING,
        body="由科长领学，结合近期公文办理中出现的格式、时限问题逐条对照，每人准备一条改进措施。",
        meeting_at=_at(meeting, 16),
        meeting_place="三楼小会议室",
        due_at=_at(meeting, 18),
        section_ids=[chief.section_id],
    )


def _circular(sender: Staff, until: dt.datetime) -> None:
    recipients = set(
        Staff.objects.filter(section__name__in=["主任室", "综合科"]).values_list("pk", flat=True)
    )
    recipients |= set(Section.objects.exclude(chief=None).values_list("chief_id", flat=True))
    circular = circular_send(
        title=CIRCULAR_TITLE,
        body="现将《市政府办公室工作纪律作风整顿实施方案》印发给你们，请认真阅读，抓好贯彻落实。",
        pdf=SimpleUploadedFile("实施方案.pdf", plan_pdf(), content_type="application/pdf"),
        readable_until=until,
        staff_ids=sorted(recipients),
        acting_user=sender.user,
    )
    readers = _people("1001", "1002", "1101", "1103", "1201", "1301", "4002", "1104")
    for staff_no, reader in readers.items():
        viewer = viewer_for(reader.user)
        pages = [None, 1] if staff_no == "1104" else [None, 1, 2]
        for page in pages:
            circular_open_record(
                access=circular_access(viewer, circular.pk),
                page=page,
                refusal=None,
                ip=IP,
                acting_user=reader.user,
            )
        if staff_no != "1104":
            circular_confirm_read(
                access=circular_access(viewer, circular.pk, with_pages=True),
                acting_user=reader.user,
            )


def seed(*, today: dt.date) -> None:
    sent = set(
        Assignment.objects.filter(
            kind__in=[STUDY, CIRCULAR], title__in=[UNIT_STUDY, SECTION_STUDY, CIRCULAR_TITLE]
        ).values_list("title", flat=True)
    )
    people = _people("6001", "1101") if len(sent) < 3 else {}
    if len(people) < 2:
        return
    ahead = max(today, timezone.localdate())
    with transaction.atomic():
        if UNIT_STUDY not in sent:
            _unit_study(people["6001"], _at(calendar.add_working_days(ahead, 5), 18))
        if SECTION_STUDY not in sent:
            _section_study(people["1101"], calendar.add_working_days(ahead, 1))
        if CIRCULAR_TITLE not in sent:
            _circular(people["6001"], _at(calendar.add_working_days(ahead, 7), 18))
