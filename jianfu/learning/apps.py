from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "jianfu.learning"
    label = "learning"
    verbose_name = "学习培训"
