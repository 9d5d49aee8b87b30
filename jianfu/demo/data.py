"""The demo county 青河县 as plain data: its units, their aliases, the demo accounts and the
three supervision groups. Everything here is fictional; nothing here touches the database.

Codes follow the pattern the tests and DESIGN.md use (`QH-NY`, `QH-HK`, `QH-LL`): the county code,
a dash and the pinyin initials of the unit. Higher-level bodies carry `SJ-` (市级) or `SHJ-` (省级).
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTY_CODE = "QH"
COUNTY_NAME = "青河县"

# The one password of every demo account. It is public (printed by `jianfu demo --logins`), which
# is why `jianfu demo` refuses to run with production settings. It passes the project's password
# validators for every demo account (tests/demo check this): no county code, unit or pinyin word.
DEMO_PASSWORD = "Demo@2025"  # noqa: S105 - documented demo credential

# The seed of the data steps' deterministic randomness. Their year is the year of the day the demo
# lives in (context.py `demo_today`: today, or JIANFU_DEMO_TODAY).
DEMO_SEED = "qinghe-demo-v1"

SYSTEMS = ("党群", "政法", "经济", "农业农村", "社会事业", "城建", "综合")
AREAS = ("城区片", "东片", "南片", "西北片")


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str  # one of org.models.UnitKind values
    system: str = ""
    area: str = ""
    parent: str = ""  # the parent's code
    aliases: tuple[str, ...] = ()
    observation_point: bool = False
    pilot: bool = False


def _county(code, name, short, parent="", aliases=()):
    return UnitSpec(code, name, short, "county", system="综合", parent=parent, aliases=aliases)


def _dept(code, name, short, system, parent="", aliases=(), pilot=False):
    return UnitSpec(
        code, name, short, "department", system=system, parent=parent, aliases=aliases, pilot=pilot
    )


def _town(code, name, area, aliases=()):
    return UnitSpec(code, name, "", "township", area=area, aliases=aliases, observation_point=True)


def _higher(code, name, short="", aliases=()):
    return UnitSpec(code, name, short, "higher", aliases=aliases)


XW, ZF = "QH-XW", "QH-ZF"  # the party committee and the government: parents of their departments

# The four leadership bodies (四大机构) and their offices.
COUNTY_UNITS: tuple[UnitSpec, ...] = (
    _county(XW, "中共青河县委员会", "县委", aliases=("中共青河县委", "青河县委")),
    _county(
        "QH-RD",
        "县人大常委会",
        "县人大",
        aliases=("青河县人大常委会", "青河县人民代表大会常务委员会"),
    ),
    _county(ZF, "县人民政府", "县政府", aliases=("青河县人民政府", "青河县政府")),
    _county("QH-ZX", "县政协", "", aliases=("政协青河县委员会", "青河县政协")),
    _county("QH-XWB", "县委办公室", "县委办", XW, ("中共青河县委办公室", "青河县委办公室")),
    _county("QH-ZFB", "县政府办公室", "县政府办", ZF, ("青河县人民政府办公室", "县人民政府办公室")),
    _county("QH-RDB", "县人大常委会办公室", "县人大办", "QH-RD", ("青河县人大常委会办公室",)),
    _county("QH-ZXB", "县政协办公室", "县政协办", "QH-ZX", ("政协青河县委员会办公室",)),
)

# County departments and coordination bodies (县直部门), by system (系统).
DEPARTMENTS: tuple[UnitSpec, ...] = (
    # 党群
    _dept("QH-ZZB", "县委组织部", "组织部", "党群", XW, ("中共青河县委组织部",)),
    _dept("QH-XCB", "县委宣传部", "宣传部", "党群", XW, ("中共青河县委宣传部",)),
    _dept("QH-TZB", "县委统战部", "统战部", "党群", XW, ("中共青河县委统战部",)),
    _dept("QH-BB", "县委机构编制委员会办公室", "县委编办", "党群", XW, ("县编办",)),
    _dept("QH-DX", "县委党校", "党校", "党群", XW, ("中共青河县委党校",)),
    _dept("QH-RMT", "县融媒体中心", "融媒体中心", "党群", XW, ("青河县融媒体中心",)),
    _dept("QH-ZGH", "县总工会", "总工会", "党群", "", ("青河县总工会",)),
    _dept("QH-TXW", "团县委", "", "党群", "", ("共青团青河县委员会", "共青团青河县委")),
    _dept("QH-FL", "县妇联", "妇联", "党群", "", ("青河县妇女联合会", "县妇女联合会")),
    # 政法
    _dept("QH-ZFW", "县委政法委", "政法委", "政法", XW, ("中共青河县委政法委员会",)),
    _dept(
        "QH-JW",
        "县纪委监委",
        "纪委监委",
        "政法",
        "",
        ("中共青河县纪律检查委员会", "青河县监察委员会", "县纪委"),
    ),
    _dept("QH-GA", "县公安局", "公安局", "政法", ZF, ("青河县公安局",)),
    _dept("QH-SF", "县司法局", "司法局", "政法", ZF, ("青河县司法局",)),
    _dept("QH-XF", "县信访局", "信访局", "政法", ZF, ("青河县信访局",)),
    # 经济
    _dept("QH-FG", "县发展和改革局", "发改局", "经济", ZF, ("县发改局", "青河县发展和改革局")),
    _dept("QH-KJ", "县科技局", "科技局", "经济", ZF, ("青河县科学技术局",)),
    _dept("QH-GX", "县工业和信息化局", "工信局", "经济", ZF, ("县工信局",)),
    _dept("QH-CZ", "县财政局", "财政局", "经济", ZF, ("青河县财政局",)),
    _dept("QH-SW", "县商务局", "商务局", "经济", ZF, ("青河县商务局",)),
    _dept("QH-SJ", "县审计局", "审计局", "经济", ZF, ("青河县审计局",)),
    _dept("QH-SC", "县市场监督管理局", "市场监管局", "经济", ZF, ("县市场监管局",)),
    _dept("QH-TJ", "县统计局", "统计局", "经济", ZF, ("青河县统计局",)),
    _dept("QH-SWJ", "县税务局", "税务局", "经济", "", ("国家税务总局青河县税务局",)),
    # 农业农村
    _dept(
        "QH-NY",
        "县农业农村局",
        "农业农村局",
        "农业农村",
        ZF,
        ("青河县农业农村局", "县农业局"),
        pilot=True,
    ),
    _dept("QH-SL", "县水利局", "水利局", "农业农村", ZF, ("青河县水利局",)),
    _dept("QH-LY", "县林业局", "林业局", "农业农村", ZF, ("青河县林业局",)),
    _dept("QH-XCZX", "县乡村振兴局", "乡村振兴局", "农业农村", ZF, ("县扶贫办",)),
    _dept(
        "QH-FX",
        "县防汛抗旱指挥部办公室",
        "县防汛办",
        "农业农村",
        ZF,
        ("县防汛抗旱指挥部", "防汛抗旱指挥部办公室"),
    ),
    # 社会事业
    _dept("QH-JY", "县教育局", "教育局", "社会事业", ZF, ("青河县教育局",), pilot=True),
    _dept("QH-MZ", "县民政局", "民政局", "社会事业", ZF, ("青河县民政局",)),
    _dept("QH-RS", "县人力资源和社会保障局", "人社局", "社会事业", ZF, ("县人社局",)),
    _dept("QH-WJ", "县卫生健康局", "卫健局", "社会事业", ZF, ("县卫健局", "县卫健委")),
    _dept("QH-WL", "县文化和旅游局", "文旅局", "社会事业", ZF, ("县文旅局",)),
    _dept("QH-TY", "县退役军人事务局", "退役军人局", "社会事业", ZF, ("县退役军人局",)),
    _dept("QH-YB", "县医疗保障局", "医保局", "社会事业", ZF, ("县医保局",)),
    # 城建
    _dept("QH-ZR", "县自然资源局", "自然资源局", "城建", ZF, ("县自然资源和规划局",)),
    _dept("QH-HJ", "县生态环境分局", "生态环境分局", "城建", "", ("市生态环境局青河分局",)),
    _dept("QH-ZJ", "县住房和城乡建设局", "住建局", "城建", ZF, ("县住建局",)),
    _dept("QH-JT", "县交通运输局", "交通运输局", "城建", ZF, ("县交通局",)),
    _dept("QH-YJ", "县应急管理局", "应急局", "城建", ZF, ("县应急局",)),
    # 综合
    _dept("QH-SJJ", "县数据局", "数据局", "综合", ZF, ("县大数据中心",)),
)

# Townships and sub-districts (乡镇、街道): every one is a data observation point (数据观测点).
TOWNSHIPS: tuple[UnitSpec, ...] = (
    _town("QH-CG", "城关镇", "城区片", ("青河县城关镇",)),
    _town("QH-DG", "东关街道", "城区片", ("东关街道办事处",)),
    _town("QH-XG", "西关街道", "城区片", ("西关街道办事处",)),
    _town("QH-HK", "河口乡", "东片", ("青河县河口乡",)),
    _town("QH-SH", "双河镇", "东片"),
    _town("QH-LM", "龙门乡", "东片"),
    _town("QH-BM", "白马乡", "东片"),
    _town("QH-LL", "柳林镇", "南片", ("青河县柳林镇",)),
    _town("QH-SQ", "石桥镇", "南片"),
    _town("QH-MF", "马坊乡", "南片"),
    _town("QH-QQ", "清泉乡", "南片"),
    _town("QH-QS", "青山镇", "西北片"),
    _town("QH-WZ", "王庄镇", "西北片"),
    _town("QH-GL", "高岭镇", "西北片"),
    _town("QH-ZY", "枣园乡", "西北片"),
)

# Higher-level bodies (上级), so that ledgers can name who sent a document or held a meeting.
HIGHER_UNITS: tuple[UnitSpec, ...] = (
    _higher("SJ-SWB", "市委办公室", "市委办"),
    _higher("SJ-ZFB", "市政府办公室", "市政府办", ("市人民政府办公室",)),
    _higher("SJ-DCS", "市委督查室", ""),
    _higher("SJ-JW", "市纪委监委", ""),
    _higher("SJ-NY", "市农业农村局", ""),
    _higher("SJ-JY", "市教育局", ""),
    _higher("SHJ-SWB", "省委办公厅", ""),
    _higher("SHJ-ZFB", "省政府办公厅", "", ("省人民政府办公厅",)),
)

UNITS: tuple[UnitSpec, ...] = COUNTY_UNITS + DEPARTMENTS + TOWNSHIPS + HIGHER_UNITS


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str  # one of org.models.Role values
    unit: str  # the unit's code
    display_name: str
    title: str
    phone: str = ""


# One or more accounts for every role (Role in org/models.py). Names are fictional.
USERS: tuple[UserSpec, ...] = (
    # clerks and leaders: two townships and two departments
    UserSpec("cg_clerk", "clerk", "QH-CG", "刘芳", "党政办干事", "0000-6100101"),
    UserSpec("cg_leader", "leader", "QH-CG", "陈建国", "镇党委书记", "0000-6100102"),
    UserSpec("hk_clerk", "clerk", "QH-HK", "赵丽", "党政办工作人员", "0000-6100201"),
    UserSpec("hk_leader", "leader", "QH-HK", "孙志强", "乡长", "0000-6100202"),
    UserSpec("ny_clerk", "clerk", "QH-NY", "周敏", "办公室科员", "0000-6200301"),
    UserSpec("ny_leader", "leader", "QH-NY", "吴海涛", "局长", "0000-6200302"),
    UserSpec("jy_clerk", "clerk", "QH-JY", "郑雪", "办公室干事", "0000-6200401"),
    UserSpec("jy_leader", "leader", "QH-JY", "冯立新", "副局长", "0000-6200402"),
    # the task force (工作专班) in the two offices
    UserSpec("xwb_coord", "coordinator", "QH-XWB", "王静", "县委办副主任", "0000-6000101"),
    UserSpec("zfb_coord", "coordinator", "QH-ZFB", "李强", "县政府办副主任", "0000-6000201"),
    # county leaders who approve filings
    UserSpec("xw_approver", "approver", XW, "杨卫东", "县委副书记", "0000-6000001"),
    UserSpec("zf_approver", "approver", ZF, "何志明", "常务副县长", "0000-6000002"),
    # the three supervision groups (督导组)
    UserSpec("inspector1", "inspector", "QH-XWB", "黄涛", "第一督导组组长", "0000-6000301"),
    UserSpec("inspector2", "inspector", "QH-XWB", "林晓燕", "第二督导组组长", "0000-6000302"),
    UserSpec("inspector3", "inspector", "QH-XWB", "马俊", "第三督导组组长", "0000-6000303"),
    # the three separated administrators (三员分立)
    UserSpec("sysadmin", "sysadmin", "QH-SJJ", "徐斌", "系统管理员", "0000-6300101"),
    UserSpec("secadmin", "secadmin", "QH-SJJ", "胡佳", "安全管理员", "0000-6300102"),
    UserSpec("auditadmin", "auditadmin", "QH-XWB", "高敏", "审计管理员", "0000-6000401"),
)


@dataclass(frozen=True)
class SupervisionGroup:
    """One of the 3 supervision groups: the departments of its systems and the townships of its
    areas (分系统、分片区). Together the groups cover every department and township once."""

    name: str
    inspector: str  # username
    systems: tuple[str, ...]
    areas: tuple[str, ...]

    def covers(self, spec: UnitSpec) -> bool:
        if spec.kind == "department":
            return spec.system in self.systems
        if spec.kind == "township":
            return spec.area in self.areas
        return False


SUPERVISION_GROUPS: tuple[SupervisionGroup, ...] = (
    SupervisionGroup("第一督导组", "inspector1", ("党群", "政法", "综合"), ("城区片",)),
    SupervisionGroup("第二督导组", "inspector2", ("经济", "城建"), ("东片",)),
    SupervisionGroup("第三督导组", "inspector3", ("农业农村", "社会事业"), ("南片", "西北片")),
)


def group_unit_codes(group: SupervisionGroup) -> list[str]:
    """The codes of the demo units a supervision group is assigned, in data order."""
    return [spec.code for spec in UNITS if group.covers(spec)]
