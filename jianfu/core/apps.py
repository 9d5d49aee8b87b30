from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jianfu.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from .sqlite import register_adapters

        register_adapters()
