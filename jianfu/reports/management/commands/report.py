"""`jianfu report weekly|monthly|quarterly --period P --format docx|xlsx|json [-o PATH]` (5.6)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.org.commands import command_county
from jianfu.reports.periods import KINDS, PeriodError, period_for_kind
from jianfu.reports.services.reports import FORMATS, report_build


class Command(BaseCommand):
    help = (
        "生成每周一分析（weekly，期间如 2025-W32）、每月一研判（monthly，如 2025-08）或每季一通报"
        "（quarterly，如 2025-Q3）。--format json 把全部数据（DESIGN 5.6：kind、period、totals、"
        "units、alerts，以及分析用到的上期、走势、数额使用、建议、通报单位）"
        "打印到标准输出或写入 -o 文件；"
        "docx（公文格式）和 xlsx（附表）必须用 -o 指定输出文件。本命令只生成文件，不在系统中存档"
        "（存档版本在网页“通报”中生成或由定时任务生成）。"
        "退出码：0 成功，2 用法错误（期间与类型不符、"
        "格式不对、缺少 -o）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="weekly、monthly 或 quarterly")
        parser.add_argument("--period", required=True, help="期间：2025-W32、2025-08 或 2025-Q3")
        parser.add_argument("--format", help="docx、xlsx 或 json")
        parser.add_argument("-o", "--output", metavar="PATH", help="输出文件")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument("--json", action="store_true", help="同 --format json")

    def handle(self, *args, **options):
        fmt = options["format"] or ("json" if options["json"] else None)
        if fmt not in FORMATS:
            raise CommandError(f"--format 须为 docx、xlsx 或 json：{fmt or '未指定'}", returncode=2)
        try:
            period = period_for_kind(options["kind"], options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        output = Path(options["output"]) if options["output"] else None
        if fmt != "json" and output is None:
            raise CommandError(f"{fmt} 是二进制文件，请用 -o PATH 指定输出文件。", returncode=2)
        if output is not None and not output.parent.is_dir():
            raise CommandError(f"输出目录不存在：{output.parent}", returncode=2)
        county = command_county(options["county"])
        built = report_build(county, period, formats=(fmt,))
        if fmt == "json":
            text = json.dumps(built.data, ensure_ascii=False)
            if output is None:
                self.stdout.write(text)
            else:
                output.write_text(text + "\n", encoding="utf-8")
        else:
            output.write_bytes(built.docx if fmt == "docx" else built.xlsx)
        where = f"，已写入 {output}" if output else ""
        self.stderr.write(f"已生成{county.name}{period.label}的{built.data['title'][-2:]}{where}。")
