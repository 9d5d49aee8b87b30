"""Every `jianfu` command of the project prints its help (Chinese) without error."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_COMMANDS = sorted(
    (name, app) for name, app in get_commands().items() if app.startswith("jianfu.")
)


def test_the_public_commands_exist():
    names = {name for name, _app in PROJECT_COMMANDS}
    assert {"demo", "import_units", "rules", "audit"} <= names


@pytest.mark.parametrize(("name", "app"), PROJECT_COMMANDS)
def test_help_renders(name, app):
    parser = load_command_class(app, name).create_parser("jianfu", name)
    text = parser.format_help()
    assert f"jianfu {name}" in text
    # The description a person reads is in Chinese.
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
