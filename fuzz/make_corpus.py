#!/usr/bin/env python3
"""Writes fuzz/corpus/: the small seed inputs `make fuzz` starts each target from (fictional people).

Run from the repository root: python3 fuzz/make_corpus.py (the XLSX seeds need xlsxwriter and
openpyxl from PyPI). The seeds are committed; rerun only to change them.
"""
import io
import os
import shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check(body17):
    return "10X98765432"[sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11]


def idn(body17):
    return body17 + check(body17)


A = idn("42010220130901123")
B = idn("42112620120315456")
C = idn("65310120140520789")
X = next(idn(f"42010220130901{k:03d}") for k in range(1000) if check(f"42010220130901{k:03d}") == "X")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def csv_seeds():
    header = "姓名,身份证号,学籍号,性别,出生日期,学校名称,年级,就读状态\n"
    rows = f"张三,{A},G{A},男,2013-09-01,城关小学,六年级,在读\n李四,{B.lower()},,女,2012/3/15,城关小学,六年级,休学\n"
    write("csv", "utf8.csv", header + rows)
    write("csv", "utf8-bom-crlf.csv", "\ufeff" + (header + rows).replace("\n", "\r\n"))
    write("csv", "gb18030-title-total.csv", ("某县2025年秋季学期学籍名单\n\n" + header + rows + "合计,2人,,,,,,\n").encode("gb18030"))
    write("csv", "quoted.csv", header + f'"王, 五",{C},,男,"2014-05-20","城关""一""小学","六\n年级",在读\n' + f'"赵六,{A},,男,,,,\n')
    write("csv", "semicolon.csv", header.replace(",", ";") + rows.replace(",", ";"))
    write("csv", "tab.csv", header.replace(",", "\t") + rows.replace(",", "\t"))
    two_level = "学生基本信息,,监护人信息,\n姓名,身份证号,姓名,身份证号\n" + f"张三,{A},张大山,{B}\n"
    write("csv", "two-level-gbk.csv", two_level.encode("gb18030"))
    write("csv", "invalid-utf8.csv", header.encode() + b"\xff\xfe\xc3(,"
          + A.encode() + b",,\xe7\x94,,,,\n" + rows.encode())
    write("csv", "cell-count.csv", header + "张三,1,2\n" + rows + ",,,,,,,\n" + header)


def xlsx_seeds():
    sep = "<!--bidui-part-->"
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:E4"/><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="inlineStr"><is><t>性别</t></is></c>'
             '<c r="D2" t="inlineStr"><is><r><t>出生</t></r><r><t>日期</t></r></is></c><c r="E2" t="str"><v>就读状态</v></c></row>'
             f'<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="inlineStr"><is><t>{A}</t></is></c><c r="C3" t="inlineStr"><is><t>男</t></is></c>'
             '<c r="D3" s="1"><v>41518</v></c><c r="E3" t="inlineStr"><is><t>在读</t></is></c></row>'
             f'<row><c r="A4" t="s"><v>4</v></c><c r="B4"><v>4.21126201203154E+17</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" s="2"><v>41000.5</v></c><c t="e"><v>#N/A</v></c></row>'
             '<row r="9"><c r="A9" t="inlineStr"><is><t>合计</t></is></c><c r="F9"><f>SUM(1,1)</f><v>2</v></c></row>'
             '</sheetData><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells></worksheet>')
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">'
              '<si><t>2025年秋季学期学籍名单</t></si><si><t>姓名</t></si><si><r><rPr><b/></rPr><t>身份证</t></r><r><t>号</t></r></si>'
              '<si><t>张三</t><rPh sb="0" eb="2"><t>チャン</t></rPh></si><si><t xml:space="preserve"> 李 四 </t></si></sst>')
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1">'
              '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
              '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>')
    write("xlsx", "parts-full.txt", sep.join([sheet, shared, styles]))
    write("xlsx", "parts-sheet-only.txt", sheet.replace('t="s"', 't="inlineStr"'))
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<workbookPr date1904="1"/><sheets><sheet name="城关镇" sheetId="1" r:id="rId1"/><sheet name="缺失" sheetId="2" r:id="rId9"/></sheets></workbook>')
    prefixed = sheet.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace("</worksheet>", "</x:worksheet>")
    for tag in ["sheetData", "row", "c", "v", "is", "t", "r", "f", "dimension", "mergeCells", "mergeCell"]:
        prefixed = prefixed.replace(f"<{tag}>", f"<x:{tag}>").replace(f"<{tag} ", f"<x:{tag} ").replace(f"</{tag}>", f"</x:{tag}>")
    write("xlsx", "parts-prefixed-1904.txt", sep.join([prefixed, shared, styles, workbook]))
    try:
        import xlsxwriter
        import openpyxl
    except ImportError:
        print("xlsxwriter or openpyxl missing: pip install xlsxwriter openpyxl; the .xlsx seeds are not rewritten")
        return
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("学籍")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range("A1:D1", "2025年秋季学期")
    for c, h in enumerate(["姓名", "身份证号", "出生日期", "学校名称"]):
        sheet.write(1, c, h)
    sheet.write_row(2, 0, ["张三", A])
    sheet.write_number(2, 2, 41518, date)
    sheet.write(2, 3, "城关小学")
    sheet.write_row(3, 0, ["李四", float(B[:15])])
    book.close()
    write("xlsx", "xlsxwriter.xlsx", buffer.getvalue())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "身份证号", "性别"])
    sheet.append(["王五", C, "男"])
    sheet.append(["赵六", X, "女"])
    book.create_sheet("空表")
    buffer = io.BytesIO()
    book.save(buffer)
    write("xlsx", "openpyxl.xlsx", buffer.getvalue())


def spreadsheetml_seeds():
    head = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:html="http://www.w3.org/TR/REC-html40">\n')
    sheet = ('<Worksheet ss:Name="低保"><Table>'
             '<Row><Cell ss:MergeAcross="3"><Data ss:Type="String">2025年低保名单</Data></Cell></Row>'
             '<Row ss:Index="3"><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">身份证号</Data></Cell>'
             '<Cell><Data ss:Type="String">保障类别</Data></Cell><Cell ss:Index="5"><Data ss:Type="String">起始年月</Data></Cell></Row>'
             f'<Row><Cell><Data ss:Type="String">张<html:B>三</html:B></Data><Comment><Data>备注</Data></Comment></Cell>'
             f'<Cell><Data ss:Type="Number">{A[:15]}</Data></Cell><Cell><Data ss:Type="String">低保</Data></Cell>'
             '<Cell ss:Index="5"><Data ss:Type="DateTime">2024-03-01T00:00:00.000</Data></Cell></Row>'
             f'<Row><Cell><Data ss:Type="String">李四</Data></Cell><Cell><Data ss:Type="String">{B}</Data></Cell>'
             '<Cell><Data ss:Type="Boolean">1</Data></Cell><Cell/><Cell><Data ss:Type="DateTime">2024-03-01T08:30:00.000</Data></Cell></Row>'
             '</Table></Worksheet>\n')
    write("spreadsheetml", "basic.xml", head + sheet + "</Workbook>\n")
    second = ('<Worksheet ss:Name="特困"><Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell>'
              '<Cell><Data ss:Type="String">身份证号</Data></Cell></Row>'
              f'<Row><Cell><Data ss:Type="String">王五</Data></Cell><Cell><Data ss:Type="String">{C}</Data></Cell></Row></Table></Worksheet>\n')
    write("spreadsheetml", "two-sheets.xls", head + sheet + second + "</Workbook>\n")


def html_seeds():
    table = ('<table border="1"><tr><th colspan="4">2025年资助名单</th></tr>'
             '<tr><th>姓名</th><th>身份证号</th><th>资助项目</th><th>金额</th></tr>'
             f'<tr><td rowspan="2">张三</td><td>{A}</td><td>国家助学金</td><td>1,000.00</td></tr>'
             f'<tr><td>&nbsp;{B}</td><td>营养<br>改善</td><td>￥500</td></tr>'
             '<tr><td colspan="2">合计</td><td></td><td>1500</td></tr></table>')
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            '<table><tr><td>说明<table><tr><td>嵌套</td></tr></table></td></tr></table>' + table + '</body></html>')
    write("html", "gb2312.xls", page.encode("gb18030"))
    write("html", "utf8.html", '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' + table + "</body></html>")
    write("html", "bare-table.xls", "<table><tr><td>姓名<td>身份证号<tr><td>王五<td>" + C + "</table>")


def idnumber_seeds():
    seeds = {
        "valid.txt": A, "x.txt": X, "lower-x.txt": X.lower(), "fifteen.txt": A[:6] + A[8:17],
        "fullwidth-spaced.txt": "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in A[:9]) + " " + A[9:],
        "hyphens.txt": f"{A[:6]}-{A[6:14]}-{A[14:]}", "student-number.txt": "G" + B, "scientific.txt": "4.20102201309E+17",
        "lost-digits.txt": A[:15] + "000", "bad-date.txt": A[:10] + "1399" + A[14:], "apostrophe.txt": "'" + C,
        "invisible.txt": "\ufeff\u200b" + C + "\u3000",
    }
    for name, text in seeds.items():
        write("idnumber", name, text)


def name_seeds():
    for i, text in enumerate(["张三", "欧阳娜娜", "买买提·艾力", "阿依古丽•吐尔逊", "張偉", "张 三", "单田芳", "尉迟恭", "曾重",
                              "ＭＡＲＹ", "李𠀀", "﨑山", "Maria José", "热依拉．买买提"]):
        write("name", f"name{i:02d}.txt", text)


def config_seeds():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shutil.copy(os.path.join(here, "pipelines", "sample.yaml"), os.path.join(ROOT, "config", "sample.yaml"))
    write("config", "full.yaml", """pipeline: 蕲春县2025秋
previous_run: ../runs/2025-spring
reconciliation:
  school_year: 2025-2026
  term: 秋
  reference_date: 2025-10-31
  case_decisions: [核实结果.xlsx]
  decision_validity_days: 180
sources:
  - role: enrollment
    path: 学籍/*.csv
    encoding: utf-8
    sheets: [学籍]
    columns:
      id_number: [证件号码, "身份证 号"]
  - role: civil
    paths: ["民政/*.xls"]
columns:
  aid:
    programme: [资助类型]
categories:
  enrollment_status:
    在读: [正常, 在校]
match:
  person_id_key: person-id.key
report:
  csv_encoding: gb18030
  mask: true
""")
    write("config", "errors.yaml", "reconciliation: {school_year: 2025, term: 冬}\nsources: []\nsources: x\n")
    write("config", "anchors.yaml", "reconciliation:\n  school_year: '2025-2026'\n  term: spring\n  reference_date: 2026-03-01\nsources:\n  - &d {role: enrollment, paths: [a.csv], columns: {name: [学生]}}\n  - *d\n")


if __name__ == "__main__":
    shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(os.path.join(ROOT, "config"))
    csv_seeds(); xlsx_seeds(); spreadsheetml_seeds(); html_seeds(); idnumber_seeds(); name_seeds(); config_seeds()
