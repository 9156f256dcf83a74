"""督查督办 services: register, 签收, 进展反馈, 办结上报, 确认 / 退回, and every refusal."""

import datetime as dt

import pytest
import time_machine

from inspections.errors import InspectionError
from inspections.models import Feedback, Instruction
from inspections.services.instructions import feedback_post
from office.assignment_services import (
    AssignmentError,
    receipt_accept,
    receipt_complete,
    receipt_confirm,
    receipt_return,
)
from office.models import Notification, ReceiptState
from tests.inspections.conftest import PNG, upload
from tests.inspections.instruction_helpers import REGISTERED, receipt_of, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _registration_morning():
    with time_machine.travel(REGISTERED, tick=False):
        yield


@pytest.fixture
def instruction(org):
    return register(org)


def test_deputy_registers_an_instruction_with_one_receipt_per_person(org, instruction):
    assignment = instruction.assignment
    assert assignment.kind == "instruction" and assignment.created_by == org.deputy
    receipts = {r.staff_id: r for r in assignment.receipts.all()}
    assert set(receipts) == {org.staff.pk, org.chief.pk}
    assert {r.state for r in receipts.values()} == {ReceiptState.PENDING}
    assert receipts[org.staff.pk].section == org.section
    assert instruction.interval_text == "每周五反馈进展"


@pytest.mark.parametrize("who", ["director", "inspector"])
def test_director_and_the_inspection_group_register_for_any_section(org, who):
    instruction = register(org, by=getattr(org, who), people=[org.other_staff])
    assert instruction.assignment.receipts.get().section == org.other_section


@pytest.mark.parametrize("who", ["staff", "chief", "personnel", "other_chief"])
def test_others_may_not_register(org, who):
    with pytest.raises(InspectionError, match="只有主任、分管主任和督导小组"):
        register(org, by=getattr(org, who))
    assert not Instruction.objects.exists()


def test_a_deputy_names_only_people_of_the_sections_they_supervise(org):
    with pytest.raises(InspectionError, match="杨职员不在您分管的科室"):
        register(org, people=[org.staff, org.other_staff])
    assert not Instruction.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"due_at": REGISTERED - dt.timedelta(minutes=1)}, "办结时限必须晚于现在"),
        ({"weekday": None}, "请选择反馈日"),
        ({"interval": "days", "weekday": None, "every_days": 0}, "反馈间隔天数"),
        ({"title": "  "}, "请填写督办事项标题"),
        ({"people": []}, "请选择至少一名责任人"),
        ({"source": "rumour"}, "请选择督办事项的来源"),
    ],
)
def test_bad_registrations_are_refused_with_a_reason(org, fields, message):
    with pytest.raises(InspectionError, match=message):
        register(org, **fields)
    assert not Instruction.objects.exists()


def test_sign_then_report_progress_with_an_attachment_then_report_done(
    org, instruction, media, django_capture_on_commit_callbacks
):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.ACCEPTED and receipt.accepted_at == REGISTERED
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_post(
            receipt=receipt,
            text="已召集相关科室研究，方案初稿形成。",
            uploads=[upload("方案.png", PNG)],
            acting_user=org.staff.user,
        )
    attachment = feedback.attachments.get()
    assert attachment.name == "方案.png" and attachment.content_type == "image/png"
    assert Notification.objects.filter(
        recipient=org.deputy.user, title__contains="反馈了督办事项进展"
    ).exists()
    receipt_complete(receipt=receipt, acting_user=org.staff.user, note="方案已报送。")
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.DONE and receipt.note == "方案已报送。"


def test_feedback_before_signing_is_refused(org, instruction):
    with pytest.raises(InspectionError, match="请先签收"):
        feedback_post(
            receipt=receipt_of(instruction, org.staff), text="进展", acting_user=org.staff.user
        )
    assert not Feedback.objects.exists()


def test_feedback_after_reporting_done_is_refused(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已办结")
    with pytest.raises(InspectionError, match="已办结上报，不能再反馈进展"):
        feedback_post(receipt=receipt, text="补充", acting_user=org.staff.user)


def test_feedback_on_someone_elses_receipt_is_refused(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    for other in (org.chief, org.deputy, org.director):
        with pytest.raises(InspectionError, match="只有责任人本人"):
            feedback_post(receipt=receipt, text="代为反馈", acting_user=other.user)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"MZ\x90\x00not a pdf", "只能是PDF或图片"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "损坏")],
)
def test_an_attachment_that_is_not_a_pdf_or_a_sound_image_is_refused(
    org, instruction, media, content, message
):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    with pytest.raises(InspectionError, match=message):
        feedback_post(
            receipt=receipt,
            text="进展",
            uploads=[upload("x.png", content)],
            acting_user=org.staff.user,
        )
    assert not Feedback.objects.exists()


def test_at_most_five_attachments(org, instruction, media):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    with pytest.raises(InspectionError, match="最多上传5个附件"):
        feedback_post(
            receipt=receipt,
            text="进展",
            uploads=[upload(f"{n}.png", PNG) for n in range(6)],
            acting_user=org.staff.user,
        )


def test_signing_by_someone_not_named_is_refused(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    for other in (org.chief, org.other_staff, org.deputy):
        with pytest.raises(AssignmentError):
            receipt_accept(receipt=receipt, acting_user=other.user)
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.PENDING


def test_signing_twice_is_refused(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    with pytest.raises(AssignmentError):
        receipt_accept(receipt=receipt, acting_user=org.staff.user)


def test_reporting_done_before_signing_is_refused(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    with pytest.raises(AssignmentError):
        receipt_complete(receipt=receipt, acting_user=org.staff.user, note="")
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.PENDING


def _done(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    receipt_complete(receipt=receipt, acting_user=org.staff.user, note="已完成")
    return receipt


@pytest.mark.parametrize("who", ["director", "chief", "inspector", "staff"])
def test_only_the_assigner_confirms(org, instruction, who):
    receipt = _done(org, instruction)
    with pytest.raises(AssignmentError):
        receipt_confirm(receipt=receipt, acting_user=getattr(org, who).user)
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.DONE


def test_the_assigner_confirms_and_nothing_moves_after(org, instruction):
    receipt = _done(org, instruction)
    receipt_confirm(receipt=receipt, acting_user=org.deputy.user)
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.CONFIRMED and receipt.confirmed_at == REGISTERED
    with pytest.raises(AssignmentError):
        receipt_confirm(receipt=receipt, acting_user=org.deputy.user)
    with pytest.raises(AssignmentError):
        receipt_return(receipt=receipt, acting_user=org.deputy.user, reason="再补充")
    with pytest.raises(InspectionError):
        feedback_post(receipt=receipt, text="补充", acting_user=org.staff.user)


def test_sending_back_reopens_the_receipt_for_feedback(org, instruction):
    receipt = _done(org, instruction)
    with pytest.raises(AssignmentError):
        receipt_return(receipt=receipt, acting_user=org.chief.user, reason="不是交办人")
    receipt_return(receipt=receipt, acting_user=org.deputy.user, reason="请补充资金测算")
    receipt.refresh_from_db()
    assert receipt.state == ReceiptState.ACCEPTED and receipt.returned_count == 1
    feedback_post(receipt=receipt, text="已补充资金测算", acting_user=org.staff.user)
    assert receipt.feedback.count() == 1


def test_confirming_before_done_is_refused(org, instruction):
    receipt = receipt_of(instruction, org.staff)
    receipt_accept(receipt=receipt, acting_user=org.staff.user)
    with pytest.raises(AssignmentError):
        receipt_confirm(receipt=receipt, acting_user=org.deputy.user)
