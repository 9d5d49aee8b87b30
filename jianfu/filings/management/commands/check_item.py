"""`jianfu check_item PATH [--county CODE] [--json]` (DESIGN.md 5.8): check items, store nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.filings.services.checks import item_check
from jianfu.filings.services.item_input import ItemInvalid
from jianfu.org.commands import command_county

RESULT_WORDS = {"pass": "通过", "fail": "不通过", "declare": "须申报"}


class Command(BaseCommand):
    help = (
        "不保存任何内容，对 JSON 文件中的一个事项（对象）或多个事项（列表）运行报备时的全部自动检查"
        "（规格限制 L-*、负面清单 N-*、数额、年度计划），"
        "对照当前数据库中的数额、计划、已报备事项和台账。"
        '--json 在标准输出打印 {"items": [{"title", "checks": [{"code", "result", "reason"}]}]}。'
        "退出码：0 成功；1 文件无法读取或某个事项不合格（指明第几个事项和字段），不输出检查结果；"
        "2 用法错误（文件不存在、县不存在）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="事项 JSON 文件（一个对象或一个列表）")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        county = command_county(options["county"])
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self._refuse(options, [{"index": None, "field": "", "message": f"文件无法读取：{exc}"}])
        items = data if isinstance(data, list) else [data]
        results, errors = [], []
        for index, item in enumerate(items):
            try:
                results.append(item_check(item, county))
            except ItemInvalid as exc:
                errors += [{"index": index, "field": f, "message": m} for f, m in exc.errors]
        if errors:
            self._refuse(options, errors)
        if options["json"]:
            self.stdout.write(json.dumps({"items": results}, ensure_ascii=False))
        else:
            for number, result in enumerate(results, start=1):
                self.stdout.write(f"{number}. {result['title']}")
                for c in result["checks"]:
                    word = RESULT_WORDS.get(c["result"], c["result"])
                    self.stdout.write(f"   {c['code']:<7} {word}  {c['reason']}")
        failed = sum(1 for r in results for c in r["checks"] if c["result"] == "fail")
        self.stderr.write(f"已检查 {len(results)} 个事项，不通过 {failed} 项；未保存任何内容。")

    def _refuse(self, options, errors: list[dict]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({"items": [], "errors": errors}, ensure_ascii=False))
        for e in errors:
            where = f"第 {e['index'] + 1} 个事项" if e["index"] is not None else ""
            field = f"字段“{e['field']}”" if e["field"] else ""
            self.stderr.write(f"{where}{field}：{e['message']}".lstrip("："))
        self.stderr.write("检查未进行：请改正后重试。")
        sys.stdout.flush()
        sys.exit(1)
