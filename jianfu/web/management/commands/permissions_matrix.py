"""`jianfu permissions_matrix [--check] [-o PATH] [--json]`: the permission matrix (R6).

Writes docs/permissions.md, generated from every URL pattern and API operation. `--check` writes
nothing and exits 1 when the file is out of date or when a URL or operation names no permission
(the test suite runs it).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.web.permission_matrix import all_entries, problems, render_markdown

DEFAULT_PATH = Path(settings.BASE_DIR).parent / "docs" / "permissions.md"


class Command(BaseCommand):
    help = _(
        "生成权限矩阵（每个网页地址和接口操作 × 角色），写入 docs/permissions.md；"
        "--check 只核对：文件过期或有地址未声明权限时退出码 1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help=_("只核对，不写文件"))
        parser.add_argument("-o", "--output", default=str(DEFAULT_PATH), help=_("输出文件"))
        parser.add_argument("--json", action="store_true", help=_("在标准输出打印 JSON 矩阵"))

    def handle(self, *args, **options):
        missing = problems()
        if missing:
            raise CommandError(
                _("以下地址没有声明权限：") + "\n" + "\n".join(missing), returncode=1
            )
        path = Path(options["output"])
        text = render_markdown()
        if options["json"]:
            document = [
                {"kind": e.kind, "name": e.name, "route": e.route, "permission": e.permission,
                 "token": e.token}
                for e in all_entries()
            ]
            self.stdout.write(json.dumps(document, ensure_ascii=False))
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(
                    _("%(path)s 已过期：请运行 jianfu permissions_matrix 重新生成。")
                    % {"path": path},
                    returncode=1,
                )
            self.stderr.write(_("权限矩阵是最新的。"))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stderr.write(_("已写入 %(path)s。") % {"path": path})
