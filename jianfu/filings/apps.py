from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "jianfu.filings"
    label = "filings"
    verbose_name = "报备审批"
