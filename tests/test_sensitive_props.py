"""Property tests: normalisation keeps an exact map to the original, every span indexes the original, the
identifier checks catch single-character errors, and masking leaves no full number behind."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scenarioreview.checks.identifiers import credit_code_valid, id_card_valid, luhn_valid
from scenarioreview.checks.sensitive import find_sensitive, mask_personal
from scenarioreview.textnorm import DEFAULT_REMOVABLE, fold, fold_for_matching, normalize_term

# Text built from pieces that matter here: lexicon terms, digits in both widths, traditional forms,
# removable characters inserted anywhere, and ordinary Chinese prose.
PIECES = [
    "机密",
    "★",
    "5年",
    "內部資料",
    "，",
    "注意保密",
    "军工",
    "ＣＯＮＦＩＤＥＮＴＩＡＬ",
    "配方",
    "组分占",
    "32.5%",
    "１３８",
    "0012",
    "3456",
    "110101",
    "19900307",
    "123X",
    "@",
    "example.com",
    "192.168.",
    "1.20",
    "单位成本",
    "12.6元",
    "烧结温度",
    "1285±5℃",
    "华锐股份有限公司",
    "签订合同",
    "万元",
    "。",
    "\n",
    " ",
    "\u3000",
    "\u200b",
    "·",
    "*",
    "_",
    "-",
    "生产效率提升",
    "GB/T 39116-2020",
    "ZL202110123456.7",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30).map("".join)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_normalised_chars_map_to_their_original(text: str) -> None:
    norm = fold_for_matching(text)
    folded = fold(text)
    assert norm.folded == folded
    positions = [norm.to_original(i) for i in range(len(norm.text))]
    assert positions == sorted(set(positions))  # strictly increasing: normalisation never reorders
    for i, o in enumerate(positions):
        assert folded[o] == norm.text[i]
        assert folded[o] not in DEFAULT_REMOVABLE
    # Everything that was dropped is removable.
    kept = set(positions)
    assert all(folded[j] in DEFAULT_REMOVABLE for j in range(len(text)) if j not in kept)


@given(texts, st.data())
@settings(max_examples=200, deadline=None)
def test_span_of_a_normalised_slice_normalises_back(text: str, data: st.DataObject) -> None:
    norm = fold_for_matching(text)
    if not norm.text:
        return
    start = data.draw(st.integers(0, len(norm.text) - 1))
    end = data.draw(st.integers(start + 1, len(norm.text)))
    os, oe = norm.span(start, end)
    assert 0 <= os < oe <= len(text)
    assert normalize_term(text[os:oe]) == norm.text[start:end]


# A text the span property below is always checked on: it has findings (the generated ones may have none).
WITH_FINDINGS = "本资料机密★5年，联系人手机13812345678。"


def test_the_span_property_sees_findings() -> None:
    assert [f.category for f in find_sensitive(WITH_FINDINGS)] == ["state_secret_marking", "phone"]


@given(texts)
@example(WITH_FINDINGS)
@settings(max_examples=300, deadline=None)
def test_findings_index_the_original_text(text: str) -> None:
    for f in find_sensitive(text):
        assert f.span is not None
        assert 0 <= f.span.start < f.span.end <= len(text)
        matched = dict(f.extra)["matched"]
        assert text[f.span.start : f.span.end] == matched
        shown = matched.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎").replace("\t", " ")
        assert "【" + shown + "】" in f.evidence


@given(texts, st.sampled_from(["\u200b", " ", "\n", "·"]))
@settings(max_examples=200, deadline=None)
def test_inserting_noise_outside_hits_never_moves_them(text: str, noise: str) -> None:
    """Appending removable noise after the text leaves every span where it was."""
    before = [(f.category, f.span) for f in find_sensitive(text)]
    after = [(f.category, f.span) for f in find_sensitive(text + noise)]
    assert before == after


ANYWHERE_TERMS = ["军品", "军工", "武器装备", "涉密生产线", "国防项目", "核心商密", "普通商密"]
NOISE = st.sampled_from([" ", "\n", "\u3000", "\u200b", "·", "*", "_", "-", "\r\n"])
PROSE = st.sampled_from(["公司", "建设", "智能化产线", "，", "。", "本项目", "提升效率", "数据平台"])


@given(
    st.sampled_from(ANYWHERE_TERMS),
    st.lists(st.one_of(st.just(""), NOISE), min_size=6, max_size=6),
    st.lists(PROSE, max_size=4).map("".join),
    st.lists(PROSE, max_size=4).map("".join),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_noise_inside_a_term_is_seen_through(
    term: str, noise: list[str], left: str, right: str, fullwidth: bool
) -> None:
    noisy = "".join(ch + noise[i % len(noise)] for i, ch in enumerate(term[:-1])) + term[-1]
    text = left + noisy + right
    found = [f for f in find_sensitive(text) if f.span and f.span.start == len(left)]
    assert found, text
    f = found[0]
    assert f.span is not None and text[f.span.start : f.span.end] == noisy  # exactly the original characters
    assert normalize_term(text[f.span.start : f.span.end]) == normalize_term(term)


AMOUNT = st.builds(
    lambda n, d, u: f"{n}{'.' + str(d) if d else ''}{u}",
    st.integers(0, 10**12),
    st.integers(0, 99),
    st.sampled_from(["元", "万元", "亿元", "件", "吨", "台套", "%", "kWh"]),
)
DATE = st.builds(
    lambda y, m, d: f"{y}年{m}月{d}日", st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28)
)
PATENT = st.builds(
    lambda y, n, c: f"ZL{y}{n:08d}.{c}",
    st.integers(2000, 2024),
    st.integers(0, 10**8 - 1),
    st.sampled_from("0123456789X"),
)
STANDARD = st.builds(
    lambda p, n, y: f"{p} {n}-{y}",
    st.sampled_from(["GB/T", "GB", "JB/T", "YS/T", "HG/T"]),
    st.integers(1, 99999),
    st.integers(1990, 2024),
)
MODEL = st.builds(
    lambda a, n: f"型号{a}-{n}", st.sampled_from(["XK", "VMC", "CK", "HMC", "KR"]), st.integers(1, 99999)
)


@given(
    st.lists(st.one_of(AMOUNT, DATE, PATENT, STANDARD, MODEL, PROSE), min_size=1, max_size=12).map("，".join)
)
@settings(max_examples=400, deadline=None)
def test_ordinary_numbers_are_never_flagged(text: str) -> None:
    assert find_sensitive(text) == [], text


# ------------------------------------------------------------------------------------- identifier checks

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CCW = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

id_bodies = st.builds(
    lambda region, y, m, d, seq: f"{region}{y:04d}{m:02d}{d:02d}{seq:03d}",
    st.sampled_from(["110101", "310104", "440305", "510107", "650102"]),
    st.integers(1930, 2010),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 999),
)


def _with_check(body: str) -> str:
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _W)) % 11]


@given(id_bodies, st.integers(0, 16), st.integers(1, 9))
@settings(max_examples=300, deadline=None)
def test_id_check_catches_any_single_digit_change(body: str, pos: int, delta: int) -> None:
    good = _with_check(body)
    assert id_card_valid(good)
    bad = good[:pos] + str((int(good[pos]) + delta) % 10) + good[pos + 1 :]
    assert not id_card_valid(bad)


@given(st.text(alphabet=_CC, min_size=17, max_size=17), st.integers(0, 16), st.integers(1, 30))
@settings(max_examples=300, deadline=None)
def test_credit_code_check_catches_any_single_substitution(body: str, pos: int, delta: int) -> None:
    good = body + _CC[(31 - sum(_CC.index(c) * w for c, w in zip(body, _CCW)) % 31) % 31]
    assert credit_code_valid(good)
    bad = good[:pos] + _CC[(_CC.index(good[pos]) + delta) % 31] + good[pos + 1 :]
    assert not credit_code_valid(bad)


@given(st.text(alphabet="0123456789", min_size=15, max_size=18), st.integers(0, 14), st.integers(1, 9))
@settings(max_examples=300, deadline=None)
def test_luhn_catches_any_single_digit_change(body: str, pos: int, delta: int) -> None:
    good = next(body + c for c in "0123456789" if luhn_valid(body + c))
    bad = good[:pos] + str((int(good[pos]) + delta) % 10) + good[pos + 1 :]
    assert not luhn_valid(bad)


@given(
    id_bodies,
    st.integers(3, 9).map(lambda d: f"1{d}"),
    st.integers(0, 10**9 - 1),
    st.lists(PROSE, max_size=3).map("".join),
    st.sampled_from(["", " ", "\n"]),
)
@settings(max_examples=200, deadline=None)
def test_masking_leaves_no_full_number(body: str, prefix: str, rest: int, prose: str, sep: str) -> None:
    idn = _with_check(body)
    mobile = f"{prefix}{rest:09d}"
    text = f"{prose}负责人身份证号{idn}{sep}，手机{mobile}。{prose}"
    masked = mask_personal(text)
    assert idn not in masked and mobile not in masked
    assert idn[:6] in masked and idn[-4:] in masked and mobile[-4:] in masked


def _insert(s: str, pos: int, noise: str) -> str:
    return s[:pos] + noise + s[pos:]


@given(
    st.sampled_from(["机密★5年", "绝密★长期", "秘密★1年", "機密★１０年"]),
    st.integers(1, 4),
    NOISE,
    st.lists(PROSE, max_size=3).map("".join),
)
@settings(max_examples=200, deadline=None)
def test_broken_markings_are_found_in_place(mark: str, pos: int, noise: str, prose: str) -> None:
    noisy = _insert(mark, min(pos, len(mark) - 1), noise)
    text = f"{noisy}\n{prose}"
    found = [f for f in find_sensitive(text) if f.category == "state_secret_marking"]
    assert len(found) == 1 and found[0].span is not None
    assert found[0].span.start == 0 and text[found[0].span.start : found[0].span.end].startswith(noisy[:2])


@given(id_bodies, st.integers(1, 17), st.sampled_from(["\n", " ", "\r\n", "-"]))
@settings(max_examples=200, deadline=None)
def test_id_numbers_broken_by_extraction_are_found_and_masked(body: str, pos: int, noise: str) -> None:
    idn = _with_check(body)
    noisy = _insert(idn, pos, noise)
    text = f"负责人身份证号：{noisy}，负责现场。"
    found = [f for f in find_sensitive(text) if f.category == "personal_id"]
    assert len(found) == 1 and found[0].span is not None
    assert text[found[0].span.start : found[0].span.end] == noisy
    assert idn[6:14] not in mask_personal(text).replace(noise, "")
