"""Password rules (R2): 3 of 4 character classes, no county, unit or pinyin context words."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words that make a password guessable here: the platform, government and common pinyin.
CONTEXT_WORDS = (
    "jianfu", "zhengfu", "xianwei", "xianzhengfu", "zhongguo", "china", "beijing", "admin",
    "password", "mima", "woaini", "qwerty", "123456", "gongzuo", "bangong", "danwei",
)


class CharacterClassValidator:
    """At least 3 of: lower-case, upper-case, digits, other characters. Long passphrases
    (20 characters or more) pass with 2 classes."""

    def validate(self, password: str, user=None) -> None:
        classes = sum(
            bool(re.search(pattern, password))
            for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")
        )
        needed = 2 if len(password) >= 20 else 3
        if classes < needed:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少三类。"),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含小写字母、大写字母、数字、符号中的至少三类（20 位以上的短语两类即可）。")


class ContextWordValidator:
    """No county, unit or common pinyin word inside the password."""

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        words = list(CONTEXT_WORDS)
        if user is not None:
            for attr in ("username",):
                value = (getattr(user, attr, "") or "").lower()
                if len(value) >= 4:
                    words.append(value)
            for related in ("unit", "county"):
                obj = getattr(user, related, None) if getattr(user, f"{related}_id", None) else None
                if obj is not None:
                    words.extend(w for w in (obj.name, getattr(obj, "short_name", ""),
                                             obj.code.lower()) if w and len(w) >= 2)
        for word in words:
            if word and word.lower() in lowered and len(word) >= 2:
                raise ValidationError(
                    _("密码不能包含单位、地名或常见拼音词（如“%(word)s”）。"),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("密码不能包含单位名称、地名或常见拼音词。")
