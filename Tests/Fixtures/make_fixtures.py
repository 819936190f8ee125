#!/usr/bin/env python3
"""Writes the delimited-text and BIFF fixtures with independent writers (Python's csv module and
codecs, and xlwt for a real Excel 97-2003 file), so bidui's readers are not only tested against
files bidui wrote. Run from anywhere: python3 Tests/Fixtures/make_fixtures.py (needs `pip install xlwt`)."""
import csv, io, os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "csv")
os.makedirs(HERE, exist_ok=True)

def write(name, rows, encoding="utf-8", bom=False, delimiter=",", newline="\r\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)

# GB18030 aid list: a title row, header, a blank row, a quoted school name with a comma,
# a name with a character outside GBK (㐀 needs GB18030's four-byte form), and a 合计 row.
write("aid_gb18030_title_total.csv", [
    ["2025年秋季学期学生资助发放名单", "", "", "", "", ""],
    ["序号", "学校名称", "姓名", "身份证号", "资助项目", "资助金额"],
    ["1", "蕲春县第一中学", "张伟", "421126200901011234", "普通高中国家助学金", "1000"],
    ["2", "蕲春县实验小学（东校区,分部）", "李㐀", "421126201503024321", "义务教育家庭经济困难学生生活补助", "625"],
    ["", "", "", "", "", ""],
    ["3", "蕲春县第一中学", "欧阳子涵", "42112620080505678x", "普通高中国家助学金", "1000"],
    ["合计", "", "", "", "", "2625"],
], encoding="gb18030")

# UTF-8 with BOM enrollment list with a two-level header: a group row over sub-headers, 序号 merged
# down over both rows, and the guardian's 姓名/身份证号 under a 监护人信息 group; a cell with a
# line break and doubled quotes inside.
write("enrollment_two_level.csv", [
    ["序号", "学生信息", "", "", "学校信息", "", "监护人信息", ""],
    ["", "姓名", "性别", "身份证件号", "学校名称", "班级", "姓名", "身份证号"],
    ["1", "王小明", "男", "420102201401011231", "江岸区实验小学", "三(2)班\n（原三(5)班）", "王大明", "420102198001011234"],
    ["2", "买买提·艾力", "1", "420102201302022345", "江岸区\"育才\"小学", "四(1)班", "艾力", "420102780101123"],
], bom=True)

# Tab-separated rural members (the .tsv extension and the content agree).
write("rural_tab.tsv", [
    ["县(市、区)", "乡(镇)", "行政村", "户编号", "成员姓名", "证件号码", "与户主关系", "户类型", "在校生状况"],
    ["蕲春县", "漕河镇", "张塝村", "4211260010001", "张三", "421126198001011234", "户主", "脱贫户", "非在校生"],
    ["蕲春县", "漕河镇", "张塝村", "4211260010001", "张小五", "421126201201011234", "之子", "脱贫户", "小学"],
], delimiter="\t", bom=True, newline="\n")

# Semicolon-separated civil roster in GB18030, as some county systems export it.
write("civil_semicolon.csv", [
    ["区县", "姓名", "身份证号码", "保障类型", "保障状态", "起始年月"],
    ["江岸区", "刘芳", "420102201001011234", "城市低保", "在保", "202103"],
    ["江岸区", "陈静", "420102201102021234", "孤儿", "停保", "201901"],
], encoding="gb18030", delimiter=";")

# UTF-16 (what "Unicode text" in Excel produces): not read, with a clear message.
with open(os.path.join(HERE, "civil_utf16.txt"), "wb") as f:
    f.write("区县\t姓名\t身份证号码\n江岸区\t刘芳\t420102201001011234\n".encode("utf-16"))

# A real binary Excel 97-2003 workbook, written by xlwt.
try:
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("低保")
    for c, h in enumerate(["姓名", "身份证号码", "保障类型"]):
        sheet.write(0, c, h)
    for c, v in enumerate(["刘芳", "420102201001011234", "城市低保"]):
        sheet.write(1, c, v)
    book.save(os.path.join(HERE, "civil_biff.xls"))
except ImportError:
    print("xlwt not installed: civil_biff.xls not rewritten")
