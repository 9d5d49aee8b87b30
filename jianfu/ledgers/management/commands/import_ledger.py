"""`jianfu import_ledger PATH --unit CODE [--county CODE] [--partial] [--json]` (DESIGN.md 5.3)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.core.actor import Actor
from jianfu.ledgers.services.imports import ImportResult, LedgerImportRefused, ledger_import
from jianfu.org.commands import error_line
from jianfu.org.models import County, Unit

STAGES = {"read": "读取", "classify": "判定", "store": "保存", "done": "完成"}


class Command(BaseCommand):
    help = (
        "导入一个单位的日常工作台账（.xlsx；也接受 .xls、.ods、.csv）。"
        "任何一行有错误时不保存任何内容，并列出全部错误（退出码 1）；--partial 只导入有效的行。"
        "台账中已有的同一条目（同单位、类别、日期、文号和标题）算作重复，不再新增：同一文件导入两次，第二次不新增任何条目。"
        "--json 在标准输出打印一个 JSON："
        '{"batch", "rows", "imported", "duplicates", "errors": [{"sheet", "row", "column", '
        '"value", "message"}]}，batch 在导入被拒绝（未保存任何条目）时为 null。'
        "进度写到标准错误。退出码：0 已导入，1 文件或内容被拒绝（未保存），2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="台账文件 .xlsx / .xls / .ods / .csv")
        parser.add_argument("--unit", required=True, metavar="CODE", help="台账所属单位的编码")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；单位编码唯一时可省略")
        parser.add_argument("--partial", action="store_true", help="只导入有效的行，列出其余的错误")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        unit = self._unit(options["unit"], options["county"])
        last = {"stage": "", "done": -1}

        def progress(stage: str, done: int, total: int) -> None:
            if stage == last["stage"] and done - last["done"] < 10_000 and done != total:
                return
            last.update(stage=stage, done=done)
            if total:
                self.stderr.write(f"{STAGES.get(stage, stage)}：{done}/{total} 行")

        try:
            result = ledger_import(
                actor=Actor.command(),
                unit=unit,
                data=path.read_bytes(),
                filename=path.name,
                partial=options["partial"],
                progress=progress,
            )
        except LedgerImportRefused as refusal:
            result = ImportResult.for_refused_file(refusal, path.name)
        self._report(result, options)
        if result.refused:
            sys.exit(1)

    def _report(self, result: ImportResult, options) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        for e in result.errors:  # the value is shown with its column only
            value = e["value"] if e["column"] else ""
            self.stderr.write(error_line(e["sheet"], e["row"], e["column"], value, e["message"]))
        for name, lines in result.hidden:
            self.stderr.write(f"注意：隐藏的工作表“{name}”也已读取（{lines} 行）。")
        # problems of a whole sheet (no header found …): its rows are in no count above
        sheets = len({e["sheet"] for e in result.errors if e["row"] is None and e["sheet"]})
        unread = f"另有 {sheets} 个工作表未能读取（见上），其中的行未计入。" if sheets else ""
        if result.refused:
            self.stderr.write(
                f"导入被拒绝，未保存任何条目：共 {result.rows} 行，{result.error_rows} 行有错误。"
                f"{unread}可改正后重新导入，或用 --partial 只导入有效的行。"
                if result.rows
                else "导入被拒绝，未保存任何条目。"
            )
        else:
            self.stderr.write(
                f"导入完成：共 {result.rows} 行，新增 {result.imported}，重复 {result.duplicates}，"
                f"错误 {result.error_rows}（批次 {result.batch.pk if result.batch else '-'}）。"
                + unread
            )

    def _unit(self, code: str, county_code: str | None) -> Unit:
        units = Unit.objects.filter(code=code).select_related("county")
        if county_code:
            if not County.objects.filter(code=county_code).exists():
                raise CommandError(f"县（区）“{county_code}”不存在。", returncode=2)
            units = units.filter(county__code=county_code)
        found = list(units[:2])
        if not found:
            raise CommandError(f"单位“{code}”不存在。", returncode=2)
        if len(found) > 1:
            raise CommandError(
                f"有多个县（区）都有单位“{code}”，请用 --county 指定。", returncode=2
            )
        return found[0]
