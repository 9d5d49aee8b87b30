"""`jianfu ledger_rederive [--county CODE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.core.actor import Actor
from jianfu.org.commands import command_county, command_date

from ...services.rederive import ledger_rederive


class Command(BaseCommand):
    help = (
        "按各条目日期适用的规则集重新判定本县台账的统计口径，列出计入与否或规则发生变化的条目"
        "（记为口径变动）。退出码：0 成功，2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="起始日期")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="截止日期")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        date_from = command_date(options["date_from"], "--from")
        date_to = command_date(options["date_to"], "--to")
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from 不能晚于 --to。", returncode=2)
        county = command_county(options["county"])

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"已判定 {done}/{total} 条")

        result = ledger_rederive(
            actor=Actor.command(),
            county=county,
            date_from=date_from,
            date_to=date_to,
            progress=progress,
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"共判定 {result.checked} 条，口径变动 {result.changed} 条"
                f"（新计入 {result.became_counted}，不再计入 {result.stopped_counting}）。"
            )
            for item in result.as_dict()["by_rule"]:
                self.stdout.write(f"  {item['old_rule']} → {item['new_rule']}：{item['lines']} 条")
