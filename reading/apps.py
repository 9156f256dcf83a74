from django.apps import AppConfig


class ReadingConfig(AppConfig):
    name = "reading"
    verbose_name = "学习与阅知"

    def ready(self) -> None:
        """Each kind registers itself with office's assignment mechanism (office.assignments)."""
