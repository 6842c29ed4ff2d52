#!/usr/bin/env python3
"""Compose the classifier corpus (corpora/narratives/corpus.jsonl) from hand-written fragments.

Seeded and deterministic. Each fragment list of a scenario is partitioned by position into train / dev /
test pools FIRST (70/10/20 by index), and every narrative draws only from the pools of its own split, so no
test narrative shares a sentence with a training narrative. Industry profiles and outlook paragraphs are
partitioned the same way. Output records:

    {id, label_id, label, secondary_labels, industry, length, split, kind, produced_by, fragments, text}

kind: narrative | hard (primary + a secondary scenario's method paragraph) | excerpt (2–4 sentences of one
fragment) | title | one_liner | ood (not a manufacturing text; label_id null).

Usage: python scripts/compose_corpus.py [--fragments DIR] [--out corpora/narratives/corpus.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("train", "dev", "test")
# Narratives per scenario and split (>= 40 in all), and the share of hard two-scenario narratives.
PER_SPLIT = {"train": 30, "dev": 8, "test": 10}
HARD_SHARE = 0.15
EXCERPTS = {"train": 12, "dev": 4, "test": 6}
SEED = 20220923

# Pairs reviewers confuse: a hard case prefers a confusable secondary scenario (2022 provisional ids).
CONFUSABLE = {
    "19": ["20"], "20": ["19"], "14": ["15"], "15": ["14"], "23": ["24"], "24": ["23"], "07": ["06", "08"],
    "06": ["07"], "16": ["17", "18"], "17": ["16", "18"], "18": ["16", "17"], "02": ["01"], "01": ["02"],
    "10": ["11"], "11": ["10"], "21": ["22"], "22": ["21"], "29": ["19", "28"], "28": ["29"], "03": ["04"],
    "04": ["03"], "34": ["09"], "09": ["34"], "30": ["33"], "33": ["30"], "25": ["26"], "26": ["25"],
}

HEADING_SETS = [
    ("一、场景概述", "二、实施方法", "三、实施要素", "四、实施成效", "五、推广价值"),
    ("（一）建设背景", "（二）建设内容与实施路径", "（三）关键实施要素", "（四）应用成效", "（五）下一步计划"),
    ("1. 场景基本情况", "2. 主要做法", "3. 支撑条件", "4. 取得成效", "5. 经验与推广"),
    ("一、现状与痛点", "二、解决方案", "三、软硬件与人才保障", "四、实施效果", "五、示范意义"),
    ("【场景背景】", "【实施方法】", "【实施要素】", "【量化成效】", "【推广前景】"),
]
CONNECTORS = ["", "为此，", "针对上述问题，", "项目实施中，", "在此基础上，", "具体做法是：", "围绕这一目标，"]
RESULT_LEADS = ["", "项目投运后，", "经过一年多运行，", "从实施效果看，", "对比实施前后数据，"]

# Texts that are not manufacturing scenarios at all, for the "none fits" threshold (written by us).
OOD_TEXTS = [
    "红烧肉做法：五花肉切块冷水下锅焯水，捞出沥干；锅中放少许油和冰糖小火炒出糖色，下肉块翻炒上色，加生抽、老抽、料酒和八角桂皮，倒入开水没过肉块，小火炖一小时后大火收汁即可。",
    "本周末全市以多云天气为主，最高气温26摄氏度，最低气温17摄氏度，偏北风三到四级。周日夜间起受冷空气影响，气温下降明显，请市民注意添衣保暖。",
    "昨晚的联赛第二十轮比赛中，主队凭借下半场第七十八分钟的一记远射以一比零小胜客队，积分升至联赛第三位。主教练赛后表示球队防守端表现稳定，但进攻效率仍需提升。",
    "各位家长：本学期期末考试安排在一月十二日至十四日，请督促孩子合理安排复习时间，保证充足睡眠。寒假自一月十六日开始，开学报到时间另行通知。",
    "这次去云南玩了七天，从昆明坐高铁到大理，在洱海边骑行了一整天，又去了丽江古城和玉龙雪山。雪山上风很大，记得带羽绒服和氧气瓶，古城晚上的小吃街很热闹。",
    "本基金主要投资于沪深两市具有良好流动性的股票和债券，股票资产占基金资产的比例为百分之六十至百分之九十五。基金过往业绩不代表未来表现，投资需谨慎。",
    "床前明月光，疑是地上霜。举头望明月，低头思故乡。这首诗以朴素的语言写出了游子在寂静夜晚对家乡的深切思念，千百年来广为传诵。",
    "小区物业通知：因二次供水设备检修，本周三上午九点至下午三点三号楼至六号楼将暂停供水，请各位业主提前做好储水准备，给您带来不便敬请谅解。",
    "这款手机搭载六点七英寸屏幕和五千毫安时电池，支持六十五瓦快充，后置五千万像素主摄。实际使用一周，续航能轻松撑过一天，拍照夜景表现尤其出色。",
    "患者男性，五十二岁，因反复咳嗽咳痰两周入院。查体体温三十七点八摄氏度，双肺可闻及少量湿啰音。血常规提示白细胞升高，胸片示右下肺片状阴影，初步诊断为社区获得性肺炎。",
    "公司年会将于下月十八日晚六点在酒店三楼宴会厅举行，届时将进行年度优秀员工颁奖、部门节目表演和抽奖活动，请各部门在本月底前报送节目单。",
    "读完这本小说，我最难忘的是主人公在雪夜里独自赶路的那一段。作者用很克制的笔墨写出了人物的孤独与坚韧，结尾处的一封家书更让人久久不能平静。",
    "本次公开招聘岗位共十二个，报名者须具有全日制本科及以上学历，年龄在三十五周岁以下。报名时间为三月一日至三月十日，笔试时间另行通知。",
    "养猫新手须知：幼猫到家后先让它在一个安静的小房间适应几天，准备好猫砂盆、饮水和幼猫粮；满两个月后按时接种疫苗，定期体内外驱虫。",
    "市图书馆自下周一起延长开放时间，工作日开放至晚上九点，周末开放至晚上八点。新增的少儿阅览区配备绘本三千余册，欢迎市民带孩子前来阅读。",
    "这家火锅店的牛油锅底很香，毛肚和鸭肠都很新鲜，七上八下刚刚好。就是周末人太多，下午五点去也排了四十分钟的队，建议工作日来。",
    "关于举办春季职工运动会的通知：比赛项目包括拔河、跳绳、趣味接力和乒乓球，各分会以部门为单位组队报名，比赛时间定于四月下旬。",
    "近日，某地一处古建筑修缮工程完工。工匠们按照传统工艺更换了腐朽的木构件，重新铺设了青瓦，并对彩绘进行了清洗加固，最大程度保留了历史原貌。",
    "这首钢琴曲的前奏由左手低音缓慢铺开，右手旋律在第三小节进入，情绪逐渐推进到中段的高潮，最后以弱奏收束，整体结构清晰而富有层次。",
    "租房合同约定月租金三千二百元，押一付三，租期一年。租赁期间房屋自然损耗由出租方负责维修，承租方不得擅自转租，水电燃气费用由承租方承担。",
]

FALLBACK_INDUSTRIES = {  # used only while _industries.json has not been written yet
    "industries": [{"industry": "装备制造", "profiles": [{
        "企业": f"示例{i}", "full_name": f"示例{i}装备有限公司", "产品": ["数控机床", "减速器", "液压件"],
        "intro": "{企业}主要生产{产品}等产品，拥有多条机加工与装配产线，近年来持续推进数字化改造。"} for i in range(5)]}],
    "outlooks": ["下一步将把这一做法推广到集团其他基地，并与上下游企业共享经验。"] * 5,
}


def pool(items: list, split: str) -> list:
    """Deterministic ~70/10/20 partition by index: positions 4 and 9 of every ten go to test, 7 (and 12, 22 …)
    to dev, the rest to train, so even an 8-item list has one dev and one test item."""
    def which(i: int) -> str:
        r = i % 10
        if r in (4, 9):
            return "test"
        if r == 7 or (r == 2 and i >= 10):
            return "dev"
        return "train"
    out = [it for i, it in enumerate(items) if which(i) == split]
    return out or items[:1]  # only lists shorter than 5 items share an element between splits


def fill(text: str, prof: dict, product: str) -> str:
    return text.replace("{企业}", prof["企业"]).replace("{产品}", product)


def load_fragments(folder: Path) -> dict[str, dict]:
    frags = {}
    for p in sorted(folder.glob("s2022-*.json")):
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            print(f"skip {p.name}: {exc}", file=sys.stderr)
            continue
        need = ("titles", "one_liners", "pains", "methods", "elements", "results")
        if not all(isinstance(d.get(k), list) and d.get(k) for k in need):
            print(f"skip {p.name}: incomplete", file=sys.stderr)
            continue
        frags[str(d["id"])] = d
    return frags


def profiles_for(industries: dict, split: str) -> list[tuple[str, dict]]:
    out = []
    for ind in industries["industries"]:
        for prof in pool(ind["profiles"], split) if len(ind["profiles"]) >= 3 else ind["profiles"]:
            out.append((ind["industry"], prof))
    return out


def compose_one(rng: random.Random, frag: dict, split: str, industry: str, prof: dict, outlooks: list[str],
                secondary: dict | None) -> tuple[str, dict]:
    product = rng.choice(prof.get("产品") or ["产品"])
    used: dict[str, list[int]] = {}

    def take(key: str, k: int, src: dict = frag) -> list[str]:
        items = pool(src[key], split)
        idx = rng.sample(range(len(items)), min(k, len(items)))
        tag = key if src is frag else f"{src['id']}:{key}"
        full = src[key]
        used.setdefault(tag, []).extend(full.index(items[i]) for i in idx)
        return [fill(items[i], prof, product) for i in idx]

    intro = fill(prof["intro"], prof, product)
    pain = take("pains", 1)
    methods = take("methods", rng.choice([1, 2, 2, 3]))
    if secondary is not None:
        methods.insert(rng.randrange(1, len(methods) + 1), take("methods", 1, secondary)[0])
    elements = take("elements", rng.choice([1, 2]))
    results = take("results", rng.choice([1, 2]))
    outlook = [fill(rng.choice(pool(outlooks, split)), prof, product)] if rng.random() < 0.6 else []
    style = rng.choice(["headed", "headed", "prose", "numbered"])
    if style == "headed":
        h = rng.choice(HEADING_SETS)
        parts = [h[0], intro + pain[0], h[1], *methods, h[2], *elements, h[3], *results]
        if outlook:
            parts += [h[4], *outlook]
    elif style == "numbered":
        steps = [f"（{'一二三四五六七八'[i]}）{m}" for i, m in enumerate(methods)]
        parts = [intro, pain[0], "主要做法如下：", *steps, *elements, *results, *outlook]
    else:
        lead = rng.choice(CONNECTORS)
        parts = [intro + pain[0], lead + methods[0], *methods[1:], *elements,
                 rng.choice(RESULT_LEADS) + results[0], *results[1:], *outlook]
    text = "\n".join(p for p in parts if p)
    return text, {"style": style, "profile": prof["企业"], "product": product, "used": used}


def guide_names() -> dict[str, str]:
    """Labels use the guide's names (the fragment files may carry a draft's "（名称未知）" suffix)."""
    sys.path.insert(0, str(ROOT / "src"))
    from scenarioreview.guide import load_guide

    return {it.id: it.name for it in load_guide("2022").items}


def compose(frags: dict[str, dict], industries: dict, seed: int = SEED) -> list[dict]:
    records: list[dict] = []
    names = guide_names()
    ids = sorted(frags)
    outlooks = industries.get("outlooks") or FALLBACK_INDUSTRIES["outlooks"]
    for split in SPLITS:
        profs = profiles_for(industries, split)
        for sid in ids:
            frag = frags[sid]
            rng = random.Random(f"{seed}:{split}:{sid}")
            n = PER_SPLIT[split]
            n_hard = round(n * HARD_SHARE)
            for k in range(n):
                industry, prof = profs[(k * 7 + int(sid)) % len(profs)] if k % 2 else rng.choice(profs)
                secondary = None
                if k < n_hard and len(ids) > 1:
                    cands = [c for c in CONFUSABLE.get(sid, []) if c in frags] or [c for c in ids if c != sid]
                    secondary = frags[rng.choice(cands)]
                for _attempt in range(6):  # re-draw until the narrative lies in 600–2500 字
                    text, meta = compose_one(rng, frag, split, industry, prof, outlooks, secondary)
                    if 600 <= len(text) <= 2500:
                        break
                records.append({
                    "id": f"s2022-{sid}-{split}-{k:03d}", "label_id": sid, "label": names.get(sid, frag["name"]),
                    "secondary_labels": [secondary["id"]] if secondary else [], "industry": industry,
                    "length": len(text), "split": split, "kind": "hard" if secondary else "narrative",
                    "produced_by": f"compose_corpus.py seed={seed} style={meta['style']}",
                    "fragments": meta["used"], "text": text,
                })
            # excerpts: 2–4 consecutive sentences of one method/result fragment, the length of a short news item
            for j in range(EXCERPTS[split]):
                key = "methods" if j % 3 else "results"
                src = pool(frag[key], split)
                k = rng.randrange(len(src))
                industry, prof = profs[(j * 5 + int(sid)) % len(profs)]
                sents = [x for x in re.split(r"(?<=[。；！？])", fill(src[k], prof, (prof.get("产品") or ["产品"])[0])) if x.strip()]
                n_s = min(len(sents), rng.choice([2, 3, 4]))
                start = rng.randrange(0, len(sents) - n_s + 1)
                text = "".join(sents[start:start + n_s])
                records.append({
                    "id": f"s2022-{sid}-{split}-excerpt-{j:02d}", "label_id": sid, "label": names.get(sid, frag["name"]),
                    "secondary_labels": [], "industry": industry, "length": len(text), "split": split,
                    "kind": "excerpt", "produced_by": f"compose_corpus.py seed={seed} excerpt of {key}",
                    "fragments": {key: [frag[key].index(src[k])]}, "text": text,
                })
            for kind, key in (("title", "titles"), ("one_liner", "one_liners")):
                for j, t in enumerate(pool(frag[key], split)):
                    industry, prof = profs[(j + int(sid)) % len(profs)]
                    text = fill(t, prof, (prof.get("产品") or ["产品"])[0])
                    records.append({
                        "id": f"s2022-{sid}-{split}-{kind}-{j:02d}", "label_id": sid, "label": names.get(sid, frag["name"]),
                        "secondary_labels": [], "industry": industry, "length": len(text), "split": split,
                        "kind": kind, "produced_by": f"compose_corpus.py seed={seed} verbatim {key}",
                        "fragments": {key: [frag[key].index(t)]}, "text": text,
                    })
    for j, text in enumerate(OOD_TEXTS):  # not a manufacturing scenario: label_id None
        split = "test" if j % 5 in (3, 4) else ("dev" if j % 5 == 2 else "train")
        records.append({
            "id": f"ood-{split}-{j:02d}", "label_id": None, "label": None, "secondary_labels": [],
            "industry": None, "length": len(text), "split": split, "kind": "ood",
            "produced_by": "compose_corpus.py OOD_TEXTS (written by us)", "fragments": {}, "text": text,
        })
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fragments", type=Path, default=ROOT / "corpora/narratives/fragments")
    ap.add_argument("--out", type=Path, default=ROOT / "corpora/narratives/corpus.jsonl")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    frags = load_fragments(args.fragments)
    ind_path = args.fragments / "_industries.json"
    industries = json.loads(ind_path.read_text(encoding="utf-8")) if ind_path.exists() else FALLBACK_INDUSTRIES
    records = compose(frags, industries, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
    split = {s: sorted(r["id"] for r in records if r["split"] == s) for s in SPLITS}
    (args.out.parent / "split.json").write_text(
        json.dumps({"seed": args.seed, "rule": "fragment lists partitioned by index 7/1/2 per 10", **split},
                   ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    n = sum(1 for r in records if r["kind"] in ("narrative", "hard"))
    n_ood = sum(1 for r in records if r["kind"] == "ood")
    print(f"{len(frags)} scenarios, {n} narratives, {len(records) - n - n_ood} short inputs, {n_ood} ood, "
          f"{len({r['industry'] for r in records})} industries, missing industries file: {not ind_path.exists()}")


if __name__ == "__main__":
    main()
