from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "jianfu.ledgers"
    label = "ledgers"
    verbose_name = "台账"

    def ready(self) -> None:
        from .services import rollup  # noqa: F401 - the rollup's signal receivers
