"""Near-duplicate detection on realistic narratives: planted copies found with exact passages, originals not."""

from scenarioreview.duplicates import DupItem, find_duplicates, fold_to_word_chars, shared_passages

A = (
    "公司针对多品种小批量订单插单频繁、人工排产效率低的问题，建设了基于约束理论的高级计划排程系统。系统从ERP获取销售订单，"
    "从MES获取设备状态和在制品数据，按交期、换型时间和设备能力自动生成工序级排程方案，并支持插单后的快速重排。"
    "排程结果通过电子看板下发到班组，操作工在工位终端确认开工和报工，计划员可在甘特图上拖拽调整。"
)
B = (
    "企业在涂装车间部署了能源计量仪表三百余台，对电、天然气、压缩空气和蒸汽进行分区分项计量，数据每五分钟上传至能源管理平台。"
    "平台按产线、班次和产品统计单位产品能耗，发现空压机组在夜班存在明显的空载运行，据此调整了启停策略。"
)
C = (
    "围绕焊装车间的质量追溯需求，公司为每台白车身赋予唯一标识码，关键焊点参数、拧紧扭矩和检测结果与标识码绑定存储，"
    "出现质量问题时可在三分钟内定位到具体批次、设备和班组，并反查同批次的其他车身。"
)
D = (
    "通过引入机器视觉检测设备，对冲压件表面的划伤、凹坑和开裂进行在线检测，检测节拍与产线节拍一致，"
    "缺陷图片自动归档并推送到质量管理系统，质量工程师据此分析缺陷的时空分布并优化模具维护周期。"
)


def test_normalise_keeps_offsets_into_original():
    text = "ＭＥＳ 系统，提升 12.5%！"
    norm, off = fold_to_word_chars(text)
    assert norm == "mes系统提升125"
    assert [text[o] for o in off][:3] == ["Ｍ", "Ｅ", "Ｓ"]


def test_copied_passage_found_with_offsets_in_both_texts():
    copied = B + "此外，" + A[:120]
    items = [
        DupItem("x#1", "x", A),
        DupItem("y#1", "y", copied),
        DupItem("z#1", "z", C),
        DupItem("w#1", "w", D),
    ]
    report = find_duplicates(items)
    assert len(report.pairs) == 1
    pair = report.pairs[0]
    assert {pair.a, pair.b} == {"x#1", "y#1"} and pair.kind == "cross"
    texts = {"x#1": A, "y#1": copied}
    for p in pair.passages:
        a_text = texts[pair.a][p.a_start : p.a_end]
        b_text = texts[pair.b][p.b_start : p.b_end]
        assert fold_to_word_chars(a_text)[0] == fold_to_word_chars(b_text)[0]
    assert pair.longest >= 100
    assert 0.3 < max(pair.ratio_a, pair.ratio_b) < 0.8


def test_same_text_under_two_titles_within_one_application():
    items = [DupItem("f#1", "f", A + C), DupItem("f#2", "f", A + C), DupItem("g#1", "g", B)]
    pairs = find_duplicates(items).pairs
    assert [(p.a, p.b, p.kind) for p in pairs] == [("f#1", "f#2", "within")]
    assert pairs[0].ratio_a > 0.95


def test_distinct_narratives_are_not_paired():
    items = [DupItem(f"s{i}#1", f"s{i}", t) for i, t in enumerate((A, B, C, D))]
    assert find_duplicates(items).pairs == ()


def test_boilerplate_is_subtracted_and_counted():
    prompt = (
        "本单位承诺所提交的申报材料真实、准确、完整，不涉及国家秘密和商业秘密，关键装备和工业软件安全可靠。"
    )
    items = [DupItem("a#1", "a", prompt + A), DupItem("b#1", "b", prompt + B)]
    assert find_duplicates(items, boilerplate=[prompt]).pairs == ()
    an, ao = fold_to_word_chars(prompt + A)
    bn, bo = fold_to_word_chars(prompt + B)
    from scenarioreview.duplicates import boilerplate_set

    passages, subtracted = shared_passages(an, ao, bn, bo, prompt + A, boilerplate_set([prompt]))
    assert passages == [] and subtracted >= 40


def test_template_cluster_of_three_applications():
    template = A + C
    items = [
        DupItem(f"t{i}#1", f"t{i}", template.replace("公司", name))
        for i, name in enumerate(("华晟机械", "鼎力汽配", "远航电子"))
    ] + [DupItem("o#1", "o", D)]
    report = find_duplicates(items)
    assert len(report.clusters) == 1
    assert report.clusters[0].submissions == ("t0", "t1", "t2")


def test_against_corpus_pairs_only_with_batch():
    items = [
        DupItem("new#1", "new", A),
        DupItem("old:1#1", "old:1", A, "against"),
        DupItem("old:2#1", "old:2", A, "against"),
    ]
    pairs = find_duplicates(items).pairs
    assert {p.kind for p in pairs} == {"against"}
    assert all("new#1" in (p.a, p.b) for p in pairs)


def test_repetitive_long_texts_are_still_paired():
    # A whole document that fell back to one scenario: every anchor repeats thousands of times (the scan
    # follows the sequential copy instead of trying every repeat).
    text = "数字化车间建设持续推进，设备联网率不断提高。" * 2000
    items = [DupItem("a#1", "a", text), DupItem("b#1", "b", text + "另有补充说明。")]
    (pair,) = find_duplicates(items).pairs
    assert pair.ratio > 0.99 and pair.longest >= 39000  # 40,000 normalised characters in common
