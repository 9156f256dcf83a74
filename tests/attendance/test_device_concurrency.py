"""Two first taps of one person at the same instant from two browsers, on PostgreSQL: one
browser is bound, the other's tap is held for the chief (or, when the first tap's record is
already in, answered 已打卡), and nothing is half saved."""

import pytest

from attendance.errors import AttendanceError
from attendance.models import ClockDevice, ClockRecord, DeviceChangeRequest, HeldClock
from attendance.services import clock_in
from office.approvals.models import ApprovalStatus
from tests.attendance.conftest import MONDAY, at
from tests.attendance.proofs import require_proofs
from tests.concurrency import postgres_only, together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ANDROID = "Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"


@pytest.fixture(autouse=True)
def _postgres_only():
    postgres_only()


@pytest.mark.parametrize("rounds", range(3))
def test_two_first_bindings_at_once_bind_one_browser(
    org, frozen, django_capture_on_commit_callbacks, rounds
):
    frozen(at(MONDAY, 8, 20))
    require_proofs([org.section], django_capture_on_commit_callbacks, device=True)

    def tap(device_id: str, agent: str):  # noqa: ANN202
        return clock_in(
            staff=org.staff,
            now=at(MONDAY, 8, 20),
            ip="10.1.2.3",
            user_agent=agent,
            acting_user=org.staff.user,
            device_id=device_id,
        )

    outcomes = together(lambda: tap("a" * 32, ANDROID), lambda: tap("b" * 32, IPHONE))
    failed = [o for o in outcomes if isinstance(o, Exception)]
    # A refusal would have to be the user's Chinese sentence, never a database error.
    assert all(isinstance(o, AttendanceError) for o in failed), outcomes
    assert len(failed) <= 1, outcomes

    bound = ClockDevice.objects.get()  # exactly one device, in force
    assert bound.retired_at is None and bound.device_id in ("a" * 32, "b" * 32)
    record = ClockRecord.objects.get()
    assert (record.point, record.device) == ("am_in", bound)
    winner = next(o for o in outcomes if not isinstance(o, Exception) and o.created and o.record)
    assert winner.device_id == bound.device_id and winner.message.startswith("打卡成功")

    other = "b" * 32 if bound.device_id == "a" * 32 else "a" * 32
    [loser] = [o for o in outcomes if o is not winner]
    if isinstance(loser, Exception):
        assert loser.message
    elif loser.record is None:  # held for the chief: a whole request with its step and tap
        assert "不是您绑定的打卡设备" in loser.message and "待科长认定" in loser.message
        change = DeviceChangeRequest.objects.get()
        assert (change.device_id, change.status) == (other, ApprovalStatus.PENDING)
        assert change.approval_steps.get(is_current=True).approver == org.chief
        assert HeldClock.objects.get(change=change).point == "am_in"
    else:  # the winner's record was in first: the same point is already clocked
        assert loser.record == record and "无需重复打卡" in loser.message
        assert "不是您绑定的打卡设备，是否换用由科长认定" in loser.message
        assert not HeldClock.objects.exists()
    for change in DeviceChangeRequest.objects.all():  # none started without its approval step
        assert change.device_id == other and change.approval_steps.exists()
