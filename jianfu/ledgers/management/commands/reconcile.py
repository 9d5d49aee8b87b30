"""`jianfu reconcile [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--county CODE] [--json]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from jianfu.ledgers.reconcile.service import reconcile_run
from jianfu.org.commands import command_county, command_date


class Command(BaseCommand):
    help = (
        "比对县级单位的发文、办会、督查台账与观测点（乡镇）的收文、参会、受检台账："
        "先按规范化文号，再按标题相似度（日期窗口内）匹配，列出未报备（不予认可）与未收到的事项。"
        "退出码：0 成功，2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="起始日期")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="截止日期")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        date_from = command_date(options["date_from"], "--from")
        date_to = command_date(options["date_to"], "--to")
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from 不能晚于 --to。", returncode=2)
        county = command_county(options["county"])
        result = reconcile_run(county, date_from, date_to)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        by_doc = sum(1 for m in result.matches if m.method == "doc_no")
        period = f"{date_from or '最早'} 至 {date_to or '最新'}"
        self.stdout.write(
            f"{county.name} {period}：匹配 {len(result.matches)} 条"
            f"（文号 {by_doc}，标题 {len(result.matches) - by_doc}），"
            f"未报备 {len(result.unfiled)} 条，未收到 {len(result.unreceived)} 条。"
        )
        for row in result.unfiled:
            self.stdout.write(
                f"  未报备 {result.name(row.unit_id)} {row.date} {row.kind} "
                f"{row.counterpart}：{row.title}（#{row.id}）"
            )
        for row in result.unreceived:
            self.stdout.write(
                f"  未收到 {result.name(row.unit_id)} ← {result.name(row.sender_unit_id)} "
                f"{row.date} {row.kind}：{row.title}（#{row.id}）"
            )
