"""Unit and user pages."""

from .units import (
    unit_create_view,
    unit_detail,
    unit_edit,
    unit_export,
    unit_import_template_view,
    unit_import_view,
    unit_list,
)
from .users import (
    user_active,
    user_create_view,
    user_edit,
    user_export,
    user_list,
    user_otp_reset_view,
    user_password,
    user_unlock_view,
)

__all__ = [
    "unit_create_view",
    "unit_detail",
    "unit_edit",
    "unit_export",
    "unit_import_template_view",
    "unit_import_view",
    "unit_list",
    "user_active",
    "user_create_view",
    "user_edit",
    "user_export",
    "user_list",
    "user_otp_reset_view",
    "user_password",
    "user_unlock_view",
]
