"""`jianfu rollup_rebuild [--county CODE | --all] [--json]`: recompute the monthly rollup."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from jianfu.core.actor import Actor
from jianfu.core.audit import audit_record
from jianfu.ledgers.services.rollup import rollup_rebuild
from jianfu.org.commands import command_county
from jianfu.org.models import County


class Command(BaseCommand):
    help = (
        "从台账条目重新计算按月汇总表（仪表盘、报告和接口的统计数据由它读取）。"
        "正常情况下每次写入都会同步更新汇总表，无需运行；恢复备份或直接改动数据库后运行。"
        '--json 在标准输出打印 {"counties": [{"county", "rows"}]}。退出码：0 完成，2 用法错误。'
    )

    def add_arguments(self, parser):
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument("--all", action="store_true", help="重新计算所有县（区）")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        counties = (
            list(County.objects.order_by("code"))
            if options["all"]
            else [command_county(options["county"])]
        )
        result = []
        for county in counties:
            rows = rollup_rebuild(county.pk)
            audit_record(
                Actor.command(),
                "generate",
                object_type="ledgers.rollup",
                object_id=str(county.pk),
                object_repr=f"{county.name}台账按月汇总",
                county_id=county.pk,
                after={"rows": rows},
            )
            result.append({"county": county.code, "rows": rows})
            self.stderr.write(f"{county.name}：汇总 {rows} 行")
        if options["json"]:
            self.stdout.write(json.dumps({"counties": result}, ensure_ascii=False))
