"""`jianfu restore PATH [--json]`: a backup into an empty database and file folder (R18).

Checks every checksum first; refuses a database that has any table, or a non-empty MEDIA_ROOT.
Afterwards compares every table's row count with the backup and verifies the audit chain:
exit 0 when everything matches, 1 otherwise (or when refused), 2 on a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = _(
        "把 jianfu backup 生成的备份恢复到一个全新的空数据库和空文件目录；先核对校验和，"
        "恢复后核对每张表的行数并校验审计日志哈希链。"
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("备份目录"))
        parser.add_argument("--json", action="store_true", help=_("在标准输出打印 JSON 结果"))

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_dir():
            raise CommandError(_("备份目录不存在：%s") % path, returncode=2)
        try:
            report = backup_restore(actor=Actor.command(), path=path)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        document = report.as_dict()
        if report.ok:
            message = _(
                "恢复完成：%(tables)s 张表、%(rows)s 行、%(files)s 个文件与备份一致，"
                "审计日志哈希链完整（%(checked)s 条）。"
            ) % {**document, "checked": report.audit_checked}
        else:
            message = _("恢复后核对不一致：%s") % json.dumps(
                {"mismatches": report.mismatches, "audit_ok": report.audit_ok}, ensure_ascii=False
            )
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            self.stderr.write(message)
        elif report.ok:
            self.stdout.write(message)
        if not report.ok:
            raise CommandError(message, returncode=1)
