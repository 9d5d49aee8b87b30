from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "jianfu.rules"
    label = "rules"
    verbose_name = "规则"
