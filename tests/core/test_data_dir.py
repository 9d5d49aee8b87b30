"""A new instance's data directory is made at start-up (its job queue opens a file there)."""

from __future__ import annotations

import os
import subprocess
import sys


def _start(data_dir: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, JIANFU_DATA_DIR=data_dir, JIANFU_ENV="development")
    env.pop("JIANFU_DATABASE_URL", None)  # the default: a file in the data directory
    env["DJANGO_SETTINGS_MODULE"] = "jianfu.settings"
    code = "import django; django.setup(); print('ok')"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_missing_data_directory_is_made(tmp_path):
    target = tmp_path / "new" / "instance"
    started = _start(str(target))
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "ok" and target.is_dir()


def test_a_data_directory_that_cannot_be_made_is_said_in_chinese(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    started = _start(str(blocker / "instance"))
    assert started.returncode != 0
    assert "数据目录 JIANFU_DATA_DIR=" in started.stderr and "无法创建" in started.stderr
