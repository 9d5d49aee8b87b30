"""Who did something, for people: records keep the username (stable, in the audit trail);
pages show the person's name (姓名), and 命令行（root） for a command run by an operator."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import User


def names_of(usernames: Iterable[str]) -> dict[str, str]:
    """Username → what a page shows for it, for every username given (one query)."""
    wanted = {name for name in usernames if name}
    known = dict(User.objects.filter(username__in=wanted).values_list("username", "display_name"))
    return {name: person_label(name, known.get(name)) for name in wanted}


def person_label(username: str, display_name: str | None = None) -> str:
    if username.startswith("os:"):
        return _("命令行（%(name)s）") % {"name": username[3:]}
    return display_name or username
