from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "jianfu.notices"
    label = "notices"
    verbose_name = "通知"
