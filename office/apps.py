from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from office import checks, config, refdata  # noqa: F401 (checks registers itself)
        from office.calendar import FIRST_YEAR, LAST_YEAR, YEARS_CACHE_NAME, calendar_cache_name
        from office.models import CalendarDay, Setting

        post_migrate.connect(_set_up_reference_data, sender=self)
        refdata.forget_on_change(Setting, lambda row: [config.CACHE_NAME])
        # Every year: a row whose date moved to another year changes two of them.
        every_year = [calendar_cache_name(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
        every_year.append(YEARS_CACHE_NAME)
        refdata.forget_on_change(CalendarDay, lambda row: every_year)


def _set_up_reference_data(**kwargs: object) -> None:
    """Role groups and the statutory calendar must exist before anyone logs in."""
    from office import roles
    from office.calendar import seed_calendar_if_empty

    roles.ensure_groups()
    seed_calendar_if_empty()
