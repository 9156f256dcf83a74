"""The breaker alone, on a clock the test moves."""

from office.breaker import Breaker


def test_after_a_failure_redis_is_skipped_for_the_interval_then_tried_once():
    now = [0.0]
    breaker = Breaker("测试", "改走别的路", interval=30, clock=lambda: now[0])
    assert breaker.allow() and not breaker.open
    breaker.failed()
    assert breaker.open
    now[0] = 29.9
    assert not breaker.allow()
    now[0] = 30.0
    assert breaker.allow()  # one try...
    assert not breaker.allow()  # ...while the others keep skipping it
    breaker.failed()  # the try failed: another interval
    now[0] = 59.9
    assert not breaker.allow()
    now[0] = 60.0
    assert breaker.allow()
    breaker.succeeded()
    assert not breaker.open and breaker.allow() and breaker.allow()


def test_one_warning_per_outage(caplog):
    now = [0.0]
    breaker = Breaker("缓存（Redis）", "参考数据直接读数据库", interval=30, clock=lambda: now[0])
    breaker.failed()
    now[0] = 30.0
    breaker.allow()
    breaker.failed()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "缓存（Redis）不可用：本进程30秒内不再连接它，参考数据直接读数据库；之后再试"
    ]
    breaker.succeeded()
    assert caplog.records[-1].getMessage() == "缓存（Redis）已恢复"
