"""`jianfu demo [--logins] [--json]`: build the demo county 青河县, or list its logins."""

from __future__ import annotations

import json
import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.core.actor import Actor
from jianfu.demo import builder
from jianfu.demo.builder import demo_totals
from jianfu.demo.data import COUNTY_NAME, DEMO_PASSWORD
from jianfu.demo.logins import demo_logins, logins_table

STEP_LABELS = {
    "county": gettext_lazy("县（区）"),
    "units": gettext_lazy("单位"),
    "aliases": gettext_lazy("单位别名"),
    "users": gettext_lazy("用户"),
    "assignments": gettext_lazy("督导组分管单位"),
    "rules": gettext_lazy("规则"),
    "ledgers": gettext_lazy("台账条目"),
    "hand_ledgers": gettext_lazy("手工统计台账比对"),
    "supervision_groups": gettext_lazy("督导组"),
    "supervision_visits": gettext_lazy("督导走访"),
    "supervision_findings": gettext_lazy("督导发现问题"),
    "supervision_tasks": gettext_lazy("整改任务"),
    "policy_documents": gettext_lazy("政策文件"),
    "study_records": gettext_lazy("学习记录"),
    "trainings": gettext_lazy("培训"),
    "training_invitations": gettext_lazy("培训邀请"),
    "hand_ledgers_after_training": gettext_lazy("培训后台账比对"),
    "pilot_measures": gettext_lazy("试点举措"),
    "approval_stages": gettext_lazy("审批环节"),
    "quotas": gettext_lazy("数额"),
    "plan_items": gettext_lazy("年度计划事项"),
    "filings": gettext_lazy("报备事项"),
    "filing_decisions": gettext_lazy("审批记录"),
    "filings_draft": gettext_lazy("其中草稿"),
    "filings_pending": gettext_lazy("其中待审批"),
    "filings_returned": gettext_lazy("其中已退回"),
    "filings_rejected": gettext_lazy("其中已驳回"),
    "filings_withdrawn": gettext_lazy("其中已撤回"),
    "filings_approved": gettext_lazy("其中已批准"),
    "filings_archived": gettext_lazy("其中已备案"),
    "filing_attachments": gettext_lazy("备案附件"),
    "growth_explanations": gettext_lazy("只减不增书面说明"),
    "supervision_evidence": gettext_lazy("整改佐证材料"),
    "alerts": gettext_lazy("预警"),
    "reminders": gettext_lazy("提醒"),
    "reports": gettext_lazy("分析通报"),
}


class Command(BaseCommand):
    help = _(
        "建立演示县“青河县”（单位、用户、督导组、规则集、全年台账及手工统计台账比对、报备审批、数额与计划、预警与提醒、分析通报、督导走访与整改、学习培训）。"
        "数据截至今天（可用环境变量JIANFU_DEMO_TODAY=YYYY-MM-DD指定），另含上一年县直单位的发文、办会、督查台账以便同比。"
        "可重复运行：已有的数据不改动，只补缺少的。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins",
            action="store_true",
            help=_("只列出演示账号（用户名、角色、单位、密码），不改动数据库。"),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help=_("以 JSON 输出结果（一个 JSON 文档，消息写到标准错误）。"),
        )

    def handle(self, *args, logins: bool = False, as_json: bool = False, **options):
        if logins:
            self._print_logins(as_json=as_json)
            return
        if os.environ.get("JIANFU_ENV") == "production":
            raise CommandError(_("生产环境不能加载演示数据：演示账号的密码是公开的。"))
        result = builder.demo_build(actor=Actor.command(), steps=builder.STEPS)
        if as_json:
            self.stdout.write(_dumps({**result.as_dict(), "totals": demo_totals(result.county)}))
            return
        if not result.changed:
            done = _("演示县“%(county)s”已建好，本次未作改动。")
            self.stdout.write(done % {"county": COUNTY_NAME})
            return
        parts = [
            _("%(label)s %(n)d") % {"label": STEP_LABELS.get(label, label), "n": n}
            for label, n in result.created.items()
            if n
        ]
        self.stdout.write(
            _(
                "演示县“%(county)s”已建好（用时 %(seconds).1f 秒）。"
                "新增：%(parts)s；审计记录 %(audit)d 条。"
            )
            % {
                "county": COUNTY_NAME,
                "seconds": result.seconds,
                "parts": "、".join(parts),
                "audit": result.audit_records,
            }
        )
        self.stdout.write(_("查看演示账号：jianfu demo --logins"))

    def _print_logins(self, *, as_json: bool) -> None:
        rows = demo_logins()
        if as_json:
            self.stdout.write(
                _dumps({"password": DEMO_PASSWORD, "logins": [r.as_dict() for r in rows]})
            )
            return
        if not rows:
            raise CommandError(_("还没有演示账号。请先运行：jianfu demo"))
        self.stdout.write(
            _("演示县“%(county)s”的登录账号（密码均为 %(password)s）：")
            % {"county": COUNTY_NAME, "password": DEMO_PASSWORD}
        )
        self.stdout.write(logins_table(rows))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
