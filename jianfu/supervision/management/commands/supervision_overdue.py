"""`jianfu supervision_overdue [--date YYYY-MM-DD] [--county CODE] [--json]`: the rectification
tasks past their deadline and not verified (逾期未销号), most overdue first."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from jianfu.org.commands import command_county, command_date
from jianfu.org.models import Unit
from jianfu.supervision.selectors import tasks_overdue


class Command(BaseCommand):
    help = (
        "列出整改期限已过、尚未销号的督导整改任务（逾期天数从多到少）。退出码：0 成功，2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天计算逾期，默认今天")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        today = command_date(options["date"], "--date") or timezone.localdate()
        county = command_county(options["county"])
        tasks = tasks_overdue(county, today)
        units = Unit.objects.filter(pk__in={t.unit_id for t in tasks})
        codes = dict(units.values_list("pk", "code"))
        names = dict(units.values_list("pk", "name"))
        rows = sorted(tasks, key=lambda t: (-t.days_overdue, t.task_id))
        if options["json"]:
            document = {
                "date": today.isoformat(),
                "tasks": [
                    {
                        "id": t.task_id,
                        "unit": codes[t.unit_id],
                        "title": t.title,
                        "group": t.group_name,
                        "deadline": t.deadline.isoformat(),
                        "days_overdue": t.days_overdue,
                    }
                    for t in rows
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        self.stdout.write(f"{county.name} 截至 {today}：逾期未销号的整改任务 {len(rows)} 个。")
        for t in rows:
            self.stdout.write(
                f"  {names[t.unit_id]} 逾期 {t.days_overdue} 天"
                f"（期限 {t.deadline}，{t.group_name}）：{t.title}（#{t.task_id}）"
            )
