#!/usr/bin/env python3
"""Generate tests/data/sensitive_cases.jsonl: the labelled set for the sensitive-content check.

Every case is a short passage in the style of a 场景描述. Positive cases plant one or more risky items and
record, for each, the expected category and the exact original substring that must be matched. Clean cases
are dense with numbers and with words that only *describe* confidentiality management; they must produce
no finding at all. Identifiers (ID numbers, credit codes, bank cards) are generated with valid check digits.

The passages were written before the matcher; rerun with a fixed seed to get the same file:
    python3 scripts/make_sensitive_cases.py > tests/data/sensitive_cases.jsonl
"""

from __future__ import annotations

import json
import random
import sys

SEED = 20240917
rng = random.Random(SEED)

# ----------------------------------------------------------------------------------------------- fillers
CONTEXT = [
    "公司围绕生产作业环节建设数字化车间，部署MES、APS和WMS系统，实现计划、排产、物流的协同。",
    "项目通过5G专网连接车间的236台数控设备，设备数据采集频率为每秒1次。",
    "针对质量管控环节，企业建设在线视觉检测系统，对焊缝、涂层缺陷进行实时识别。",
    "依托工业互联网平台，打通设计、工艺与制造数据，形成产品全生命周期数据链。",
    "场景实施后，生产效率提升23.6%，产品不良品率由1.8%降至0.6%，单位产值综合能耗下降12%。",
    "企业按照GB/T 39116-2020开展智能制造能力成熟度自评估，达到三级集成级。",
    "本场景总投资4850万元，其中软件投入1260万元，设备改造投入3590万元。",
    "仓储配送环节引入AGV 42台、立体库货位12000个，物料配送及时率达到99.2%。",
    "能源管理系统覆盖全厂水、电、气、汽计量点1300余个，实现能耗分时分区统计。",
    "通过数字孪生技术对产线进行仿真验证，新产线调试周期由45天缩短至28天。",
]

CLEAN_TEMPLATES = [
    "{ctx}项目于{y}年{m}月启动，{y2}年{m2}月完成验收，累计投入{money}万元。",
    "场景建成后，设备综合效率（OEE）由{p1}%提升至{p2}%，人均产值提升{p3}%，订单交付周期缩短{p4}%。",
    "企业年产{cap}万台{prod}，拥有授权发明专利{n}项，如ZL{pat}.{d3}，参与制定{std}等标准{n2}项。",
    "车间配置型号为{model}的数控机床{n}台、六轴工业机器人{n2}台，设备联网率达到{p2}%。",
    "公司建立商业秘密保护制度和涉密载体管理制度，对设计图纸、工艺文件实行分级授权访问，保障数据的机密性、完整性和可用性。",
    "项目严格落实网络安全等级保护2.0要求，部署防火墙、入侵检测和日志审计，重要数据在内部网络中加密存储，{ctx}",
    "通过APS高级排产，计划编制时间由{n}小时缩短至{n2}分钟，产能利用率提升{p1}%，库存周转天数由{d2}天降至{d3}天。",
    "{y}年企业实现营业收入{big}亿元，同比增长{p3}%，研发投入占营业收入比例为{p4}%，{ctx}",
    "质量追溯系统按照GB/T {stdn}-{y}对{n}道工序建立追溯档案，追溯时间由{n2}小时缩短至{d3}分钟。",
    "设备管理平台累计接入设备{cap}台套，故障预警准确率达到{p2}%，平均故障修复时间（MTTR）降低{p3}%。",
    "依托MES系统版本V{v1}.{v2}.{v3}.{v4}的升级，实现{n}条产线的工单下发与报工，报工及时率{p2}%。",
    "本场景参照《智能制造典型场景参考指引》第3.2.1.4条，覆盖工艺设计、生产作业、质量管控{n}个环节。",
    "企业设有内部物流配送中心，采用“按灯拉动”模式，物料配送准时率由{p1}%提高到{p2}%，{ctx}",
    "场景投资回收期约{d2}个月，年节约成本{money}万元，年减少碳排放{cap}吨，获评{y}年省级绿色工厂。",
    "系统每日处理数据{big}GB，数据接口响应时间小于{n}ms，支持{n2}个并发用户，{ctx}",
    "{ctx}生产计划以{y}年{m}月{d}日为基准，排产周期为{n}天，月产能{cap}件，交付率{p2}%。",
    "公司与高校合作共建联合实验室，联合申报国家重点研发计划项目{n}项，获得软件著作权{n2}项，编号{y}SR{sr}。",
    "对员工开展保密教育和信息安全培训{n}场次，签订保密协议覆盖率100%，确保申报材料不涉及国家秘密和商业秘密。",
    "焊接机器人工作站节拍由{n}秒缩短至{n2}秒，焊接一次合格率由{p1}%提升至{p2}%，{ctx}",
    "公司{y}年营业收入13912345678元，合同编号HT-{y}-{m}{d}，订单号{y}0{m}{d}000{n}，累计产量{sr}件，设备编号EQ-{y}0915-00{d3}。",
    "控制系统采用西门子S7-1500 PLC，数据时间戳精确到{y}-0{d3}-1{d3} 10:30:15，信息安全体系符合ISO/IEC 27001:2022。",
    "企业获评国家级专精特新“小巨人”，{y}年出口额{big}.{d3}亿元，销往{n}个国家和地区，{ctx}",
    "项目预算总额为1,280.50万元，设备采购{n}台（套），软件许可{n2}套，实施周期{d2}个月，{ctx}",
    "项目累计完成投资{money}.{d}万元，占计划投资的{p2}%，其中国产化设备占比{p3}%，工业软件国产化率达到{p4}%。",
]

PRODUCTS = ["变频空调压缩机", "新能源汽车电机", "工程机械液压件", "光伏组件", "智能电表", "医用输液泵"]
MODELS = ["XK-5032", "VMC850", "CK6150", "HMC-630", "DMU 65", "TK6916", "FANUC M-20iD", "KR 210 R2700"]
STDS = ["GB/T 39116-2020", "GB/T 39117-2020", "GB/T 37393-2019", "JB/T 13589-2018", "GB/T 20720.1-2019",
        "IEC 62264-1:2013", "ISO 9001:2015", "GB/T 22239-2019"]
COMPANIES = ["江苏恒远精密机械有限公司", "浙江华锐汽车零部件股份有限公司", "广东美创家电集团", "中联启航重工有限公司",
             "山东鲁泰新材料有限公司", "湖北楚天电子科技有限公司", "四川蜀能动力设备有限公司"]
NAMES = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵磊", "周敏"]


def fill(t: str) -> str:
    y = rng.randint(2018, 2024)
    return t.format(
        ctx=rng.choice(CONTEXT), y=y, y2=y + 1, m=rng.randint(1, 12), m2=rng.randint(1, 12), d=rng.randint(1, 28),
        money=rng.randint(300, 98000), p1=round(rng.uniform(40, 80), 1), p2=round(rng.uniform(81, 99.9), 1),
        p3=round(rng.uniform(5, 40), 1), p4=round(rng.uniform(2, 30), 2), cap=rng.randint(10, 900),
        prod=rng.choice(PRODUCTS), n=rng.randint(2, 60), n2=rng.randint(2, 60), d2=rng.randint(10, 90),
        d3=rng.randint(1, 9), pat=f"{y}{rng.randint(1, 2)}{rng.randint(1000000, 9999999)}",
        std=rng.choice(STDS), stdn=rng.randint(10000, 40000), model=rng.choice(MODELS),
        big=rng.randint(12, 980), v1=rng.randint(1, 5), v2=rng.randint(0, 9), v3=rng.randint(0, 9),
        v4=rng.randint(0, 9), sr=rng.randint(1000000, 9999999),
    )


# ------------------------------------------------------------------------------------- identifier makers
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
REGIONS = ["110101", "310104", "440305", "320106", "510107", "370202", "420111", "610113"]


def make_id18() -> str:
    body = (rng.choice(REGIONS) + f"{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            + f"{rng.randint(0, 999):03d}")
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]


def make_id15() -> str:
    return rng.choice(REGIONS) + f"{rng.randint(50, 89)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" \
        + f"{rng.randint(0, 999):03d}"


CC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def make_credit() -> str:
    first = rng.choice("9159Y")
    second = "1" if first != "Y" else "1"
    body = first + second + rng.choice(REGIONS) + "".join(rng.choice(CC_ALPHA) for _ in range(9))
    total = sum(CC_ALPHA.index(c) * w for c, w in zip(body, CC_WEIGHTS))
    return body + CC_ALPHA[(31 - total % 31) % 31]


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        digits = body + check
        total = 0
        for i, c in enumerate(reversed(digits)):
            v = int(c) * (2 if i % 2 else 1)
            total += v - 9 if v > 9 else v
        if total % 10 == 0:
            return digits
    raise AssertionError


def make_mobile() -> str:
    return rng.choice(["138", "139", "186", "150", "177", "199", "135", "158"]) + f"{rng.randint(0, 99999999):08d}"


# ------------------------------------------------------------------------------------------- positives
def positives() -> list[dict]:
    out: list[dict] = []

    def add(text: str, items: list[tuple[str, str]]) -> None:
        for _cat, sub in items:
            assert sub in text, (sub, text)
        out.append({"text": text, "expected": [{"category": c, "matched": s} for c, s in items]})

    # State-secret markings (error).
    periods = ["5年", "10年", "长期", "1年", "20年", "", "启用前", "2030年12月31日前", "3个月"]
    for i in range(24):
        lvl = ["绝密", "机密", "秘密"][i % 3]
        per = periods[i % len(periods)]
        mark = f"{lvl}★{per}"
        variant = i % 6
        if variant == 1:
            mark = f"{lvl} ★ {per}"
        elif variant == 2:
            mark = mark.replace("1", "１").replace("5", "５").replace("0", "０")
        elif variant == 3:
            mark = mark.replace("机密", "機密").replace("长期", "長期")
        elif variant == 4:
            mark = " ".join(mark)
        ctx = fill(rng.choice(CLEAN_TEMPLATES))
        if i % 2:
            text = f"{mark}\n{ctx}"
        else:
            text = f"{ctx}\n附图3 产线布局示意图 {mark}"
        add(text, [("state_secret_marking", mark)])
    for mark in ["密级：机密★5年", "秘密★解密条件：项目验收后", "绝密★\n"]:
        text = f"{mark}{fill(rng.choice(CLEAN_TEMPLATES))}"
        add(text, [("state_secret_marking", mark.split("：")[-1].strip() if "密级" in mark else mark.strip()[:3])])

    # Defence content (warning).
    defence = [
        ("公司长期承担{x}军品配套任务，{ctx}", "军品"),
        ("作为军工骨干企业，{ctx}", "军工"),
        ("企业持有武器装备科研生产许可证，{ctx}", "武器装备"),
        ("该产线同时服务于某国防项目的结构件加工，{ctx}", "国防项目"),
        ("公司具有二级保密资格，{ctx}", "保密资格"),
        ("{ctx}其中一条为涉密生产线，单独设置门禁。", "涉密生产线"),
        ("为保障重点型号任务交付，{ctx}", "型号任务"),
        ("{ctx}主要用户为军方客户，交付周期要求严格。", "军方客户"),
        ("产品用于某型导弹的舵机组件，{ctx}", "某型导弹"),
        ("{ctx}已通过GJB 9001C国军标质量管理体系认证。", "GJB 9001C国军标"),
        ("公司为航空工业某主机厂的型号研制配套供应商，{ctx}", "型号研制"),
        ("车间承接的军 工订单占比逐年提高，{ctx}", "军 工"),
    ]
    for i in range(24):
        t, sub = defence[i % len(defence)]
        add(fill(t.replace("{x}", rng.choice(["航空", "兵器", "船舶", ""]))), [("defence", sub)])

    # Internal / trade-secret markings used as markings (error).
    markings = ["内部资料，注意保密", "内部使用，不得外传", "仅限内部使用", "核心商密", "普通商密 5年", "CONFIDENTIAL",
                "Internal Use Only", "内部资料 注意保存", "【商业秘密】", "公司机密", "严禁外传", "ＣＯＮＦＩＤＥＮＴＩＡＬ",
                "內部資料，注意保密", "内 部 使 用 ， 不 得 外 传", "仅供内部参考", "工作秘密"]
    for i in range(24):
        mk = markings[i % len(markings)]
        ctx = fill(rng.choice(CLEAN_TEMPLATES))
        text = f"{mk}\n{ctx}" if i % 2 == 0 else f"{ctx}\n{mk}"
        add(text, [("internal_marking", mk)])

    # Trade-secret cues (warning).
    cues: list[tuple[str, str]] = []
    for _ in range(4):
        a, b = round(rng.uniform(20, 45), 1), round(rng.uniform(10, 30), 1)
        s = f"配方中A组分占{a}%、B组分占{b}%、助剂占{round(100 - a - b, 1)}%"
        cues.append((f"{{ctx}}经过反复试验，确定{s}，产品性能显著提升。", f"{a}%"))
        r = f"{rng.randint(2, 9)}:{rng.randint(1, 5)}:{rng.randint(1, 3)}"
        cues.append((f"浆料按水泥、砂、外加剂质量配比{r}投料，{{ctx}}", r))
    for _ in range(4):
        t, tol, mins = rng.randint(1100, 1400), rng.randint(2, 9), rng.randint(20, 90)
        cues.append((f"{{ctx}}烧结温度{t}±{tol}℃、保温{mins}min，炉压控制在0.{rng.randint(10, 99)}MPa。", f"{t}±{tol}℃"))
        cues.append((f"注塑工艺参数为料筒温度{rng.randint(180, 260)}±{tol}℃、保压压力{rng.randint(40, 90)}MPa、冷却时间{rng.randint(8, 30)}s。{{ctx}}",
                     f"±{tol}℃"))
    for _ in range(4):
        c = rng.choice(COMPANIES)
        price = rng.randint(120, 9800)
        cues.append((f"{{ctx}}{rng.randint(2019, 2023)}年与{c}签订供货合同，合同金额{price}万元。", c))
        year, price = rng.randint(2021, 2023), rng.randint(20, 900)
        cues.append((f"产品主要供应{c}，{year}年订单量{rng.randint(3, 90)}万件，供货单价{price}元/件。{{ctx}}",
                     [("trade_secret_cue", c), ("trade_secret_cue", f"供货单价{price}元")]))
    for _ in range(3):
        cues.append((f"{{ctx}}改造后单位成本由{rng.randint(30, 90)}.{rng.randint(1, 9)}元/件降至{rng.randint(10, 29)}.{rng.randint(1, 9)}元/件。", "单位成本"))
        cues.append((f"该产品毛利率达到{rng.randint(25, 60)}.{rng.randint(1, 9)}%，{{ctx}}", "毛利率"))
        cues.append((f"在{rng.randint(2020, 2023)}年集中招标中，我公司以中标价{rng.randint(1000, 9000)}万元获得项目。{{ctx}}", "中标价"))
        cues.append((f"{{ctx}}主要原材料采购价为{rng.randint(3000, 9000)}元/吨。", "采购价"))
    cues += [
        ("{ctx}核心算法如下：\ndef predict(x):\n    return model.forward(x) * 0.85\n", "def predict(x):\n    return model.forward(x) * 0.85"),
        ("{ctx}PLC程序片段：\n#include <stdio.h>\nint main() { return 0; }\n", "#include <stdio.h>\nint main() { return 0; }"),
        ("系统配置文件如下：\nserver.port=8080\nspring.datasource.url=jdbc:mysql://10.12.3.45:3306/mes\n{ctx}",
         [("trade_secret_cue", "server.port=8080\nspring.datasource.url=jdbc:mysql://10.12.3.45:3306/mes"),
          ("network", "10.12.3.45")]),
        ("{ctx}数据库查询：SELECT order_id, price FROM sales_order WHERE customer_id = 1024;", "SELECT order_id, price FROM sales_order"),
    ]
    for t, sub in cues:  # code snippets contain braces, so only the context slot is filled
        items = sub if isinstance(sub, list) else [("trade_secret_cue", sub)]
        add(t.replace("{ctx}", rng.choice(CONTEXT)), items)

    # Network and system security (warning).
    net = [
        ("{ctx}MES服务器地址为192.168.{a}.{b}，数据库服务器为192.168.{a}.{c}。", ["192.168.{a}.{b}", "192.168.{a}.{c}"]),
        ("生产网与办公网通过防火墙隔离，生产网段10.{a}.{b}.0/24，{ctx}", "10.{a}.{b}.0/24"),
        ("{ctx}SCADA主机IP：172.16.{a}.{b}，采集周期500ms。", "172.16.{a}.{b}"),
        ("{ctx}运维账号admin，密码Abc@{a}{b}，由信息中心统一管理。", "密码Abc@{a}{b}"),
        ("系统登录用户名：mesadmin 口令：Mes#{a}{b}{c}，{ctx}", ["用户名：mesadmin", "口令：Mes#{a}{b}{c}"]),
        ("{ctx}数据采集网关主机名为SCADA-GW-{a}，部署在生产区DMZ。", "主机名为SCADA-GW-{a}"),
        ("{ctx}边缘服务器通过 fe80::{a}a:{b}f:fe2c:{c}d 与交换机互联。", "fe80::{a}a:{b}f:fe2c:{c}d"),
    ]
    for i in range(14):
        t, sub = net[i % len(net)]
        v = {"a": rng.randint(10, 200), "b": rng.randint(10, 250), "c": rng.randint(10, 250)}
        subs = sub if isinstance(sub, list) else [sub]
        add(fill(t.replace("{a}", str(v["a"])).replace("{b}", str(v["b"])).replace("{c}", str(v["c"]))),
            [("network", x.format(**v)) for x in subs])

    # Personal data.
    for i in range(14):
        idn = make_id18() if i % 5 else make_id15()
        shown = idn if i % 4 else f"{idn[:6]} {idn[6:14]} {idn[14:]}" if len(idn) == 18 else idn
        if i % 7 == 3:
            shown = shown.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        name = rng.choice(NAMES)
        t = rng.choice([f"项目负责人{name}（身份证号：{shown}）全面负责场景建设。{{ctx}}",
                        f"{{ctx}}联系人：{name}，身份证 {shown}。",
                        f"工艺工程师{name}，{shown}，负责工艺参数优化。{{ctx}}"])
        add(fill(t), [("personal_id", shown)])
    for i in range(14):
        mob = make_mobile()
        shown = [mob, f"{mob[:3]}-{mob[3:7]}-{mob[7:]}", f"+86 {mob}", f"{mob[:3]} {mob[3:7]} {mob[7:]}"][i % 4]
        t = rng.choice([f"{{ctx}}项目联系人{rng.choice(NAMES)}，手机{shown}。", f"如有疑问请联系{shown}，{{ctx}}",
                        f"{rng.choice(NAMES)}（{shown}）负责设备联网调试，{{ctx}}"])
        add(fill(t), [("phone", shown)])
    for i in range(6):
        land = rng.choice(["010-", "021-", "0755-", "0532-", "(0571)", "027-"]) + str(rng.randint(20000000, 89999999))
        add(fill(f"{{ctx}}项目办公室电话：{land}。"), [("phone", land)])
    for i in range(10):
        user = rng.choice(["zhangwei", "wang.fang", "liqiang88", "mes_admin", "chen.j"])
        dom = rng.choice(["hengyuan.com.cn", "huarui-auto.com", "163.com", "qq.com", "lutai.cn"])
        t = rng.choice([f"{{ctx}}联系邮箱：{user}@{dom}。", f"请将资料发送至{user}@{dom}，{{ctx}}"])
        add(fill(t), [("email", f"{user}@{dom}")])
    for i in range(10):
        card = luhn_complete(rng.choice(["6222", "6217", "6228", "6212"]), rng.choice([16, 19]))
        shown = card if i % 2 else " ".join(card[j:j + 4] for j in range(0, len(card), 4))
        t = rng.choice([f"{{ctx}}补贴资金请汇入开户行工商银行，账号{shown}。", f"员工工资卡号{shown}已登记，{{ctx}}"])
        add(fill(t), [("bank_card", shown)])
    for i in range(10):
        cc = make_credit()
        c = rng.choice(COMPANIES)
        t = rng.choice([f"{{ctx}}合作单位{c}（统一社会信用代码{cc}）负责系统集成。",
                        f"设备供应商{c}，信用代码：{cc}，{{ctx}}"])
        add(fill(t), [("credit_code", cc)])

    # A few passages that carry several items at once.
    for _ in range(6):
        mob, idn, mark = make_mobile(), make_id18(), rng.choice(["机密★5年", "秘密★长期"])
        add(f"{mark}\n{fill(rng.choice(CLEAN_TEMPLATES))}负责人{rng.choice(NAMES)}，身份证号{idn}，电话{mob}。",
            [("state_secret_marking", mark), ("personal_id", idn), ("phone", mob)])
    return out


# Hand-written hard cases: realistic sentences that look risky but are not (clean), and less regular ways
# of writing the risky items (positive). Written as one would meet them, not fitted to any rule.
HARD_CLEAN = [
    "公司严格执行《保密法》和商业秘密保护管理办法，申报材料经保密审查，不含涉密信息。",
    "项目采用国密SM4算法对数据加密，密钥由硬件安全模块统一管理，口令定期更换。",
    "设备型号包括KUKA KR 210、FANUC R-2000iC/165F，控制系统版本V8.3.21。",
    "2023年公司产值达12.6亿元，净利润1.2亿元，资产负债率45.3%。",
    "供应商管理平台接入供应商326家，采购订单电子化率100%，采购周期缩短35%。",
    "产品销往华为、比亚迪等客户，国内市场占有率18.5%。",
    "设备联网IP化改造覆盖全部236台设备，采用OPC UA协议，网络时延小于10ms。",
    "项目建设期为2022年3月至2023年12月，计划投资8600万元，已完成投资7920.5万元。",
    "热处理工序采用可控气氛多用炉，温度均匀性达到±5℃，满足AMS 2750E标准要求。",
    "质量数据显示CPK由1.12提升至1.67，尺寸公差控制在±0.01mm以内。",
    "通过配方管理系统实现配方版本统一管理，配方下发准确率100%，换型时间缩短40%。",
    "全厂设有3个10kV变电所，年用电量1.2亿kWh，光伏装机容量8.6MW。",
    "公司通过ISO 27001信息安全管理体系认证和等保三级测评，证书编号为01221IS0123R0M。",
    "项目团队共46人，其中博士5人、硕士18人，平均年龄34.5岁。",
    "车间温湿度控制在23±2℃、45%±5%RH，满足精密装配要求。",
    "AGV定位精度±10mm，最大载重1.5t，运行速度1.2m/s。",
    "MES系统与ERP、PLM通过ESB总线集成，接口数量128个，日均交换数据35万条。",
    "公司地址：江苏省苏州市工业园区星湖街328号，邮编215123。",
    "企业连续三年被评为AAA级信用企业，纳税信用等级A级。",
    "产线节拍由62s缩短至48s，单班产能由420件提升至560件，人均效率提升33.3%。",
    "模具温度场仿真与实测偏差小于3%，试模次数由5次降至2次。",
    "按GB/T 19001-2016、GB/T 24001-2016、GB/T 45001-2020建立管理体系。",
    "项目获得2022年度省级智能制造专项资金支持500万元（苏工信装备〔2022〕123号）。",
    "平台累计注册用户12,560个，日活跃用户3,200个，服务中小企业560家。",
    "数据中心部署服务器48台、存储容量2PB，核心交换机采用双机热备。",
    "检测设备包括三坐标测量机（型号Global S 9.15.8）和光谱仪。",
    "软件著作权登记号2021SR0123456，专利申请号202210345678.9。",
    "生产计划排程从每周一次提高到每日滚动，计划达成率由85%提升到96%。",
    "公司为国家级高新技术企业（证书编号GR202132001234），研发人员占比21%。",
    "产品出口欧盟、东南亚等32个国家，2023年出口额3.6亿美元。",
]


def hard_positives() -> list[dict]:
    idn, card = make_id18(), luhn_complete("6228", 19)
    rows = [
        ("烧结窑炉关键参数：预热段850℃，烧成段1260～1280℃，保温时间45分钟。", [("trade_secret_cue", "850℃")]),
        ("我们的主要客户是一汽解放汽车有限公司，2023年供货金额4860万元。", [("trade_secret_cue", "一汽解放汽车有限公司")]),
        ("内部资料 注意保密\n场景概述：本场景……", [("internal_marking", "内部资料 注意保密")]),
        ("本文件仅限内部使用\n一、场景概述", [("internal_marking", "仅限内部使用")]),
        ("运维平台账号：admin 密码：Hy@2023!", [("network", "密码：Hy@2023!")]),
        ("PLC采用西门子S7-1500，固件版本V2.8.3，存在已知漏洞CVE-2019-10943未修补。", [("network", "CVE-2019-10943")]),
        ("该系列产品毛利率约为32%，高于行业平均水平。", [("trade_secret_cue", "毛利率约为32%")]),
        ("投标报价为每台18.6万元，最终中标。", [("trade_secret_cue", "投标报价为每台18.6万元")]),
        ("熔炼温度控制在1520～1540℃，浇注温度1480℃，孕育剂加入量0.35%。", [("trade_secret_cue", "1540℃")]),
        ("联系人：李工 手机：13912345678 邮箱：ligong@hengyuan.cn", [("phone", "13912345678"), ("email", "ligong@hengyuan.cn")]),
        ("配方组成为：树脂45份、固化剂12份、填料38份、助剂5份。", [("trade_secret_cue", "树脂45份")]),
        ("（此页含商业秘密，请勿公开）", [("internal_marking", "请勿公开")]),
        ("客户清单：广州市明辉电子有限公司（年采购量12万套）、东莞市华泰精密有限公司（年采购量8万套）。",
         [("trade_secret_cue", "广州市明辉电子有限公司"), ("trade_secret_cue", "东莞市华泰精密有限公司")]),
        ("附件2：机密★10年", [("state_secret_marking", "机密★10年")]),
        ("秘密 ★ 5年\n一、企业概况", [("state_secret_marking", "秘密 ★ 5年")]),
        ("远程维护VPN账号zhangsan，初始密码123456。", [("network", "密码123456")]),
        ("生产网核心交换机管理地址10.10.1.254，SSH端口22。", [("network", "10.10.1.254")]),
        (f"操作工王强，身份证号码：{idn}，持证上岗。", [("personal_id", idn)]),
        (f"专项资金拨付至银行账户：{card}（农业银行）。", [("bank_card", card)]),
        ("车间主要承担导弹壳体旋压成形任务。", [("defence", "导弹")]),
    ]
    return [{"text": t, "expected": [{"category": c, "matched": m} for c, m in items]} for t, items in rows]


# Second hand-written batch, kept apart as a held-out check of how the rules generalise (see the report).
HARD_CLEAN_2 = [
    "公司制定了《商业秘密管理制度》《涉密人员管理办法》等12项制度。",
    "场景实施过程中严格落实保密要求，对外提供的数据均经脱敏处理。",
    "通过MES与客户系统对接，客户订单交付准时率由91%提升至98.5%。",
    "与上海交通大学、华中科技大学合作，共同承担国家重点研发计划项目。",
    "2022年企业营业收入23.5亿元，其中智能装备产品销售收入8.6亿元。",
    "设备综合效率OEE从65%提高到82%，换型时间由120分钟缩短到35分钟。",
    "炉温均匀性±3℃，满足航空热处理标准。",
    "产品通过CE、UL认证，出口美国、德国等国家。",
    "2021年10月15日完成产线联调，2022年1月1日正式投产。",
    "设备型号：DMG MORI NLX 2500/700，数量8台。",
    "质量追溯码采用GS1标准，编码长度20位。",
    "供应链协同平台连接上游供应商126家，采购订单交付周期缩短20%。",
    "数据采集频率1Hz，存储周期3年，数据量约15TB。",
    "工业互联网标识解析二级节点注册量超过1000万条。",
    "项目已申请发明专利6项（申请号202310123456.X等），授权实用新型专利9项。",
    "新增工业机器人45台套，机器人密度达到每万人380台。",
    "5G基站12个，上行速率达到1Gbps，端到端时延小于20ms。",
    "在2023年中国国际工业博览会上获得CIIF大奖。",
    "热处理淬火后硬度HRC58-62，满足图纸要求。",
    "软件版本号v3.10.2.15，数据库为达梦DM8。",
    "员工总数1,256人，其中技术人员326人。",
    "公司注册资本5000万元，占地面积12.6万平方米。",
    "项目验收意见编号：苏工信验字〔2023〕第0815号。",
    "客户满意度由88分提升至95分。",
    "设备利用率提升15%，能耗降低12%，每年节约成本约1200万元。",
]


def hard_positives_2() -> list[dict]:
    idn, card = make_id18(), luhn_complete("6222", 19)
    card_shown = " ".join(card[j:j + 4] for j in range(0, 19, 4))
    rows = [
        ("注：本章节涉及公司商业秘密，仅供评审专家参阅。", [("internal_marking", "商业秘密")]),
        ("绝密★ 长期\n一、项目背景", [("state_secret_marking", "绝密★ 长期")]),
        ("【内部资料】\n场景概述", [("internal_marking", "内部资料")]),
        ("INTERNAL USE ONLY\n场景概述", [("internal_marking", "INTERNAL USE ONLY")]),
        ("公司与某军工集团签订了年度框架协议。", [("defence", "军工")]),
        ("部分产品为武器配套，交付要求严格。", [("defence", "武器")]),
        ("项目来源于国防科工局技术基础项目。", [("defence", "国防科工")]),
        ("主要客户：中国中车股份有限公司，年订货额约1.2亿元。", [("trade_secret_cue", "中国中车股份有限公司")]),
        ("甲醇合成反应温度235℃、压力5.5MPa、空速8000h-1。", [("trade_secret_cue", "235℃")]),
        ("挤出机一区至五区温度设定为185/190/195/200/205℃。", [("trade_secret_cue", "185/190/195/200/205℃")]),
        ("经过工艺改进，产品单价由2.35元降至1.98元。", [("trade_secret_cue", "2.35元")]),
        ("2023年向宁德时代供应电芯结构件1200万件。", [("trade_secret_cue", "宁德时代")]),
        ("设备采购单价为每台86万元。", [("trade_secret_cue", "采购单价为每台86万元")]),
        ("服务器root密码为Tq8#x2!", [("network", "密码为Tq8#x2!")]),
        ("数据库连接串：Server=192.168.3.10;Database=MES;User Id=sa;Password=abc123;",
         [("network", "192.168.3.10"), ("network", "Password=abc123")]),
        ("负责人邮箱 wang_li@sz-xinlian.com", [("email", "wang_li@sz-xinlian.com")]),
        ("联系电话：021-5888 6666", [("phone", "021-5888 6666")]),
        ("手机号：+86-139-1234-5678", [("phone", "139-1234-5678")]),
        (f"身份证号：{idn}", [("personal_id", idn)]),
        (f"工行账号 {card_shown}", [("bank_card", card_shown)]),
        ("研发中心知识库 http://rd.xinlian.internal/wiki", [("network", "http://rd.xinlian.internal/wiki")]),
        ("采用三菱Q系列PLC（固件版本1.23），存在CNVD-2021-12345漏洞。", [("network", "CNVD-2021-12345")]),
    ]
    return [{"text": t, "expected": [{"category": c, "matched": m} for c, m in items]} for t, items in rows]


# Third hand-written batch (held out like the second one).
HARD_CLEAN_3 = [
    "客户A（某头部家电企业）年采购额约2亿元。",
    "公司建立了军民融合创新平台，与高校共建实验室。",
    "生产过程温度、压力等工艺参数实时采集，超限自动报警。",
    "通过配方优化，产品合格率由92.5%提升到98.6%。",
    "公司客户包括一汽、上汽、广汽等20余家主机厂。",
    "本场景投资1200万元，其中向供应商采购设备860万元。",
    "年产汽车零部件1200万件，产值15.6亿元。",
    "网络架构采用“云-边-端”三层架构，工业环网带宽10Gbps。",
    "设备通讯采用Modbus TCP协议，端口502。",
    "密码机和安全网关均为国产商用密码产品。",
    "模具寿命由15万模次提升至25万模次。",
    "用户名实名制登录，权限分三级管理。",
    "系统主机名称统一按照“车间-产线-设备”规则命名。",
    "产品价格下降后市场占有率提高到23%。",
    "公司2023年毛利率较上年提升2.1个百分点。",
    "成本价格信息由ERP系统统一管理，仅授权人员可查看。",
    "质量检测依据GB/T 2828.1-2012抽样，AQL=0.65。",
    "实施后，每千台产品返修率由3.2台降至1.1台。",
    "设备清单：数控车床CK6150×12台、加工中心VMC850×8台。",
    "项目组织：总经理任组长，副总经理任副组长，下设技术组、实施组。",
]


def hard_positives_3() -> list[dict]:
    idn, card = make_id18(), luhn_complete("5218", 16)
    card_shown = " ".join(card[j:j + 4] for j in range(0, 16, 4))
    rows = [
        ("密级：机密 ★ 20年\n场景名称：……", [("state_secret_marking", "机密 ★ 20年")]),
        ("秘密★2026年6月30日\n一、概述", [("state_secret_marking", "秘密★2026年6月30日")]),
        ("本材料为普通商密，保密期限3年。", [("internal_marking", "普通商密")]),
        ("注意：以下内容属于商业秘密。", [("internal_marking", "商业秘密")]),
        ("公司是总装备部合格供应商。", [("defence", "总装备部")]),
        ("该生产线承担航天科工某型号产品配套。", [("defence", "航天科工某型号产品配套")]),
        ("按军用标准GJB 150A开展环境试验。", [("defence", "军用"), ("defence", "GJB")]),
        ("核心配方：镍58.2%、钴21.6%、锰20.2%。", [("trade_secret_cue", "镍58.2%")]),
        ("热压罐固化工艺：升温速率2℃/min，固化温度180℃，保温120min，压力0.6MPa。", [("trade_secret_cue", "固化温度180℃")]),
        ("该型号电机售价为每台4200元。", [("trade_secret_cue", "售价为每台4200元")]),
        ("2022年与比亚迪汽车工业有限公司签订3年框架协议，总金额约3.2亿元。", [("trade_secret_cue", "比亚迪汽车工业有限公司")]),
        ("SCADA服务器：172.20.1.15，历史库：172.20.1.16。", [("network", "172.20.1.15"), ("network", "172.20.1.16")]),
        ("车间WiFi密码：Factory@2023", [("network", "密码：Factory@2023")]),
        ("交换机管理口令为 cisco123。", [("network", "口令为 cisco123")]),
        ("联系人：赵磊 电话：0512-6588 1234 手机：186 1234 5678", [("phone", "0512-6588 1234"), ("phone", "186 1234 5678")]),
        ("E-mail：zhaolei@hengrui.com.cn", [("email", "zhaolei@hengrui.com.cn")]),
        (f"开户行：中国银行苏州分行 账号：{card_shown}", [("bank_card", card_shown)]),
        (f"身份证：{idn}", [("personal_id", idn)]),
        ("控制程序片段：IF Temp > 1285 THEN Valve := 1; END_IF;", [("trade_secret_cue", "IF Temp > 1285 THEN Valve := 1; END_IF;")]),
        ("项目中标价为2680万元。", [("trade_secret_cue", "中标价为2680万元")]),
        ("单位制造成本：23.5元/件。", [("trade_secret_cue", "23.5元")]),
    ]
    return [{"text": t, "expected": [{"category": c, "matched": m} for c, m in items]} for t, items in rows]


def cleans() -> list[dict]:
    out = []
    for i in range(180):
        t = CLEAN_TEMPLATES[i % len(CLEAN_TEMPLATES)]
        text = fill(t) + ("" if i % 3 else fill(rng.choice(CLEAN_TEMPLATES)))
        out.append({"text": text, "expected": []})
    return out


def main() -> None:
    cases = [dict(id=f"p{i:03d}", **c) for i, c in enumerate(positives(), 1)]
    cases += [dict(id=f"c{i:03d}", **c) for i, c in enumerate(cleans(), 1)]
    cases += [dict(id=f"hp{i:02d}", **c) for i, c in enumerate(hard_positives(), 1)]
    cases += [dict(id=f"hc{i:02d}", text=t, expected=[]) for i, t in enumerate(HARD_CLEAN, 1)]
    cases += [dict(id=f"hq{i:02d}", **c) for i, c in enumerate(hard_positives_2(), 1)]
    cases += [dict(id=f"hk{i:02d}", text=t, expected=[]) for i, t in enumerate(HARD_CLEAN_2, 1)]
    cases += [dict(id=f"hr{i:02d}", **c) for i, c in enumerate(hard_positives_3(), 1)]
    cases += [dict(id=f"hs{i:02d}", text=t, expected=[]) for i, t in enumerate(HARD_CLEAN_3, 1)]
    for c in cases:
        sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
