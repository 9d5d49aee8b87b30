"""`jianfu backup PATH [--json]`: the database and the stored files into a new folder (R18)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jianfu.core.actor import Actor
from jianfu.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = _(
        "备份数据库（SQLite 在线备份 / PostgreSQL pg_dump）和上传的文件到一个新目录，"
        "附带每个文件的 SHA-256 校验清单和每张表的行数。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("备份目录（不存在或为空）"))
        parser.add_argument("--json", action="store_true", help=_("在标准输出打印 JSON 结果"))

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            manifest = backup_create(actor=Actor.command(), path=path)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        summary = {
            "ok": True,
            "path": str(path.resolve()),
            "engine": manifest["engine"],
            "tables": len(manifest["tables"]),
            "rows": sum(manifest["tables"].values()),
            "files": len(manifest["files"]),
        }
        message = (
            _("备份完成：%(path)s（%(tables)s 张表，%(rows)s 行，%(files)s 个文件）") % summary
        )
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            self.stderr.write(message)
        else:
            self.stdout.write(message)
