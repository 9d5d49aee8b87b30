"""`jianfu ledger_export --unit CODE [--from D] [--to D] --format json|xlsx [-o PATH]` (5.3)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.core.actor import Actor
from jianfu.ledgers.exports import FORMATS, ledger_export
from jianfu.org.commands import command_date
from jianfu.org.models import Unit


class Command(BaseCommand):
    help = (
        "导出一个单位的日常工作台账及统计判定（计入统计、占用数额、统计类别、规则、理由）。"
        '--format json 打印（或写入 -o 文件）一个 JSON：{"unit", "entries": [...]}；'
        "--format xlsx 生成统一规范表格（每类一个工作表，末尾附判定列），须用 -o 指定文件，"
        "或不给 -o 时写到标准输出。退出码：0 成功，2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, metavar="CODE", help="单位编码")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；单位编码唯一时可省略")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="起始日期（含）")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="截止日期（含）")
        parser.add_argument("--format", required=True, choices=FORMATS, help="json 或 xlsx")
        parser.add_argument("-o", "--output", metavar="PATH", help="输出文件；省略时写到标准输出")

    def handle(self, *args, **options):
        date_from = command_date(options["date_from"], "--from")
        date_to = command_date(options["date_to"], "--to")
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from 不能晚于 --to。", returncode=2)
        units = Unit.objects.filter(code=options["unit"])
        if options["county"]:
            units = units.filter(county__code=options["county"])
        found = list(units.select_related("county")[:2])
        if not found:
            raise CommandError(f"单位“{options['unit']}”不存在。", returncode=2)
        if len(found) > 1:
            raise CommandError("有多个县（区）都有该单位编码，请用 --county 指定。", returncode=2)
        unit = found[0]
        output = Path(options["output"]) if options["output"] else None
        if output is not None and not output.parent.is_dir():
            raise CommandError(f"输出目录不存在：{output.parent}", returncode=2)
        result = ledger_export(
            actor=Actor.command(),
            unit=unit,
            date_from=date_from,
            date_to=date_to,
            fmt=options["format"],
        )
        if isinstance(result, dict):
            text = json.dumps(result, ensure_ascii=False)
            if output is None:
                self.stdout.write(text)
            else:
                output.write_text(text + "\n", encoding="utf-8")
            count = len(result["entries"])
        else:
            if output is None:
                sys.stdout.buffer.write(result)
                sys.stdout.flush()
            else:
                output.write_bytes(result)
            count = None
        where = f"，已写入 {output}" if output else ""
        size = f"{count} 条" if count is not None else ""
        self.stderr.write(f"已导出单位“{unit.name}”的台账{size}{where}。")
