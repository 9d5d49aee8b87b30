"""`jianfu rules export|import`: a county's rule set as YAML, out and in.

    jianfu rules export [--county CODE] [--version N] [-o PATH]
    jianfu rules import PATH [--county CODE] [--effective-from YYYY-MM-DD] [--note TEXT] [--json]

Exit status: 0 success, 1 the rule set was refused (nothing stored), 2 usage error. With `--json`
the import prints one JSON document on stdout; messages go to stderr.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jianfu.core.actor import Actor
from jianfu.org.models import County
from jianfu.rules.data import default_rules_text
from jianfu.rules.schema import RuleSetInvalid
from jianfu.rules.selectors import ruleset_effective, ruleset_export_yaml, ruleset_list
from jianfu.rules.services import ruleset_import
from jianfu.rules.signals import announce_import

USAGE = 2
REFUSED = 1


class Command(BaseCommand):
    help = "导出或导入县（区）的规则集（YAML）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="export|import")
        export = sub.add_parser("export", help="导出规则集 YAML")
        export.add_argument("--county", help="县（区）编码；只有一个县时可省略")
        export.add_argument("--version", type=int, help="版本号；默认为现行版本")
        export.add_argument("-o", "--output", help="写入文件；默认输出到标准输出")
        imp = sub.add_parser("import", help="导入规则集 YAML，生成新版本")
        imp.add_argument("path", help="YAML 文件路径")
        imp.add_argument("--county", help="县（区）编码；只有一个县时可省略")
        imp.add_argument(
            "--effective-from", help="生效日期 YYYY-MM-DD；默认取文件中的 effective_from"
        )
        imp.add_argument("--note", default="", help="版本说明")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, **options):
        if options["action"] == "export":
            return self.export(options)
        return self.import_(options)

    # ------------------------------------------------------------------------------------------
    def county(self, code: str | None, required: bool = True) -> County | None:
        if code:
            county = County.objects.filter(code=code).first()
            if county is None:
                raise CommandError(f"县（区）编码不存在：{code}", returncode=USAGE)
            return county
        counties = list(County.objects.all()[:2])
        if len(counties) == 1:
            return counties[0]
        if not counties and not required:
            return None
        raise CommandError("请用 --county 指定县（区）编码", returncode=USAGE)

    def export(self, options) -> None:
        county = self.county(options["county"], required=False)
        if county is None:
            text = default_rules_text()
            self.stderr.write("尚无县（区），导出默认规则集")
        elif options["version"] is not None:
            ruleset = ruleset_list(county).filter(version=options["version"]).first()
            if ruleset is None:
                raise CommandError(
                    f"{county.name}没有第{options['version']}版规则集", returncode=USAGE
                )
            text = ruleset_export_yaml(ruleset)
        else:
            ruleset = ruleset_effective(county) or ruleset_list(county).first()
            if ruleset is None:
                text = default_rules_text()
                self.stderr.write(f"{county.name}尚无规则集，导出默认规则集")
            else:
                text = ruleset_export_yaml(ruleset)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"已写入 {options['output']}")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")

    def import_(self, options) -> None:
        county = self.county(options["county"])
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path}：{exc}", returncode=USAGE) from exc
        start = None
        if options["effective_from"]:
            try:
                start = date.fromisoformat(options["effective_from"])
            except ValueError:
                raise CommandError(
                    "--effective-from 应为日期 YYYY-MM-DD", returncode=USAGE
                ) from None
        try:
            ruleset = ruleset_import(
                actor=Actor.command(),
                county=county,
                yaml_text=text,
                effective_from=start,
                note=options["note"],
            )
        except RuleSetInvalid as exc:
            if options["json"]:
                self.emit(
                    {
                        "ok": False,
                        "county": county.code,
                        "version": None,
                        "errors": [{"path": e.path, "message": e.message} for e in exc.errors],
                    }
                )
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"规则集未导入：共 {len(exc.errors)} 处错误，未作任何保存", returncode=REFUSED
            ) from exc
        summary = {
            "ok": True,
            "county": county.code,
            "version": ruleset.version,
            "name": ruleset.name,
            "effective_from": ruleset.effective_from.isoformat(),
            "rules": len(ruleset.data.get("rules", [])),
            "errors": [],
        }
        self.stderr.write(
            f"已导入{county.name}规则集第{ruleset.version}版，"
            f"自 {ruleset.effective_from.isoformat()} 起生效"
        )
        for sentence in announce_import(ruleset, Actor.command()):  # the lines re-derived
            self.stderr.write(sentence)
        if options["json"]:
            self.emit(summary)

    def emit(self, document: dict) -> None:
        self.stdout.write(json.dumps(document, ensure_ascii=False))
