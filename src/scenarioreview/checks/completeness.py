"""Completeness: does the narrative show 实施方法, 实施要素 and quantified 成效? With concrete hints.

The notice asks for lessons in 实施方法 (how it was done) and 实施要素 (equipment, software, network, data,
standards, people/organisation) with measurable results. The profile computed here also feeds the rubric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Finding, Metric
from .quantified_results import CATEGORY_ZH, extract_metrics

ELEMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "equipment": (
        "装备/设备",
        (
            "设备",
            "装备",
            "机器人",
            "传感器",
            "数控",
            "AGV",
            "AMR",
            "相机",
            "PLC",
            "机床",
            "产线",
            "生产线",
            "立体库",
            "堆垛机",
            "检测仪",
            "工控机",
            "服务器",
            "终端",
            "RFID",
        ),
    ),
    "software": (
        "软件/系统",
        (
            "MES",
            "APS",
            "ERP",
            "WMS",
            "QMS",
            "EMS",
            "PLM",
            "SCADA",
            "DCS",
            "CAPP",
            "CAD",
            "CAE",
            "SRM",
            "CRM",
            "LIMS",
            "系统",
            "平台",
            "软件",
            "算法",
            "模型",
        ),
    ),
    "data": ("数据", ("数据", "数据库", "数据湖", "数据中台", "主数据", "采集", "大数据", "知识库")),
    "network": (
        "网络",
        (
            "5G",
            "网络",
            "工业互联网",
            "以太网",
            "TSN",
            "Wi-Fi",
            "WiFi",
            "PON",
            "边缘计算",
            "OPC UA",
            "Modbus",
            "物联网",
            "IoT",
            "专网",
            "云平台",
            "标识解析",
        ),
    ),
    "standards": ("标准/规范", ("标准", "规范", "GB/T", "ISO", "IEC", "制度", "流程")),
    "people": (
        "人员/组织",
        ("团队", "人才", "培训", "组织", "工程师", "专班", "领导小组", "人员", "班组", "复合型"),
    ),
}
METHOD_CUES = (
    "实施方法",
    "建设内容",
    "主要做法",
    "实施路径",
    "技术路线",
    "解决方案",
    "实施过程",
    "具体做法",
    "建设方案",
)
RESULT_CUES = ("实施成效", "应用成效", "实施效果", "取得成效", "经济效益", "成效", "效益")
ADVANCED_TERMS = (
    "数字孪生",
    "人工智能",
    "AI",
    "机器视觉",
    "深度学习",
    "机器学习",
    "大模型",
    "知识图谱",
    "5G",
    "边缘计算",
    "工业互联网",
    "云计算",
    "大数据",
    "区块链",
    "AR",
    "VR",
    "预测性维护",
    "APS",
    "智能算法",
    "优化算法",
    "强化学习",
    "视觉检测",
    "协作机器人",
    "AGV",
    "AMR",
    "MPC",
    "APC",
    "仿真",
    "物联网",
    "标识解析",
)
SECURE_TERMS = ("国产", "自主可控", "安全可控", "安全可靠", "信创", "自主研发", "自主知识产权", "国产化")
_SECTION = re.compile(
    r"(?m)^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])\s*\S{2,20}$"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True)
class ContentProfile:
    has_method: bool
    method_cue: str | None
    elements: tuple[tuple[str, tuple[str, ...]], ...]  # (element id, terms found)
    metrics: tuple[Metric, ...]
    has_result_section: bool
    advanced: tuple[str, ...]
    secure: tuple[str, ...]
    sections: int  # sub-headings such as （一）实施方法
    sentences: int
    mean_sentence_len: float
    paragraphs: int

    def missing_elements(self) -> list[str]:
        return [ELEMENTS[k][0] for k, found in self.elements if not found]


def _terms_in(text: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    low = text.lower()
    return tuple(t for t in terms if t.lower() in low)


def profile(text: str) -> ContentProfile:
    method_cue = next((c for c in METHOD_CUES if c in text), None)
    # Without a labelled section, several concrete action verbs still show a method being described.
    actions = sum(
        text.count(v) for v in ("部署", "搭建", "构建", "建设", "开发", "引入", "集成", "改造", "上线")
    )
    elements = tuple((k, _terms_in(text, terms)) for k, (_zh, terms) in ELEMENTS.items())
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return ContentProfile(
        has_method=method_cue is not None or actions >= 3,
        method_cue=method_cue,
        elements=elements,
        metrics=tuple(extract_metrics(text)),
        has_result_section=any(c in text for c in RESULT_CUES),
        advanced=_terms_in(text, ADVANCED_TERMS),
        secure=_terms_in(text, SECURE_TERMS),
        sections=len(_SECTION.findall(text)),
        sentences=len(sentences),
        mean_sentence_len=(sum(len(s.strip()) for s in sentences) / len(sentences)) if sentences else 0.0,
        paragraphs=len(paragraphs),
    )


def check_completeness(text: str, prof: ContentProfile | None = None) -> list[Finding]:
    """Warnings for a missing method or missing quantified results; info hints for missing elements."""
    prof = prof or profile(text)
    out: list[Finding] = []
    if not prof.has_method:
        out.append(
            Finding(
                "completeness",
                "warning",
                "未见实施方法的描述：建议设“实施方法”小节，写明建设内容、技术路线和实施步骤。",
                category="missing_method",
            )
        )
    missing = prof.missing_elements()
    if missing:
        out.append(
            Finding(
                "completeness",
                "warning" if len(missing) >= 3 else "info",
                f"实施要素未提及：{'、'.join(missing)}。建议补充所用的装备、软件系统、网络、数据、标准规范和人员组织。",
                category="missing_elements",
                extra=(("missing", missing),),
            )
        )
    if not prof.metrics:
        out.append(
            Finding(
                "completeness",
                "warning",
                "未见量化成效：建议用“由×提升至×”“降低×%”等写明实施前后的关键指标（效率、不良品率、成本、周期、能耗）。",
                category="no_metrics",
            )
        )
    elif len(prof.metrics) < 3:
        cats = "、".join(sorted({CATEGORY_ZH[m.category] for m in prof.metrics}))
        out.append(
            Finding(
                "completeness",
                "info",
                f"量化成效较少（{len(prof.metrics)} 项：{cats}）：建议补充实施前后对比的关键指标。",
                category="few_metrics",
            )
        )
    return out
