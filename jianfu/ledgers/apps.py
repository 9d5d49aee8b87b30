from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "jianfu.ledgers"
    label = "ledgers"
    verbose_name = "台账"
