"""`jianfu ledger_compare PATH --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD [--json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.core.actor import Actor
from jianfu.org.commands import command_county, command_date, error_line
from jianfu.org.models import Unit

from ...compare.selectors import hand_ledger_lines
from ...compare.service import ALLOWED_SUFFIXES, HandLedgerRefused, hand_ledger_compare


def result_dict(ledger) -> dict:
    lists = {
        outcome: [
            {
                "kind": line.kind,
                "date": line.date.isoformat() if line.date else None,
                "doc_no": line.doc_no,
                "title": line.title,
                "entry": line.entry_id,
                "sheet": line.sheet,
                "row": line.row,
                "rule": line.rule,
                "reason": line.reason,
            }
            for line in lines
        ]
        for outcome, lines in hand_ledger_lines(ledger).items()
    }
    return {
        "id": ledger.pk,
        "unit": ledger.unit.code,
        "period": {"start": ledger.date_from.isoformat(), "end": ledger.date_to.isoformat()},
        "rows": ledger.rows,
        "outside_period": ledger.outside_period,
        "counts": {
            "agreed": ledger.agreed,
            "missed": ledger.missed,
            "wrong": ledger.wrong,
            "not_in_daily": ledger.not_in_daily,
            "duplicate": ledger.duplicates,
        },
        "accuracy": ledger.accuracy,
        **lists,
    }


class Command(BaseCommand):
    help = (
        "把单位手工填报的统计台账（.xlsx/.xls/.ods/.csv）与系统按口径生成的统计台账比对，"
        "列出漏统、错统、日常台账无记录和一致的条目及准确率。"
        "退出码：0 成功，1 文件无法读取（未保存），2 用法错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="手工统计台账文件")
        parser.add_argument("--unit", metavar="CODE", required=True, help="单位编码")
        parser.add_argument("--county", metavar="CODE", help="县（区）编码；只有一个县时可省略")
        parser.add_argument(
            "--from",
            dest="date_from",
            metavar="YYYY-MM-DD",
            required=True,
            help="比对期间的第一天（手工台账中早于此日的行不参与比对，单独计数）",
        )
        parser.add_argument(
            "--to",
            dest="date_to",
            metavar="YYYY-MM-DD",
            required=True,
            help="比对期间的最后一天",
        )
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 结果")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        if path.suffix.lower() not in ALLOWED_SUFFIXES:
            raise CommandError("仅支持 .xlsx、.xls、.ods 或 .csv 文件。", returncode=2)
        date_from = command_date(options["date_from"], "--from")
        date_to = command_date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError("--from 不能晚于 --to。", returncode=2)
        county = command_county(options["county"])
        unit = Unit.objects.filter(county=county, code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"单位“{options['unit']}”不存在。", returncode=2)
        try:
            ledger = hand_ledger_compare(
                actor=Actor.command(),
                unit=unit,
                data=path.read_bytes(),
                filename=path.name,
                date_from=date_from,
                date_to=date_to,
            )
        except HandLedgerRefused as exc:
            if options["json"]:
                self.stdout.write(json.dumps(exc.as_dict(), ensure_ascii=False))
            self.stderr.write(exc.message)
            for e in exc.errors:
                self.stderr.write(error_line(e.sheet, e.row, e.column, e.value, e.message))
            sys.exit(1)
        data = result_dict(ledger)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        rate = "—" if ledger.accuracy is None else f"{ledger.accuracy * 100:.1f}%"
        aside = []  # rows that do not enter the rate: every row of the file is accounted for
        if ledger.duplicates:
            aside.append(f"重复列出 {ledger.duplicates} 行")
        if ledger.outside_period:
            aside.append(f"不在比对期间 {ledger.outside_period} 行")
        self.stdout.write(
            f"{unit.name} {date_from}～{date_to}：手工台账 {ledger.rows} 行；"
            f"一致 {ledger.agreed}，漏统 {ledger.missed}，错统 {ledger.wrong}，"
            f"日常台账无记录 {ledger.not_in_daily}；准确率 {rate}"
            + (f"（另有{'，'.join(aside)}，不计入准确率）" if aside else "")
        )
        labels = {
            "missed": "漏统",
            "wrong": "错统",
            "not_in_daily": "日常台账无记录",
            "duplicate": "重复列出",
        }
        for key, label in labels.items():
            for line in data[key]:
                self.stdout.write(
                    f"  [{label}] {line['date']} {line['doc_no']} {line['title']}"
                    f" — {line['rule']} {line['reason']}"
                )
