from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "jianfu.ledgers"
    label = "ledgers"
    verbose_name = "台账"

    def ready(self) -> None:
        from jianfu.rules.signals import ruleset_imported

        from .services import rollup  # noqa: F401 - the rollup's signal receivers
        from .services.rederive import rederive_after_ruleset_import

        # a new rule-set version re-derives the lines it decides (口径变动)
        ruleset_imported.connect(rederive_after_ruleset_import, dispatch_uid="ledgers.rederive")
