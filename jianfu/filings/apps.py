from django.apps import AppConfig


class FilingsConfig(AppConfig):
    name = "jianfu.filings"
    label = "filings"
    verbose_name = "报备审批"

    def ready(self) -> None:
        # approved filings are senders for reconciliation (jianfu/ledgers/reconcile/sources.py)
        from jianfu.ledgers.reconcile.sources import register_sender_source

        from .services.unfiled import filing_sent_lines, received_codes

        register_sender_source(filing_sent_lines, received_codes)
