"""Synthetic repositories (合成仓库) for the benchmark: valid, realistic, deterministic from a seed.

``generate(root, cases, seed)`` writes a complete repository — ``reference/`` (union, leaders, units),
``schedules/<year>.yaml`` and ``cases/<year>/XF-<year>-<nnnn>.yaml`` — that passes ``xinfang validate``
with zero errors on ``TODAY``. The cases are spread over several years (at most 9,999 a year, the width of
the id), with Chinese text of realistic length (about 2.6 KB a file), histories (registration, a leader's
instruction on letters, assignment, supervision, progress, meetings, conclusion, follow-up visits), letters of
every addressee kind, visits registered at held receptions, and packages (包案), some public and some withheld.

Dates are chosen with ``generator.rules`` (working days, deadlines, the second-Tuesday reception day), so
that the repository also stays free of warnings: a warning is placed by parsing its file again, which would
make the benchmark measure the reporting of thousands of warnings instead of a normal repository.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil
from pathlib import Path

from generator import rules
from generator.querycode import ALPHABET as CODE_ALPHABET
from generator.querycode import grouped, weakness

TODAY = date(2026, 11, 26)
LAST_YEAR = TODAY.year
MAX_YEARS = 12          # 100,000 cases → 12 years of ~8,300 (the id has four digits, and chinesecalendar covers 2004+)
CASES_PER_YEAR = 2500   # below that many, fewer years


def _accept_cutoff() -> date:
    """The last acceptance date whose 60-day deadline still falls in ``TODAY``'s year (a known calendar)."""
    day = date(TODAY.year, 12, 31)
    while rules.conclusion_deadline(day).year > TODAY.year:
        day -= timedelta(days=1)
    return day


ACCEPT_CUTOFF = _accept_cutoff()

PROVINCES = (("北京市", "BJ", ("东城区", "朝阳区", "海淀区")), ("辽宁省", "LN", ("沈阳市", "大连市", "鞍山市")),
             ("江苏省", "JS", ("南京市", "苏州市", "无锡市")), ("浙江省", "ZJ", ("杭州市", "宁波市", "温州市")),
             ("山东省", "SD", ("济南市", "青岛市", "烟台市")), ("河南省", "HA", ("郑州市", "洛阳市", "新乡市")),
             ("湖北省", "HB", ("武汉市", "宜昌市", "襄阳市")), ("广东省", "GD", ("广州市", "深圳市", "东莞市")),
             ("四川省", "SC", ("成都市", "绵阳市", "德阳市")), ("陕西省", "SN", ("西安市", "宝鸡市", "咸阳市")))
DEPARTMENTS = (("U-FLB", "法律工作部"), ("U-JCB", "基层工作部"), ("U-BZB", "保障工作部"), ("U-LDB", "劳动和经济工作部"))
LEADERS = (  # id, name, title, role, from, to
    ("L-CHEN", "陈志远", "主席", "chairman", 2004, None),
    ("L-LIU", "刘建国", "党组成员、副主席", "party_group", 2004, None),
    ("L-SUN", "孙丽萍", "党组成员、副主席", "party_group", 2004, None),
    ("L-ZHAO", "赵国栋", "书记处书记", "secretariat", 2004, None),
    ("L-WU", "吴海燕", "书记处书记", "secretariat", 2004, None),
    ("L-ZHENG", "郑永明", "兼职副主席", "part_time", 2004, None),
    ("L-GAO", "高文华", "原副主席", "former", 1996, 2012),
)
RECEIVING = ("L-CHEN", "L-LIU", "L-SUN", "L-ZHAO", "L-WU")
TOPICS = ("labor_contract", "wages", "social_security", "democratic_management", "labor_protection", "other")
TOPIC_WORDS = {"labor_contract": "劳动合同", "wages": "工资待遇", "social_security": "社会保障",
               "democratic_management": "民主管理", "labor_protection": "劳动保护", "other": "其他权益"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
# Given-name characters that occur in no public wording (leaders, units, places, phrases): the public site's
# leak guard rightly refuses a page that contains a petitioner's name, even by coincidence.
GIVEN = "钰琪璇琳瑶昊昕嵘翊珂珩玥琰璟瑾萱蕾蔚霏霖珺琦瑛璐骁铮"
FIRMS = ("恒泰重型机械制造", "华兴建筑工程", "新世纪物流", "宏达纺织", "金鼎食品", "远航汽车零部件", "利民超市",
         "安康医疗器械", "鑫源矿业", "东方电子科技", "长城物业服务", "顺通快递")
ISSUES = {
    "labor_contract": ("入职后企业一直未与其签订书面劳动合同", "企业单方面解除劳动合同且未支付经济补偿",
                       "劳动合同到期后企业拒绝续签并要求职工自愿离职"),
    "wages": ("企业拖欠其及同班组职工数月工资", "企业以经营困难为由长期按最低工资标准发放工资",
              "项目完工后总包单位拖欠农民工工资"),
    "social_security": ("企业停缴职工养老、医疗保险已一年有余", "企业未为职工办理工伤保险，工伤医疗费用无人承担",
                        "企业按最低基数缴纳社会保险，与实际工资严重不符"),
    "democratic_management": ("企业改制方案未经职工代表大会审议", "企业多年未召开职工代表大会、厂务不公开",
                              "企业工会主席由行政负责人指定，职工无法参与选举"),
    "labor_protection": ("车间粉尘、噪声严重超标且未配发防护用品", "企业长期安排职工超时加班且不支付加班费",
                         "女职工孕期被调岗降薪"),
    "other": ("职工困难帮扶申请长期没有答复", "工会会员权益受到侵害后投诉无门", "职工疗休养待遇被取消"),
}
DEMANDS = ("依法补发拖欠款项并支付相应赔偿", "依法补签劳动合同并支付二倍工资差额", "为其补缴社会保险费并恢复相关待遇",
           "督促企业依法召开职工代表大会并公开相关事项", "改善作业环境、配发劳动防护用品", "给予困难帮扶并协调解决实际困难")
ORGANS = ("国家信访局", "人力资源社会保障部", "国务院国资委", "全国人大常委会办公厅信访局")


@dataclass
class Reception:
    """One planned or held reception of a year (its id is given after all are sorted by date)."""

    date: date
    session: str
    mode: str
    leader: str
    topic: str | None = None
    cases: list["Case"] = field(default_factory=list)
    registered: list["Case"] = field(default_factory=list)
    id: str = ""

    @property
    def held(self) -> bool:
        return self.date <= TODAY


@dataclass
class Case:
    """What is decided about one case before it is written (its id is given after sorting by date)."""

    received: date
    channel: str
    reception: Reception | None = None
    id: str = ""


# -- text ----------------------------------------------------------------------------------------------

class Writer:
    """Chinese wording from phrase pools: names, firms, places, sentences (deterministic per ``Random``)."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    def person(self) -> str:
        return self.rnd.choice(SURNAMES) + "".join(self.rnd.choice(GIVEN) for _ in range(self.rnd.randint(1, 2)))

    def firm(self, city: str) -> str:
        return f"{city.removesuffix('市').removesuffix('区')}{self.rnd.choice(FIRMS)}有限公司"

    def phone(self) -> str:
        return "1" + self.rnd.choice("3589") + "".join(self.rnd.choice("0123456789") for _ in range(9))

    def id_number(self, year: int) -> str:
        digits = "".join(self.rnd.choice("0123456789") for _ in range(6))
        born = date(1960, 1, 1) + timedelta(days=self.rnd.randint(0, 14000))
        return f"{digits}{born:%Y%m%d}{self.rnd.randint(100, 999)}{self.rnd.choice('0123456789X')}"

    def summary(self, name: str, firm: str, issue: str, months: int, people: int) -> str:
        tail = self.rnd.choice(("曾向企业工会和属地劳动保障监察机构反映，企业答复“研究后处理”，至今没有结果。",
                                f"{name}称目前生活困难，希望上级工会出面协调，督促企业依法解决。"))
        return (f"{name}系{firm}职工，工龄{self.rnd.randint(2, 30)}年。反映{issue}，涉及职工约{people}人，"
                f"持续时间已达{months}个月。{tail}")

    def public(self, name: str, issue: str, city: str) -> str:
        return f"{city}某企业职工{name[0]}某反映{issue}，请求上级工会协调解决，维护职工合法权益。"

    def note(self, what: str) -> str:
        extra = self.rnd.choice(("经办人已做好记录，并向信访人说明了办理程序和期限。",
                                 "责任单位表示将于期限内书面报告办理情况。",
                                 "已告知信访人依法理性表达诉求，信访人表示理解。",
                                 "相关材料已整理归档，后续进展将及时跟进。"))
        return f"{what}{extra}"

    def result(self, topic: str, people: int) -> str:
        return (f"经协调，企业已就{TOPIC_WORDS[topic]}问题整改到位，涉及的{people}名职工的合法权益得到维护；"
                f"企业工会负责人作出检查，承诺建立定期沟通机制。信访人对处理结果表示认可。")


# -- the repository --------------------------------------------------------------------------------------

def years_for(cases: int) -> list[int]:
    """The years the cases are spread over, ending with ``LAST_YEAR``."""
    count = min(MAX_YEARS, max(2, ceil(cases / CASES_PER_YEAR)))
    return list(range(LAST_YEAR - count + 1, LAST_YEAR + 1))


def generate(root: Path, cases: int, seed: int = 6) -> dict[str, int]:
    """Write a repository of ``cases`` cases into ``root`` (emptied first); returns counts by kind."""
    if root.exists():
        shutil.rmtree(root)
    rnd = random.Random(f"xinfang-bench-{seed}-{cases}")
    (root / "reference").mkdir(parents=True)
    (root / "schedules").mkdir()
    _write_reference(root / "reference")
    years = years_for(cases)
    counts = {"cases": 0, "receptions": 0, "packages": 0, "withheld": 0, "bytes": 0}
    for i, year in enumerate(years):
        share = cases // len(years) + (1 if i < cases % len(years) else 0)
        _write_year(root, year, share, rnd, counts)
    return counts


def query_code(case_id: str) -> str:
    """Every case gets a 查询码, as ``xinfang new case`` gives one: derived from the id (not from ``rnd``, so
    the rest of the repository is what it was), never a weak one."""
    for attempt in range(100):
        digest = hashlib.sha256(f"xinfang-bench-code-{case_id}-{attempt}".encode()).digest()
        code = grouped("".join(CODE_ALPHABET[b % 32] for b in digest[:12]))
        if weakness(code) is None:
            return code
    raise AssertionError(case_id)


def _write_reference(folder: Path) -> None:
    # the lookup's keys (synthetic, fixed): the public salt and the repository secret (generator.lookup)
    (folder / "lookup-salt.txt").write_text(hashlib.sha256(b"bench-salt").hexdigest()[:32] + "\n", encoding="utf-8")
    (folder / "lookup-secret.txt").write_text(hashlib.sha256(b"bench-secret").hexdigest() + "\n", encoding="utf-8")
    (folder / "union.yaml").write_text(
        "# 合成数据（基准测试用），全部虚构。\nname: 中华全国总工会\nshort_name: 全国总工会\nlevel: national\n"
        "reception_room: 全国总工会信访接待室\nhotline: \"010-68590000\"\n", encoding="utf-8")
    lines = ["# 合成数据（基准测试用），全部虚构。", "leaders:"]
    for lid, name, title, role, start, end in LEADERS:
        lines += [f"  - id: {lid}", f"    name: {name}", f"    title: {title}", f"    role: {role}",
                  f"    from_year: {start}"] + ([f"    to_year: {end}"] if end else []) + [
                  f"    topics: [{', '.join(TOPICS)}]"]
    (folder / "leaders.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["# 合成数据（基准测试用），全部虚构。", "units:"]
    for province, code, _ in PROVINCES:
        lines += [f"  - id: U-{code}-FGH", f"    name: {province}总工会", "    kind: provincial_union",
                  f"    province: {province}"]
    for uid, name in DEPARTMENTS:
        lines += [f"  - id: {uid}", f"    name: {name}", "    kind: department"]
    (folder / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _workday(d: date) -> date:
    return d if rules.is_workday(d) else rules.next_workday(d)


def _plan_receptions(year: int, visits: int, rnd: random.Random) -> list[Reception]:
    """12 fixed receptions on the second Tuesday, and thematic ones enough for ~25 visits each."""
    plan = [Reception(rules.fixed_reception_day(year, m).date, "am", "fixed", RECEIVING[(m - 1) % len(RECEIVING)])
            for m in range(1, 13)]
    thematic = max(4, min(600, visits // 25))
    for k in range(thematic):
        day = _workday(date(year, 1, 6) + timedelta(days=int(k * 350 / thematic) + rnd.randint(0, 3)))
        if day.year == year:
            plan.append(Reception(day, "pm", "thematic", RECEIVING[k % len(RECEIVING)], topic=TOPICS[k % len(TOPICS)]))
    return plan


def _write_year(root: Path, year: int, count: int, rnd: random.Random, counts: dict[str, int]) -> None:
    last = TODAY - timedelta(days=1) if year == TODAY.year else date(year, 12, 28)
    plan = sorted(_plan_receptions(year, count // 5, rnd), key=lambda r: (r.date, r.session))
    for n, rec in enumerate(plan, 1):
        rec.id = f"JF-{year}-{n:02d}"
    # visits only at receptions whose cases can be accepted within this year's known calendar
    held = [r for r in plan if r.held and r.date <= ACCEPT_CUTOFF - timedelta(days=7)]
    window = (last - date(year, 1, 2)).days
    cases: list[Case] = []
    for _ in range(count):
        if held and rnd.random() < 0.2:
            rec = rnd.choice(held)
            case = Case(rec.date, "visit", rec)
            rec.registered.append(case)
        else:
            channel = rnd.choices(("letter", "call", "online", "referral"), (4, 2, 2, 1))[0]
            case = Case(date(year, 1, 2) + timedelta(days=rnd.randint(0, window)), channel)
        cases.append(case)
    cases.sort(key=lambda c: (c.received, c.channel))
    for n, case in enumerate(cases, 1):
        case.id = f"XF-{year}-{n:04d}"
    folder = root / "cases" / str(year)
    folder.mkdir(parents=True)
    writer = Writer(rnd)
    for case in cases:
        text = _case_yaml(case, writer, plan)
        (folder / f"{case.id}.yaml").write_text(text, encoding="utf-8")
        counts["bytes"] += len(text.encode("utf-8"))
        counts["packages"] += "\npackage:" in text
        counts["withheld"] += "disclosure: withheld" in text
    counts["cases"] += len(cases)
    (root / "schedules" / f"{year}.yaml").write_text(_schedule_yaml(year, plan, rnd), encoding="utf-8")
    counts["receptions"] += len(plan)


# -- one case --------------------------------------------------------------------------------------------

def _q(d: date) -> str:
    return f'"{d.isoformat()}"'


def _case_yaml(case: Case, w: Writer, plan: list[Reception]) -> str:
    """The YAML text of one case, valid against the schema and every rule on ``TODAY``."""
    rnd = w.rnd
    reader = None  # the leader who reads a letter and writes an instruction on it (阅批)
    province, code, cities = rnd.choice(PROVINCES)
    city = rnd.choice(cities)
    topic = rnd.choice(TOPICS)
    name, firm = w.person(), w.firm(city)
    people = rnd.randint(1, 60)
    unit = f"U-{code}-FGH"
    out = ["# yaml-language-server: $schema=../../schemas/case.schema.json", f"id: {case.id}",
           f'query_code: "{query_code(case.id)}"', f"channel: {case.channel}"]
    if case.channel == "visit":
        out.append(f"reception: {case.reception.id}")
    elif case.channel == "letter":
        letter, reader = _letter(w)
        out += letter
    elif case.channel == "referral":
        out += ["referral:", f"  organ: {rnd.choice(ORGANS)}"]
    out += ["petitioners:", f"  - name: {name}", f'    phone: "{w.phone()}"', f'    id_number: "{w.id_number(case.received.year)}"',
            f"    employer: {firm}", f"    address: {province}{city}建设路{rnd.randint(1, 300)}号{rnd.randint(1, 9)}单元{rnd.randint(101, 1802)}室"]
    if people > 5:
        out.append(f"headcount: {people}")
    issue = rnd.choice(ISSUES[topic])
    summary = w.summary(name, firm, issue, rnd.randint(2, 30), people)
    out += [f"topic: {topic}", "region:", f"  province: {province}", f"  city: {city}",
            f"title: {city}某企业{TOPIC_WORDS[topic]}问题", f"public_summary: {w.public(name, issue, city)}",
            f"summary: {summary}", f"demands: {rnd.choice(DEMANDS)}。", f"received: {_q(case.received)}"]
    out += _course(case, w, topic, unit, people, reader)
    return "\n".join(out) + "\n"


def _letter(w: Writer) -> tuple[list[str], str | None]:
    """The ``letter`` block, and the leader who reads it (chairman's and leaders' letters)."""
    kind = w.rnd.choices(("chairman", "leader", "unsigned", "former_leader", "part_time_leader", "forwarded"),
                         (5, 4, 3, 1, 1, 2))[0]
    lines = ["letter:", f"  addressee: {kind}"]
    reader = "L-CHEN" if kind == "chairman" else None
    if kind == "leader":
        reader = w.rnd.choice(RECEIVING[1:])
        lines.append(f"  leader: {reader}")
    elif kind == "former_leader":
        lines.append("  leader: L-GAO")
    elif kind == "part_time_leader":
        lines += ["  leader: L-ZHENG", "  passed_by_secretary: true"]
    if kind in ("unsigned", "forwarded"):
        lines.append(f"  routed_to: {w.rnd.choice(RECEIVING[1:])}")
    if kind == "forwarded":
        lines.append(f"  forwarded_by: {w.rnd.choice(ORGANS)}")
    return lines, reader


def _course(case: Case, w: Writer, topic: str, unit: str, people: int, reader: str | None) -> list[str]:
    """Status, acceptance, units, package, history and conclusion: one consistent course of the case."""
    rnd, received = w.rnd, case.received
    history = [(received, ["type: registration", f"note: {w.note('登记信访事项。')}", "public_note: 登记。"])]
    accepted = _workday(received + timedelta(days=rnd.randint(1, 5)))
    if received > TODAY - timedelta(days=12):  # still within the 15 days to decide
        return ["status: registered", *_history(history)]
    if accepted > ACCEPT_CUTOFF or rnd.random() < 0.04:  # a later acceptance would need next year's calendar
        reason = w.note("所反映事项已经仲裁裁决并进入诉讼程序，依法不予受理。")
        told = _q(accepted)  # 书面告知不予受理, within the 15 days; the route the law provides (分类处理)
        return ["status: not_accepted", f"not_accepted_reason: {reason}",
                "not_accepted:", f"  date: {told}", "  category: legal_route",
                "route:", "  kind: litigation", f"  date: {told}", "  body: 人民法院", *_history(history)]
    deadline = rules.conclusion_deadline(accepted)
    if reader:
        history.append((_workday(received + timedelta(days=1)), ["type: instruction", f"leader: {reader}",
                                                               f"note: {w.note('领导阅批：请社会联络部协调有关单位依法处理。')}"]))
    assigned = _workday(accepted + timedelta(days=rnd.randint(0, 3)))
    history.append((assigned, ["type: assignment", f"unit: {unit}", f"deadline: {_q(deadline)}",
                               f"note: {w.note('交办责任单位，要求依法处理并书面报告。')}", "public_note: 交办责任单位办理。"]))
    lines = [f"accepted: {_q(accepted)}", f"units: [{unit}]"]
    package = rnd.random() < 0.12
    if package:
        lines += _package(w, accepted)
    concluded = min(_workday(accepted + timedelta(days=rnd.randint(25, 50))), deadline)
    if concluded >= TODAY:  # not yet due: still with the responsible unit
        return ["status: assigned", *lines, *_history(history)]
    mid = assigned + (concluded - assigned) / 2
    if mid > assigned:
        reported = min(mid + timedelta(days=rnd.randint(1, 5)), concluded)
        history.append((mid, ["type: supervision", f"unit: {unit}", "method: " + rnd.choice(("phone", "letter", "onsite")),
                              f"deadline: {_q(mid + timedelta(days=5))}", f"reported: {_q(reported)}",
                              f"note: {w.note('督办责任单位加快办理进度。')}", "public_note: 督办。"]))
        progress = mid + (concluded - mid) / 2
        if progress > mid:
            history.append((progress, ["type: progress", f"note: {w.note('责任单位反馈阶段性进展。')}",
                                       "public_note: 责任单位反馈进展。"]))
        if package and mid + timedelta(days=1) <= concluded:
            history.append((mid + timedelta(days=1), ["type: meeting", f"attendees: [{unit}, U-FLB]",
                                                       f"minutes: {w.note('包案领导主持召开协调会议，明确责任分工和化解时限。')}"]))
    concluded = max(concluded, history[-1][0])
    history.append((concluded, ["type: conclusion", f"note: {w.note('责任单位书面报告办理结果。')}", "public_note: 事项办结。"]))
    follow_up = concluded + timedelta(days=rnd.randint(7, 20))
    if rnd.random() < 0.25 and follow_up < TODAY:
        history.append((follow_up, ["type: follow_up", f"note: {w.note('电话回访信访人，了解落实情况。')}",
                                    "public_note: 回访。"]))
    satisfaction = rnd.choices(("satisfied", "basically_satisfied", "unsatisfied"), (6, 3, 1))[0]
    owed = [reader, *(line.split(": ", 1)[1] for line in lines if line.startswith("  leader: ")),
            case.reception.leader if case.reception else None]
    return ["status: concluded", *lines, *_history(history), "conclusion:", f"  date: {_q(concluded)}",
            f"  result: {w.result(topic, people)}", "  public_result: 企业已整改到位，职工合法权益得到维护。",
            f"  satisfaction: {satisfaction}", *_result_reports(case, concluded, owed)]


def _result_reports(case: Case, concluded: date, owed: list[str | None]) -> list[str]:
    """办理结果书面报告: one to each leader who read the letter, took the package or received the visit."""
    leaders = sorted({lid for lid in owed if lid})
    if not leaders:
        return []
    out = ["result_reports:"]
    for k, lid in enumerate(leaders, 1):
        out += [f"  - date: {_q(concluded)}", f"    to: {lid}", f"    reference: 社联呈〔{concluded.year}〕{case.id[-4:]}-{k}号"]
    return out


def _package(w: Writer, accepted: date) -> list[str]:
    rnd = w.rnd
    withheld = rnd.random() < 0.3
    lines = ["package:", f"  leader: {rnd.choice(RECEIVING)}", f"  since: {_q(accepted)}",
             "  scope: [" + ", ".join(sorted(rnd.sample(("protracted", "high_impact", "collective", "policy"), rnd.randint(1, 2)))) + "]",
             f"  plan: {w.note('包案领导牵头制订实施方案，明确时间表和责任人。')}",
             "  four_duties:", f"    facts: {w.note('包案领导听取情况汇报，掌握事项来龙去脉。')}",
             f"    guidance: {w.note('与信访人面对面沟通，做好思想疏导。')}",
             f"    resolution: {w.note('协调有关部门依法依规推动解决。')}",
             f"    relief: {w.note('对生活困难的信访人给予帮扶。')}"]
    if withheld:
        lines += ["  disclosure: withheld", f"  withheld_reason: {w.note('事项涉及企业改制中的未决诉讼，暂不公开。')}"]
    else:
        lines.append("  disclosure: public")
    return lines


def _history(entries: list[tuple[date, list[str]]]) -> list[str]:
    out = ["history:"]
    for when, fields in sorted(entries, key=lambda e: e[0]):
        out.append(f"  - date: {_q(when)}")
        out += [f"    {line}" for line in fields]
    return out


# -- one schedule ----------------------------------------------------------------------------------------

def _schedule_yaml(year: int, plan: list[Reception], rnd: random.Random) -> str:
    out = ["# yaml-language-server: $schema=../schemas/schedule.schema.json", "# 合成数据（基准测试用），全部虚构。",
           f"year: {year}", "receptions:"]
    for rec in plan:
        out += [f"  - id: {rec.id}", f"    date: {_q(rec.date)}", f"    session: {rec.session}", f"    mode: {rec.mode}",
                f"    leader: {rec.leader}", "    location: 全国总工会信访接待室"]
        if rec.topic:
            out += [f"    topic: {rec.topic}", f"    subject: {TOPIC_WORDS[rec.topic]}专题接访"]
        if rec.held:
            out += ["    status: held", f"    attendance: {len(rec.registered) + rnd.randint(1, 12)}",
                    "    registered_cases: [" + ", ".join(c.id for c in rec.registered) + "]"]
            if rec.mode == "thematic":  # 专题接访成果
                by = rec.date + timedelta(days=30)
                done = f', done: {_q(rec.date + timedelta(days=20))}' if rec.date + timedelta(days=20) < TODAY else ""
                out += ["    outcome:", "      measures: 法律工作部指导地方工会建立问题台账、逐件移交有关部门。",
                        "      proposals: 建议完善有关规定，强化用人单位主体责任。",
                        "      follow_up:", f"        - {{unit: U-FLB, task: 建立问题台账并移交有关部门, by: {_q(by)}{done}}}"]
        else:
            out.append("    status: planned")
    return "\n".join(out) + "\n"
