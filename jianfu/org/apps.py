from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "jianfu.org"
    label = "org"
    verbose_name = "单位与用户"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login/logout/lockout audit receivers)
