"""`jianfu alerts_scan [--county CODE] [--date YYYY-MM-DD] [--json]`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from jianfu.core.actor import Actor
from jianfu.monitoring.services.alerts import alerts_scan
from jianfu.org.commands import command_county, command_date


class Command(BaseCommand):
    help = (
        "扫描预警（幂等）：数额使用 80%/100%（QUOTA-80/QUOTA-100）、超过上年进度（PACE）、"
        "未报备事项（UNFILED）、会议超时（L-M-2）、负面清单（N-*）、计划外督检考（L-I-1）、"
        "整改逾期（TASK-OVERDUE）、规避统计（EVASION）。再次发现的预警只更新，不再新增；"
        "不再发现的预警自动关闭。退出码：0 成功，2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help="按哪一天扫描（默认今天），数额与进度计至当日"
        )
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        county = command_county(options["county"])
        day = command_date(options["date"], "--date") or timezone.localdate()
        result = alerts_scan(county, day, actor=Actor.command())
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{county.name} {day}：未关闭预警 {len(result.findings)} 条"
            f"（新增 {result.created}，更新 {result.updated}，关闭 {result.closed}）。"
        )
        for finding in result.findings:
            self.stdout.write(f"  [{finding.rule}] {finding.message}")
