from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from office import checks, refdata  # noqa: F401 (checks registers itself)
        from office.assignment_selectors import receipt_queue
        from office.home import register_queue
        from office.models import CalendarDay, Setting
        from office.performance_exports import PerformanceReport
        from office.reports import register_report

        post_migrate.connect(_set_up_reference_data, sender=self)
        refdata.watch(Setting, CalendarDay)
        _name_authenticators()
        # Every kind of assigned work (督办, 学习, 阅知) waits in one line per kind.
        register_queue(order=30, items=receipt_queue)
        register_report(PerformanceReport())


def _name_authenticators() -> None:
    """allauth's TOTP devices have no verbose_name, so the admin said "Authenticators". Only
    the runtime names are set: the migration state reads ``original_attrs``, so allauth's
    migrations stay as they are."""
    from allauth.mfa.models import Authenticator

    Authenticator._meta.verbose_name = "两步验证设备"
    Authenticator._meta.verbose_name_plural = "两步验证设备"


def _set_up_reference_data(**_kwargs: object) -> None:
    """Role groups and the statutory calendar must exist before anyone logs in. A migration
    may have changed the reference rows, or what a release reads of them: start afresh."""
    from office import refdata, roles
    from office.calendar import seed_calendar_if_empty

    refdata.bump()
    roles.ensure_groups()
    seed_calendar_if_empty(acting_user=None)
