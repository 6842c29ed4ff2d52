"""Generate tests/fixtures/review/review.json: a real "scenarioreview.review/1" dict for the HTML report tests.

A small province batch of plain-text forms is written to a temporary folder and reviewed through the
library (classification on when the packaged model is present). Planted on purpose: a copied scenario
(cross-application duplicate), a three-form template cluster, a scenario over the word limit, a factory
with a maturity self-assessment below 二级, sensitive content, an unreadable file, and markup in a
title and a narrative (the escaping test must find it only escaped). File paths are reduced to base
names so the committed JSON does not depend on the temporary folder.

Run:  python3 scripts/make_review_fixture.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "review" / "review.json"

HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)'

# (topic, typical scenario, method sentence, element sentence, result template)
TOPICS = [
    ("冲压车间", "车间智能排产", "部署高级计划排程系统，与MES和ERP集成，按交期、换模时间和设备能力生成工序级排程，插单后十分钟内完成重排。",
     "建设5G专网和边缘计算节点，采集两百台压力机数据；组建15人的数字化团队，制定排产管理规范。",
     "生产效率提升{a}%，订单交付周期从15天缩短到{b}天，设备综合效率由68%提高到{c}%。"),
    ("焊装车间", "在线智能检测", "在焊装线部署机器视觉检测工位和焊点超声检测装置，检测结果实时写入质量管理系统，按车身编号追溯每个焊点。",
     "配置工业相机32台、边缘服务器4台，采用国产工业视觉软件；制定焊点质量判定标准，质量部门8人负责模型维护。",
     "焊点漏检率由1.2%下降到0.{a}%，返修工时减少{b}%，检测节拍由90秒缩短到{c}秒。"),
    ("涂装车间", "能耗数据监测", "在烘房、空调送风和空压站加装智能电表与燃气流量计，能源管理平台按班次关联产量，计算单台车能耗并对超定额报警。",
     "安装计量表计186块，建设工业以太网环网；软件为能源管理平台与MES接口；设能源管理员3名。",
     "单台车综合能耗下降{a}%，天然气消耗每年减少{b}万立方米，峰谷电费节省{c}万元。"),
    ("总装车间", "精准配送", "建立物料拉动系统，按总装线实际节拍生成配送指令，由自动导引车按工位配送，线边库存实时可视。",
     "投入自动导引车24台、电子标签拣选系统1套，部署仓储管理系统；制定配送作业规范，物流班组20人。",
     "线边库存减少{a}%，配送差错率由0.5%下降到0.0{b}%，物流人员减少{c}人。"),
    ("机加工车间", "设备故障诊断与预测", "对数控机床主轴和刀具加装振动、温度传感器，建立设备健康模型，提前预警主轴异常和刀具磨损。",
     "采集设备420台，部署设备管理平台和工业互联网平台边缘网关；设备科12人负责预警闭环。",
     "设备非计划停机时间减少{a}%，刀具寿命提升{b}%，维修成本每年降低{c}万元。"),
    ("热处理车间", "工艺数字化设计", "建立热处理工艺仿真平台，利用历史炉温曲线和硬度检测数据优化淬火回火参数，新品工艺设计在线完成。",
     "部署仿真软件与工艺知识库，连接28台热处理炉；工艺部门6人专职维护工艺模型。",
     "新品工艺开发周期由30天缩短到{a}天，硬度一次合格率由96.5%提升到99.{b}%，试验炉次减少{c}%。"),
]

COMPANIES = [
    ("华晟机械股份有限公司", "通用设备制造业（C34）", "常州市"),
    ("鼎力汽车零部件有限公司", "汽车制造业（C36）", "苏州市"),
    ("远航电子科技有限公司", "计算机、通信和其他电子设备制造业（C39）", "无锡市"),
    ("宏图家电有限公司", "电气机械和器材制造业（C38）", "南通市"),
    ("北辰特钢有限公司", "黑色金属冶炼和压延加工业（C31）", "徐州市"),
    ("安泰制药有限公司", "医药制造业（C27）", "泰州市"),
    ("瑞丰纺织有限公司", "纺织业（C17）", "盐城市"),
    ("恒通管业有限公司", "金属制品业（C33）", "扬州市"),
]


def narrative(company: str, topic_i: int, n: int) -> str:
    topic, _typ, method, elements, results = TOPICS[topic_i]
    intro = (f"{company}{topic}原有生产组织依靠人工经验，数据分散在各台设备和纸质记录中，问题发现滞后。"
             f"本项目第{n + 1}期覆盖{topic}产线{n + 3}条，目标是用数据打通计划、生产和质量环节。")
    return (f"（一）场景概述\n{intro}\n（二）实施方法\n{method}\n（三）实施要素\n{elements}\n"
            f"（四）实施成效\n{results.format(a=10 + n * 3, b=5 + n, c=40 + n)}\n")


def scenario_form(company: tuple[str, str, str], topic_i: int, n: int, *, title: str | None = None,
                  body: str | None = None) -> str:
    name, industry, city = company
    topic, typical, *_ = TOPICS[topic_i]
    return (f"2022年度智能制造优秀场景申报书\n项目类别：智能制造优秀场景\n申报单位（盖章）：{name}\n"
            f"推荐单位：{city}工业和信息化局\n一、申报主体基本情况\n企业名称：{name}\n所属行业：{industry}\n"
            f"所在地市：{city}\n二、场景情况\n场景名称：{title or topic + '数字化改造'}\n对应典型场景：{typical}\n"
            + (body or narrative(name, topic_i, n)))


def factory_form(company: tuple[str, str, str], topics: list[int], maturity: str) -> str:
    name, industry, city = company
    parts = [(f"2022年度智能制造示范工厂揭榜任务申报书\n项目类别：智能制造示范工厂\n申报单位（盖章）：{name}\n"
              f"推荐单位：{city}工业和信息化局\n一、申报主体基本情况\n企业名称：{name}\n所属行业：{industry}\n"
              f"所在地市：{city}\n智能制造能力成熟度自评等级：{maturity}\n二、场景情况\n")]
    for k, t in enumerate(topics, 1):
        topic, typical, *_ = TOPICS[t]
        parts.append(f"{k}. 场景名称：{topic}{typical}\n对应典型场景：{typical}\n" + narrative(name, t, k + 7))
    return "".join(parts)


def write_batch(d: Path) -> None:
    forms: dict[str, str] = {}
    for i, company in enumerate(COMPANIES[:6]):
        forms[f"{i + 1:02d}-{company[0][:4]}-优秀场景.txt"] = scenario_form(company, i, i)
    # A cross-application copy: company 7 submits company 2's narrative under its own name and title.
    forms["07-瑞丰纺织-优秀场景.txt"] = scenario_form(COMPANIES[6], 1, 1, title="织造车间在线质量检测",
                                                  body=narrative(COMPANIES[1][0], 1, 1))
    # Over the limit (3,000 字) and carrying sensitive content (a customer contract detail and a phone).
    long_body = narrative(COMPANIES[7][0], 4, 2) + "（五）补充说明\n" + (
        "公司持续推进设备联网和数据治理工作，逐步完善设备点检、维修和备件管理的闭环流程。" * 90) + (
        "\n项目联系人张建国，手机13912345678，主要客户为中国石化某炼化基地。\n")
    forms["08-恒通管业-优秀场景.txt"] = scenario_form(COMPANIES[7], 4, 2, body=long_body)
    # Hostile markup in the title and the narrative.
    forms["09-宏图家电-优秀场景二.txt"] = scenario_form(
        COMPANIES[3], 5, 4, title=f"热处理工艺{HOSTILE}优化",
        body=narrative(COMPANIES[3][0], 5, 4).replace("（二）实施方法\n", f"（二）实施方法\n参见附图{HOSTILE}。"))
    # Factories: one eligible, one below 二级, and a three-form template cluster sharing two scenarios.
    forms["10-北辰特钢-示范工厂.txt"] = factory_form(COMPANIES[4], [0, 2, 4], "三级")
    forms["11-瑞丰纺织-示范工厂.txt"] = factory_form(COMPANIES[6], [1, 3], "一级")
    template = narrative("公司", 5, 9)
    for k, company in enumerate([COMPANIES[0], COMPANIES[2], COMPANIES[5]]):
        forms[f"{12 + k}-{company[0][:4]}-模板.txt"] = scenario_form(
            company, 5, 9, title=f"{'ABC'[k]}型热处理工艺数字化设计", body=template.replace("公司", company[0]))
    for fname, text in forms.items():
        (d / fname).write_text(text, encoding="utf-8")
    (d / "15-损坏文件.docx").write_bytes(b"PK\x03\x04 truncated archive")


def strip_paths(review: dict) -> dict:
    for sub in review["submissions"]:
        sub["file"] = Path(sub["file"]).name
    for f in review["failed"]:
        f["file"] = Path(f["file"]).name
    return review


def main() -> int:
    from scenarioreview.classify import _shipped_folder
    from scenarioreview.pipeline import CheckOptions
    from scenarioreview.review import ReviewSettings, run_review

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "batch"
        src.mkdir()
        write_batch(src)
        check = CheckOptions(classify=_shipped_folder().exists())  # classification fields filled when the model ships
        review = run_review([str(src)], Path(tmp) / "ws",
                            ReviewSettings(check=check, quota_scenarios=6, quota_factories=2, jobs=1))
    review["summary"].pop("reused", None)  # depends on the workspace, not on the batch
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(strip_paths(review), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(review['submissions'])} submissions, {len(review['duplicates'])} duplicate pairs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
