"""The line key column: derived from the line's own facts whenever Django writes the line."""

from __future__ import annotations

from typing import Any

from django.db import models

from .linekey import KEY_LENGTH, line_key


class LineKeyField(models.CharField):
    """`linekey.line_key` of the line, set on every `save()` and `bulk_create`.

    Never typed by anyone (not editable): `pre_save` computes it from unit, kind, date,
    doc_no_norm and title_norm, so that a line saved by any code path — a service, a test, the
    admin — carries the key the unique constraint needs. The bulk INSERT paths (import, demo)
    do not go through `pre_save` and call `line_key` themselves.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["max_length"] = KEY_LENGTH
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        if kwargs.get("editable") is False:
            del kwargs["editable"]
        if kwargs.get("default") == "":
            del kwargs["default"]
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        line = model_instance
        day = line._meta.get_field("date").to_python(line.date)  # type: ignore[attr-defined]
        value = line_key(
            line.unit_id,  # type: ignore[attr-defined]
            line.kind,  # type: ignore[attr-defined]
            day,
            line.doc_no_norm or "",  # type: ignore[attr-defined]
            line.title_norm or "",  # type: ignore[attr-defined]
        )
        setattr(model_instance, self.attname, value)
        return value
