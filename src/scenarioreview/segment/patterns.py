"""Every Chinese heading, numbering and label pattern the segmenter relies on, compiled once and named.

Pure functions only. Numbering comes in many shapes in application forms: 一、 （一） (一) 1. 1、 1． （1） ①,
full- or half-width; Chinese numerals run from 一 to 九十九. Each enumerator has a *rank* (一、 above （一）
above 1. above （1） above ①) so that a line can be compared with the scenario heading it may end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUM = r"[一二三四五六七八九十]{1,3}"
_COLON = r"[：:]"
# Separators that may follow "场景一" before the title.
_SEP = r"(?:[：:、．.\-—－]+\s*|\s+|$)"
# A label is followed by a colon and its value, or stands alone (a table cell, a line of its own).
_VALUE = rf"\s*(?:{_COLON}\s*(?P<v>.*)|(?P<none>))$"


def cn_to_int(text: str) -> int | None:
    """Chinese numeral 一…九十九 (also plain digits) to int; None when it is not one."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    t = CN_DIGITS[tens] if tens else 1
    o = CN_DIGITS[ones] if ones else 0
    value = t * 10 + o
    return value if 1 <= value <= 99 else None


# Enumerators, highest rank (outermost) first. Each is anchored at the start of a line.
ENUMERATORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第(?P<n>{_CN_NUM}|\d{{1,2}})[部章节](?:分)?\s*")),
    ("cn_comma", re.compile(rf"^(?P<n>{_CN_NUM})\s*[、．.]\s*")),
    ("paren_cn", re.compile(rf"^[（(]\s*(?P<n>{_CN_NUM})\s*[)）]\s*[、．.]?\s*")),
    # "3." / "3、" / "3．" / "3 " but not "3.5亿" or "2022年"
    ("arabic_dot", re.compile(r"^(?P<n>\d{1,2})(?:\s*[.．、](?!\d)\s*|\s+(?=\D))")),
    ("paren_arabic", re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[)）]\s*")),
    ("circled", re.compile(r"^(?P<n>[①-⑳])\s*")),
)
ENUM_RANK = {name: rank for rank, (name, _pat) in enumerate(ENUMERATORS)}


@dataclass(frozen=True)
class Enumerated:
    kind: str | None  # one of ENUMERATORS' names, or None when the line is not numbered
    rank: int | None
    core: str  # the line without its enumerator


def split_enumerator(line: str) -> Enumerated:
    """Split a leading enumerator ("（三）", "3.", "一、" …) from a line."""
    s = line.strip()
    for name, pat in ENUMERATORS:
        m = pat.match(s)
        if m and m.end() < len(s):
            return Enumerated(name, ENUM_RANK[name], s[m.end() :].strip())
    return Enumerated(None, None, s)


# "场景一：基于机器视觉的在线检测", "场景3 …", "场景（二）…", "一、场景一：…".
SCENARIO_ORDINAL = re.compile(
    rf"^(?:典型|应用|申报)?场景\s*(?:(?P<n>{_CN_NUM}|\d{{1,2}})\s*{_SEP}|[（(]\s*(?P<pn>{_CN_NUM}|\d{{1,2}})\s*[)）]\s*[：:、．.]?\s*)"
    r"(?P<title>.*)$"
)
# "场景名称：…" (a label line or a numbered heading such as "3. 场景名称：…").
LABEL_TITLE = re.compile(rf"^(?:申报)?场景(?:名称|标题)(?:[（(][^）)]*[)）])?{_VALUE}")
# "对应典型场景：…", "所属典型场景名称：…", "典型场景：…".
LABEL_TYPICAL = re.compile(
    rf"^(?:对应|所属|涉及|参考)?的?(?:智能制造)?典型场景(?:名称)?(?:[（(][^）)]*[)）])?{_VALUE}"
)
# "所属环节：…", "对应环节：…".
LABEL_LINK = re.compile(rf"^(?:所属|对应|涉及)?(?:业务|制造)?环节(?:名称)?{_VALUE}")
# "场景描述（3000字以内）：…" — a label; its value, if any, is description text.
LABEL_DESCRIPTION = re.compile(
    rf"^(?:场景(?:描述|详细描述|情况描述|说明|介绍)|(?:详细|情况)?描述)(?:[（(][^）)]*[)）])?{_VALUE}"
)
# A heading ending in 场景: "（三）焊装车间智能排产场景" (not "项目类别：智能制造优秀场景").
TITLE_ENDS_SCENARIO = re.compile(r"^(?P<title>[^：:]{2,40}场景)$")
# Usual sub-parts of one scenario description: they neither start nor end a scenario, at any level.
SUBPART = re.compile(
    r"^(?:场景|项目)?(?:概述|概况|简介|背景|建设背景|现状(?:与|及)?问题|存在(?:的)?问题|需求分析|建设内容|建设方案|"
    r"解决方案|主要做法|实施(?:方法|路径|过程|内容|要素|成效|效果|步骤)|技术路线|关键技术|创新点|应用成效|"
    r"(?:经济|社会)效益|成效|推广(?:价值|前景|应用)|示范意义|复制推广|下一步(?:计划|打算)?|预期成效)$"
)
# Headings that name the scenario part of a form as a whole, or a sub-part of one description; never a scenario.
GENERIC_SCENARIO_HEADING = re.compile(
    r"^(?:智能制造)?(?:典型|应用|申报|优秀|建设|主要|具体)?(?:的)?场景(?:清单|列表|名称|情况|概述|概况|简介|描述|介绍|说明|"
    r"建设情况|建设内容|实施情况|汇总)?$|^(?:智能制造)?(?:典型|应用|优秀|申报)场景$"
)
# Sections of a form that end the scenario part (compared on the line without its enumerator).
END_SECTION = re.compile(
    r"^(?:(?:申报主体|企业|单位|申报单位)?基本情况|揭榜(?:任务|挂帅)?.{0,12}|(?:建设|项目)?目标(?:与|和|及)?(?:指标)?.{0,6}|"
    r"(?:建设|实施|项目)?进度(?:安排|计划)?.{0,6}|(?:项目)?投资(?:情况|估算|计划|概算)?.{0,6}|资金.{0,8}|"
    r".{0,12}承诺(?:书|函)?|推荐意见|审核意见|.{0,8}单位意见|附件.{0,12}|附表.{0,12}|联系方式)$"
)
# Sections about the applicant or the factory as a whole: their prose is context, not a lost description.
CONTEXT_SECTION = re.compile(
    r"^(?:申报主体|申报单位|申报企业|企业|单位|公司|工厂|示范工厂)(?:基本)?(?:情况|概况|简介|介绍|信息|总体情况|建设情况)"
    r"|^(?:企业|单位|公司|工厂)(?:总体|整体)?(?:概况|简介|情况)"
)
# Table-of-contents entries: "场景一：…………5" or a tab then a page number.
TOC_LINE = re.compile(r"(?:[.．…·\-_]{3,}|\t)\s*\d{1,3}\s*$")
# Sentences end in these; a heading does not.
SENTENCE_END = re.compile(r"[。；;！？!?]$")
HEADING_MAX_CHARS = 60

# Applicant fields: "label（盖章）：value" lines, or label | value table cells.
APPLICANT_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("name", re.compile(r"^(?:申报单位|申报企业|企业名称|单位名称|申报主体(?:名称)?|申报单位名称|名\s*称)$")),
    ("credit_code", re.compile(r"^(?:统一社会信用代码|社会信用代码|信用代码)$")),
    ("industry", re.compile(r"^(?:所属行业|行业类别|所属行业(?:领域|类别)|国民经济行业分类|所属领域)$")),
    ("region", re.compile(r"^(?:推荐单位|所在地市|所在地区|所在市|所属地市|所属地区|所在地)$")),
    ("maturity", re.compile(r"^(?:.{0,8}成熟度.{0,8}(?:等级|级别|水平)?|自评等级)$")),
    ("category", re.compile(r"^(?:项目类别|申报类别|申报类型|项目类型)$")),
)
LABEL_VALUE_LINE = re.compile(
    rf"^(?P<label>[^：:]{{2,24}}?)\s*(?:[（(][^）)]{{0,8}}[)）])?\s*{_COLON}\s*(?P<v>.+)$"
)
# Unified social credit code (GB 32100): 18 characters from a 31-symbol alphabet.
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_STAMP = re.compile(r"[（(]\s*(?:盖章|公章|签章|签字|签名|加盖公章)\s*[)）]")
MATURITY_NAMES = {"规划": 1, "规范": 2, "集成": 3, "优化": 4, "引领": 5}
_MATURITY_LEVEL = re.compile(r"([一二三四五1-5１-５])\s*级")
# The title of the form itself, never a scenario heading.
FORM_TITLE = re.compile(r"申报书|申报表|申请书|申请表|推荐表|汇总表")
# A line of the cover: the form's title (also wrapped over two lines: "2022年度智能制造优秀场景" / "申 报 书"),
# its year line and its filled-in fields ("项目名称：…", "申报单位（盖章）：…").
COVER_TITLE = re.compile(
    r"^(?:申报书|申报表|申请书|申请表|推荐表)$|"
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年度?.{0,24}(?:智能制造|试点示范|优秀场景|示范工厂|揭榜任务)|"
    r"^(?:智能制造)?(?:试点示范|优秀场景|示范工厂).{0,12}(?:申报书|申报表|申请书|揭榜任务)$"
)
DATE_LINE = re.compile(
    r"^(?:[〇零一二三四五六七八九\d]{4}年)?(?:[〇零一二三四五六七八九十\d]{0,2}月)?(?:[〇零一二三四五六七八九十\d]{0,3}日)?$"
)
# Signature, stamp and date lines ("法定代表人（签字）：", "（盖章）  年  月  日"): form furniture, never text.
_SIGN = r"[^，,。；;：:]{0,12}[（(](?:签字|签名|盖章|公章|签章|单位盖章)[)）][：:]?"
SIGNATURE_LINE = re.compile(
    rf"^(?:{_SIGN})+(?:[〇零一二三四五六七八九\d]{{4}})?(?:年月日)?$|^(?:[〇零一二三四五六七八九\d]{{4}})?年月日$"
)
# A page number a scan or an export left in the text: "- 6 -", "第 3 页", "3 / 12", "第3页 共12页".
PAGE_NUMBER = re.compile(
    r"^(?:[-—一－~]?\s*\d{1,3}\s*[-—一－~]?|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$"
)
TYPE_FACTORY = re.compile(r"示范工厂|揭榜")
TYPE_SCENARIO = re.compile(r"优秀场景|典型场景申报|场景申报书")


_CHECKED = re.compile(r"[☑■√✓✔☒▣]\s*(?P<v>[^□☐☑■√✓✔☒▣]+)")
_UNCHECKED = re.compile(r"[□☐]")


def clean_declared(value: str) -> str:
    """A declared 典型场景/环节 as stated; from a tick-box list ("□智能仓储 ☑车间智能排产") the ticked ones."""
    value = value.strip()
    if _UNCHECKED.search(value) or _CHECKED.search(value):
        ticked = [m.group("v").strip(" ，,、；;") for m in _CHECKED.finditer(value)]
        value = "、".join(t for t in ticked if t)
    return value.strip(" 。；;，,")


def clean_value(value: str) -> str:
    """Strip stamps like （盖章） and stray underscores/spaces from a filled-in form value."""
    value = _STAMP.sub("", value)
    return value.strip(" \t　_＿:：")


def parse_maturity(value: str) -> int | None:
    """ "二级" / "2级" / "规范级" / "二级（规范级）" -> 2."""
    m = _MATURITY_LEVEL.search(value)
    if m:
        ch = m.group(1)
        return CN_DIGITS.get(ch) or int(ch.translate(str.maketrans("１２３４５", "12345")))
    for name, level in MATURITY_NAMES.items():
        if name in value:
            return level
    return None
