"""R2: the password rules, as a table. Each row: password, the error codes expected (empty: ok).

The user of the table is 王芳 (username wangfang), clerk of 县农业农村局 (简称 农业农村局, code
QH-NY) in 青河县 (code QH).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from jianfu.org.passwords import CharacterClassValidator, ContextWordValidator

SHORT = "password_too_short"
SIMPLE = "password_too_simple"
COMMON = "password_too_common"
CONTEXT = "password_context_word"
SIMILAR = "password_too_similar"

CASES: list[tuple[str, set[str], str]] = [
    # length
    ("Ab1!", {SHORT}, "4 characters"),
    ("Kx7#mq2", {SHORT}, "7 characters, 4 classes"),
    # character classes: 3 of 4 needed below 20 characters
    ("kxqmvzbw", {SIMPLE}, "1 class"),
    ("kxqmvz17", {SIMPLE}, "lower + digits"),
    ("KXQMVZ17", {SIMPLE}, "upper + digits"),
    ("kxqm#vz!", {SIMPLE}, "lower + symbols"),
    ("Kxqmvzbw", {SIMPLE}, "lower + upper"),
    ("Tr0pical", set(), "lower + upper + digit"),
    ("kx7#mq2v", set(), "lower + digit + symbol"),
    ("KX7#MQ2V", set(), "upper + digit + symbol"),
    ("Kxqmvz#w", set(), "lower + upper + symbol"),
    ("Kx7#mq2v", set(), "all 4 classes"),
    ("Tr4ctor-Blue", set(), "4 classes, 12 characters"),
    # Chinese characters count as the "other" class
    ("明月几时有kx7q", set(), "Chinese + lower + digit"),
    ("明月几时有Kxq", set(), "Chinese + upper + lower"),
    ("明月几时有kxqv", {SIMPLE}, "Chinese + lower only"),
    ("明月几时有把酒问青天", {SIMPLE}, "Chinese only"),
    # full-width letters and digits count as their ASCII class
    ("ｋｘ７ｑＭｖｚｂ", set(), "full-width lower + digit + upper"),
    # long passphrases: 20+ characters pass with 2 classes, never with 1
    ("correct horse battery staple", set(), "28 chars, lower + space"),
    ("tuesdaymorningcoffee2025", set(), "24 chars, lower + digits"),
    ("MOUNTAIN RIVER SUNSET LAMP", set(), "26 chars, upper + space"),
    ("correcthorsebatterystaple", {SIMPLE}, "25 chars, 1 class"),
    ("kxqmvz1kxqmvz2kxqmv", {SIMPLE}, "19 chars, 2 classes: not yet a passphrase"),
    # common passwords (Django's list of 20,000)
    ("1234567890", {SIMPLE, COMMON}, "digits only, common"),
    ("P@ssw0rd", {COMMON}, "common, leetspeak"),
    ("Qwerty123!", {CONTEXT}, "keyboard walk"),
    ("Password1!", {CONTEXT}, "password"),
    # context words: the platform and government pinyin, however spelt
    ("Jianfu2025!", {CONTEXT}, "platform name"),
    ("ZhengFu#2025", {CONTEXT}, "zhengfu, mixed case"),
    ("J1anfu#2025x", {CONTEXT}, "leetspeak"),
    ("Jian-Fu_2025x", {CONTEXT}, "separators"),
    ("ＪＩＡＮＦＵ２０２５ａ", {CONTEXT}, "full width"),
    ("Mima@2025x", {CONTEXT}, "mima"),
    ("woaini#ABC12", {CONTEXT}, "woaini"),
    ("减负工作Ab12", {CONTEXT}, "减负 in Chinese"),
    ("xianwei!AB12", {CONTEXT}, "xianwei"),
    # context words: the county, the unit, the user
    ("青河县Abc2025", {CONTEXT}, "county name"),
    ("青河Abc2025x", {CONTEXT}, "county name without 县"),
    ("县农业农村局Ab1", {CONTEXT}, "unit name"),
    ("农业农村局Ab12", {CONTEXT}, "unit short name"),
    ("Qh-Ny#2025x", {CONTEXT}, "unit code"),
    ("Wangfang#2025", {CONTEXT}, "username inside"),
    ("wang.FANG#25x", {CONTEXT}, "username with a separator"),
    ("王芳Abcd2025", {CONTEXT}, "display name in Chinese"),
]


@pytest.fixture
def wangfang(make_user):
    return make_user("wangfang", "clerk", "ny", display_name="王芳")


def codes_for(password: str, user) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {error.code for error in exc.error_list}
    return set()


def test_the_table_is_big_enough():
    assert len(CASES) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize(("password", "expected", "why"), CASES, ids=[c[2] for c in CASES])
def test_password_rules(wangfang, password, expected, why):
    codes = codes_for(password, wangfang)
    if expected:
        assert expected <= codes, f"{why}: expected {expected}, got {codes}"
    else:
        assert codes == set(), f"{why}: expected accepted, got {codes}"


@pytest.mark.django_db
def test_rules_hold_without_a_user():
    assert codes_for("Kx7#mq2v", None) == set()
    assert CONTEXT in codes_for("Jianfu2025!", None)


@pytest.mark.django_db
def test_another_users_name_is_not_a_context_word(wangfang, make_user):
    other = make_user("lisi", "clerk", "jy", display_name="李四")
    assert codes_for("Wangfang#2025", other) == set()


def test_county_words_from_settings_are_refused():
    validator = ContextWordValidator(extra_words=["qinghe"])
    with pytest.raises(ValidationError) as exc:
        validator.validate("Qinghe#2025x")
    assert exc.value.error_list[0].code == CONTEXT
    ContextWordValidator().validate("Qinghe#2025x")  # without the setting: no opinion


def test_messages_are_chinese():
    with pytest.raises(ValidationError) as exc:
        CharacterClassValidator().validate("abcdefgh")
    assert "至少三类" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        ContextWordValidator().validate("Jianfu2025!")
    assert "jianfu" in exc.value.messages[0]
    assert "常见拼音词" in exc.value.messages[0]


@pytest.mark.django_db
def test_only_hashes_are_stored(wangfang):
    from tests.conftest import PASSWORD

    wangfang.refresh_from_db()
    assert PASSWORD not in wangfang.password
    assert wangfang.password.split("$")[0] in {"md5", "pbkdf2_sha256", "scrypt", "argon2"}
