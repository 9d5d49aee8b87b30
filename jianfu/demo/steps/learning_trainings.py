"""Demo step "learning", the trainings and pilots: the policy briefing, the criteria-training
class whose participants are the units the dual-ledger comparisons proposed (with their third-
quarter comparisons after the class), an upcoming class, and the pilot units' reform measures.
Inserts only what is missing."""

from __future__ import annotations

from datetime import date, timedelta

from jianfu.learning.models import Invitation, PilotMeasure, Training, TrainingKind
from jianfu.learning.selectors.training import training_proposal
from jianfu.org.models import UnitKind

from ..context import DemoContext
from ..hand_ledgers import Mistakes
from .hand_ledgers import hand_ledger_make

TRAININGS = (
    ("整治形式主义为基层减负政策解读培训", TrainingKind.POLICY, (3, 20), "县委党校报告厅",
     "解读中央《若干规定》和省实施办法，部署本县负面清单和数额管理。"),
    ("{year}年统计口径培训提升班", TrainingKind.CRITERIA, (7, 1), "县委办三楼会议室",
     "针对双台账比对准确率较低的单位，讲解统计口径，逐条剖析漏统、错统案例。"),
    # an upcoming class: (0, days after the demo's today)
    ("{year}年度基层减负工作业务骨干培训", TrainingKind.POLICY, (0, 12), "县委党校报告厅",
     "面向各乡镇（街道）党政办业务骨干，讲解报备审批、双台账填报和年度数额使用。"),
)  # fmt: skip
PILOT_MEASURES = (
    ("QH-NY", "同类通知合并印发，推行“一文统揽”", (7, 1),
     "涉农项目、资金、安全生产等同类事项合并为一个文件部署，不再分别发文。"),
    ("QH-NY", "以视频会代替现场会", (9, 1),
     "全局性工作部署会原则上以视频会召开，时长不超过 90 分钟。"),
    ("QH-JY", "督导检查“一表通”", (6, 1),
     "各类督导检查使用一张清单，不再另行要求学校提供台账材料。"),
)  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = (
    "建华",
    "志强",
    "海燕",
    "丽娟",
    "文军",
    "晓明",
    "春梅",
    "国庆",
    "红霞",
    "立新",
    "永刚",
    "静",
)
# After the class the proposed units make fewer mistakes in the third quarter.
AFTER_MISTAKES = Mistakes(counted_minutes=1, missed_white_head=1, other_brackets=3, seed="after")


def demo_name(rng) -> str:
    """A deterministic person's name."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _after_comparisons(ctx: DemoContext, unit_ids: list[int], training_day: date) -> None:
    """The proposed units' third-quarter comparisons, made after the class."""
    date_from, date_to = training_day, min(date(ctx.year, 9, 30), ctx.today)
    created = 0
    for unit in (u for u in ctx.units.values() if u.pk in unit_ids):
        filename = f"{unit.name}{ctx.year}年第三季度统计台账.xlsx"
        created += hand_ledger_make(ctx, unit, date_from, date_to, AFTER_MISTAKES, filename)
    ctx.count("hand_ledgers_after_training", created)


def _attendee(ctx: DemoContext, unit_id: int, topic: str) -> str:
    """Who a unit sent: its demo clerk when it has one, else a deterministic name."""
    for user in ctx.users.values():
        if user.unit_id == unit_id and user.role == "clerk" and user.display_name:
            return user.display_name
    rng = ctx.rng(f"learning:attendee:{topic}:{unit_id}")
    return demo_name(rng)


def trainings_ensure(ctx: DemoContext) -> None:
    county = ctx.require_county()
    existing = set(Training.objects.filter(county=county).values_list("topic", flat=True))
    townships = [u for u in ctx.units.values() if u.kind == UnitKind.TOWNSHIP]
    created = []
    criteria_units: list[int] = []
    criteria_day = None
    for topic, kind, (month, day), place, description in TRAININGS:
        topic = topic.format(year=ctx.year)
        training_day = date(ctx.year, month, day) if month else ctx.today + timedelta(days=day)
        upcoming = training_day > ctx.today
        if kind == TrainingKind.CRITERIA:
            criteria_day = training_day
        if topic in existing:
            if kind == TrainingKind.CRITERIA:
                criteria_units = list(
                    Invitation.objects.filter(
                        training__county=county, training__topic=topic
                    ).values_list("unit_id", flat=True)
                )
            continue
        training = Training.objects.create(
            county=county,
            topic=topic,
            kind=kind,
            date=training_day,
            place=place,
            description=description,
            created_by="demo",
        )
        created.append(training)
        if kind == TrainingKind.CRITERIA:
            proposal = training_proposal(county.pk)
            invitations = [
                Invitation(
                    county=county,
                    training=training,
                    unit=p.unit,
                    person_name=_attendee(ctx, p.unit.pk, topic),
                    attended=True,
                    proposed_accuracy=p.accuracy,
                )
                for p in proposal
            ]
            criteria_units = [p.unit.pk for p in proposal]
        else:
            rng = ctx.rng(f"learning:trainings:{topic}")
            invitations = [
                Invitation(
                    county=county,
                    training=training,
                    unit=u,
                    person_name=_attendee(ctx, u.pk, topic),
                    attended=not upcoming and rng.random() < 0.85,
                )
                for u in sorted(townships, key=lambda u: u.code)
            ]
        Invitation.objects.bulk_create(invitations)
        ctx.count("training_invitations", len(invitations))
    ctx.record_created("trainings", created, ("topic", "kind", "date"))
    if criteria_day is not None and criteria_units:
        _after_comparisons(ctx, criteria_units, criteria_day)


def pilots_ensure(ctx: DemoContext) -> None:
    county = ctx.require_county()
    existing = set(PilotMeasure.objects.filter(county=county).values_list("unit_id", "title"))
    created = []
    for code, title, (month, day), description in PILOT_MEASURES:
        unit = ctx.units.get(code)
        if unit is None or not unit.is_pilot or (unit.pk, title) in existing:
            continue
        created.append(
            PilotMeasure(
                county=county,
                unit=unit,
                title=title,
                started=date(ctx.year, month, day),
                description=description,
                created_by="demo",
            )
        )
    PilotMeasure.objects.bulk_create(created)
    ctx.record_created("pilot_measures", created, ("unit_id", "title", "started"))
