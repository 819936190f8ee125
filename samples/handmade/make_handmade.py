#!/usr/bin/env python3
"""Writes the hand-made sample files that cover what bidui-synth does not (fictional people):
an enrollment CSV in GB18030 with a title row and a two-level header (the guardian's columns under
a 监护人信息 group), an aid list saved from a web system as an HTML table with a .xls name, and a
civil roster in GB18030 with one malformed row.

    python3 samples/handmade/make_handmade.py
"""
import csv, io, os, random
from datetime import date


HERE = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(20251031)
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

def check(body):
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]

def id18(division, born, seq):
    body = "%s%04d%02d%02d%03d" % (division, born.year, born.month, born.day, seq)
    return body + check(body)

def id15(division, born, seq):
    return "%s%02d%02d%02d%03d" % (division, born.year % 100, born.month, born.day, seq)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "华",
         "子涵", "浩然", "欣怡", "梓萱", "宇轩", "诗涵", "俊杰", "雨桐", "一诺", "佳怡", "思远", "晨阳", "梦琪", "嘉怡"]
COUNTIES = {"420102": ("江岸区", ["大智街道", "一元街道"]), "421126": ("蕲春县", ["漕河镇", "青石镇", "株林镇"])}
VILLAGES = {"漕河镇": ["张塝村", "新铺村"], "青石镇": ["青石村", "马畈村"], "株林镇": ["株林村"], "大智街道": ["大智社区"], "一元街道": ["一元社区"]}
SCHOOLS = {
    "420102": {"小学": ("4201020001", "江岸区实验小学（东校区,分部）"), "初中": ("4201020002", "江岸区育才初级中学"),
               "高中": ("4201020003", "武汉市第二中学"), "中职": ("4201020004", "江岸区职业技术学校"),
               "学前": ("4201020005", "江岸区第一幼儿园")},
    "421126": {"小学": ("4211260001", "蕲春县漕河镇中心小学"), "初中": ("4211260002", "蕲春县第三中学"),
               "高中": ("4211260003", "蕲春县第一中学"), "中职": ("4211260004", "蕲春县职业技术学校"),
               "学前": ("4211260005", "蕲春县漕河镇中心幼儿园")},
}
REF = date(2025, 10, 31)
CUTOFF = date(2025, 8, 31)

def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

def stage_of(age):
    if age < 3: return None
    if age < 6: return "学前"
    if age < 12: return "小学"
    if age < 15: return "初中"
    if age < 18: return rnd.choice(["高中", "高中", "中职"])
    return None

GRADES = {"学前": ["小班", "中班", "大班"], "小学": ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"],
          "初中": ["七年级", "八年级", "九年级"], "高中": ["高一", "高二", "高三"], "中职": ["一年级", "二年级", "三年级"]}
PROGRAMME = {"学前": "学前教育幼儿资助", "小学": "义务教育家庭经济困难学生生活补助", "初中": "义务教育家庭经济困难学生生活补助",
             "高中": "普通高中国家助学金", "中职": "中职国家助学金"}
AMOUNT = {"学前": "500", "小学": "625", "初中": "750", "高中": "1000", "中职": "1000"}
STATUS_WORD = {"学前": "学前教育", "小学": "小学", "初中": "初中", "高中": "普通高中", "中职": "中职"}

# ---- the true population -------------------------------------------------------------------
used = set()
def new_person(division, born, sex, surname=None, given=None, minority=None):
    while True:
        seq = rnd.randrange(0, 999)
        if seq % 2 != (1 if sex == "男" else 0):
            seq = (seq + 1) % 1000
        pid = id18(division, born, seq)
        if pid not in used:
            used.add(pid)
            break
    name = minority or (surname or rnd.choice(SURNAMES)) + (given or rnd.choice(GIVEN))
    return {"name": name, "id": pid, "seq": seq, "born": born, "sex": sex, "division": division}

households = []
for h in range(72):
    division = "421126" if h < 48 else "420102"
    county, towns = COUNTIES[division]
    town = towns[h % len(towns)]
    surname = "欧阳" if h == 5 else rnd.choice(SURNAMES)
    head = new_person(division, date(rnd.randrange(1972, 1990), rnd.randrange(1, 13), rnd.randrange(1, 29)), "男", surname)
    if h == 50:
        head["name"] = "买买提·艾力"
    spouse = new_person(division, date(head["born"].year + rnd.randrange(-2, 3), rnd.randrange(1, 13), rnd.randrange(1, 29)), "女")
    members = [(head, "户主"), (spouse, "配偶")]
    for k in range(rnd.choice([1, 1, 2, 2, 3])):
        sex = rnd.choice("男女")
        born = date(rnd.randrange(2007, 2023), rnd.randrange(1, 13), rnd.randrange(1, 29))
        child = new_person(division, born, sex, surname if h != 50 else None,
                           minority="阿依古丽·买买提" if h == 50 and k == 0 else None)
        members.append((child, "之子" if sex == "男" else "之女"))
    if h % 9 == 0:
        members.append((new_person(division, date(1950, 3, 9), "女"), "之母"))
    hh = {"no": "%s%04d" % (division, h + 1), "county": county, "town": town,
          "village": rnd.choice(VILLAGES[town]), "division": division, "members": members}
    # rural status (蕲春县 only), civil status (both)
    hh["rural"] = None
    if division == "421126" and h % 3 != 2:
        hh["rural"] = ("脱贫户", "", "") if h % 3 == 0 else ("监测户", rnd.choice(["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]),
                                                          "是" if h % 7 == 1 else "否")
    hh["civil"] = None
    if h % 4 == 1 or division == "420102" and h % 3 == 0:
        kind = "城市低保" if division == "420102" else rnd.choice(["农村低保", "农村低保", "特困供养"])
        status = ("停保", "202509") if h % 11 == 1 else ("在保", "")
        hh["civil"] = (kind, status[0], "2021%02d" % rnd.randrange(1, 13), status[1])
    households.append(hh)

children = [(hh, p, rel) for hh in households for p, rel in hh["members"] if rel in ("之子", "之女")]
for hh, child, _ in children:
    child["stage"] = stage_of(age_on(child["born"], CUTOFF))
    child["enrolled"] = child["stage"] is not None
# deliberate cases for the reconciliation: a few school-age children out of school
dropouts = [c for hh, c, _ in children if hh["rural"] and c["stage"] in ("小学", "初中")][:2]
for c in dropouts:
    c["enrolled"] = False

# ---- quirks ---------------------------------------------------------------------------------
FULL = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
TRAD = {"张": "張", "刘": "劉", "陈": "陳", "杨": "楊", "黄": "黃", "赵": "趙", "吴": "吳", "伟": "偉", "华": "華", "丽": "麗",
        "军": "軍", "杰": "傑", "涛": "濤", "强": "強", "敏": "敏", "静": "靜", "阳": "陽", "远": "遠", "轩": "軒"}
HOMOPHONE = {"伟": "玮", "静": "婧", "丽": "莉", "军": "君", "杰": "洁", "明": "铭", "华": "桦", "涛": "韬", "磊": "垒"}

def typo(pid):
    i = rnd.randrange(6, 17)
    d = str((int(pid[i]) + rnd.randrange(1, 9)) % 10)
    return pid[:i] + d + pid[i + 1:]

def transpose(pid):
    for _ in range(20):
        i = rnd.randrange(6, 16)
        if pid[i] != pid[i + 1]:
            return pid[:i] + pid[i + 1] + pid[i] + pid[i + 2:]
    return pid

def quirk_id(pid, rate=0.12):
    if rnd.random() > rate:
        return pid
    kind = rnd.choice(["typo", "transpose", "lower", "spaces", "full", "apostrophe", "sci", "lost", "blank"])
    if kind == "typo": return typo(pid)
    if kind == "transpose": return transpose(pid)
    if kind == "lower": return pid.lower()
    if kind == "spaces": return "%s %s %s %s" % (pid[:6], pid[6:10], pid[10:14], pid[14:])
    if kind == "full": return pid.translate(FULL)
    if kind == "apostrophe": return "'" + pid
    if kind == "sci": return "%.5E" % int(pid[:17] + "0") if pid[-1] != "X" else pid
    if kind == "lost": return pid[:15] + "000"
    return ""

def quirk_name(name, rate=0.1):
    if rnd.random() > rate:
        return name
    if "·" in name:
        return rnd.choice([name.replace("·", "."), name.replace("·", "•"), name.replace("·", "")])
    kind = rnd.choice(["space", "full_space", "trad", "homophone"])
    if kind == "space": return name[0] + " " + name[1:]
    if kind == "full_space": return name[0] + "\u3000" + name[1:]
    if kind == "trad": return "".join(TRAD.get(ch, ch) for ch in name)
    last = name[-1]
    return name[:-1] + HOMOPHONE.get(last, last)

def date_form(d):
    serial = (d - date(1899, 12, 30)).days
    return rnd.choice(["%d/%d/%d" % (d.year, d.month, d.day), d.isoformat(), d.strftime("%Y%m%d"),
                       "%d年%d月%d日" % (d.year, d.month, d.day), str(serial)])

def sex_form(sex):
    return rnd.choice([sex, sex, "1" if sex == "男" else "2"])

def write_csv(path, rows, encoding, bom=False, delimiter=","):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode(encoding)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + data)

# ---- enrollment ------------------------------------------------------------------------------
def enrollment_rows(division):
    rows = []
    for hh, c, rel in children:
        if hh["division"] != division or not c["enrolled"]:
            continue
        code, school = SCHOOLS[division][c["stage"]]
        head = hh["members"][0][0]
        guardian_id = id15(division, head["born"], head["seq"]) if rnd.random() < 0.2 else head["id"]
        status = "休学" if rnd.random() < 0.03 else "在读"
        rows.append(dict(code=code, school=school, grade=rnd.choice(GRADES[c["stage"]]), klass="%d班" % rnd.randrange(1, 6),
                         name=quirk_name(c["name"]), sex=sex_form(c["sex"]), born=date_form(c["born"]), nation="汉族" if "·" not in c["name"] else "维吾尔族",
                         id=quirk_id(c["id"]), sid="G" + c["id"], status=status, guardian=head["name"], gid=guardian_id,
                         county=hh["county"]))
    # a pupil who moved away (转出) stays in the export
    if rows:
        rows[-1]["status"] = "转出"
    return rows

qichun = enrollment_rows("421126")
rows = [["蕲春县2025年秋季学期学籍名单"] + [""] * 13,
        ["序号", "学生信息", "", "", "", "", "", "学校信息", "", "", "", "", "监护人信息", ""],
        ["", "姓名", "性别", "出生日期", "民族", "身份证件号", "全国学籍号", "学校标识码", "学校名称", "年级", "班级", "学籍状态", "姓名", "身份证号"]]
for i, r in enumerate(qichun):
    if i == 10:
        rows.append([""] * 14)
    rows.append([str(i + 1), r["name"], r["sex"], r["born"], r["nation"], r["id"], r["sid"], r["code"], r["school"], r["grade"],
                 r["klass"], r["status"], r["guardian"], r["gid"]])
write_csv(os.path.join(HERE, "蕲春县_学籍_两级表头.csv"), rows, "gb18030")

# ---- aid: XLSX with a merged title and a 合计 row (蕲春县), HTML saved as .xls (江岸区) --------------
def hardship(hh):
    if hh["rural"]: return "建档立卡/脱贫家庭" if hh["rural"][0] == "脱贫户" else "监测对象"
    if hh["civil"]: return {"城市低保": "低保", "农村低保": "低保", "特困供养": "特困供养"}[hh["civil"][0]]
    return rnd.choice(["残疾", "其他"])

def aid_rows(division):
    out = []
    for hh, c, _ in children:
        if hh["division"] != division or not c["enrolled"] or not (hh["rural"] or hh["civil"]):
            continue
        if rnd.random() < 0.08:
            continue  # 应助未助: eligible but not paid
        code, school = SCHOOLS[division][c["stage"]]
        out.append([school, quirk_name(c["name"], 0.05), quirk_id(c["id"], 0.06), PROGRAMME[c["stage"]], AMOUNT[c["stage"]], hardship(hh), hh["county"]])
        if c["stage"] in ("小学", "初中") and rnd.random() < 0.5:
            out.append([school, c["name"], c["id"], "营养改善计划", "800", "", hh["county"]])
    # 重复资助: one child paid twice, the second time at another school with a typo in the number
    twice = next(r for r in out if r[3] == "义务教育家庭经济困难学生生活补助")
    other = [s for st, (cd, s) in SCHOOLS[division].items() if s != twice[0]][0]
    out.append([other, twice[1], typo(twice[2]) if twice[2] else twice[2], twice[3], twice[4], twice[5], twice[6]])
    # 资助依据未核实: claims 低保 for a child of a household on no list
    plain = next(c for hh, c, _ in children if hh["division"] == division and c["enrolled"] and not (hh["rural"] or hh["civil"]))
    out.append([SCHOOLS[division][plain["stage"]][1], plain["name"], plain["id"], PROGRAMME[plain["stage"]], AMOUNT[plain["stage"]], "低保", COUNTIES[division][0]])
    return out

cells = lambda r: "".join("<td>%s</td>" % v for v in r)
body = ['<tr><td colspan="9" align="center"><b>江岸区2025年秋季学期学生资助名单</b></td></tr>',
        "<tr>" + "".join("<th>%s</th>" % h for h in ["序号", "学年", "学期", "学校名称", "姓名", "身份证号", "资助项目", "资助金额", "家庭经济困难类型"]) + "</tr>"]
for i, (school, name, pid, programme, amount, kind, county) in enumerate(aid_rows("420102")):
    body.append("<tr>" + cells([i + 1, "2025-2026", "秋季学期", school, name, pid, programme, amount, kind]) + "</tr>")
body.append('<tr><td colspan="7">合计</td><td></td><td></td></tr>')
html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>资助名单</title></head><body>\n'
        '<table><tr><td>导出时间：2025-10-31 09:12</td></tr></table>\n<table border="1">\n' + "\n".join(body) + "\n</table></body></html>\n")
with open(os.path.join(HERE, "江岸区_资助名单.xls"), "wb") as f:
    f.write(html.encode("gb18030"))

# ---- civil: SpreadsheetML 2003 saved as .xls (江岸区), CSV in GB18030 (蕲春县) ---------------------
def civil_rows(division):
    out = []
    for hh in households:
        if hh["division"] != division or not hh["civil"]:
            continue
        kind, status, start, end = hh["civil"]
        head = hh["members"][0][0]
        for p, rel in hh["members"]:
            out.append([hh["county"], head["name"], head["id"], quirk_name(p["name"], 0.05), quirk_id(p["id"], 0.05), rel, kind, status, start, end])
    return out

header = ["区县", "户主姓名", "户主身份证号", "姓名", "身份证号码", "与户主关系", "保障类型", "保障状态", "起始年月", "终止年月"]
civil = civil_rows("421126")
write_csv(os.path.join(HERE, "蕲春县_低保特困_含错行.csv"), [header] + civil, "gb18030")
# One row typed with an unquoted comma inside 区县: eleven cells under a ten-column header, rejected
# with its reason while the rest of the file goes through.
with open(os.path.join(HERE, "蕲春县_低保特困_含错行.csv"), "ab") as f:
    bad = ["蕲春县,漕河镇"] + civil[0][1:]
    f.write((",".join(bad) + "\r\n").encode("gb18030"))
print("hand-made samples written")
