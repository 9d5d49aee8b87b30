from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "jianfu.supervision"
    label = "supervision"
    verbose_name = "督导"
