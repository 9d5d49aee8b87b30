"""Password rules (R2): 3 of 4 character classes, no county, unit or pinyin context words.

Django's own validators do the rest (settings.AUTH_PASSWORD_VALIDATORS): at least 8 characters,
not one of the 20,000 common passwords, not similar to the username or name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words that make a password guessable here: the platform, government and common pinyin.
CONTEXT_WORDS = (
    "jianfu",
    "zhengfu",
    "xianwei",
    "xianzhengfu",
    "zhongguo",
    "china",
    "beijing",
    "admin",
    "password",
    "mima",
    "woaini",
    "qwerty",
    "123456",
    "gongzuo",
    "bangong",
    "danwei",
    "renmin",
    "dangwei",
    "zhongyang",
    "gongchandang",
    "xianzhang",
    "shuji",
    "xiangzhen",
    "jiedao",
    "bangongshi",
    "jiceng",
    "jianfuban",
    "减负",
    "政府",
    "县委",
    "办公室",
    "中国",
)

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_SEPARATORS = re.compile(r"[\s\-_.·•,，。;；:：/\\|]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# County and unit names without their administrative suffix: 青河县 -> 青河.
_ADMIN_SUFFIX = re.compile(r"(县|市|区|旗|乡|镇|街道)$")


def _is_cjk(word: str) -> bool:
    return bool(_CJK.search(word))


def _meaningful(word: str) -> bool:
    """Chinese words of 2+ characters; Latin words of 4+ (shorter ones match by accident)."""
    return len(word) >= (2 if _is_cjk(word) else 4)


def password_forms(password: str) -> set[str]:
    """The password as a guesser would read it: lower-cased, half-width, without separators,
    with digits and symbols read as the letters they stand for (j1anfu -> jianfu)."""
    base = unicodedata.normalize("NFKC", password).lower()
    joined = _SEPARATORS.sub("", base)
    forms = {base, joined, joined.translate(_LEET), joined.translate(_LEET).replace("i", "l")}
    return forms


def context_words_for(user, extra: Iterable[str] = ()) -> list[str]:
    """Every word a password of this user must not contain."""
    words = [*CONTEXT_WORDS, *extra]
    if user is None:
        return [w.lower() for w in words if w]
    for attr in ("username", "display_name"):
        words.append(getattr(user, attr, "") or "")
    for related in ("unit", "county"):
        obj = getattr(user, related, None) if getattr(user, f"{related}_id", None) else None
        if obj is None:
            continue
        for name in (obj.name, getattr(obj, "short_name", "")):
            if name:
                words.append(name)
                words.append(_ADMIN_SUFFIX.sub("", name))
                if name.startswith("县"):
                    words.append(name[1:])
        words.append(obj.code or "")
        words.extend((obj.code or "").replace("_", "-").split("-"))
    return [unicodedata.normalize("NFKC", w).lower() for w in words if w and _meaningful(w.strip())]


class CharacterClassValidator:
    """At least 3 of: lower-case, upper-case, digits, other characters (Chinese characters and
    symbols count as "other"). Long passphrases (20 characters or more) pass with 2 classes."""

    CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def __init__(
        self, min_classes: int = 3, passphrase_length: int = 20, passphrase_classes: int = 2
    ) -> None:
        self.min_classes = min_classes
        self.passphrase_length = passphrase_length
        self.passphrase_classes = passphrase_classes

    def classes(self, password: str) -> int:
        # Full-width letters and digits count as their ASCII forms (Ａ is an upper-case letter).
        text = unicodedata.normalize("NFKC", password)
        return sum(bool(re.search(pattern, text)) for pattern in self.CLASSES)

    def validate(self, password: str, user=None) -> None:
        long_enough = len(password) >= self.passphrase_length
        needed = self.passphrase_classes if long_enough else self.min_classes
        if self.classes(password) < needed:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少三类。"),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _(
            "密码须包含小写字母、大写字母、数字、符号中的至少三类（20 位以上的短语两类即可）。"
        )


class ContextWordValidator:
    """No county, unit, user or common pinyin word inside the password, however it is spelt
    (upper case, full width, separated, digits for letters)."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.extra_words = [w for w in extra_words if w]

    def validate(self, password: str, user=None) -> None:
        forms = password_forms(password)
        for word in context_words_for(user, self.extra_words):
            if any(word in form for form in forms):
                raise ValidationError(
                    _("密码不能包含单位、地名、用户名或常见拼音词（如“%(word)s”）。"),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("密码不能包含单位名称、地名、用户名或常见拼音词。")
