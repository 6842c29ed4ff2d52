"""Property tests: normalisation keeps an exact map to the original, and every span indexes the original."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarioreview.checks.sensitive import find_sensitive
from scenarioreview.textnorm import DEFAULT_REMOVABLE, fold, normalize, normalize_term

# Text built from pieces that matter here: lexicon terms, digits in both widths, traditional forms,
# removable characters inserted anywhere, and ordinary Chinese prose.
PIECES = ["机密", "★", "5年", "內部資料", "，", "注意保密", "军工", "ＣＯＮＦＩＤＥＮＴＩＡＬ", "配方", "组分占", "32.5%",
          "１３８", "0012", "3456", "110101", "19900307", "123X", "@", "example.com", "192.168.", "1.20",
          "单位成本", "12.6元", "烧结温度", "1285±5℃", "华锐股份有限公司", "签订合同", "万元", "。", "\n",
          " ", "\u3000", "\u200b", "·", "*", "_", "-", "生产效率提升", "GB/T 39116-2020", "ZL202110123456.7"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30).map("".join)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_normalised_chars_map_to_their_original(text: str) -> None:
    norm = normalize(text)
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
    norm = normalize(text)
    if not norm.text:
        return
    start = data.draw(st.integers(0, len(norm.text) - 1))
    end = data.draw(st.integers(start + 1, len(norm.text)))
    os, oe = norm.span(start, end)
    assert 0 <= os < oe <= len(text)
    assert normalize_term(text[os:oe]) == norm.text[start:end]


@given(texts)
@settings(max_examples=300, deadline=None)
def test_findings_index_the_original_text(text: str) -> None:
    for f in find_sensitive(text):
        assert f.span is not None
        assert 0 <= f.span.start < f.span.end <= len(text)
        matched = dict(f.extra)["matched"]
        assert text[f.span.start:f.span.end] == matched
        assert "【" + matched.replace("\n", "⏎") + "】" in f.evidence.replace("\r", "⏎")


@given(texts, st.sampled_from(["\u200b", " ", "\n", "·"]))
@settings(max_examples=200, deadline=None)
def test_inserting_noise_outside_hits_never_moves_them(text: str, noise: str) -> None:
    """Appending removable noise after the text leaves every span where it was."""
    before = [(f.category, f.span) for f in find_sensitive(text)]
    after = [(f.category, f.span) for f in find_sensitive(text + noise)]
    assert before == after
