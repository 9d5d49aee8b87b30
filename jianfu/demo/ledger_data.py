"""Vocabularies for the demo county's year of ledgers: 文号 prefixes, work topics by system and
season, the calendar's rhythm, and the words clerks use. Plain data; nothing here touches the
database. Everything is fictional."""

from __future__ import annotations

from datetime import date, timedelta

# The 文号 prefix (发文机关代字) of every unit that issues documents to townships.
DOC_PREFIX: dict[str, str] = {
    "QH-XW": "青发",
    "QH-XWB": "县委办发",
    "QH-ZF": "青政发",
    "QH-ZFB": "青政办发",
    "QH-RDB": "青人大办发",
    "QH-ZXB": "青政协办发",
    "QH-ZZB": "青组发",
    "QH-XCB": "青宣发",
    "QH-TZB": "青统战发",
    "QH-BB": "青编发",
    "QH-DX": "青党校发",
    "QH-RMT": "青融发",
    "QH-ZGH": "青工会发",
    "QH-TXW": "青团发",
    "QH-FL": "青妇发",
    "QH-ZFW": "青政法委发",
    "QH-JW": "青纪发",
    "QH-GA": "青公发",
    "QH-SF": "青司发",
    "QH-XF": "青信发",
    "QH-FG": "青发改发",
    "QH-KJ": "青科发",
    "QH-GX": "青工信发",
    "QH-CZ": "青财发",
    "QH-SW": "青商发",
    "QH-SJ": "青审发",
    "QH-SC": "青市监发",
    "QH-TJ": "青统计发",
    "QH-SWJ": "青税发",
    "QH-NY": "青农发",
    "QH-SL": "青水发",
    "QH-LY": "青林发",
    "QH-XCZX": "青乡振发",
    "QH-FX": "青防指发",
    "QH-JY": "青教发",
    "QH-MZ": "青民发",
    "QH-RS": "青人社发",
    "QH-WJ": "青卫健发",
    "QH-WL": "青文旅发",
    "QH-TY": "青退役发",
    "QH-YB": "青医保发",
    "QH-ZR": "青自然资源发",
    "QH-HJ": "青环发",
    "QH-ZJ": "青建发",
    "QH-JT": "青交发",
    "QH-YJ": "青应急发",
    "QH-SJJ": "青数据发",
}

# How much each producer sends townships (relative): the two offices most, then busy departments.
PRODUCER_WEIGHT: dict[str, float] = {
    "QH-XWB": 9,
    "QH-ZFB": 10,
    "QH-XW": 2,
    "QH-ZF": 2,
    "QH-ZZB": 4,
    "QH-XCB": 3,
    "QH-NY": 6,
    "QH-XCZX": 4,
    "QH-YJ": 4,
    "QH-JY": 3,
    "QH-MZ": 3,
    "QH-WJ": 3,
    "QH-ZR": 3,
    "QH-ZJ": 3,
    "QH-ZFW": 3,
    "QH-SL": 2.5,
    "QH-LY": 2.5,
    "QH-FX": 2,
    "QH-RS": 2.5,
    "QH-YB": 2,
    "QH-HJ": 2.5,
    "QH-CZ": 2,
    "QH-TJ": 2,
}
DEFAULT_PRODUCER_WEIGHT = 1.0

# Topics: (words, months when they come up; empty = all year). Topics never carry words that
# decide a rule by themselves (表彰, 任免, 检查, 紧急 …): the templates add those on purpose.
ALL_YEAR: tuple[int, ...] = ()
WINTER_SPRING = (1, 2, 3, 4, 11, 12)
FLOOD_SEASON = (5, 6, 7, 8, 9)

COUNTY_TOPICS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("整治形式主义为基层减负", ALL_YEAR),
    ("乡村全面振兴", ALL_YEAR),
    ("安全生产", ALL_YEAR),
    ("信访维稳", ALL_YEAR),
    ("优化营商环境", ALL_YEAR),
    ("重点项目建设", ALL_YEAR),
    ("招商引资", ALL_YEAR),
    ("基层党建", ALL_YEAR),
    ("经济运行", ALL_YEAR),
    ("民生实事项目", ALL_YEAR),
    ("平安青河建设", ALL_YEAR),
    ("生态环境保护", ALL_YEAR),
    ("党纪学习教育", (3, 4, 5, 6, 7)),
    ("春节期间", (1, 2)),
    ("森林防火", WINTER_SPRING),
    ("防汛", FLOOD_SEASON),
    ("秸秆禁烧", (5, 6, 9, 10)),
    ("年度目标任务冲刺", (10, 11, 12)),
    ("冬春农田水利建设", (1, 2, 11, 12)),
    ("“十五五”规划编制", (5, 6, 7, 8, 9, 10, 11)),
)

SYSTEM_TOPICS: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {
    "党群": (
        ("基层党组织建设", ALL_YEAR),
        ("党员发展", ALL_YEAR),
        ("意识形态", ALL_YEAR),
        ("宣传思想文化", ALL_YEAR),
        ("网络安全和信息化", ALL_YEAR),
        ("统一战线", ALL_YEAR),
        ("职工权益保障", ALL_YEAR),
        ("妇女儿童发展", ALL_YEAR),
        ("青年志愿服务", (3, 4, 5)),
        ("村（社区）“两委”班子建设", ALL_YEAR),
        ("新时代文明实践", ALL_YEAR),
    ),
    "政法": (
        ("矛盾纠纷排查化解", ALL_YEAR),
        ("扫黑除恶常态化", ALL_YEAR),
        ("法治政府建设", ALL_YEAR),
        ("人民调解", ALL_YEAR),
        ("信访积案化解", ALL_YEAR),
        ("反诈宣传", ALL_YEAR),
        ("社区矫正", ALL_YEAR),
        ("道路交通安全", ALL_YEAR),
    ),
    "经济": (
        ("固定资产投资", ALL_YEAR),
        ("规上企业培育", ALL_YEAR),
        ("财政预算执行", ALL_YEAR),
        ("消费促进", ALL_YEAR),
        ("统计数据质量", ALL_YEAR),
        ("第五次全国经济普查", (1, 2, 3)),
        ("食品安全", ALL_YEAR),
        ("市场主体培育", ALL_YEAR),
        ("税费政策落实", ALL_YEAR),
        ("科技特派员服务", ALL_YEAR),
    ),
    "农业农村": (
        ("春季农业生产", (2, 3, 4)),
        ("高标准农田建设", ALL_YEAR),
        ("粮食生产", ALL_YEAR),
        ("“三夏”生产", (5, 6)),
        ("秋粮收购", (9, 10)),
        ("农村人居环境整治", ALL_YEAR),
        ("动物防疫", ALL_YEAR),
        ("农产品质量安全", ALL_YEAR),
        ("防止返贫致贫监测帮扶", ALL_YEAR),
        ("农村集体经济发展", ALL_YEAR),
        ("河湖长制", ALL_YEAR),
        ("林长制", ALL_YEAR),
        ("森林防火", WINTER_SPRING),
        ("防汛备汛", (4, 5, 6)),
        ("松材线虫病防控", (3, 4, 9, 10)),
    ),
    "社会事业": (
        ("义务教育控辍保学", (2, 3, 8, 9)),
        ("高考中考服务保障", (5, 6)),
        ("最低生活保障", ALL_YEAR),
        ("养老服务", ALL_YEAR),
        ("城乡居民医保征缴", (9, 10, 11, 12)),
        ("稳就业", ALL_YEAR),
        ("爱国卫生运动", ALL_YEAR),
        ("家庭医生签约服务", ALL_YEAR),
        ("文化惠民", ALL_YEAR),
        ("退役军人服务保障", ALL_YEAR),
        ("征兵", (2, 3, 8, 9)),
        ("学生资助", (8, 9, 10)),
    ),
    "城建": (
        ("耕地保护", ALL_YEAR),
        ("农村乱占耕地建房整治", ALL_YEAR),
        ("地质灾害防治", (4, 5, 6, 7, 8, 9)),
        ("农村危房改造", ALL_YEAR),
        ("城乡环境卫生整治", ALL_YEAR),
        ("农村公路养护", ALL_YEAR),
        ("大气污染防治", (1, 2, 10, 11, 12)),
        ("燃气安全", ALL_YEAR),
        ("自建房安全", ALL_YEAR),
        ("危险化学品安全", ALL_YEAR),
    ),
    "综合": (
        ("政务数据共享", ALL_YEAR),
        ("“一网通办”", ALL_YEAR),
        ("基层报表整合", ALL_YEAR),
    ),
}

# Activities townships are asked to run (开展……活动).
ACTIVITIES = (
    "“我为群众办实事”实践",
    "“全民阅读”",
    "“安全生产月”",
    "“学雷锋”志愿服务",
    "“美丽庭院”创评",
    "“民法典宣传月”",
    "“护苗”专项",
    "全民健身",
    "“119”消防宣传月",
    "“我们的节日·端午”主题",
    "禁毒宣传",
    "“移风易俗”宣传",
    "“银龄行动”",
)

# Where a document or meeting goes inside a unit (D-OUT-6, M-OUT-1).
INTERNAL_RECIPIENTS = ("机关各股室", "局机关各股室、二级单位", "机关各科室")
LEADERSHIP_ATTENDEES = ("局领导班子成员", "党组成员", "班子成员")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海波斌宇晨浩"

# Higher levels (上级) whose items reach townships: (demo unit code, how clerks write the name).
HIGHER_SENDERS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("SJ-SWB", ("市委办公室", "中共云州市委办公室", "市委办"), "市委办发"),
    ("SJ-ZFB", ("市政府办公室", "市人民政府办公室", "市政府办"), "市政办发"),
    ("SJ-DCS", ("市委督查室",), ""),
    ("SJ-JW", ("市纪委监委",), "市纪发"),
    ("SJ-NY", ("市农业农村局",), "市农发"),
    ("SJ-JY", ("市教育局",), "市教发"),
    ("SHJ-SWB", ("省委办公厅",), "省委办发"),
    ("SHJ-ZFB", ("省政府办公厅", "省人民政府办公厅"), "省政办发"),
)

CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as 届次 and 期次 are written (十八, 二十三)."""
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMBERS[tens - 1]
    return head + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")


# The year's rhythm: relative amount of work per month. Fewer in February (Spring Festival) and
# August; peaks in March–June and November–December.
MONTH_WEIGHT = {
    1: 0.95,
    2: 0.5,
    3: 1.25,
    4: 1.2,
    5: 1.15,
    6: 1.3,
    7: 0.9,
    8: 0.6,
    9: 1.0,
    10: 0.8,
    11: 1.2,
    12: 1.35,
}

# 2025's public holidays and the weekend days worked in exchange (调休上班).
HOLIDAYS_2025 = (
    (date(2025, 1, 1), 1),
    (date(2025, 1, 28), 8),  # 春节
    (date(2025, 4, 4), 3),  # 清明
    (date(2025, 5, 1), 5),  # 劳动节
    (date(2025, 5, 31), 3),  # 端午
    (date(2025, 10, 1), 8),  # 国庆、中秋
)
WORKED_WEEKENDS_2025 = (
    date(2025, 1, 26),
    date(2025, 2, 8),
    date(2025, 4, 27),
    date(2025, 9, 28),
    date(2025, 10, 11),
)


# 2026's public holidays and worked weekends (the State Council's schedule).
HOLIDAYS_2026 = (
    (date(2026, 1, 1), 3),
    (date(2026, 2, 15), 9),  # 春节
    (date(2026, 4, 4), 3),  # 清明
    (date(2026, 5, 1), 5),  # 劳动节
    (date(2026, 6, 19), 3),  # 端午
    (date(2026, 9, 25), 3),  # 中秋
    (date(2026, 10, 1), 7),  # 国庆
)
WORKED_WEEKENDS_2026 = (
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
)
HOLIDAYS = {
    2025: (HOLIDAYS_2025, WORKED_WEEKENDS_2025),
    2026: (HOLIDAYS_2026, WORKED_WEEKENDS_2026),
}


def day_weights(year: int) -> list[tuple[date, float]]:
    """Every day of the year with how likely work is sent on it (weekends and holidays rarely;
    the holidays of the years in HOLIDAYS, plain weekends in others)."""
    breaks, worked_days = HOLIDAYS.get(year, ((), ()))
    holidays = set()
    for start, length in breaks:
        holidays.update(start + timedelta(days=i) for i in range(length))
    worked = set(worked_days)
    day = date(year, 1, 1)
    out = []
    while day.year == year:
        if day in holidays:
            weight = 0.02
        elif day.weekday() >= 5 and day not in worked:
            weight = 0.05
        else:
            weight = 1.0
        out.append((day, weight * MONTH_WEIGHT[day.month]))
        day += timedelta(days=1)
    return out


# Each department's own subjects (the months they come up in; () = all year). A department not
# listed takes its system's topics.
_A: tuple[int, ...] = ()
DEPT_TOPICS: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {
    "QH-ZZB": (("基层党组织建设", _A), ("党员发展", _A), ("村（社区）“两委”班子建设", _A)),
    "QH-XCB": (("意识形态", _A), ("宣传思想文化", _A), ("新时代文明实践", _A)),
    "QH-TZB": (("统一战线", _A), ("民族宗教", _A), ("新的社会阶层人士联谊", _A)),
    "QH-BB": (("机构编制管理", _A), ("事业单位登记管理", _A)),
    "QH-DX": (("干部教育培训", _A), ("党的创新理论宣讲", _A)),
    "QH-RMT": (("新闻宣传报道", _A), ("县级融媒体建设", _A)),
    "QH-ZGH": (("职工权益保障", _A), ("劳模工匠选树", (3, 4))),
    "QH-TXW": (("青年志愿服务", (3, 4, 5)), ("青少年权益保护", _A)),
    "QH-FL": (("妇女儿童发展", _A), ("“巾帼建功”", _A)),
    "QH-ZFW": (("平安青河建设", _A), ("矛盾纠纷排查化解", _A), ("扫黑除恶常态化", _A)),
    "QH-JW": (("廉政风险防控", _A), ("群众身边不正之风和腐败问题集中整治", _A)),
    "QH-GA": (("道路交通安全", _A), ("反诈宣传", _A), ("治安防控", _A)),
    "QH-SF": (("人民调解", _A), ("法治政府建设", _A), ("社区矫正", _A)),
    "QH-XF": (("信访积案化解", _A), ("信访维稳", _A)),
    "QH-FG": (("固定资产投资", _A), ("重点项目建设", _A), ("“十五五”规划编制", (5, 6, 7, 8, 9))),
    "QH-KJ": (("科技特派员服务", _A), ("高新技术企业培育", _A)),
    "QH-GX": (("规上企业培育", _A), ("工业经济运行", _A)),
    "QH-CZ": (("财政预算执行", _A), ("惠民惠农财政补贴资金“一卡通”管理", _A)),
    "QH-SW": (("消费促进", _A), ("电子商务进农村", _A)),
    "QH-SJ": (("审计整改", _A),),
    "QH-SC": (("食品安全", _A), ("市场主体培育", _A), ("特种设备安全", _A)),
    "QH-TJ": (("统计数据质量", _A), ("第五次全国经济普查", (1, 2, 3))),
    "QH-SWJ": (("税费政策落实", _A), ("城乡居民医保征缴", (9, 10, 11, 12))),
    "QH-NY": (
        ("春季农业生产", (2, 3, 4)),
        ("粮食生产", _A),
        ("“三夏”生产", (5, 6)),
        ("农村人居环境整治", _A),
        ("动物防疫", _A),
        ("秸秆禁烧", (5, 6, 9, 10)),
        ("高标准农田建设", _A),
    ),
    "QH-SL": (("河湖长制", _A), ("冬春农田水利建设", (1, 2, 11, 12)), ("防汛备汛", (4, 5, 6))),
    "QH-LY": (("森林防火", WINTER_SPRING), ("林长制", _A), ("松材线虫病防控", (3, 4, 9, 10))),
    "QH-XCZX": (("防止返贫致贫监测帮扶", _A), ("农村集体经济发展", _A), ("乡村全面振兴", _A)),
    "QH-FX": (("防汛备汛", (4, 5, 6)), ("防汛抗旱", FLOOD_SEASON), ("山洪灾害防御", (5, 6, 7, 8))),
    "QH-JY": (("义务教育控辍保学", (2, 3, 8, 9)), ("高考中考服务保障", (5, 6)), ("学生资助", _A)),
    "QH-MZ": (("最低生活保障", _A), ("养老服务", _A), ("村（社区）换届", _A)),
    "QH-RS": (("稳就业", _A), ("根治欠薪", (11, 12, 1)), ("城乡居民养老保险", _A)),
    "QH-WJ": (("爱国卫生运动", _A), ("家庭医生签约服务", _A), ("传染病防控", _A)),
    "QH-WL": (("文化惠民", _A), ("旅游市场秩序", _A), ("文物安全", _A)),
    "QH-TY": (("退役军人服务保障", _A), ("征兵", (2, 3, 8, 9)), ("双拥共建", (1, 7, 8))),
    "QH-YB": (("城乡居民医保征缴", (9, 10, 11, 12)), ("医保基金监管", _A)),
    "QH-ZR": (("耕地保护", _A), ("农村乱占耕地建房整治", _A), ("地质灾害防治", FLOOD_SEASON)),
    "QH-HJ": (("大气污染防治", (1, 2, 10, 11, 12)), ("生态环境保护", _A), ("农村生活污水治理", _A)),
    "QH-ZJ": (("农村危房改造", _A), ("自建房安全", _A), ("燃气安全", _A), ("城乡环境卫生整治", _A)),
    "QH-JT": (("农村公路养护", _A), ("道路运输安全", _A)),
    "QH-YJ": (("安全生产", _A), ("危险化学品安全", _A), ("自建房安全", _A), ("防灾减灾", _A)),
    "QH-SJJ": (("政务数据共享", _A), ("“一网通办”", _A), ("基层报表整合", _A)),
}
