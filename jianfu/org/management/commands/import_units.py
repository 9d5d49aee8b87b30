"""`jianfu import_units PATH [--county CODE [--county-name NAME]] [--dry-run] [--json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.core.actor import Actor
from jianfu.core.excel import TABLE_EXTENSIONS
from jianfu.org.commands import error_line
from jianfu.org.models import County
from jianfu.org.unit_import_store import unit_import
from jianfu.org.units import county_create


class Command(BaseCommand):
    help = (
        "从 .xlsx / .xls / .csv 导入或更新本县单位名录（按“编码”新增或更新）。"
        "列：单位名称、简称、编码、类型（县级/部门/乡镇/上级）、系统、片区、观测点（是/否）、试点、上级单位（编码或名称）、"
        "别名（多个用、或；分隔）。有任何错误时不保存任何内容并列出全部错误（退出码 1）；"
        "同一文件重复导入不做任何改动。只有一个县时无需 --county；数据库里还没有县时，用 "
        "--county CODE --county-name NAME 新建该县（或先运行 jianfu demo）。"
        "退出码：0 成功，1 文件内容有误（未保存），2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="单位名录文件 .xlsx / .xls / .csv（UTF-8 或 GBK）")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument(
            "--county-name",
            metavar="NAME",
            help="县（区）名称：--county 指定的县不存在时，以此名称新建",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        if path.suffix.lower() not in TABLE_EXTENSIONS:
            raise CommandError("仅支持 .xlsx、.xls 或 .csv 文件。", returncode=2)
        actor = Actor.command()
        county = self._county(actor, options["county"], options["county_name"])
        result = unit_import(
            actor=actor,
            county=county,
            data=path.read_bytes(),
            filename=path.name,
            dry_run=options["dry_run"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            for e in result.errors:
                self.stderr.write(error_line(e.sheet, e.row, e.column, e.value, e.message))
            if result.errors:
                self.stderr.write(f"共 {len(result.errors)} 处错误，未导入任何单位。")
            else:
                verb = "检查完毕（未保存）" if options["dry_run"] else "导入完成"
                self.stderr.write(
                    f"{verb}：共 {result.rows} 行，新增 {result.created}，更新 {result.updated}，"
                    f"未变 {result.unchanged}。"
                )
        if result.errors:
            sys.exit(1)

    def _county(self, actor: Actor, code: str | None, name: str | None) -> County:
        if code:
            county = County.objects.filter(code=code).first()
            if county is not None:
                return county
            if not name:
                raise CommandError(
                    f"县（区）“{code}”不存在；如需新建，请同时给出 --county-name。", returncode=2
                )
            return county_create(actor=actor, code=code, name=name)
        if name:
            raise CommandError("--county-name 须与 --county 一起使用。", returncode=2)
        counties = list(County.objects.order_by("code")[:2])
        if len(counties) == 1:
            return counties[0]
        if not counties:
            raise CommandError(
                "数据库中还没有县（区）：请用 --county CODE --county-name NAME 新建，"
                "或先运行 jianfu demo。",
                returncode=2,
            )
        raise CommandError("有多个县（区），请用 --county CODE 指定。", returncode=2)
