"""Quantified results extracted as structured metrics; ordinary numbers are not results."""

import pytest

from scenarioreview.checks.quantified_results import extract_metrics

CASES = [
    ("产品一次合格率由92.3%提升至98.6%", "quality", "up", 92.3, 98.6, None, "%"),
    ("生产效率提升35%", "efficiency", "up", None, None, 35.0, "%"),
    ("不良品率下降1.8个百分点", "quality", "down", None, None, 1.8, "个百分点"),
    ("订单交付周期从15天缩短到9天", "cycle", "down", 15.0, 9.0, None, "天"),
    ("年节约能源成本约420万元", "cost", "down", None, None, 420.0, "万元"),
    ("单位产值综合能耗降低12.4%", "energy", "down", None, None, 12.4, "%"),
    ("设备综合效率（OEE）由68%提高到85%", "equipment", "up", 68.0, 85.0, None, "%"),
    ("人均产值提高了2.1倍", "labour", "up", None, None, 2.1, "倍"),
    ("库存周转天数由45天降至28天", "cost", "down", 45.0, 28.0, None, "天"),
]


@pytest.mark.parametrize("text,category,direction,before,after,change,unit", CASES)
def test_metric_patterns(text, category, direction, before, after, change, unit):
    (m,) = extract_metrics("项目实施后，" + text + "。")
    assert (m.category, m.direction, m.before, m.after, m.change, m.change_unit) == (
        category,
        direction,
        before,
        after,
        change,
        unit,
    )
    assert m.text in text


def test_plain_numbers_are_not_results():
    text = "公司成立于2003年，总投资3000万元，员工1,250人，遵循GB/T 39116-2020，专利ZL202110123456.7，2023年10月上线。"
    assert extract_metrics(text) == []


def test_spans_index_the_text():
    text = "改造后，生产效率提升35%，不良品率下降1.8个百分点，交付周期从15天缩短到9天。"
    found = extract_metrics(text)
    assert [m.text for m in found] == [
        "生产效率提升35%",
        "不良品率下降1.8个百分点",
        "交付周期从15天缩短到9天",
    ]
    assert [text[m.span.start : m.span.end] for m in found] == [m.text for m in found]
