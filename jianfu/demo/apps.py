from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jianfu.demo"
    label = "demo"
