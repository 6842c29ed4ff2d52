"""Office-compatible 字数: every case in the reference counting rules, both policies, limit location."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scenarioreview.counting import count, format_margin, locate_limit
from scenarioreview.model import Paragraph

AGREED = [
    ("“十四五”期间", 7),
    ("增长12.5%。", 4),
    ("员工1,250人", 4),
    ("OPC UA协议", 4),
    ("a - b", 3),
    ("e-mail地址", 3),
    ("总投资（万元）", 7),
    ("ＡＢＣ全角１２３", 8),
    ("APS/MES系统", 3),
    ("中文　全角空格", 6),
    ("C++与C#", 3),
    ("〔2024〕5号", 5),
    ("《办法》第三条", 7),
    ("2024年", 2),
    ("MES系统", 3),
]


@pytest.mark.parametrize("text,expected", AGREED)
@pytest.mark.parametrize("policy", ["fullwidth", "libreoffice"])
def test_agreed_cases_same_under_both_policies(text, expected, policy):
    assert count(text, policy).words == expected


# Open cases: decided by policy (README, 字数规则).
@pytest.mark.parametrize(
    "text,fullwidth,libreoffice",
    [("省略号……破折号——", 10, 7), ("①②③", 3, 3), ("第Ⅱ阶段", 4, 4)],
)
def test_open_cases_by_policy(text, fullwidth, libreoffice):
    assert count(text, "fullwidth").words == fullwidth
    assert count(text, "libreoffice").words == libreoffice


def test_character_counts():
    c = count("MES 系统\n上线 2024年")
    assert c.cjk_chars == 5
    assert c.non_cjk_words == 2
    assert c.words == 7
    assert c.chars_no_spaces == 12
    assert c.chars_with_spaces == 14  # spaces count, the line break does not


def test_limit_location_points_at_first_excess_character():
    paras = [Paragraph("甲" * 2990, 0, page=3), Paragraph("乙" * 20 + "丙", 1, page=4)]
    crossing = locate_limit(paras, limit=3000)
    assert crossing is not None
    assert crossing.paragraph == 2 and crossing.page == 4
    joined = "\n".join(p.text for p in paras)
    assert joined[crossing.offset] == "乙"
    assert count(joined[: crossing.offset]).words == 3000


def test_within_limit_has_no_crossing():
    assert locate_limit([Paragraph("智能制造" * 100, 0)], limit=3000) is None


def test_margin_wording():
    assert format_margin(3127) == "3,127 / 3,000 字，超出 127 字"
    assert format_margin(2480) == "2,480 / 3,000 字，余 520 字"


@given(st.lists(st.text(max_size=40), max_size=6))
def test_count_is_additive_over_whitespace_joins(parts):
    joined = " ".join(parts)
    assert count(joined).words == sum(count(p).words for p in parts)
