"""`jianfu audit verify [--json]`: check the audit chain (R9).

Exit status 0 when the chain is intact, 1 when a record was altered or removed (the first such
record is named), 2 on a usage error. With --json one document goes to stdout:
`{"ok": bool, "checked": N, "first_bad_id": id|null, "problem": "..."}`.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jianfu.core.audit import audit_verify

PROBLEMS = {
    "altered": gettext_lazy("第 %(id)s 号审计记录已被篡改：内容与其哈希不符。"),
    "missing_before": gettext_lazy("第 %(id)s 号审计记录之前的记录缺失，或其链接被改写。"),
}


class Command(BaseCommand):
    help = _(
        "审计日志工具。`jianfu audit verify` 校验审计记录的哈希链："
        "完好时退出码 0，否则退出码 1 并指出第一条被篡改或缺失的记录。"
    )
    # The verifier must run even when an unrelated system check fails (it is what an auditor
    # runs on a damaged installation).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        verify = sub.add_parser("verify", help=_("校验哈希链，指出第一条被篡改或缺失的记录"))
        verify.add_argument("--json", action="store_true", help=_("在标准输出打印一个 JSON 结果"))
        verify.add_argument(
            "--batch-size", type=int, default=5000, help=_("每次查询读取的记录数（默认 5000）")
        )
        purge = sub.add_parser(
            "purge", help=_("清理指定日期以前的审计记录（只能清理 180 天以前的），链仍可校验")
        )
        purge.add_argument("--before", required=True, help=_("日期 YYYY-MM-DD：清理此日以前的记录"))
        purge.add_argument("--json", action="store_true", help=_("在标准输出打印一个 JSON 结果"))

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            return self.verify(as_json=options["json"], batch_size=options["batch_size"])
        if options["subcommand"] == "purge":
            return self.purge(before=options["before"], as_json=options["json"])
        raise CommandError(_("未知的子命令：%s") % options["subcommand"], returncode=2)

    def verify(self, *, as_json: bool, batch_size: int) -> None:
        if batch_size < 1:
            raise CommandError(_("--batch-size 至少为 1。"), returncode=2)
        report = audit_verify(batch_size=batch_size)
        if report.ok:
            message = _("审计记录链完整：已核验 %(checked)s 条。") % {"checked": report.checked}
        else:
            problem = PROBLEMS.get(report.problem, _("第 %(id)s 号审计记录有误。"))
            message = str(problem) % {"id": report.first_bad_id} + _(
                "（其前 %(checked)s 条完整。）"
            ) % {"checked": report.checked}
        if as_json:
            document = {
                "ok": report.ok,
                "checked": report.checked,
                "first_bad_id": report.first_bad_id,
                "problem": report.problem,
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            if report.ok:
                self.stderr.write(message)
        elif report.ok:
            self.stdout.write(message)
        if not report.ok:
            raise CommandError(message, returncode=1)

    def purge(self, *, before: str, as_json: bool) -> None:
        from datetime import date

        from jianfu.core.actor import Actor
        from jianfu.core.audit_purge import PurgeRefused, audit_purge

        try:
            day = date.fromisoformat(before)
        except ValueError:
            raise CommandError(_("--before 应为日期 YYYY-MM-DD。"), returncode=2) from None
        try:
            result = audit_purge(actor=Actor.command(), before=day)
        except PurgeRefused as exc:
            raise CommandError(str(exc), returncode=1) from exc
        message = _("已清理 %(n)s 条 %(day)s 以前的审计记录。") % {
            "n": result.deleted,
            "day": day.isoformat(),
        }
        if as_json:
            document = {
                "deleted": result.deleted,
                "last_purged_id": result.last_purged_id,
                "first_kept_id": result.first_kept_id,
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            self.stderr.write(message)
        else:
            self.stdout.write(message)
