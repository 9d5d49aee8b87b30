"""See jianfu/filings/urls.py."""

urlpatterns: list = []
