"""Chinese names for the stable codes in the JSON contract (checks, finding categories, error, notice and
exclusion codes; severities, statuses, formats, duplicate kinds, region types, rubric criteria). Reports show
these names; the codes themselves stay in JSON and hidden columns only. The one home of each table."""

from __future__ import annotations

from functools import cache

CHECK_ZH = {
    "length": "字数",
    "sensitive": "敏感内容",
    "classification": "典型场景归类",
    "completeness": "内容完整性",
    "eligibility": "申报资格",
    "structure": "文档结构",
    "parse": "文件读取",
    "metrics": "量化指标",
}
CATEGORY_ZH = {
    "over_limit": "超出字数上限",
    "declared_mismatch": "申报典型场景与内容不符",
    "declared_unknown": "申报典型场景无法识别",
    "none_fits": "无合适典型场景",
    "missing_elements": "实施要素不全",
    "missing_method": "缺少实施方法",
    "no_metrics": "缺少量化指标",
    "few_metrics": "量化指标较少",
    "missing_description": "未找到场景描述",
}
ERROR_ZH = {
    "not_found": "文件不存在",
    "is_directory": "是目录而非文件",
    "too_large": "文件过大",
    "permission": "没有读取权限",
    "unreadable": "无法读取",
    "unsupported_format": "不支持的文件格式",
    "corrupt": "文件已损坏",
    "encrypted": "文件已加密",
    "empty": "文件为空",
    "zip_bomb": "疑似压缩炸弹",
    "unsafe_xml": "含不安全的 XML 声明",
    "config": "配置错误",
    "model": "模型错误",
    "missing_extra": "缺少可选组件",
    "error": "处理出错",
    "internal": "内部错误",
}
NOTICE_ZH = {
    "no_structure": "未识别出场景结构",
    "format_mismatch": "扩展名与实际格式不符",
    "ocr": "已 OCR 识别",
    "ocr_unavailable": "无法进行 OCR",
    "ocr_failed": "OCR 失败",
    "check_failed": "检查项缺失",
    "tracked_changes": "含修订痕迹",
    "hidden_text": "含隐藏文字",
    "no_text_layer": "无文字层",
}
EXCLUSION_ZH = {
    "unreadable": "无法读取",
    "no_scenario": "未找到场景",
    "no_description": "场景描述缺失或为空",
    "unknown_type": "文件类型不明",
    "format_mismatch": "扩展名与实际格式不符",
    "over_limit": "超出字数上限",
    "error_finding": "存在错误级问题",
    "not_application": "不像申报材料",
    "maturity_below_2": "成熟度低于二级",
    "exclude_list": "已承担揭榜任务",
}

# Review level (reports, meeting commands, scoring): the one home of these names.
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {"ok": "成功", "partial": "部分成功", "failed": "失败"}
FORMAT_ZH = {
    "docx": "Word 文档",
    "doc": "Word 97-2003 文档",
    "wps": "WPS 文字文档",
    "pdf": "PDF 文档",
    "txt": "纯文本",
}
KIND_ZH = {"cross": "跨申报", "within": "同一申报内", "against": "与往年材料"}  # duplicate pair kinds
REGION_ZH = {"province": "省、自治区、直辖市", "plan-city": "计划单列市", "bingtuan": "新疆生产建设兵团"}
CRITERIA_ZH = {
    "compliance": "合规",
    "fit": "场景契合度",
    "completeness": "内容完整性",
    "quantified": "成效量化",
    "advanced": "技术先进性",
    "originality": "原创性",
    "readability": "可读性",
}


@cache
def _sensitive_names() -> dict[str, str]:
    """Category names of the packaged sensitive lexicon (its own Chinese labels)."""
    import yaml

    from .errors import ReviewError
    from .resources import read_text

    try:
        data = yaml.safe_load(read_text("lexicon", "sensitive.yaml")) or {}
    except (ReviewError, yaml.YAMLError):  # labels are cosmetic: a broken lexicon is reported by the check
        return {}
    cats = data.get("categories") if isinstance(data, dict) else None
    return {k: str(v.get("name") or k) for k, v in (cats or {}).items() if isinstance(v, dict)}


def check_zh(check: str | None) -> str:
    return CHECK_ZH.get(check or "", "其他检查")


def category_zh(category: str | None) -> str:
    if not category:
        return ""
    return CATEGORY_ZH.get(category) or _sensitive_names().get(category) or "其他"


def error_zh(code: str | None) -> str:
    return ERROR_ZH.get(code or "", "无法处理")


def notice_zh(code: str | None) -> str:
    return NOTICE_ZH.get(code or "", "解析提示")


def exclusion_zh(code: str | None) -> str:
    return EXCLUSION_ZH.get(code or "", "不予推荐")
